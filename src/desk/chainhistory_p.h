// desk internal: the Shop and Chain scopes of HistoryService (issue 18) and ReportService (issue 19),
// read from the chain database through one connection the two share (chainreader.h), opened on first
// use on the thread that uses them (the GUI's: a manager browsing the chain accepts a short wait). An
// unreachable server fails within kConnectTimeoutSeconds with a message saying so (CHAIN_UNREACHABLE);
// a login the server refuses is CHAIN_LOGIN_REFUSED (check chain/password). The Counter scope never
// touches this. After an error the connection is closed, and opened again by the next read (QPSQL
// connections stay dead after a server restart); a read that fails on a connection opened earlier is
// tried once more on a new one.
#pragma once

#include "chainsettings.h"
#include "historyrow.h"
#include "result.h"

#include "history/reportcells.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>

class QIODevice;

namespace history {
struct ChainSelection;
}

namespace desk {

class StaffDirectory;

class ChainHistory
{
public:
    static constexpr int kConnectTimeoutSeconds = 3;
    // What the connection is called in the server's pg_stat_activity (unless the settings' URL names
    // it): a chain's administrator tells a counter's reads from its pusher.
    static inline const QString kApplicationName = QStringLiteral("coupondesk-reads");

    // `password` as SecretStore read it (an error is reported by every read, not at construction).
    ChainHistory(const ChainSettings &settings, const Result<QByteArray> &password);
    ~ChainHistory();
    ChainHistory(const ChainHistory &) = delete;
    ChainHistory &operator=(const ChainHistory &) = delete;

    Result<QList<HistoryRow>> page(const HistoryFilter &filter, int offset, int limit);
    Result<QList<HistoryRow>> pageAfter(const HistoryFilter &filter, const HistoryRow &last, int limit);
    Result<qint64> count(const HistoryFilter &filter, qint64 upTo = 0); // upTo > 0: min(rows, upTo)
    Result<qint64> exportCsv(const HistoryFilter &filter, QIODevice &out, bool withBom);
    Result<qint64> exportJson(const HistoryFilter &filter, QIODevice &out);
    Result<qint64> exportXlsx(const HistoryFilter &filter, const QString &path, const StaffDirectory &staff);

    // Reports (issue 19): the cells of [fromMs, toMs) for one shop (empty: the whole chain), and the
    // names of the chain's shops.
    Result<QList<history::ReportCell>> reportCells(qint64 fromMs, qint64 toMs, const QString &shopId);
    Result<QHash<QString, QString>> shopNames();
    const ChainSettings &settings() const { return m_settings; }

    // The database URL with connect_timeout and application_name set (unless the settings set them).
    QString connectionUrl() const;

private:
    // Runs `run(db, selection)` (a history::Result<T>) on the connection, opening it first if needed;
    // with `retry`, once more on a new connection when it fails on one opened by an earlier read.
    template<typename T, typename Run> Result<T> read(const HistoryFilter &filter, bool retry, Run run);
    Status connect();
    void disconnect();

    ChainSettings m_settings;
    QString m_password;
    QString m_passwordError; // why the password could not be read; empty when it was
    QSqlDatabase m_db; // invalid until the first read, and after an error
};

} // namespace desk
