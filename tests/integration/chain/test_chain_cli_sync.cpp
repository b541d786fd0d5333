// coupondesk-cli's `chain status` and `chain sync` at a counter (issue 18), the real binary against a
// real PostgreSQL 15 started for this test class: nothing waiting, the server stopped (exit 1, the rows
// stay queued), then restarted (every row pushed once, exit 0); and the settings it refuses.
#include "history/chainconnection.h"
#include "history/chainschema.h"
#include "history/journal.h"

#include "clirunner.h"
#include "testpostgres.h"

#include <QFile>
#include <QSettings>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using testsupport::CliRun;

namespace {

const QString kCli = QStringLiteral(COUPONDESK_CLI_PATH);

QStringList lines(const QByteArray &out)
{
    return QString::fromUtf8(out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class TestChainCliSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void nothingWaiting();
    void serverStoppedThenRestarted();
    void counterSettingsProblems();
    void rowsFromBeforeChainMode();
    void wrongPasswordIsNotUnreachable();

private:
    // A copy of the counter's settings with `key` set to `value`.
    QString settingsWith(const QString &name, const QString &key, const QString &value);
    CliRun cli(const QStringList &args, const QString &settings = {})
    {
        return testsupport::runProgram(kCli,
            QStringList { QStringLiteral("--config"), settings.isEmpty() ? m_settings : settings } + args);
    }
    // Journals `count` redemptions (the last one settled: two changes) into the counter's outbox.
    bool queueRows(int count);
    history::OutboxStatus outbox();
    QStringList chainRows(); // request_no|state in the chain database, ordered

    std::unique_ptr<testsupport::TestPostgres> m_pg;
    QTemporaryDir m_dir;
    QString m_settings;
    QString m_journalPath;
    int m_requests = 0;
};

void TestChainCliSync::initTestCase()
{
    COUPONDESK_REQUIRE_POSTGRES();
    QVERIFY(m_dir.isValid());
    m_pg = std::make_unique<testsupport::TestPostgres>();
    QVERIFY2(m_pg->start(), qPrintable(m_pg->errorString()));
    history::ChainCounterLogin login;
    {
        auto admin = history::openChainDatabase(
            m_pg->uri(m_pg->superuser(), m_pg->caPath()), m_pg->superuserPassword());
        QVERIFY2(admin.ok(), qPrintable(admin.error().message));
        QSqlDatabase &db = admin.value(); // a reference: a copy would keep the connection in use at close
        QVERIFY(history::ChainSchema::init(db).ok());
        auto added = history::ChainSchema::addCounter(db, QStringLiteral("s1"), QStringLiteral("徐汇店"),
            QStringLiteral("01"), { m_pg->host(), m_pg->port(), m_pg->database(), m_pg->caPath() });
        QVERIFY2(added.ok(), qPrintable(added.error().message));
        login = added.value();
        history::closeChainDatabase(db);
    }

    // The counter's settings: its journal and the chain section, no WeChat Pay keys needed here.
    m_journalPath = m_dir.filePath(QStringLiteral("history.sqlite"));
    QFile secret(m_dir.filePath(QStringLiteral("chain.password")));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write(login.password.toUtf8() + '\n');
    secret.close();
    m_settings = m_dir.filePath(QStringLiteral("counter.ini"));
    QSettings ini(m_settings, QSettings::IniFormat);
    ini.setValue(QStringLiteral("desk/counter_id"), QStringLiteral("01"));
    ini.setValue(QStringLiteral("desk/history_db"), m_journalPath);
    ini.setValue(QStringLiteral("chain/database_url"), login.databaseUrl);
    ini.setValue(QStringLiteral("chain/password"), QStringLiteral("file:chain.password"));
    ini.setValue(QStringLiteral("chain/shop_id"), QStringLiteral("s1"));
    ini.setValue(QStringLiteral("chain/shop_name"), QStringLiteral("徐汇店"));
    ini.sync();

    // The journal as a counter in chain mode leaves it: the outbox on.
    history::Journal journal;
    QVERIFY(journal.open(m_journalPath).ok());
    QVERIFY(journal.setOutboxEnabled(true).ok());
}

void TestChainCliSync::cleanupTestCase()
{
    m_pg.reset();
}

bool TestChainCliSync::queueRows(int count)
{
    history::Journal journal;
    if (!journal.open(m_journalPath).ok())
        return false;
    qint64 last = 0;
    for (int i = 0; i < count; ++i) {
        history::JournalEntry e;
        e.operation = history::Operation::Use;
        e.couponCode = QStringLiteral("CODE%1").arg(++m_requests, 6, 10, QLatin1Char('0'));
        e.stockId = QStringLiteral("1212000000000001");
        e.appid = QStringLiteral("wx1234567890abcdef");
        e.requestNo = QStringLiteral("01-U%1").arg(m_requests);
        e.requestBody = QByteArrayLiteral("{}");
        e.staff = QStringLiteral("c01");
        e.counterId = QStringLiteral("01");
        auto id = journal.insertPending(e);
        if (!id)
            return false;
        last = id.value();
    }
    history::Outcome ok;
    ok.state = history::State::Succeeded;
    ok.settledBy = history::SettledBy::Response;
    ok.wechatTime = QStringLiteral("2026-12-06T10:00:00+08:00");
    return journal.markOutcome(last, ok).ok();
}

history::OutboxStatus TestChainCliSync::outbox()
{
    history::Journal journal;
    if (!journal.open(m_journalPath).ok())
        return {};
    auto status = journal.outboxStatus();
    return status ? status.value() : history::OutboxStatus {};
}

QStringList TestChainCliSync::chainRows()
{
    QStringList rows;
    auto admin
        = history::openChainDatabase(m_pg->uri(m_pg->superuser(), m_pg->caPath()), m_pg->superuserPassword());
    if (!admin)
        return { admin.error().message };
    QSqlDatabase &db = admin.value();
    {
        QSqlQuery query(db);
        if (query.exec(QStringLiteral("SELECT request_no, state FROM coupondesk.history ORDER BY 1"))) {
            while (query.next())
                rows << query.value(0).toString() + QLatin1Char('|') + query.value(1).toString();
        }
    }
    history::closeChainDatabase(db);
    return rows;
}

void TestChainCliSync::nothingWaiting()
{
    QCOMPARE(outbox().rows, 0);
    const CliRun sync = cli({ QStringLiteral("chain"), QStringLiteral("sync") });
    QVERIFY2(sync.exitCode == 0, sync.err.constData());
    QVERIFY2(sync.out.contains("nothing was waiting"), sync.out.constData());
    QVERIFY(sync.err.isEmpty());

    const CliRun status = cli({ QStringLiteral("chain"), QStringLiteral("status") });
    QVERIFY2(status.exitCode == 0, status.err.constData());
    const QStringList text = lines(status.out);
    QVERIFY2(text.contains(QStringLiteral("state           synced")), status.out.constData());
    QVERIFY(text.contains(QStringLiteral("reachable       yes")));
    QVERIFY(text.contains(
        QStringLiteral("schema version  %1 (this program needs %1)").arg(history::ChainSchema::kVersion)));
    QVERIFY(text.contains(QStringLiteral("rows waiting    0")));
    QVERIFY(text.first().startsWith(
        QStringLiteral("server          127.0.0.1:%1/postgres as cd.s1.01").arg(m_pg->port())));
}

void TestChainCliSync::serverStoppedThenRestarted()
{
    QVERIFY(queueRows(3));
    const history::OutboxStatus queued = outbox();
    QCOMPARE(queued.rows, 3);
    QCOMPARE(queued.entries, 4);

    m_pg->stop();
    const CliRun down = cli({ QStringLiteral("chain"), QStringLiteral("sync") });
    QCOMPARE(down.exitCode, 1);
    QVERIFY2(down.err.startsWith("coupondesk-cli: cannot reach the chain database 127.0.0.1:"),
        down.err.constData());
    QVERIFY2(down.err.endsWith("; 3 rows stay queued\n"), down.err.constData());
    QCOMPARE(down.err.count('\n'), 1);
    QVERIFY(down.out.isEmpty());
    const history::OutboxStatus after = outbox();
    QCOMPARE(after.rows, queued.rows); // untouched
    QCOMPARE(after.entries, queued.entries);
    QCOMPARE(after.oldestQueuedAt, queued.oldestQueuedAt);

    const CliRun status
        = cli({ QStringLiteral("--json"), QStringLiteral("chain"), QStringLiteral("status") });
    QCOMPARE(status.exitCode, 1); // printed all the same
    const QJsonObject s = status.json();
    QCOMPARE(s.value(QStringLiteral("state")).toString(), QStringLiteral("unreachable"));
    QCOMPARE(s.value(QStringLiteral("reachable")).toBool(), false);
    QCOMPARE(s.value(QStringLiteral("waiting")).toInteger(), 3);
    QVERIFY(!s.value(QStringLiteral("oldest_waiting")).toString().isEmpty());
    QVERIFY(!s.value(QStringLiteral("error")).toString().isEmpty());
    const CliRun statusText = cli({ QStringLiteral("chain"), QStringLiteral("status") });
    QCOMPARE(statusText.exitCode, 1);
    qInfo("server stopped:\n%s%s", down.err.constData(), statusText.out.constData());
    QVERIFY(lines(statusText.out).contains(QStringLiteral("reachable       no")));
    QVERIFY(lines(statusText.out).contains(QStringLiteral("rows waiting    3")));

    QVERIFY2(m_pg->restart(), qPrintable(m_pg->errorString()));
    const CliRun sync = cli({ QStringLiteral("--json"), QStringLiteral("chain"), QStringLiteral("sync") });
    QVERIFY2(sync.exitCode == 0, sync.err.constData());
    QCOMPARE(sync.json().value(QStringLiteral("waiting")).toInteger(), 0);
    QVERIFY(sync.json().value(QStringLiteral("pushed")).toInteger() >= 3);
    QCOMPARE(outbox().rows, 0);
    QCOMPARE(chainRows(),
        (QStringList { QStringLiteral("01-U1|PENDING"), QStringLiteral("01-U2|PENDING"),
            QStringLiteral("01-U3|SUCCEEDED") }));

    // Once more: nothing waits, nothing changes.
    const CliRun again = cli({ QStringLiteral("chain"), QStringLiteral("sync") });
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QVERIFY(again.out.contains("nothing was waiting"));
    QCOMPARE(chainRows().size(), 3);
}

void TestChainCliSync::counterSettingsProblems()
{
    const QString path = m_dir.filePath(QStringLiteral("broken.ini"));
    {
        QSettings ini(path, QSettings::IniFormat);
        ini.setValue(QStringLiteral("desk/history_db"), m_dir.filePath(QStringLiteral("none.sqlite")));
        ini.sync();
    }
    const CliRun off = cli({ QStringLiteral("chain"), QStringLiteral("sync") }, path);
    QCOMPARE(off.exitCode, 3);
    QVERIFY2(off.err.contains("no chain section"), off.err.constData());

    {
        QSettings ini(path, QSettings::IniFormat);
        QSettings counter(m_settings, QSettings::IniFormat);
        for (const QString &key : counter.allKeys())
            if (key.startsWith(QLatin1String("chain/")))
                ini.setValue(key, counter.value(key));
        ini.sync();
    }
    const CliRun noJournal = cli({ QStringLiteral("chain"), QStringLiteral("status") }, path);
    QCOMPARE(noJournal.exitCode, 3);
    QVERIFY2(noJournal.err.contains("no history file"), noJournal.err.constData());
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("none.sqlite"))));

    {
        QSettings ini(path, QSettings::IniFormat);
        ini.setValue(QStringLiteral("chain/shop_id"), QStringLiteral("no spaces allowed"));
        ini.sync();
    }
    const CliRun badShop = cli({ QStringLiteral("chain"), QStringLiteral("sync") }, path);
    QCOMPARE(badShop.exitCode, 3);
    QVERIFY2(badShop.err.contains("chain/shop_id"), badShop.err.constData());

    const CliRun help = testsupport::runProgram(
        kCli, { QStringLiteral("chain"), QStringLiteral("sync"), QStringLiteral("--help") });
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("the rows stay queued"));
}

QString TestChainCliSync::settingsWith(const QString &name, const QString &key, const QString &value)
{
    const QString path = m_dir.filePath(name);
    QSettings counter(m_settings, QSettings::IniFormat);
    QSettings ini(path, QSettings::IniFormat);
    for (const QString &k : counter.allKeys())
        ini.setValue(k, counter.value(k));
    ini.setValue(key, value);
    ini.sync();
    return path;
}

// A counter whose settings gained a chain section after its journal was written, and which has not run
// the program since: its outbox was never switched on. `chain sync` switches it on and pushes every row
// (it used to push nothing and say all was synced).
void TestChainCliSync::rowsFromBeforeChainMode()
{
    const QString journalPath = m_dir.filePath(QStringLiteral("before-chain.sqlite"));
    {
        history::Journal journal;
        QVERIFY(journal.open(journalPath).ok());
        QCOMPARE(journal.outboxEnabled().value(), false);
        for (int i = 1; i <= 2; ++i) {
            history::JournalEntry e;
            e.operation = history::Operation::Use;
            e.couponCode = QStringLiteral("BEFORE%1").arg(i);
            e.stockId = QStringLiteral("1212000000000001");
            e.requestNo = QStringLiteral("01-B%1").arg(i);
            e.requestBody = QByteArrayLiteral("{}");
            e.staff = QStringLiteral("c01");
            e.counterId = QStringLiteral("01");
            QVERIFY(journal.insertPending(e).ok());
        }
        QCOMPARE(journal.outboxStatus().value().rows, 0);
    }
    const QString settings
        = settingsWith(QStringLiteral("before-chain.ini"), QStringLiteral("desk/history_db"), journalPath);

    const CliRun status
        = cli({ QStringLiteral("--json"), QStringLiteral("chain"), QStringLiteral("status") }, settings);
    QVERIFY2(status.exitCode == 0, status.err.constData());
    QCOMPARE(status.json().value(QStringLiteral("waiting")).toInteger(), 2); // the truth, not "synced"

    const CliRun sync
        = cli({ QStringLiteral("--json"), QStringLiteral("chain"), QStringLiteral("sync") }, settings);
    QVERIFY2(sync.exitCode == 0, sync.err.constData());
    QCOMPARE(sync.json().value(QStringLiteral("pushed")).toInteger(), 2);
    QCOMPARE(sync.json().value(QStringLiteral("waiting")).toInteger(), 0);
    const QStringList rows = chainRows();
    QVERIFY2(rows.contains(QStringLiteral("01-B1|PENDING")), qPrintable(rows.join(u' ')));
    QVERIFY(rows.contains(QStringLiteral("01-B2|PENDING")));
}

// A wrong counter password is a settings problem (exit 3, "refused the login", state login-refused),
// not an unreachable server to wait for (exit 1); the rows stay queued either way.
void TestChainCliSync::wrongPasswordIsNotUnreachable()
{
    QVERIFY(queueRows(1));
    const qint64 waiting = outbox().rows;
    QVERIFY(waiting >= 1);
    QFile secret(m_dir.filePath(QStringLiteral("wrong.password")));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write("not-the-password\n");
    secret.close();
    const QString settings = settingsWith(QStringLiteral("wrong-password.ini"),
        QStringLiteral("chain/password"), QStringLiteral("file:wrong.password"));

    const CliRun sync = cli({ QStringLiteral("chain"), QStringLiteral("sync") }, settings);
    QCOMPARE(sync.exitCode, 3);
    QVERIFY2(sync.err.contains("refused this counter's login: check chain/password"), sync.err.constData());
    QVERIFY2(sync.err.endsWith(QStringLiteral("; %1 rows stay queued\n").arg(waiting).toUtf8()),
        sync.err.constData());
    QVERIFY(!sync.err.contains("not-the-password"));
    QCOMPARE(outbox().rows, waiting);

    const CliRun status
        = cli({ QStringLiteral("--json"), QStringLiteral("chain"), QStringLiteral("status") }, settings);
    QCOMPARE(status.exitCode, 3);
    QCOMPARE(status.json().value(QStringLiteral("state")).toString(), QStringLiteral("login-refused"));
    QCOMPARE(status.json().value(QStringLiteral("reachable")).toBool(), false);
    QCOMPARE(status.json().value(QStringLiteral("waiting")).toInteger(), waiting);
}

QTEST_GUILESS_MAIN(TestChainCliSync)
#include "test_chain_cli_sync.moc"
