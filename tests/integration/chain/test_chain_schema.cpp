// The chain database's schema and security (issue 18) against a real PostgreSQL 15 started for this
// test class (testsupport::TestPostgres): migrations, counter logins over TLS with verify-full, and
// what row-level security and the grants let a counter do. No mocks.
#include "history/chainconnection.h"
#include "history/chainschema.h"
#include "testpostgres.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

#include <memory>

using history::ChainSchema;
using history::ErrorKind;

namespace {

// One counter's open connection, closed with the object.
struct Counter
{
    history::ChainCounterLogin login;
    QSqlDatabase db;
    ~Counter()
    {
        if (db.isValid())
            history::closeChainDatabase(db);
    }
};

QString sqlState(const QSqlQuery &query)
{
    return query.lastError().nativeErrorCode();
}

// A history row for (shop, counter), written by whoever holds `db`.
bool insertRow(QSqlDatabase &db, const QString &shop, const QString &counter, const QString &requestNo,
    QString *state = nullptr)
{
    QSqlQuery query(db);
    query.prepare(
        QStringLiteral("INSERT INTO coupondesk.history (shop_id, counter_id, request_no, operation,"
                       " coupon_code, state, created_at, updated_at, order_amount_fen, discount_fen)"
                       " VALUES (?, ?, ?, 'use', ?, 'PENDING', now(), now(), 5000, 1000)"));
    query.addBindValue(shop);
    query.addBindValue(counter);
    query.addBindValue(requestNo);
    query.addBindValue(QStringLiteral("1234567890"));
    const bool ok = query.exec();
    if (state)
        *state = sqlState(query);
    return ok;
}

QStringList columnsOf(QSqlDatabase &db, const QString &table)
{
    QStringList names;
    const QSqlRecord record = db.record(QLatin1String("coupondesk.") + table);
    for (int i = 0; i < record.count(); ++i)
        names << record.fieldName(i);
    return names;
}

} // namespace

class TestChainSchema : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void initTwiceChangesNothing();
    void newerSchemaIsRefused();
    void version2DatabaseGainsTheReportIndex();
    void counterLogsInOverVerifiedTls();
    void addingACounterAgainResetsItsPassword();
    void badIdsAreRefusedBeforeAnySql();
    void badUrlsAreRefusedBeforeConnecting();
    void counterWritesOnlyItsOwnRows();
    void counterReadsTheWholeChain();
    void counterCannotDeleteOrChangeTheSchema();
    void noSecretIsReadable();
    void ownerWithoutSuperuserRunsTheChain();

private:
    std::unique_ptr<Counter> connectCounter(const QString &shop, const QString &counter);
    history::ChainServer server() const
    {
        return { m_pg->host(), m_pg->port(), m_pg->database(), m_pg->caPath() };
    }

    std::unique_ptr<testsupport::TestPostgres> m_pg;
    QSqlDatabase m_admin;
};

void TestChainSchema::initTestCase()
{
    COUPONDESK_REQUIRE_POSTGRES();
    m_pg = std::make_unique<testsupport::TestPostgres>();
    QElapsedTimer timer;
    timer.start();
    QVERIFY2(m_pg->start(), qPrintable(m_pg->errorString()));
    qInfo("server: initdb %lld ms, certificates + start %lld ms, total %lld ms", m_pg->initdbMs(),
        m_pg->startMs(), timer.elapsed());
    auto admin
        = history::openChainDatabase(m_pg->uri(m_pg->superuser(), m_pg->caPath()), m_pg->superuserPassword());
    QVERIFY2(admin.ok(), qPrintable(admin.error().message));
    m_admin = admin.value();
    timer.restart();
    auto init = ChainSchema::init(m_admin);
    QVERIFY2(init.ok(), qPrintable(init.error().message));
    qInfo("ChainSchema::init on an empty database: %lld ms", timer.elapsed());
}

void TestChainSchema::cleanupTestCase()
{
    if (m_admin.isValid())
        history::closeChainDatabase(m_admin);
    m_pg.reset();
}

std::unique_ptr<Counter> TestChainSchema::connectCounter(const QString &shop, const QString &counter)
{
    auto c = std::make_unique<Counter>();
    auto login = ChainSchema::addCounter(m_admin, shop, QStringLiteral("Shop ") + shop, counter, server());
    if (!login) {
        qWarning("%s", qPrintable(login.error().message));
        return nullptr;
    }
    c->login = login.value();
    auto db = history::openChainDatabase(c->login.databaseUrl, c->login.password);
    if (!db) {
        qWarning("%s", qPrintable(db.error().message));
        return nullptr;
    }
    c->db = db.value();
    return c;
}

void TestChainSchema::initTwiceChangesNothing()
{
    const auto versionRows = [this] {
        QSqlQuery query(m_admin);
        QStringList rows;
        if (query.exec(QStringLiteral("SELECT version, description, applied_at FROM coupondesk.schema_version"
                                      " ORDER BY version"))) {
            while (query.next())
                rows << query.value(0).toString() + QLatin1Char('|') + query.value(1).toString()
                        + QLatin1Char('|') + query.value(2).toString();
        }
        return rows;
    };
    const QStringList before = versionRows();
    QCOMPARE(before.size(), ChainSchema::kVersion);
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 2; ++i) {
        auto again = ChainSchema::init(m_admin);
        QVERIFY2(again.ok(), qPrintable(again.error().message));
    }
    qInfo("ChainSchema::init twice on a current database: %lld ms", timer.elapsed());
    QCOMPARE(versionRows(), before);
    QCOMPARE(ChainSchema::version(m_admin).value(), ChainSchema::kVersion);
}

void TestChainSchema::newerSchemaIsRefused()
{
    QSqlQuery query(m_admin);
    QVERIFY(query.exec(QStringLiteral("INSERT INTO coupondesk.schema_version (version, description)"
                                      " VALUES (99, 'from the future')")));
    auto init = ChainSchema::init(m_admin);
    QVERIFY(query.exec(QStringLiteral("DELETE FROM coupondesk.schema_version WHERE version = 99")));
    QVERIFY(!init.ok());
    QCOMPARE(init.error().kind, ErrorKind::SchemaTooNew);
}

// A database a program of issue 18 initialised (schema v2) gets v3's covering index of the report
// cells at the next init, and only it.
void TestChainSchema::version2DatabaseGainsTheReportIndex()
{
    QSqlQuery query(m_admin);
    QVERIFY(query.exec(QStringLiteral("DROP INDEX coupondesk.history_day_report")));
    QVERIFY(query.exec(QStringLiteral("DELETE FROM coupondesk.schema_version WHERE version = 3")));
    QCOMPARE(ChainSchema::version(m_admin).value(), 2);

    auto init = ChainSchema::init(m_admin);
    QVERIFY2(init.ok(), qPrintable(init.error().message));
    QCOMPARE(ChainSchema::version(m_admin).value(), 3);
    QVERIFY(query.exec(QStringLiteral("SELECT indexdef FROM pg_indexes WHERE schemaname = 'coupondesk'"
                                      " AND indexname = 'history_day_report'")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(),
        QStringLiteral("CREATE INDEX history_day_report ON coupondesk.history USING btree (created_at)"
                       " INCLUDE (shop_id, stock_id, staff, operation, state, discount_fen)"));
    QVERIFY(
        query.exec(QStringLiteral("SELECT description FROM coupondesk.schema_version WHERE version = 3")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("covering index of the report cells"));
}

void TestChainSchema::counterLogsInOverVerifiedTls()
{
    auto counter = connectCounter(QStringLiteral("shop-1"), QStringLiteral("A1"));
    QVERIFY(counter);
    QCOMPARE(counter->login.role, QStringLiteral("cd.shop-1.A1"));
    QVERIFY2(counter->login.databaseUrl.startsWith(QLatin1String("postgresql://cd.shop-1.A1@127.0.0.1:")),
        qPrintable(counter->login.databaseUrl));
    QVERIFY(counter->login.databaseUrl.contains(QLatin1String("sslmode=verify-full&sslrootcert=")));
    QVERIFY(!counter->login.databaseUrl.contains(counter->login.password));

    QSqlQuery query(counter->db);
    QVERIFY(
        query.exec(QStringLiteral("SELECT current_user, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), counter->login.role);
    QVERIFY(query.value(1).toBool());

    // A CA that did not sign the server's certificate: verify-full refuses before any password is used.
    auto wrongCa = history::openChainDatabase(
        m_pg->uri(counter->login.role, m_pg->otherCaPath()), counter->login.password);
    QVERIFY(!wrongCa.ok());
    QCOMPARE(wrongCa.error().kind, ErrorKind::Open);
    // And a wrong password is refused by the server.
    auto wrongPassword
        = history::openChainDatabase(counter->login.databaseUrl, QStringLiteral("not-the-password"));
    QVERIFY(!wrongPassword.ok());
    QCOMPARE(wrongPassword.error().kind, ErrorKind::Open);
}

void TestChainSchema::addingACounterAgainResetsItsPassword()
{
    auto first = ChainSchema::addCounter(
        m_admin, QStringLiteral("shop-2"), QStringLiteral("Old name"), QStringLiteral("B1"), server());
    QVERIFY2(first.ok(), qPrintable(first.error().message));
    auto second = ChainSchema::addCounter(
        m_admin, QStringLiteral("shop-2"), QStringLiteral("New name"), QStringLiteral("B1"), server());
    QVERIFY2(second.ok(), qPrintable(second.error().message));
    QCOMPARE(second->role, first->role);
    QVERIFY(second->password != first->password);
    QVERIFY(second->password.size() >= 43); // 256 random bits

    auto old = history::openChainDatabase(first->databaseUrl, first->password);
    QVERIFY(!old.ok());
    auto current = history::openChainDatabase(second->databaseUrl, second->password);
    QVERIFY2(current.ok(), qPrintable(current.error().message));
    history::closeChainDatabase(current.value());

    QSqlQuery query(m_admin);
    QVERIFY(query.exec(
        QStringLiteral("SELECT shop_name FROM coupondesk.counters WHERE role_name = 'cd.shop-2.B1'")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("New name"));
}

void TestChainSchema::badIdsAreRefusedBeforeAnySql()
{
    const QStringList bad { QString(), QStringLiteral("a.b"), QStringLiteral("x\"; DROP ROLE postgres; --"),
        QStringLiteral("x'y"), QStringLiteral("shop 1"), QString(33, QLatin1Char('a')),
        QStringLiteral("店") };
    for (const QString &id : bad) {
        auto asShop
            = ChainSchema::addCounter(m_admin, id, QStringLiteral("Shop"), QStringLiteral("C1"), server());
        QVERIFY(!asShop.ok());
        QCOMPARE(asShop.error().kind, ErrorKind::InvalidArgument);
        auto asCounter
            = ChainSchema::addCounter(m_admin, QStringLiteral("S1"), QStringLiteral("Shop"), id, server());
        QVERIFY(!asCounter.ok());
        QCOMPARE(asCounter.error().kind, ErrorKind::InvalidArgument);
    }
    // The longest ids give a 63-byte role name, PostgreSQL's limit: it must survive unshortened.
    auto longest = ChainSchema::addCounter(m_admin, QString(32, QLatin1Char('s')), QStringLiteral("Shop"),
        QString(27, QLatin1Char('c')), server());
    QVERIFY2(longest.ok(), qPrintable(longest.error().message));
    QCOMPARE(longest->role.size(), 63);
    auto longestDb = history::openChainDatabase(longest->databaseUrl, longest->password);
    QVERIFY2(longestDb.ok(), qPrintable(longestDb.error().message));
    history::closeChainDatabase(longestDb.value());
    QVERIFY(!ChainSchema::isValidShopId(QString(33, QLatin1Char('s'))));
    QVERIFY(!ChainSchema::isValidCounterId(QString(28, QLatin1Char('c'))));
    QSqlQuery query(m_admin);
    QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'cd.S1.%'")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), 0);
    // A shop name is data, bound as a value: quotes in it are just characters.
    auto quoted = ChainSchema::addCounter(
        m_admin, QStringLiteral("S2"), QStringLiteral("Bob's \"Bar\"; --"), QStringLiteral("C1"), server());
    QVERIFY2(quoted.ok(), qPrintable(quoted.error().message));
}

void TestChainSchema::badUrlsAreRefusedBeforeConnecting()
{
    const QStringList bad {
        QStringLiteral("mysql://u@h/db"),
        QStringLiteral("postgresql://u:secret@db.example.com/chain"),
        QStringLiteral("postgresql://u@db.example.com/chain?sslmode=require"),
        QStringLiteral("postgresql://u@db.example.com/chain?host=/tmp"),
        QStringLiteral("postgresql://u@db.example.com/chain?sslrootcert=a;sslmode=disable"),
        QStringLiteral("postgresql://db.example.com/chain"),
    };
    for (const QString &url : bad) {
        auto db = history::openChainDatabase(url, QStringLiteral("pw"));
        QVERIFY2(!db.ok(), qPrintable(url));
        QCOMPARE(db.error().kind, ErrorKind::InvalidArgument);
    }
}

void TestChainSchema::counterWritesOnlyItsOwnRows()
{
    auto a = connectCounter(QStringLiteral("shop-3"), QStringLiteral("C1"));
    auto b = connectCounter(QStringLiteral("shop-4"), QStringLiteral("C1"));
    auto sameShop
        = connectCounter(QStringLiteral("shop-3"), QStringLiteral("C2")); // registered: not an FK refusal
    QVERIFY(a && b && sameShop);
    QString state;
    QVERIFY2(insertRow(a->db, QStringLiteral("shop-3"), QStringLiteral("C1"), QStringLiteral("r1"), &state),
        qPrintable(state));
    QVERIFY2(insertRow(b->db, QStringLiteral("shop-4"), QStringLiteral("C1"), QStringLiteral("r1"), &state),
        qPrintable(state));
    // Another counter's identity, in another shop or in its own shop: refused by the policy.
    QVERIFY(!insertRow(a->db, QStringLiteral("shop-4"), QStringLiteral("C1"), QStringLiteral("r2"), &state));
    QCOMPARE(state, QStringLiteral("42501"));
    QVERIFY(!insertRow(a->db, QStringLiteral("shop-3"), QStringLiteral("C2"), QStringLiteral("r2"), &state));
    QCOMPARE(state, QStringLiteral("42501"));

    QSqlQuery query(a->db);
    // Another counter's row is invisible to UPDATE: nothing changes.
    QVERIFY(query.exec(QStringLiteral("UPDATE coupondesk.history SET state = 'FAILED', note = 'hijack'"
                                      " WHERE shop_id = 'shop-4'")));
    QCOMPARE(query.numRowsAffected(), 0);
    // Its own row it settles.
    QVERIFY(query.exec(
        QStringLiteral("UPDATE coupondesk.history SET state = 'SUCCEEDED', settled_by = 'response',"
                       " updated_at = now() WHERE shop_id = 'shop-3' AND request_no = 'r1'")));
    QCOMPARE(query.numRowsAffected(), 1);
    // …but cannot hand it to another counter.
    QVERIFY(!query.exec(QStringLiteral("UPDATE coupondesk.history SET shop_id = 'shop-4', request_no = 'r9'"
                                       " WHERE shop_id = 'shop-3'")));
    QCOMPARE(sqlState(query), QStringLiteral("42501"));

    QSqlQuery check(m_admin);
    QVERIFY(
        check.exec(QStringLiteral("SELECT state, note FROM coupondesk.history WHERE shop_id = 'shop-4'")));
    QVERIFY(check.next());
    QCOMPARE(check.value(0).toString(), QStringLiteral("PENDING"));
    QCOMPARE(check.value(1).toString(), QString());
}

void TestChainSchema::counterReadsTheWholeChain()
{
    auto a = connectCounter(QStringLiteral("shop-5"), QStringLiteral("C1"));
    auto b = connectCounter(QStringLiteral("shop-6"), QStringLiteral("C1"));
    QVERIFY(a && b);
    QVERIFY(insertRow(b->db, QStringLiteral("shop-6"), QStringLiteral("C1"), QStringLiteral("seen-by-a")));
    QSqlQuery query(a->db);
    QVERIFY(query.exec(QStringLiteral("SELECT shop_id, counter_id, discount_fen FROM coupondesk.history"
                                      " WHERE request_no = 'seen-by-a'")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("shop-6"));
    QCOMPARE(query.value(2).toLongLong(), 1000);
    // And the chain's counters (names, no secrets) and schema version.
    QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM coupondesk.counters WHERE shop_id = 'shop-6'")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), 1);
    QCOMPARE(ChainSchema::version(a->db).value(), ChainSchema::kVersion);
}

void TestChainSchema::counterCannotDeleteOrChangeTheSchema()
{
    auto a = connectCounter(QStringLiteral("shop-7"), QStringLiteral("C1"));
    QVERIFY(a);
    QVERIFY(insertRow(a->db, QStringLiteral("shop-7"), QStringLiteral("C1"), QStringLiteral("keep")));
    const QStringList refused {
        QStringLiteral("DELETE FROM coupondesk.history WHERE shop_id = 'shop-7'"),
        QStringLiteral("DELETE FROM coupondesk.history"),
        QStringLiteral("TRUNCATE coupondesk.history"),
        QStringLiteral("DELETE FROM coupondesk.counters"),
        QStringLiteral("UPDATE coupondesk.counters SET shop_id = 'shop-8'"),
        QStringLiteral("INSERT INTO coupondesk.counters (role_name, shop_id, shop_name, counter_id)"
                       " VALUES ('x', 'x', 'x', 'x')"),
        QStringLiteral("INSERT INTO coupondesk.schema_version (version) VALUES (50)"),
        QStringLiteral("CREATE TABLE coupondesk.extra (x int)"),
        QStringLiteral("CREATE TABLE public.extra (x int)"),
        QStringLiteral("ALTER TABLE coupondesk.history ADD COLUMN extra text"),
        QStringLiteral("ALTER TABLE coupondesk.history DISABLE ROW LEVEL SECURITY"),
        QStringLiteral("DROP POLICY counter_insert ON coupondesk.history"),
        QStringLiteral("CREATE POLICY mine ON coupondesk.history FOR DELETE USING (true)"),
        QStringLiteral("DROP INDEX coupondesk.history_shop_day"),
        QStringLiteral("ALTER ROLE coupondesk_counter LOGIN"),
        QStringLiteral("CREATE ROLE sneaky LOGIN"),
    };
    QSqlQuery query(a->db);
    for (const QString &sql : refused) {
        QVERIFY2(!query.exec(sql), qPrintable(sql));
        QCOMPARE(sqlState(query), QStringLiteral("42501"));
    }
    QSqlQuery check(m_admin);
    QVERIFY(check.exec(QStringLiteral("SELECT count(*) FROM coupondesk.history WHERE shop_id = 'shop-7'")));
    QVERIFY(check.next());
    QCOMPARE(check.value(0).toInt(), 1);
}

void TestChainSchema::noSecretIsReadable()
{
    auto a = connectCounter(QStringLiteral("shop-9"), QStringLiteral("C1"));
    QVERIFY(a);
    // There is no secret in the chain's tables to protect: no column could hold one.
    const QStringList columns
        = columnsOf(m_admin, QStringLiteral("counters")) + columnsOf(m_admin, QStringLiteral("history"));
    QVERIFY(
        columns.contains(QStringLiteral("role_name")) && columns.contains(QStringLiteral("discount_fen")));
    for (const QString &column : columns) {
        for (const char *word : { "pass", "key", "pin", "secret", "token", "cert" })
            QVERIFY2(!column.contains(QLatin1String(word)), qPrintable(column));
    }
    // The password verifiers live in pg_authid, which only superusers read.
    QSqlQuery query(a->db);
    for (const QString &sql : { QStringLiteral("SELECT rolpassword FROM pg_authid"),
             QStringLiteral("SELECT passwd FROM pg_shadow") }) {
        QVERIFY2(!query.exec(sql), qPrintable(sql));
        QCOMPARE(sqlState(query), QStringLiteral("42501"));
    }
    QVERIFY(query.exec(QStringLiteral("SELECT rolpassword FROM pg_roles WHERE rolname = current_user")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("********"));
}

// Managed PostgreSQL services give no superuser: the chain's owner is an ordinary role with CREATEROLE
// that owns the database. FORCE ROW LEVEL SECURITY applies to it too; its own policy lets it work.
void TestChainSchema::ownerWithoutSuperuserRunsTheChain()
{
    const QString ownerPassword = QString::number(QRandomGenerator::system()->generate64(), 36);
    QSqlQuery query(m_admin);
    QVERIFY(query.exec(QLatin1String("CREATE ROLE chain_owner LOGIN CREATEROLE PASSWORD '")
        + ChainSchema::scramVerifier(ownerPassword, QByteArrayLiteral("0123456789abcdef"))
        + QLatin1Char('\'')));
    QVERIFY(query.exec(QStringLiteral("CREATE DATABASE chain OWNER chain_owner")));

    auto owner
        = history::openChainDatabase(m_pg->uri(QStringLiteral("chain_owner"), m_pg->caPath())
                                         .replace(QLatin1String("/postgres?"), QLatin1String("/chain?")),
            ownerPassword);
    QVERIFY2(owner.ok(), qPrintable(owner.error().message));
    QSqlDatabase &db = owner.value(); // a reference: a copy would keep the connection in use at close
    auto init = ChainSchema::init(db); // the group role exists already (cluster-wide): only the schema is new
    QVERIFY2(init.ok(), qPrintable(init.error().message));
    auto login = ChainSchema::addCounter(db, QStringLiteral("east"), QStringLiteral("East"),
        QStringLiteral("C1"), { m_pg->host(), m_pg->port(), QStringLiteral("chain"), m_pg->caPath() });
    QVERIFY2(login.ok(), qPrintable(login.error().message));
    auto counter = history::openChainDatabase(login->databaseUrl, login->password);
    QVERIFY2(counter.ok(), qPrintable(counter.error().message));
    QVERIFY(insertRow(counter.value(), QStringLiteral("east"), QStringLiteral("C1"), QStringLiteral("r1")));
    {
        QSqlQuery read(db);
        QVERIFY(read.exec(QStringLiteral("SELECT count(*) FROM coupondesk.history")));
        QVERIFY(read.next());
        QCOMPARE(read.value(0).toInt(), 1);
    }
    history::closeChainDatabase(counter.value());
    history::closeChainDatabase(db);
}

QTEST_GUILESS_MAIN(TestChainSchema)
#include "test_chain_schema.moc"
