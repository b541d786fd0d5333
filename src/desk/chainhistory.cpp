#include "chainhistory_p.h"

#include "chainadmin.h"
#include "chainreader.h"
#include "historyexport.h"
#include "historymapping_p.h"
#include "logging.h"

#include "history/chainconnection.h"
#include "history/chainreads.h"

#include <QCoreApplication>
#include <QUrl>
#include <QUrlQuery>

namespace desk {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::ChainHistory)
};

history::ChainSelection selectionFor(const HistoryFilter &filter, const ChainSettings &settings)
{
    history::ChainSelection s;
    if (filter.scope == HistoryScope::Shop)
        s.shopId = settings.shopId;
    s.filter = toHistory(filter);
    return s;
}

HistoryRow rowFrom(const history::ChainEntry &e)
{
    HistoryRow row = toDesk(e.entry);
    row.shopId = e.shopId;
    row.shopName = e.shopName;
    return row;
}

} // namespace

ChainReader makeChainReader(const ChainSettings &settings, const Result<QByteArray> &password)
{
    return std::make_shared<ChainHistory>(settings, password);
}

ChainHistory::ChainHistory(const ChainSettings &settings, const Result<QByteArray> &password)
    : m_settings(settings)
{
    if (password.ok())
        m_password = QString::fromUtf8(password.value());
    else
        m_passwordError = password.error().message;
}

ChainHistory::~ChainHistory()
{
    disconnect();
}

QString ChainHistory::connectionUrl() const
{
    QUrl url(m_settings.databaseUrl, QUrl::StrictMode);
    QUrlQuery query(url);
    if (!query.hasQueryItem(QStringLiteral("connect_timeout")))
        query.addQueryItem(QStringLiteral("connect_timeout"), QString::number(kConnectTimeoutSeconds));
    if (!query.hasQueryItem(QStringLiteral("application_name")))
        query.addQueryItem(QStringLiteral("application_name"), kApplicationName);
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

Status ChainHistory::connect()
{
    if (!m_passwordError.isEmpty())
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("CHAIN_PASSWORD"),
            Text::tr("The chain database password (chain/password) cannot be read: %1").arg(m_passwordError));
    auto db = history::openChainDatabase(connectionUrl(), m_password);
    if (!db) {
        // Not "cannot be reached": waiting would not help, the settings must change (as ChainPusher).
        if (history::isLoginRefused(db.error())) {
            Error e = Error::make(ErrorKind::Key, QString::fromLatin1(chainerror::kLoginRefused),
                Text::tr("The chain database (%1) refused this counter's login: check chain/password. %2")
                    .arg(m_settings.describe(), chainConnectReason(db.error().message)));
            e.field = QStringLiteral("chain/password");
            return e;
        }
        const bool refused = db.error().kind == history::ErrorKind::InvalidArgument
            || db.error().kind == history::ErrorKind::Driver;
        return Error::make(refused ? ErrorKind::InvalidInput : ErrorKind::Network,
            QStringLiteral("CHAIN_UNREACHABLE"),
            Text::tr("The chain database cannot be reached (%1): %2. This counter's own history still works.")
                .arg(m_settings.describe(), chainConnectReason(db.error().message)));
    }
    m_db = db.value();
    qCInfo(lcDesk).noquote() << "chain history: connected to" << m_settings.describe();
    return {};
}

void ChainHistory::disconnect()
{
    if (m_db.isValid())
        history::closeChainDatabase(m_db);
}

template<typename T, typename Run>
Result<T> ChainHistory::read(const HistoryFilter &filter, bool retry, Run run)
{
    const bool reused = m_db.isValid();
    if (!reused) {
        if (auto st = connect(); !st)
            return st.error();
    }
    const history::ChainSelection selection = selectionFor(filter, m_settings);
    history::Result<T> r = run(m_db, selection);
    if (r.ok())
        return r.value();
    if (r.error().kind == history::ErrorKind::InvalidArgument)
        return historyError(r.error().message);
    if (r.error().kind == history::ErrorKind::Io)
        return exportError(r.error().message);
    // The server may have restarted or dropped us: this connection stays dead, so open another.
    disconnect();
    if (retry && reused)
        return read<T>(filter, false, run);
    return Error::make(ErrorKind::Network, QStringLiteral("CHAIN_QUERY_FAILED"),
        Text::tr("The chain database could not answer: %1").arg(r.error().message));
}

Result<QList<HistoryRow>> ChainHistory::page(const HistoryFilter &filter, int offset, int limit)
{
    auto rows = read<QList<history::ChainEntry>>(
        filter, true, [&](QSqlDatabase &db, const history::ChainSelection &s) {
            return history::ChainReads::page(db, s, offset, limit);
        });
    if (!rows)
        return rows.error();
    QList<HistoryRow> out;
    out.reserve(rows->size());
    for (const history::ChainEntry &e : rows.value())
        out.append(rowFrom(e));
    return out;
}

Result<QList<HistoryRow>> ChainHistory::pageAfter(
    const HistoryFilter &filter, const HistoryRow &last, int limit)
{
    const history::ChainCursor after { last.createdAt, last.shopId, last.counterId, last.requestNo };
    auto rows = read<QList<history::ChainEntry>>(
        filter, true, [&](QSqlDatabase &db, const history::ChainSelection &s) {
            return history::ChainReads::pageAfter(db, s, after, limit);
        });
    if (!rows)
        return rows.error();
    QList<HistoryRow> out;
    out.reserve(rows->size());
    for (const history::ChainEntry &e : rows.value())
        out.append(rowFrom(e));
    return out;
}

Result<qint64> ChainHistory::count(const HistoryFilter &filter, qint64 upTo)
{
    return read<qint64>(filter, true, [upTo](QSqlDatabase &db, const history::ChainSelection &s) {
        return history::ChainReads::count(db, s, upTo);
    });
}

// Exports are not tried again: part of the output may be written already.
Result<qint64> ChainHistory::exportCsv(const HistoryFilter &filter, QIODevice &out, bool withBom)
{
    return read<qint64>(filter, false, [&](QSqlDatabase &db, const history::ChainSelection &s) {
        return history::ChainReads::exportCsv(db, s, out, withBom);
    });
}

Result<qint64> ChainHistory::exportJson(const HistoryFilter &filter, QIODevice &out)
{
    return read<qint64>(filter, false, [&](QSqlDatabase &db, const history::ChainSelection &s) {
        return history::ChainReads::exportJson(db, s, out);
    });
}

Result<qint64> ChainHistory::exportXlsx(
    const HistoryFilter &filter, const QString &path, const StaffDirectory &staff)
{
    if (!m_db.isValid()) {
        if (auto st = connect(); !st)
            return st.error();
    }
    const history::ChainSelection selection = selectionFor(filter, m_settings);
    const auto pages = [this, &selection](const XlsxRow *last) -> Result<QList<XlsxRow>> {
        auto rows = last ? history::ChainReads::pageAfter(m_db, selection,
                        { last->entry.createdAt, last->shopId, last->entry.counterId, last->entry.requestNo },
                        history::ChainReads::kMaxPageSize)
                         : history::ChainReads::page(m_db, selection, 0, history::ChainReads::kMaxPageSize);
        if (!rows) {
            disconnect();
            return Error::make(ErrorKind::Network, QStringLiteral("CHAIN_QUERY_FAILED"),
                Text::tr("The chain database could not answer: %1").arg(rows.error().message));
        }
        QList<XlsxRow> out;
        out.reserve(rows->size());
        for (const history::ChainEntry &e : rows.value())
            out.append({ e.entry, e.shopId, e.shopName });
        return out;
    };
    return exportHistoryXlsx(pages, true, path, staff);
}

Result<QList<history::ReportCell>> ChainHistory::reportCells(
    qint64 fromMs, qint64 toMs, const QString &shopId)
{
    HistoryFilter whole; // the shop is the caller's choice, not the settings'
    whole.scope = HistoryScope::Chain;
    return read<QList<history::ReportCell>>(
        whole, true, [&](QSqlDatabase &db, const history::ChainSelection &) {
            return history::chainReportCells(db, fromMs, toMs, shopId);
        });
}

Result<QHash<QString, QString>> ChainHistory::shopNames()
{
    HistoryFilter whole;
    whole.scope = HistoryScope::Chain;
    return read<QHash<QString, QString>>(whole, true,
        [](QSqlDatabase &db, const history::ChainSelection &) { return history::chainShopNames(db); });
}

} // namespace desk
