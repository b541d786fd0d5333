// The history journal on real SQLite files: opening, the schema and its migrations, the file itself.
#include "journalfixture.h"

#include "history/journal.h"
#include "history/schema.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace history;
using namespace journaltest;

class TestHistoryJournalOpen : public QObject, private JournalFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUpJournal(); }
    void cleanup() { tearDownJournal(); }

    void openCreatesFolderFileWalAndSchema();
    void tableHasNoColumnForSecrets();
    void fileRefusesUnknownStoredValues_data();
    void fileRefusesUnknownStoredValues();
    void notOpenCallsFail();
    void fileThatIsNotADatabaseIsRefused();
    void newerSchemaIsRefusedAndLeftUnchanged();
    void reopenKeepsData();
    void version1FileIsMigratedKeepingItsRows();
    void orderAmountAndDiscountRoundTrip();
    void connectionIsRemovedWhenJournalIsDestroyed();
};

// ---------------------------------------------------------------------------------------------
// Opening, schema, files

void TestHistoryJournalOpen::openCreatesFolderFileWalAndSchema()
{
    QVERIFY(!QFileInfo::exists(QFileInfo(dbPath()).absolutePath()));
    {
        Journal journal(clock());
        const auto opened = journal.open(dbPath());
        QVERIFY2(opened.ok(), qPrintable(opened.error().toString()));
        QVERIFY(journal.isOpen());
        QCOMPARE(journal.path(), QFileInfo(dbPath()).absoluteFilePath());
        const auto version = journal.schemaVersion();
        QVERIFY(version.ok());
        QCOMPARE(*version, kSchemaVersion);
        QCOMPARE(kSchemaVersion, 4);
        QVERIFY(journal.checkIntegrity().ok());
    }
    QVERIFY(QFileInfo::exists(dbPath()));

    RawDb raw(dbPath());
    QVERIFY(raw.ok());
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(raw.column(QStringLiteral("SELECT version FROM schema_version ORDER BY version")),
        (QStringList { QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("4") }));
    const QStringList indexes = raw.column(
        QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'journal'"
                       " AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name"));
    QCOMPARE(indexes,
        (QStringList { QStringLiteral("journal_batch_id"), QStringLiteral("journal_coupon_code"),
            QStringLiteral("journal_created_at"), QStringLiteral("journal_request_no"),
            QStringLiteral("journal_staff"), QStringLiteral("journal_state") }));
    QCOMPARE(raw.scalar(QStringLiteral("SELECT \"unique\" FROM pragma_index_list('journal')"
                                       " WHERE name = 'journal_request_no'"))
                 .toInt(),
        1);
}

void TestHistoryJournalOpen::tableHasNoColumnForSecrets()
{
    {
        Journal journal(clock());
        QVERIFY(journal.open(dbPath()).ok());
    }
    RawDb raw(dbPath());
    const QStringList columns = raw.column(QStringLiteral("SELECT name FROM pragma_table_info('journal')"));
    QVERIFY(columns.contains(QStringLiteral("request_body")));
    for (const QString &column : columns) {
        for (const char *secret : { "auth", "key", "secret", "pin", "password", "token", "signature" }) {
            QVERIFY2(!column.contains(QLatin1String(secret)), qPrintable(column));
        }
    }
}

void TestHistoryJournalOpen::fileRefusesUnknownStoredValues_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("settledBy");
    QTest::addColumn<bool>("accepted");

    QTest::newRow("known values are accepted")
        << QStringLiteral("deactivate") << QStringLiteral("FAILED") << QStringLiteral("manual") << true;
    QTest::newRow("an unknown operation is refused")
        << QStringLiteral("refund") << QStringLiteral("FAILED") << QStringLiteral("manual") << false;
    QTest::newRow("an unknown state is refused")
        << QStringLiteral("use") << QStringLiteral("DONE") << QStringLiteral("") << false;
    QTest::newRow("a lower-case state is refused")
        << QStringLiteral("use") << QStringLiteral("pending") << QStringLiteral("") << false;
    QTest::newRow("an unknown settler is refused")
        << QStringLiteral("use") << QStringLiteral("SUCCEEDED") << QStringLiteral("magic") << false;
}

// Another program writing to the file directly still cannot store values the journal cannot read.
void TestHistoryJournalOpen::fileRefusesUnknownStoredValues()
{
    QFETCH(QString, operation);
    QFETCH(QString, state);
    QFETCH(QString, settledBy);
    QFETCH(bool, accepted);
    {
        Journal journal(clock());
        QVERIFY(journal.open(dbPath()).ok());
    }
    RawDb raw(dbPath());
    QSqlQuery insert(raw.db());
    QVERIFY(insert.prepare(
        QStringLiteral("INSERT INTO journal (operation, coupon_code, request_no, state,"
                       " created_at, updated_at, settled_by) VALUES (?, 'C', 'R', ?, 0, 0, ?)")));
    insert.addBindValue(operation);
    insert.addBindValue(state);
    insert.addBindValue(settledBy.isNull() ? QStringLiteral("") : settledBy);
    QCOMPARE(insert.exec(), accepted);
}

void TestHistoryJournalOpen::notOpenCallsFail()
{
    Journal journal(clock());
    QVERIFY(!journal.isOpen());
    JournalEntry e = makeEntry(QStringLiteral("R1"));
    QCOMPARE(journal.insertPending(e).error().kind, ErrorKind::NotOpen);
    QCOMPARE(journal.query({}, 0, 10).error().kind, ErrorKind::NotOpen);
    QCOMPARE(journal.count({}).error().kind, ErrorKind::NotOpen);
    QCOMPARE(journal.markOutcome(1, {}).error().kind, ErrorKind::NotOpen);
    QCOMPARE(journal.unsettled().error().kind, ErrorKind::NotOpen);
    QCOMPARE(journal.unsettledCount().error().kind, ErrorKind::NotOpen);
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QCOMPARE(journal.exportCsv({}, buffer, false).error().kind, ErrorKind::NotOpen);
    QCOMPARE(journal.open(QString()).error().kind, ErrorKind::InvalidArgument);
}

void TestHistoryJournalOpen::fileThatIsNotADatabaseIsRefused()
{
    const QString path = m_dir->filePath(QStringLiteral("garbage.sqlite"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();

    Journal journal(clock());
    const auto opened = journal.open(path);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, ErrorKind::Open);
    QVERIFY2(
        opened.error().message.contains(QLatin1String("not a database")), qPrintable(opened.error().message));
    QVERIFY(!journal.isOpen());
}

void TestHistoryJournalOpen::newerSchemaIsRefusedAndLeftUnchanged()
{
    {
        Journal journal(clock());
        QVERIFY(journal.open(dbPath()).ok());
        JournalEntry e = makeEntry(QStringLiteral("R1"));
        QVERIFY(journal.insertPending(e).ok());
    }
    {
        RawDb raw(dbPath());
        QVERIFY(raw.exec(QStringLiteral("INSERT INTO schema_version (version, description, applied_at)"
                                        " VALUES (7, 'from the future', '2030-01-01T00:00:00Z')")));
    }
    Journal journal(clock());
    const auto opened = journal.open(dbPath());
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, ErrorKind::SchemaTooNew);
    QVERIFY2(opened.error().message.contains(QLatin1String("schema version 7")),
        qPrintable(opened.error().message));
    QVERIFY(opened.error().message.contains(QLatin1String("newer")));
    QVERIFY(!journal.isOpen());
    JournalEntry e = makeEntry(QStringLiteral("R2"));
    QCOMPARE(journal.insertPending(e).error().kind, ErrorKind::NotOpen);

    RawDb raw(dbPath());
    QCOMPARE(raw.column(QStringLiteral("SELECT version FROM schema_version ORDER BY version")),
        (QStringList { QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("4"),
            QStringLiteral("7") }));
    QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM journal")).toInt(), 1);
}

void TestHistoryJournalOpen::reopenKeepsData()
{
    qint64 id = 0;
    {
        Journal journal(clock());
        QVERIFY(journal.open(dbPath()).ok());
        JournalEntry e = makeEntry(QStringLiteral("R-keep"));
        const auto inserted = journal.insertPending(e);
        QVERIFY(inserted.ok());
        id = *inserted;
        QVERIFY(journal
                    .markOutcome(id,
                        { State::Succeeded, QStringLiteral("2024-05-01T10:00:01+08:00"),
                            QStringLiteral("REQ-1"), QString(), QString(), 200, SettledBy::Response })
                    .ok());
    }
    Journal again(clock());
    QVERIFY(again.open(dbPath()).ok());
    QCOMPARE(again.schemaVersion().value(), kSchemaVersion);
    const auto row = again.entry(id);
    QVERIFY(row.ok());
    QCOMPARE(row->requestNo, QStringLiteral("R-keep"));
    QCOMPARE(row->state, State::Succeeded);
    QCOMPARE(row->requestId, QStringLiteral("REQ-1"));
    QCOMPARE(again.count({}).value(), 1);
}

void TestHistoryJournalOpen::version1FileIsMigratedKeepingItsRows()
{
    QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
    {
        // A file as the version-1 program left it: its schema, its version row, one redemption.
        RawDb raw(dbPath());
        QVERIFY(raw.ok());
        QVERIFY(raw.exec(QStringLiteral("CREATE TABLE schema_version (version INTEGER PRIMARY KEY,"
                                        " description TEXT NOT NULL DEFAULT '', applied_at TEXT NOT NULL)")));
        for (const QString &statement : migrations().at(0).statements) {
            QVERIFY2(raw.exec(statement), qPrintable(statement));
        }
        QVERIFY(
            raw.exec(QStringLiteral("INSERT INTO schema_version VALUES (1, 'v1', '2026-01-01T00:00:00Z')")));
        QVERIFY(raw.exec(
            QStringLiteral("INSERT INTO journal (operation, coupon_code, request_no, state, created_at,"
                           " updated_at) VALUES ('use', 'OLD1', 'R-old', 'FAILED', 1, 1)")));
    }
    Journal journal(clock());
    const auto opened = journal.open(dbPath());
    QVERIFY2(opened.ok(), qPrintable(opened.error().toString()));
    QCOMPARE(journal.schemaVersion().value(), kSchemaVersion);
    const auto old = journal.findByRequestNo(QStringLiteral("R-old"));
    QVERIFY(old.ok() && old->has_value());
    QCOMPARE((*old)->couponCode, QStringLiteral("OLD1"));
    QVERIFY(!(*old)->orderFen.has_value()); // rows from before keep "not known", not 0
    QVERIFY(!(*old)->discountFen.has_value());
    JournalEntry e = makeEntry(QStringLiteral("R-new"));
    e.orderFen = 8800;
    QVERIFY(journal.insertPending(e).ok());
}

void TestHistoryJournalOpen::orderAmountAndDiscountRoundTrip()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    JournalEntry with = makeEntry(QStringLiteral("R-order"));
    with.orderFen = 12800;
    with.discountFen = 2000;
    JournalEntry without = makeEntry(QStringLiteral("R-plain"));
    without.couponCode = QStringLiteral("OTHER");
    QVERIFY(journal.insertPending(with).ok());
    QVERIFY(journal.insertPending(without).ok());
    QCOMPARE(journal.entry(with.id)->orderFen, std::optional<qint64>(12800));
    QCOMPARE(journal.entry(with.id)->discountFen, std::optional<qint64>(2000));
    QVERIFY(!journal.entry(without.id)->orderFen.has_value());

    QBuffer json;
    QVERIFY(json.open(QIODevice::WriteOnly));
    QVERIFY(journal.exportJson({}, json).ok());
    const QJsonArray rows = QJsonDocument::fromJson(json.data()).array();
    QCOMPARE(rows.size(), 2);
    for (const QJsonValue &row : rows) {
        const QJsonObject o = row.toObject();
        const bool hasOrder = o.value(QLatin1String("request_no")).toString() == QStringLiteral("R-order");
        QCOMPARE(o.value(QLatin1String("order_amount_fen")).isNull(), !hasOrder);
        if (hasOrder) {
            QCOMPARE(o.value(QLatin1String("order_amount_fen")).toInteger(), 12800);
            QCOMPARE(o.value(QLatin1String("discount_fen")).toInteger(), 2000);
        }
    }

    QBuffer csv;
    QVERIFY(csv.open(QIODevice::WriteOnly));
    QVERIFY(journal.exportCsv({}, csv, false).ok());
    const int orderColumn = Journal::exportColumns().indexOf(QStringLiteral("order_amount_fen"));
    QVERIFY(orderColumn > 0);
    QVERIFY(csv.data().contains(",12800,2000,"));

    // A negative amount is refused by the file itself.
    RawDb raw(dbPath());
    QVERIFY(!raw.exec(QStringLiteral("UPDATE journal SET order_amount_fen = -1")));
}

void TestHistoryJournalOpen::connectionIsRemovedWhenJournalIsDestroyed()
{
    QString first;
    QString second;
    {
        Journal a(clock());
        Journal b(clock());
        first = a.connectionName();
        second = b.connectionName();
        QVERIFY(first != second);
        QVERIFY(a.open(dbPath()).ok());
        QVERIFY(b.open(dbPath()).ok());
        QVERIFY(QSqlDatabase::contains(first));
        QVERIFY(QSqlDatabase::contains(second));
        b.close();
        QVERIFY(!b.isOpen());
        QVERIFY(!QSqlDatabase::contains(second));
    }
    QVERIFY(!QSqlDatabase::contains(first));
}

QTEST_GUILESS_MAIN(TestHistoryJournalOpen)
#include "test_history_journal_open.moc"
