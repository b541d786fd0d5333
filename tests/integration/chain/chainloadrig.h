// The 20-counter load of issue 18 as real processes (header-only), for test_chain_load and the
// benchmark chain_bench: one throwaway PostgreSQL 15 (TLS verify-full, tests/support/testpostgres.h) with
// the chain schema, one wechatpay-sim process over HTTPS seeded with a stock and every counter's
// coupons, and one settings file per counter (its own counter id, its own SQLite history, a chain
// section with its own login from ChainSchema::addCounter). start() launches every chaincounter
// process at once; each redeems its coupons through desk::Desk, lets its ChainLink replicate and exits
// when nothing waits. Needs the executables' paths (WECHATPAY_SIM_EXECUTABLE, CHAINCOUNTER_EXECUTABLE).
//
// Functions return an empty string on success, else what went wrong (for QVERIFY2 or a bench's exit).
#pragma once

#include "history/chainconnection.h"
#include "history/chainschema.h"
#include "history/journal.h"
#include "testpostgres.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>

#include <functional>

#include <memory>
#include <vector>

namespace chainload {

// The stock every counter redeems from: 20 yuan off orders of 100 yuan or more.
inline const QString kStockId = QStringLiteral("1212000000000801");

struct Counter
{
    QString shopId; // s01…
    QString shopName; // 门店01
    QString counterId; // c01…, unique in the chain here so codes and files can be named by it
    QString settingsPath;
    QString historyPath;
    QString couponPrefix; // its coupons are prefix + 0001…
    std::unique_ptr<QProcess> process;
    QString settleLogPath; // "code<TAB>epoch ms" per redemption, when it settled (chaincounter --settle-log)
    QString logPath; // its stdout and stderr (a file, so that no pipe fills while another is waited on)
    QByteArray output; // that file, once it has finished
};

struct Options
{
    int shops = 5;
    int countersPerShop = 4;
    int redemptionsPerCounter = 500;
    QStringList counterArguments; // passed on to every chaincounter
};

class Rig
{
public:
    explicit Rig(Options options = {})
        : m_options(std::move(options))
        , m_pg(std::make_unique<testsupport::TestPostgres>())
    {
    }
    ~Rig() { shutdown(); }
    // Kills the counters still running, stops the simulator and PostgreSQL. Idempotent; also for a
    // program about to exit without unwinding.
    void shutdown()
    {
        for (Counter &c : m_counters)
            if (c.process && c.process->state() != QProcess::NotRunning) {
                c.process->kill();
                c.process->waitForFinished(5000);
            }
        stopSimulator();
        if (m_admin.isValid())
            history::closeChainDatabase(m_admin);
        m_pg->stop();
    }
    Rig(const Rig &) = delete;
    Rig &operator=(const Rig &) = delete;

    int counterCount() const { return m_options.shops * m_options.countersPerShop; }
    qint64 rowsExpected() const { return qint64(counterCount()) * m_options.redemptionsPerCounter; }
    testsupport::TestPostgres &postgres() { return *m_pg; }
    QSqlDatabase &admin() { return m_admin; }
    std::vector<Counter> &counters() { return m_counters; }
    QString dir() const { return m_dir.path(); }
    qint64 postgresStartMs() const { return m_postgresMs; }
    qint64 simulatorStartMs() const { return m_simulatorMs; }

    // PostgreSQL with the chain schema, the simulator, and the counters' logins and settings files.
    QString prepare()
    {
        if (!m_dir.isValid())
            return QStringLiteral("no temporary directory");
        QElapsedTimer timer;
        timer.start();
        if (!m_pg->start())
            return m_pg->errorString();
        auto admin = history::openChainDatabase(
            m_pg->uri(m_pg->superuser(), m_pg->caPath()), m_pg->superuserPassword());
        if (!admin)
            return admin.error().message;
        m_admin = admin.value();
        if (auto r = history::ChainSchema::init(m_admin); !r)
            return r.error().message;
        m_postgresMs = timer.restart();
        for (int s = 1; s <= m_options.shops; ++s) {
            for (int k = 1; k <= m_options.countersPerShop; ++k) {
                Counter c;
                const int n = (s - 1) * m_options.countersPerShop + k;
                c.shopId = QStringLiteral("s%1").arg(s, 2, 10, QLatin1Char('0'));
                c.shopName = QStringLiteral("门店%1").arg(s, 2, 10, QLatin1Char('0'));
                c.counterId = QStringLiteral("c%1").arg(n, 2, 10, QLatin1Char('0'));
                c.couponPrefix = QStringLiteral("LOAD%1X").arg(n, 2, 10, QLatin1Char('0'));
                m_counters.push_back(std::move(c));
            }
        }
        if (QString e = startSimulator(); !e.isEmpty())
            return e;
        m_simulatorMs = timer.restart();
        return writeCounterSettings();
    }

    // Starts every counter process at once (no waiting between them).
    QString start()
    {
        for (Counter &c : m_counters) {
            c.process = std::make_unique<QProcess>();
            c.logPath = m_dir.filePath(c.counterId + QStringLiteral(".log"));
            c.settleLogPath = m_dir.filePath(c.counterId + QStringLiteral(".settled"));
            c.process->setProcessChannelMode(QProcess::MergedChannels);
            c.process->setStandardOutputFile(c.logPath);
            c.process->setProgram(QStringLiteral(CHAINCOUNTER_EXECUTABLE));
            c.process->setArguments(
                QStringList { QStringLiteral("--config"), c.settingsPath, QStringLiteral("--prefix"),
                    c.couponPrefix, QStringLiteral("--n"), QString::number(m_options.redemptionsPerCounter),
                    QStringLiteral("--stock"), kStockId, QStringLiteral("--settle-log"), c.settleLogPath }
                + m_options.counterArguments);
            c.process->start();
        }
        for (Counter &c : m_counters)
            if (!c.process->waitForStarted(10000))
                return QStringLiteral("%1 did not start: %2").arg(c.counterId, c.process->errorString());
        return {};
    }

    // Waits for every counter to exit (up to `timeoutMs` in all); an error unless each exited with 0.
    // `whileWaiting` (optional) is called about every `pollMs` meanwhile (the lag benchmark's poll).
    QString wait(int timeoutMs, const std::function<void()> &whileWaiting = {}, int pollMs = 20)
    {
        QDeadlineTimer deadline(timeoutMs);
        QStringList failures;
        for (Counter &c : m_counters) {
            while (c.process->state() != QProcess::NotRunning && !deadline.hasExpired()) {
                if (whileWaiting) {
                    whileWaiting();
                    c.process->waitForFinished(pollMs);
                } else {
                    c.process->waitForFinished(int(qMin<qint64>(deadline.remainingTime(), 1000)));
                }
            }
            if (c.process->state() != QProcess::NotRunning) {
                c.process->kill();
                c.process->waitForFinished(5000);
                c.output = readLog(c);
                failures << QStringLiteral("%1 still running after %2 ms; killed. Its output:\n%3")
                                .arg(c.counterId)
                                .arg(timeoutMs)
                                .arg(QString::fromUtf8(c.output.right(2000)));
                continue;
            }
            c.output = readLog(c);
            if (c.process->exitStatus() != QProcess::NormalExit || c.process->exitCode() != 0)
                failures << QStringLiteral("%1 exited with %2:\n%3")
                                .arg(c.counterId)
                                .arg(c.process->exitCode())
                                .arg(QString::fromUtf8(c.output.right(2000)));
        }
        return failures.join(QLatin1Char('\n'));
    }

    // The chain's rows equal the counters' journals: exactly rowsExpected() rows, each counter's
    // `redemptionsPerCounter` journal rows SUCCEEDED, and every replicated column of every row equal.
    QString verify()
    {
        QSqlQuery count(m_admin);
        if (!count.exec(QStringLiteral("SELECT count(*) FROM coupondesk.history")) || !count.next())
            return count.lastError().text();
        if (count.value(0).toLongLong() != rowsExpected())
            return QStringLiteral("PostgreSQL holds %1 rows, not %2")
                .arg(count.value(0).toLongLong())
                .arg(rowsExpected());
        for (const Counter &c : m_counters)
            if (QString e = compareCounter(c); !e.isEmpty())
                return e;
        return {};
    }

    // Every column of coupondesk.history a counter writes, as text: timestamps as epoch milliseconds,
    // NULL as "<null>". The same text is made from a journal row by journalText().
    static QString columnsSql()
    {
        return QStringLiteral(
            "shop_id, counter_id, request_no, operation, coupon_code, stock_id, openid, appid, reason, state,"
            " staff, (extract(epoch FROM created_at) * 1000)::bigint, (extract(epoch FROM updated_at) * "
            "1000)::bigint,"
            " attempts, wechat_time, request_id, wechat_code, message, http_status, settled_by,"
            " COALESCE(batch_id, '<null>'), note, COALESCE(order_amount_fen::text, '<null>'),"
            " COALESCE(discount_fen::text, '<null>')");
    }
    static QStringList journalText(const QString &shopId, const history::JournalEntry &e)
    {
        const auto optional = [](const std::optional<qint64> &v) {
            return v ? QString::number(*v) : QStringLiteral("<null>");
        };
        return { shopId, e.counterId, e.requestNo, history::operationName(e.operation), e.couponCode,
            e.stockId, e.openid, e.appid, e.reason, history::stateName(e.state), e.staff,
            QString::number(e.createdAt.toMSecsSinceEpoch()),
            QString::number(e.updatedAt.toMSecsSinceEpoch()), QString::number(e.attempts), e.wechatTime,
            e.requestId, e.wechatCode, e.message, QString::number(e.httpStatus),
            history::settledByName(e.settledBy), e.batchId.isEmpty() ? QStringLiteral("<null>") : e.batchId,
            e.note, optional(e.orderFen), optional(e.discountFen) };
    }

private:
    static QByteArray readLog(const Counter &c)
    {
        QFile log(c.logPath);
        return log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray();
    }

    QString startSimulator()
    {
        const QString seedPath = m_dir.filePath(QStringLiteral("seed.json"));
        QFile seed(seedPath);
        if (!seed.open(QIODevice::WriteOnly))
            return QStringLiteral("cannot write %1").arg(seedPath);
        seed.write("{\"mchid\":\"1230000109\",\"merchants\":[{\"mchid\":\"1230000109\",\"name\":\"load\","
                   "\"appids\":[\"wxd678efh567hg6787\"]}],\"stocks\":[{\"stock_id\":\""
            + kStockId.toLatin1()
            + "\",\"stock_name\":\"load\",\"coupon_code_mode\":\"MERCHANT_API\",\"stock_type\":\"NORMAL\","
              "\"discount_amount\":2000,\"transaction_minimum\":10000}],\"coupons\":[");
        bool first = true;
        for (const Counter &c : m_counters) {
            for (int i = 1; i <= m_options.redemptionsPerCounter; ++i) {
                const QByteArray code
                    = (c.couponPrefix + QStringLiteral("%1").arg(i, 4, 10, QLatin1Char('0'))).toLatin1();
                seed.write((first ? "" : ",") + QByteArray("{\"coupon_code\":\"") + code
                    + "\",\"stock_id\":\"" + kStockId.toLatin1() + "\",\"openid\":\"o" + code + "\"}");
                first = false;
            }
        }
        seed.write("]}\n");
        seed.close();

        m_clientIni = m_dir.filePath(QStringLiteral("client.ini"));
        m_sim.setProgram(QStringLiteral(WECHATPAY_SIM_EXECUTABLE));
        m_sim.setArguments({ QStringLiteral("--data"), m_dir.filePath(QStringLiteral("sim")),
            QStringLiteral("--seed"), seedPath, QStringLiteral("--https"), QStringLiteral("--rate-limit"),
            QStringLiteral("0"), QStringLiteral("--write-client-config"), m_clientIni });
        // Its output goes to files: a pipe nobody reads while the counters are waited on would fill
        // up and stop the simulator mid-load.
        const QString outPath = m_dir.filePath(QStringLiteral("sim.out"));
        m_sim.setStandardOutputFile(outPath);
        m_sim.setStandardErrorFile(m_dir.filePath(QStringLiteral("sim.err")));
        m_sim.start();
        if (!m_sim.waitForStarted(10000))
            return QStringLiteral("wechatpay-sim did not start: %1").arg(m_sim.errorString());
        QDeadlineTimer deadline(30000);
        QFile out(outPath);
        for (;;) {
            if (out.open(QIODevice::ReadOnly) && out.readAll().contains("listening on"))
                return {};
            out.close();
            if (m_sim.state() == QProcess::NotRunning || deadline.hasExpired()) {
                QFile err(m_dir.filePath(QStringLiteral("sim.err")));
                return QStringLiteral("wechatpay-sim did not come up: %1")
                    .arg(err.open(QIODevice::ReadOnly) ? QString::fromUtf8(err.readAll()) : QString());
            }
            m_sim.waitForFinished(50); // returns after 50 ms while it runs
        }
    }

    void stopSimulator()
    {
        if (m_sim.state() == QProcess::NotRunning)
            return;
        m_sim.terminate();
        if (!m_sim.waitForFinished(10000)) {
            m_sim.kill();
            m_sim.waitForFinished(5000);
        }
    }

    QString writeCounterSettings()
    {
        const history::ChainServer server { m_pg->host(), m_pg->port(), m_pg->database(), m_pg->caPath() };
        for (Counter &c : m_counters) {
            auto login = history::ChainSchema::addCounter(m_admin, c.shopId, c.shopName, c.counterId, server);
            if (!login)
                return login.error().message;
            c.settingsPath = m_dir.filePath(c.counterId + QStringLiteral(".ini"));
            c.historyPath = m_dir.filePath(c.counterId + QStringLiteral(".sqlite"));
            QFile::remove(c.settingsPath);
            if (!QFile::copy(m_clientIni, c.settingsPath))
                return QStringLiteral("cannot copy %1").arg(m_clientIni);
            QFile::setPermissions(c.settingsPath, QFile::ReadOwner | QFile::WriteOwner);
            QSettings ini(c.settingsPath, QSettings::IniFormat);
            ini.setValue(QStringLiteral("desk/counter_id"), c.counterId);
            ini.setValue(QStringLiteral("desk/history_db"), c.historyPath);
            ini.setValue(QStringLiteral("chain/database_url"), login->databaseUrl);
            ini.setValue(QStringLiteral("chain/password"), login->password);
            ini.setValue(QStringLiteral("chain/shop_id"), c.shopId);
            ini.setValue(QStringLiteral("chain/shop_name"), c.shopName);
            ini.sync();
            if (ini.status() != QSettings::NoError)
                return QStringLiteral("cannot write %1").arg(c.settingsPath);
        }
        return {};
    }

    QString compareCounter(const Counter &c)
    {
        history::Journal journal;
        if (auto r = journal.open(c.historyPath); !r)
            return r.error().message;
        auto rows = journal.query({}, 0, history::Journal::kMaxPageSize);
        if (!rows)
            return rows.error().message;
        if (rows->size() != m_options.redemptionsPerCounter)
            return QStringLiteral("%1's journal holds %2 rows, not %3")
                .arg(c.counterId)
                .arg(rows->size())
                .arg(m_options.redemptionsPerCounter);
        QHash<QString, QStringList> local;
        for (const history::JournalEntry &e : rows.value()) {
            if (e.state != history::State::Succeeded)
                return QStringLiteral("%1's row %2 is %3")
                    .arg(c.counterId, e.requestNo, history::stateName(e.state));
            local.insert(e.requestNo, journalText(c.shopId, e));
        }
        QSqlQuery q(m_admin);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT ") + columnsSql()
            + QStringLiteral(" FROM coupondesk.history WHERE shop_id = ? AND counter_id = ?"));
        q.addBindValue(c.shopId);
        q.addBindValue(c.counterId);
        if (!q.exec())
            return q.lastError().text();
        int seen = 0;
        while (q.next()) {
            QStringList chain;
            for (int i = 0; i < 24; ++i)
                chain << q.value(i).toString();
            const QStringList mine = local.value(chain.at(2));
            if (mine != chain)
                return QStringLiteral(
                    "%1: the chain's row differs from the journal's:\n chain:   %2\n journal: %3")
                    .arg(c.counterId, chain.join(QLatin1Char('|')), mine.join(QLatin1Char('|')));
            ++seen;
        }
        if (seen != m_options.redemptionsPerCounter)
            return QStringLiteral("%1: the chain holds %2 of its rows, not %3")
                .arg(c.counterId)
                .arg(seen)
                .arg(m_options.redemptionsPerCounter);
        return {};
    }

    Options m_options;
    QTemporaryDir m_dir;
    std::unique_ptr<testsupport::TestPostgres> m_pg;
    QSqlDatabase m_admin;
    QProcess m_sim;
    QString m_clientIni;
    std::vector<Counter> m_counters;
    qint64 m_postgresMs = 0;
    qint64 m_simulatorMs = 0;
};

} // namespace chainload
