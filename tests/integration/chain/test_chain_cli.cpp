// coupondesk-cli's chain commands (issue 18), the real binary against a real PostgreSQL 15 started for
// this test class: `chain init` and `chain add-counter` with an administrator's settings file that
// holds nothing but the chain section (no WeChat Pay settings), and their refusals.
#include "desk/settings.h"
#include "history/chainconnection.h"
#include "history/chainschema.h"

#include "clirunner.h"
#include "testpostgres.h"

#include <QFile>
#include <QSettings>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <memory>

using testsupport::CliRun;

namespace {

const QString kCli = QStringLiteral(COUPONDESK_CLI_PATH);

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QString firstLine(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes).section(QLatin1Char('\n'), 0, 0);
}

} // namespace

class TestChainCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void addCounterBeforeInitSaysSo();
    void initTwiceIsIdempotent();
    void addCounterJsonLogsIn();
    void addCounterPrintsTheCounterSettings();
    void addCounterAgainResetsThePassword();
    void removeCounterTakesTheLoginAwayKeepsItsRows();
    void relativeCaStaysRelative();
    void foreignRoleIsLeftAlone();
    void badOptionsAreUsageErrors();
    void unusableLoginsAreRefusedClearly();
    void helpListsTheSubcommands();

private:
    // An INI with only a chain section: database_url for `user` (password from a file: reference).
    QString adminSettings(const QString &name, const QString &uri, const QString &password);
    CliRun cli(const QString &settings, const QStringList &args)
    {
        return testsupport::runProgram(kCli, QStringList { QStringLiteral("--config"), settings } + args);
    }
    // A new empty database `name` and the superuser's settings file for it.
    QString freshDatabase(const QString &name);
    static QStringList versionRows(QSqlDatabase &db);

    std::unique_ptr<testsupport::TestPostgres> m_pg;
    QTemporaryDir m_dir;
    QString m_admin; // settings file of the superuser
    QSqlDatabase m_db;
};

QString TestChainCli::adminSettings(const QString &name, const QString &uri, const QString &password)
{
    const QString path = m_dir.filePath(name + QLatin1String(".ini"));
    const QString secret = m_dir.filePath(name + QLatin1String(".password"));
    if (!writeFile(secret, password.toUtf8() + '\n'))
        return {};
    QSettings ini(path, QSettings::IniFormat);
    ini.setValue(QStringLiteral("chain/database_url"), uri);
    ini.setValue(QStringLiteral("chain/password"), QString(QLatin1String("file:") + secret));
    ini.sync();
    return path;
}

QString TestChainCli::freshDatabase(const QString &name)
{
    QSqlQuery query(m_db);
    if (!query.exec(QLatin1String("CREATE DATABASE ") + name))
        return {};
    return adminSettings(name,
        m_pg->uri(m_pg->superuser(), m_pg->caPath())
            .replace(QLatin1String("/postgres?"), QLatin1Char('/') + name + QLatin1Char('?')),
        m_pg->superuserPassword());
}

QStringList TestChainCli::versionRows(QSqlDatabase &db)
{
    QSqlQuery query(db);
    QStringList rows;
    if (query.exec(QStringLiteral("SELECT version, applied_at FROM coupondesk.schema_version ORDER BY 1"))) {
        while (query.next())
            rows << query.value(0).toString() + QLatin1Char('|') + query.value(1).toString();
    }
    return rows;
}

void TestChainCli::initTestCase()
{
    COUPONDESK_REQUIRE_POSTGRES();
    QVERIFY(m_dir.isValid());
    m_pg = std::make_unique<testsupport::TestPostgres>();
    QVERIFY2(m_pg->start(), qPrintable(m_pg->errorString()));
    m_admin = adminSettings(
        QStringLiteral("admin"), m_pg->uri(m_pg->superuser(), m_pg->caPath()), m_pg->superuserPassword());
    QVERIFY(!m_admin.isEmpty());
    auto db
        = history::openChainDatabase(m_pg->uri(m_pg->superuser(), m_pg->caPath()), m_pg->superuserPassword());
    QVERIFY2(db.ok(), qPrintable(db.error().message));
    m_db = db.value();
    // The other tests' schema; initTwiceIsIdempotent and addCounterBeforeInitSaysSo use databases of their
    // own.
    auto init = history::ChainSchema::init(m_db);
    QVERIFY2(init.ok(), qPrintable(init.error().message));
}

void TestChainCli::cleanupTestCase()
{
    if (m_db.isValid())
        history::closeChainDatabase(m_db);
    m_pg.reset();
}

void TestChainCli::addCounterBeforeInitSaysSo()
{
    const QString settings = freshDatabase(QStringLiteral("no_schema"));
    QVERIFY(!settings.isEmpty());
    const CliRun run = cli(settings,
        { QStringLiteral("chain"), QStringLiteral("add-counter"), QStringLiteral("--shop"),
            QStringLiteral("s1"), QStringLiteral("--shop-name"), QStringLiteral("Shop 1"),
            QStringLiteral("--counter"), QStringLiteral("01") });
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("run coupondesk-cli chain init first"), run.err.constData());
    QVERIFY(run.out.isEmpty());
}

void TestChainCli::initTwiceIsIdempotent()
{
    const QString settings = freshDatabase(QStringLiteral("fresh"));
    QVERIFY(!settings.isEmpty());
    const CliRun first = cli(settings, { QStringLiteral("chain"), QStringLiteral("init") });
    QVERIFY2(first.exitCode == 0, first.err.constData());
    QCOMPARE(firstLine(first.out),
        QStringLiteral("chain database 127.0.0.1:%1/fresh as postgres: schema version %2")
            .arg(m_pg->port())
            .arg(history::ChainSchema::kVersion));
    auto fresh
        = history::openChainDatabase(m_pg->uri(m_pg->superuser(), m_pg->caPath())
                                         .replace(QLatin1String("/postgres?"), QLatin1String("/fresh?")),
            m_pg->superuserPassword());
    QVERIFY2(fresh.ok(), qPrintable(fresh.error().message));
    QSqlDatabase &db = fresh.value();
    const QStringList rows = versionRows(db);
    QCOMPARE(rows.size(), history::ChainSchema::kVersion);

    // Again, with --json after the subcommand: the same version, nothing applied twice.
    const CliRun second
        = cli(settings, { QStringLiteral("chain"), QStringLiteral("init"), QStringLiteral("--json") });
    QVERIFY2(second.exitCode == 0, second.err.constData());
    QCOMPARE(second.json().value(QStringLiteral("schema_version")).toInt(), history::ChainSchema::kVersion);
    QCOMPARE(versionRows(db), rows);
    QVERIFY(second.err.isEmpty());
    history::closeChainDatabase(db);
}

void TestChainCli::addCounterJsonLogsIn()
{
    const CliRun run = cli(m_admin,
        { QStringLiteral("--json"), QStringLiteral("chain"), QStringLiteral("add-counter"),
            QStringLiteral("--shop"), QStringLiteral("s1"), QStringLiteral("--shop-name"),
            QStringLiteral("徐汇店"), QStringLiteral("--counter"), QStringLiteral("01") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject o = run.json();
    QCOMPARE(o.keys(), (QStringList { QStringLiteral("database_url"), QStringLiteral("password") }));
    const QString url = o.value(QStringLiteral("database_url")).toString();
    const QString password = o.value(QStringLiteral("password")).toString();
    QVERIFY2(url.startsWith(QStringLiteral("postgresql://cd.s1.01@127.0.0.1:%1/postgres?sslmode=verify-full")
                                .arg(m_pg->port())),
        qPrintable(url));
    QVERIFY(password.size() >= 40);
    QVERIFY(!url.contains(password));
    QVERIFY2(run.err.contains("shown only this once"), run.err.constData());
    QVERIFY(!run.err.contains(password.toUtf8()));

    auto counter = history::openChainDatabase(url, password);
    QVERIFY2(counter.ok(), qPrintable(counter.error().message));
    {
        QSqlQuery query(counter.value());
        QVERIFY(query.exec(QStringLiteral("SELECT current_user, shop_name FROM coupondesk.counters"
                                          " WHERE role_name = current_user")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("cd.s1.01"));
        QCOMPARE(query.value(1).toString(), QStringLiteral("徐汇店"));
    }
    history::closeChainDatabase(counter.value());
}

void TestChainCli::addCounterPrintsTheCounterSettings()
{
    // --host and --ca: what the counters' machines use, not the administrator's.
    const QString counterCa = m_dir.filePath(QStringLiteral("counter-ca.pem"));
    QVERIFY(QFile::copy(m_pg->caPath(), counterCa));
    const CliRun run = cli(m_admin,
        { QStringLiteral("chain"), QStringLiteral("add-counter"), QStringLiteral("--shop"),
            QStringLiteral("s2"), QStringLiteral("--shop-name"), QStringLiteral("静安店, 2F"),
            QStringLiteral("--counter"), QStringLiteral("07"), QStringLiteral("--host"),
            QStringLiteral("localhost"), QStringLiteral("--ca"), counterCa });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.out.startsWith("[chain]\n"), run.out.constData());
    QVERIFY2(run.out.contains("静安店"), run.out.constData()); // readable, not escaped

    // Pasted as it is into the counter's settings file, it is a complete, valid chain section.
    const QString path = m_dir.filePath(QStringLiteral("counter.ini"));
    QVERIFY(writeFile(path, run.out));
    const QSettings ini(path, QSettings::IniFormat);
    const desk::ChainSettings chain = desk::ChainSettings::read(ini, m_dir.path());
    const QList<desk::SettingIssue> issues = chain.validate();
    QVERIFY2(issues.isEmpty(),
        qPrintable(desk::describeIssues(issues) + QLatin1Char('\n') + QString::fromUtf8(run.out)));
    QCOMPARE(chain.shopId, QStringLiteral("s2"));
    QCOMPARE(chain.shopName, QStringLiteral("静安店, 2F"));
    QVERIFY2(
        chain.databaseUrl.startsWith(QStringLiteral("postgresql://cd.s2.07@localhost:%1/").arg(m_pg->port())),
        qPrintable(chain.databaseUrl));
    QVERIFY(chain.databaseUrl.contains(QLatin1String("counter-ca.pem")));
    auto counter = history::openChainDatabase(chain.databaseUrl, chain.passwordRef);
    QVERIFY2(counter.ok(), qPrintable(counter.error().message));
    history::closeChainDatabase(counter.value());
}

void TestChainCli::addCounterAgainResetsThePassword()
{
    const QStringList args { QStringLiteral("chain"), QStringLiteral("add-counter"), QStringLiteral("--json"),
        QStringLiteral("--shop"), QStringLiteral("s3"), QStringLiteral("--shop-name"),
        QStringLiteral("Shop 3"), QStringLiteral("--counter"), QStringLiteral("01") };
    const CliRun first = cli(m_admin, args);
    const CliRun second = cli(m_admin, args);
    QVERIFY2(first.exitCode == 0 && second.exitCode == 0, second.err.constData());
    const QString url = second.json().value(QStringLiteral("database_url")).toString();
    QCOMPARE(first.json().value(QStringLiteral("database_url")).toString(), url);
    auto old = history::openChainDatabase(url, first.json().value(QStringLiteral("password")).toString());
    QVERIFY(!old.ok());
    auto current
        = history::openChainDatabase(url, second.json().value(QStringLiteral("password")).toString());
    QVERIFY2(current.ok(), qPrintable(current.error().message));
    history::closeChainDatabase(current.value());
}

void TestChainCli::removeCounterTakesTheLoginAwayKeepsItsRows()
{
    const CliRun added = cli(m_admin,
        { QStringLiteral("--json"), QStringLiteral("chain"), QStringLiteral("add-counter"),
            QStringLiteral("--shop"), QStringLiteral("s4"), QStringLiteral("--shop-name"),
            QStringLiteral("Shop 4"), QStringLiteral("--counter"), QStringLiteral("01") });
    QVERIFY2(added.exitCode == 0, added.err.constData());
    const QString url = added.json().value(QStringLiteral("database_url")).toString();
    const QString password = added.json().value(QStringLiteral("password")).toString();
    auto held = history::openChainDatabase(url, password); // the counter, connected as it is removed
    QVERIFY2(held.ok(), qPrintable(held.error().message));
    {
        QSqlQuery insert(m_db);
        QVERIFY2(
            insert.exec(QStringLiteral(
                "INSERT INTO coupondesk.history (shop_id, counter_id, request_no, operation, coupon_code,"
                " state, created_at, updated_at) VALUES ('s4', '01', '01-R1', 'use', 'C1', 'SUCCEEDED',"
                " now(), now())")),
            qPrintable(insert.lastError().text()));
    }
    const QStringList remove { QStringLiteral("chain"), QStringLiteral("remove-counter"),
        QStringLiteral("--shop"), QStringLiteral("s4"), QStringLiteral("--counter"), QStringLiteral("01") };

    const CliRun removed = cli(m_admin, remove);
    QVERIFY2(removed.exitCode == 0, removed.err.constData());
    QVERIFY2(removed.out.contains("counter 01 of shop s4 can no longer log in; its history stays"),
        removed.out.constData());
    {
        QSqlQuery still(held.value()); // its connection was closed by the server
        QVERIFY(!still.exec(QStringLiteral("SELECT 1")));
    }
    history::closeChainDatabase(held.value());
    auto again = history::openChainDatabase(url, password);
    QVERIFY(!again.ok());
    QVERIFY2(history::isLoginRefused(again.error()), qPrintable(again.error().message)); // not "unreachable"
    {
        QSqlQuery rows(m_db);
        QVERIFY(rows.exec(QStringLiteral("SELECT count(*) FROM coupondesk.history WHERE shop_id = 's4'")));
        QVERIFY(rows.next());
        QCOMPARE(rows.value(0).toInt(), 1);
    }
    QCOMPARE(cli(m_admin, remove).exitCode, 0); // again: nothing more to take

    const CliRun unknown = cli(m_admin,
        { QStringLiteral("chain"), QStringLiteral("remove-counter"), QStringLiteral("--shop"),
            QStringLiteral("s4"), QStringLiteral("--counter"), QStringLiteral("99") });
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains("shop s4 has no counter 99"), unknown.err.constData());

    // add-counter gives it back, with a new password.
    const CliRun back = cli(m_admin,
        { QStringLiteral("--json"), QStringLiteral("chain"), QStringLiteral("add-counter"),
            QStringLiteral("--shop"), QStringLiteral("s4"), QStringLiteral("--shop-name"),
            QStringLiteral("Shop 4"), QStringLiteral("--counter"), QStringLiteral("01") });
    QVERIFY2(back.exitCode == 0, back.err.constData());
    auto restored = history::openChainDatabase(url, back.json().value(QStringLiteral("password")).toString());
    QVERIFY2(restored.ok(), qPrintable(restored.error().message));
    history::closeChainDatabase(restored.value());
}

void TestChainCli::relativeCaStaysRelative()
{
    // The administrator keeps ca.pem beside the settings file; so will each counter.
    QTemporaryDir adminDir;
    QTemporaryDir counterDir;
    QVERIFY(adminDir.isValid() && counterDir.isValid());
    QVERIFY(QFile::copy(m_pg->caPath(), adminDir.filePath(QStringLiteral("ca.pem"))));
    QVERIFY(QFile::copy(m_pg->caPath(), counterDir.filePath(QStringLiteral("ca.pem"))));
    const QString admin = adminDir.filePath(QStringLiteral("admin.ini"));
    {
        QSettings ini(admin, QSettings::IniFormat);
        ini.setValue(
            QStringLiteral("chain/database_url"), m_pg->uri(m_pg->superuser(), QStringLiteral("ca.pem")));
        ini.setValue(QStringLiteral("chain/password"), m_pg->superuserPassword());
    }
    const CliRun run = cli(admin,
        { QStringLiteral("chain"), QStringLiteral("add-counter"), QStringLiteral("--shop"),
            QStringLiteral("s4"), QStringLiteral("--shop-name"), QStringLiteral("Shop 4"),
            QStringLiteral("--counter"), QStringLiteral("01") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.out.contains("sslrootcert=ca.pem"), run.out.constData());
    const QString path = counterDir.filePath(QStringLiteral("counter.ini"));
    QVERIFY(writeFile(path, run.out));
    const QSettings ini(path, QSettings::IniFormat);
    const desk::ChainSettings chain = desk::ChainSettings::read(ini, counterDir.path());
    QVERIFY2(chain.databaseUrl.contains(counterDir.filePath(QStringLiteral("ca.pem"))),
        qPrintable(chain.databaseUrl));
    auto counter = history::openChainDatabase(chain.databaseUrl, chain.passwordRef);
    QVERIFY2(counter.ok(), qPrintable(counter.error().message));
    history::closeChainDatabase(counter.value());
}

void TestChainCli::foreignRoleIsLeftAlone()
{
    QSqlQuery query(m_db);
    QVERIFY(query.exec(QStringLiteral("CREATE ROLE \"cd.s9.01\" NOLOGIN")));
    const CliRun run = cli(m_admin,
        { QStringLiteral("chain"), QStringLiteral("add-counter"), QStringLiteral("--shop"),
            QStringLiteral("s9"), QStringLiteral("--shop-name"), QStringLiteral("Shop 9"),
            QStringLiteral("--counter"), QStringLiteral("01") });
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("cd.s9.01 exists and is not a CouponDesk counter"), run.err.constData());
    QVERIFY(query.exec(QStringLiteral("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'cd.s9.01'")));
    QVERIFY(query.next());
    QVERIFY(!query.value(0).toBool());
}

void TestChainCli::badOptionsAreUsageErrors()
{
    const QStringList base { QStringLiteral("chain"), QStringLiteral("add-counter"),
        QStringLiteral("--shop-name"), QStringLiteral("Shop") };
    const CliRun missing
        = cli(m_admin, base + QStringList { QStringLiteral("--shop"), QStringLiteral("s1") });
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains("missing --counter"), missing.err.constData());
    const CliRun badShop = cli(m_admin,
        base
            + QStringList { QStringLiteral("--shop"), QStringLiteral("s 1"), QStringLiteral("--counter"),
                QStringLiteral("01") });
    QCOMPARE(badShop.exitCode, 2);
    QVERIFY2(badShop.err.contains("--shop: a shop id"), badShop.err.constData());
    const CliRun badPort = cli(m_admin,
        base
            + QStringList { QStringLiteral("--shop"), QStringLiteral("s1"), QStringLiteral("--counter"),
                QStringLiteral("01"), QStringLiteral("--port"), QStringLiteral("70000") });
    QCOMPARE(badPort.exitCode, 2);
    const CliRun unknown = cli(m_admin, { QStringLiteral("chain"), QStringLiteral("frobnicate") });
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains("unknown chain subcommand"), unknown.err.constData());
    const CliRun demo = testsupport::runProgram(
        kCli, { QStringLiteral("--demo"), QStringLiteral("chain"), QStringLiteral("init") });
    QCOMPARE(demo.exitCode, 2);
}

void TestChainCli::unusableLoginsAreRefusedClearly()
{
    const QString uri = m_pg->uri(m_pg->superuser(), m_pg->caPath());
    const CliRun wrongPassword = cli(adminSettings(QStringLiteral("wrong"), uri, QStringLiteral("not-it")),
        { QStringLiteral("chain"), QStringLiteral("init") });
    QCOMPARE(wrongPassword.exitCode, 3);
    QVERIFY2(
        wrongPassword.err.contains("refused the login: check chain/password"), wrongPassword.err.constData());
    QVERIFY(!wrongPassword.err.contains("not-it"));

    // A CA that did not sign the server's certificate: verify-full refuses before any password is sent.
    const CliRun impostor
        = cli(adminSettings(QStringLiteral("impostor"), m_pg->uri(m_pg->superuser(), m_pg->otherCaPath()),
                  m_pg->superuserPassword()),
            { QStringLiteral("chain"), QStringLiteral("init") });
    QCOMPARE(impostor.exitCode, 3);
    QVERIFY2(impostor.err.contains("could not be verified (sslmode=verify-full, sslrootcert)"),
        impostor.err.constData());

    // Nothing listens on the port: exit 1 (the server may come back), one line on stderr.
    QString closed = uri;
    closed.replace(QStringLiteral(":%1/").arg(m_pg->port()), QStringLiteral(":1/"));
    const CliRun down = cli(adminSettings(QStringLiteral("down"), closed, m_pg->superuserPassword()),
        { QStringLiteral("chain"), QStringLiteral("init") });
    QCOMPARE(down.exitCode, 1);
    QVERIFY2(down.err.startsWith("coupondesk-cli: cannot reach the chain database at 127.0.0.1:1/postgres"),
        down.err.constData());
    QCOMPARE(down.err.count('\n'), 1);

    // A login that may not create roles.
    QSqlQuery query(m_db);
    QVERIFY(query.exec(QLatin1String("CREATE ROLE plain_user LOGIN PASSWORD '")
        + history::ChainSchema::scramVerifier(
            QStringLiteral("plain-pw"), QByteArrayLiteral("0123456789abcdef"))
        + QLatin1Char('\'')));
    const CliRun plain
        = cli(adminSettings(QStringLiteral("plain"), m_pg->uri(QStringLiteral("plain_user"), m_pg->caPath()),
                  QStringLiteral("plain-pw")),
            { QStringLiteral("chain"), QStringLiteral("init") });
    QCOMPARE(plain.exitCode, 3);
    QVERIFY2(
        plain.err.contains("may not set up the chain database: it needs CREATEROLE"), plain.err.constData());

    // The settings file has no chain section.
    const QString empty = m_dir.filePath(QStringLiteral("empty.ini"));
    QVERIFY(writeFile(empty, "[desk]\nlanguage=en\n"));
    const CliRun none = cli(empty, { QStringLiteral("chain"), QStringLiteral("init") });
    QCOMPARE(none.exitCode, 3);
    QVERIFY2(none.err.contains("no chain section"), none.err.constData());
}

void TestChainCli::helpListsTheSubcommands()
{
    const CliRun help = testsupport::runProgram(kCli, { QStringLiteral("chain"), QStringLiteral("--help") });
    QCOMPARE(help.exitCode, 0);
    for (const char *sub : { "init", "add-counter", "remove-counter", "status", "sync" })
        QVERIFY2(help.out.contains(sub), help.out.constData());
    const CliRun addHelp = testsupport::runProgram(
        kCli, { QStringLiteral("chain"), QStringLiteral("add-counter"), QStringLiteral("--help") });
    QCOMPARE(addHelp.exitCode, 0);
    QVERIFY2(addHelp.out.startsWith("Usage: coupondesk-cli [--json] chain add-counter [options]"),
        addHelp.out.constData());
    QVERIFY(addHelp.out.contains("--shop-name <NAME>"));
    QVERIFY(addHelp.out.contains("Exit status"));
}

QTEST_GUILESS_MAIN(TestChainCli)
#include "test_chain_cli.moc"
