// The history journal on real SQLite files in temporary folders.
#include "history/journal.h"
#include "history/schema.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <thread>

using namespace history;

namespace {

// Opens the file with a separate raw connection, for looking at what the journal wrote.
class RawDb
{
public:
    explicit RawDb(const QString &path)
        : m_name(QStringLiteral("raw-") + QString::number(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        m_ok = db.open();
    }
    ~RawDb()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    bool ok() const { return m_ok; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    QVariant scalar(const QString &sql) const
    {
        QSqlQuery q(db());
        if (!q.exec(sql) || !q.next()) {
            return QVariant();
        }
        return q.value(0);
    }
    QStringList column(const QString &sql, int index = 0) const
    {
        QStringList values;
        QSqlQuery q(db());
        if (q.exec(sql)) {
            while (q.next()) {
                values << q.value(index).toString();
            }
        }
        return values;
    }
    bool exec(const QString &sql) const
    {
        QSqlQuery q(db());
        return q.exec(sql);
    }

private:
    static inline int s_counter = 0;
    QString m_name;
    bool m_ok = false;
};

// A minimal RFC 4180 reader: enough to read our own exports back.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
            fieldStarted = true;
        } else if (c == u',') {
            record << field;
            field.clear();
            fieldStarted = false;
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            record << field;
            records << record;
            record.clear();
            field.clear();
            fieldStarted = false;
            ++i;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (fieldStarted || !field.isEmpty() || !record.isEmpty()) {
        record << field;
        records << record;
    }
    return records;
}

QStringList requestNos(const QList<JournalEntry> &entries)
{
    QStringList list;
    for (const JournalEntry &e : entries) {
        list << e.requestNo;
    }
    return list;
}

QSet<QString> requestNoSet(const QList<JournalEntry> &entries)
{
    QSet<QString> set;
    for (const JournalEntry &e : entries) {
        set.insert(e.requestNo);
    }
    return set;
}

} // namespace

class TestHistoryJournal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

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

    void insertedRowReadsBackWithChineseText();
    void insertPendingStoresPendingWhateverTheCallerSet();
    void pendingRowIsVisibleToAnotherInstanceAtOnce();
    void duplicateRequestNumberIsRefused();
    void batchWithDuplicateStoresNothing();
    void insertBatchStoresRowsAsGivenAndAssignsIds();
    void incompleteEntryIsRefused();

    void outcomeSucceededIsRecorded();
    void uncertainRowCanBeSettledLater();
    void settledRowIsOnlyChangedManually();
    void badOutcomesAreRefused();
    void everyInsertIsSyncedWhateverOutcomesCameBefore();
    void attemptsAreCounted();
    void noteIsSaved();

    void unsettledListsPendingAndUncertainOldestFirst();
    void inFlightForMatchesCouponAndOperation();
    void secondOperationForACouponInFlightIsRefused();

    void filterNarrowsByEachField_data();
    void filterNarrowsByEachField();
    void prefixAndExactInputAreLiteral_data();
    void prefixAndExactInputAreLiteral();
    void searchesUseTheIndexes();
    void pagesAreNewestFirstAndCounted();
    void badPageIsRefused();

    void csvExport_data();
    void csvExport();
    void csvExportAppliesTheFilterAndStreamsManyRows();
    void jsonExportParsesBack();
    void jsonExportOfNothingIsAnEmptyArray();
    void exportToClosedDeviceFails();

    void twoInstancesInterleaveWritesOnOneFile();
    void twoInstancesWriteConcurrentlyFromTwoThreads();
    void writeBlockedBeyondTheBusyTimeoutFailsAsBusy();
    void readersAreNotBlockedByAWriter();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("history/journal.sqlite")); }
    Journal::NowFunction clock()
    {
        return [this] { return m_now; };
    }
    // Without a code, each request number gets its own coupon code ("CODE-" + request number).
    JournalEntry makeEntry(
        const QString &requestNo, const QString &code = QString(), Operation op = Operation::Use) const;
    void seedFilterRows(Journal &journal);

    std::unique_ptr<QTemporaryDir> m_dir;
    QDateTime m_now;
};

void TestHistoryJournal::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // A fixed local time with millisecond precision (the journal stores milliseconds).
    m_now = QDateTime(QDate(2024, 5, 1), QTime(10, 0, 0, 123));
}

void TestHistoryJournal::cleanup()
{
    m_dir.reset();
}

JournalEntry TestHistoryJournal::makeEntry(const QString &requestNo, const QString &code, Operation op) const
{
    JournalEntry e;
    e.operation = op;
    e.couponCode = code.isNull() ? QLatin1String("CODE-") + requestNo : code;
    e.stockId = QStringLiteral("9856000");
    e.openid = QStringLiteral("oWmnN4xxxxxxxxxxe92NHIGf1xd8");
    e.appid = QStringLiteral("wx1234567890abcdef");
    e.requestNo = requestNo;
    e.requestBody = QByteArrayLiteral("{\"coupon_code\":\"") + code.toUtf8() + QByteArrayLiteral("\"}");
    e.staff = QStringLiteral("alice");
    e.counterId = QStringLiteral("C01");
    return e;
}

// ---------------------------------------------------------------------------------------------
// Opening, schema, files

void TestHistoryJournal::openCreatesFolderFileWalAndSchema()
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
        QCOMPARE(kSchemaVersion, 2);
        QVERIFY(journal.checkIntegrity().ok());
    }
    QVERIFY(QFileInfo::exists(dbPath()));

    RawDb raw(dbPath());
    QVERIFY(raw.ok());
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(raw.column(QStringLiteral("SELECT version FROM schema_version ORDER BY version")),
        (QStringList { QStringLiteral("1"), QStringLiteral("2") }));
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

void TestHistoryJournal::tableHasNoColumnForSecrets()
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

void TestHistoryJournal::fileRefusesUnknownStoredValues_data()
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
void TestHistoryJournal::fileRefusesUnknownStoredValues()
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

void TestHistoryJournal::notOpenCallsFail()
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

void TestHistoryJournal::fileThatIsNotADatabaseIsRefused()
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

void TestHistoryJournal::newerSchemaIsRefusedAndLeftUnchanged()
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
        (QStringList { QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("7") }));
    QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM journal")).toInt(), 1);
}

void TestHistoryJournal::reopenKeepsData()
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

void TestHistoryJournal::version1FileIsMigratedKeepingItsRows()
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
    QCOMPARE(journal.schemaVersion().value(), 2);
    const auto old = journal.findByRequestNo(QStringLiteral("R-old"));
    QVERIFY(old.ok() && old->has_value());
    QCOMPARE((*old)->couponCode, QStringLiteral("OLD1"));
    QVERIFY(!(*old)->orderFen.has_value()); // rows from before keep "not known", not 0
    QVERIFY(!(*old)->discountFen.has_value());
    JournalEntry e = makeEntry(QStringLiteral("R-new"));
    e.orderFen = 8800;
    QVERIFY(journal.insertPending(e).ok());
}

void TestHistoryJournal::orderAmountAndDiscountRoundTrip()
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

void TestHistoryJournal::connectionIsRemovedWhenJournalIsDestroyed()
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

// ---------------------------------------------------------------------------------------------
// Inserting

void TestHistoryJournal::insertedRowReadsBackWithChineseText()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());

    JournalEntry e = makeEntry(
        QStringLiteral("C01202405011000000001"), QStringLiteral("券ABC123"), Operation::Deactivate);
    e.reason = QString::fromUtf8("顾客退货，作废 — “特价”");
    e.staff = QString::fromUtf8("张三");
    e.counterId = QString::fromUtf8("收银台1");
    e.note = QString::fromUtf8("备注 😀");
    e.batchId = QStringLiteral("BATCH-7");
    e.requestBody
        = QString::fromUtf8("{\"coupon_code\":\"券ABC123\",\"deactivate_reason\":\"顾客退货，作废\"}")
              .toUtf8();

    const auto inserted = journal.insertPending(e);
    QVERIFY2(inserted.ok(), qPrintable(inserted.error().toString()));
    QVERIFY(*inserted > 0);
    QCOMPARE(e.id, *inserted);
    QCOMPARE(e.createdAt, m_now);

    const auto row = journal.entry(e.id);
    QVERIFY(row.ok());
    QCOMPARE(row->id, e.id);
    QCOMPARE(row->operation, Operation::Deactivate);
    QCOMPARE(row->couponCode, QStringLiteral("券ABC123"));
    QCOMPARE(row->stockId, e.stockId);
    QCOMPARE(row->openid, e.openid);
    QCOMPARE(row->appid, e.appid);
    QCOMPARE(row->reason, e.reason);
    QCOMPARE(row->requestNo, e.requestNo);
    QCOMPARE(row->requestBody, e.requestBody);
    QCOMPARE(row->state, State::Pending);
    QCOMPARE(row->staff, QString::fromUtf8("张三"));
    QCOMPARE(row->counterId, e.counterId);
    QCOMPARE(row->createdAt, m_now);
    QCOMPARE(row->createdAt.toMSecsSinceEpoch(), m_now.toMSecsSinceEpoch());
    QCOMPARE(row->updatedAt, m_now);
    QCOMPARE(row->attempts, 0);
    QCOMPARE(row->httpStatus, 0);
    QCOMPARE(row->settledBy, SettledBy::None);
    QCOMPARE(row->batchId, QStringLiteral("BATCH-7"));
    QCOMPARE(row->note, e.note);

    const auto found = journal.findByRequestNo(e.requestNo);
    QVERIFY(found.ok());
    QVERIFY(found->has_value());
    QCOMPARE((*found)->id, e.id);
    const auto missing = journal.findByRequestNo(QStringLiteral("no-such-request"));
    QVERIFY(missing.ok());
    QVERIFY(!missing->has_value());
    QCOMPARE(journal.entry(e.id + 1000).error().kind, ErrorKind::NotFound);

    // The bytes are stored as sent; times are UTC epoch milliseconds.
    RawDb raw(dbPath());
    QCOMPARE(raw.scalar(QStringLiteral("SELECT request_body FROM journal")).toByteArray(), e.requestBody);
    QCOMPARE(raw.scalar(QStringLiteral("SELECT typeof(request_body) FROM journal")).toString(),
        QStringLiteral("blob"));
    QCOMPARE(raw.scalar(QStringLiteral("SELECT batch_id IS NULL FROM journal")).toInt(), 0);
    QCOMPARE(
        raw.scalar(QStringLiteral("SELECT created_at FROM journal")).toLongLong(), m_now.toMSecsSinceEpoch());
}

void TestHistoryJournal::insertPendingStoresPendingWhateverTheCallerSet()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    JournalEntry e = makeEntry(QStringLiteral("R1"));
    e.state = State::Succeeded;
    e.settledBy = SettledBy::Response;
    e.attempts = 3;
    e.createdAt = m_now.addSecs(-60);
    QVERIFY(journal.insertPending(e).ok());
    QCOMPARE(e.state, State::Pending);
    const auto row = journal.entry(e.id);
    QCOMPARE(row->state, State::Pending);
    QCOMPARE(row->settledBy, SettledBy::None);
    QCOMPARE(row->attempts, 1); // at most the first send is counted with the insert
    QCOMPARE(row->createdAt, m_now.addSecs(-60)); // the caller's time (e.g. the body's use_time) is kept
    QVERIFY(row->batchId.isEmpty());

    RawDb raw(dbPath());
    QCOMPARE(raw.scalar(QStringLiteral("SELECT batch_id IS NULL FROM journal")).toInt(), 1);
}

void TestHistoryJournal::pendingRowIsVisibleToAnotherInstanceAtOnce()
{
    Journal writer(clock());
    Journal reader(clock());
    QVERIFY(writer.open(dbPath()).ok());
    QVERIFY(reader.open(dbPath()).ok());
    JournalEntry e = makeEntry(QStringLiteral("R-durable"));
    QVERIFY(writer.insertPending(e).ok());
    const auto seen = reader.findByRequestNo(QStringLiteral("R-durable"));
    QVERIFY(seen.ok());
    QVERIFY(seen->has_value());
    QCOMPARE((*seen)->state, State::Pending);
}

void TestHistoryJournal::duplicateRequestNumberIsRefused()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    JournalEntry first = makeEntry(QStringLiteral("R-dup"));
    QVERIFY(journal.insertPending(first).ok());

    JournalEntry second = makeEntry(QStringLiteral("R-dup"), QStringLiteral("999"));
    const auto refused = journal.insertPending(second);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, ErrorKind::Duplicate);
    QVERIFY2(refused.error().message.contains(QLatin1String("R-dup")), qPrintable(refused.error().message));
    QCOMPARE(second.id, 0);
    QCOMPARE(journal.count({}).value(), 1);
    QCOMPARE(journal.entry(first.id)->couponCode, first.couponCode);

    // Another instance is refused the same way.
    Journal other(clock());
    QVERIFY(other.open(dbPath()).ok());
    QCOMPARE(other.insertPending(second).error().kind, ErrorKind::Duplicate);
}

void TestHistoryJournal::batchWithDuplicateStoresNothing()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    JournalEntry existing = makeEntry(QStringLiteral("B-2"));
    QVERIFY(journal.insertPending(existing).ok());

    QList<JournalEntry> batch { makeEntry(QStringLiteral("B-1")), makeEntry(QStringLiteral("B-2")),
        makeEntry(QStringLiteral("B-3")) };
    const auto refused = journal.insertBatch(batch);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, ErrorKind::Duplicate);
    QVERIFY(refused.error().message.contains(QLatin1String("B-2")));
    QCOMPARE(journal.count({}).value(), 1);
    for (const JournalEntry &e : std::as_const(batch)) {
        QCOMPARE(e.id, 0);
    }

    QList<JournalEntry> twice { makeEntry(QStringLiteral("B-4")), makeEntry(QStringLiteral("B-4")) };
    QCOMPARE(journal.insertBatch(twice).error().kind, ErrorKind::Duplicate);
    QCOMPARE(journal.count({}).value(), 1);
}

void TestHistoryJournal::insertBatchStoresRowsAsGivenAndAssignsIds()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QList<JournalEntry> batch;
    for (int i = 0; i < 3; ++i) {
        batch << makeEntry(QStringLiteral("B-%1").arg(i));
    }
    batch[1].state = State::Succeeded;
    batch[1].settledBy = SettledBy::Response;
    batch[1].httpStatus = 200;
    batch[2].batchId = QStringLiteral("JOB-1");
    QVERIFY(journal.insertBatch(batch).ok());
    QVERIFY(batch[0].id > 0);
    QCOMPARE(batch[1].id, batch[0].id + 1);
    QCOMPARE(batch[2].id, batch[0].id + 2);
    QCOMPARE(journal.entry(batch[1].id)->state, State::Succeeded);
    QCOMPARE(journal.entry(batch[1].id)->httpStatus, 200);
    QCOMPARE(journal.entry(batch[2].id)->batchId, QStringLiteral("JOB-1"));
    QCOMPARE(journal.count({}).value(), 3);

    QList<JournalEntry> empty;
    QVERIFY(journal.insertBatch(empty).ok());

    QList<JournalEntry> invalid { makeEntry(QStringLiteral("B-9")) };
    invalid[0].state = State::Failed; // settled without saying by what
    QCOMPARE(journal.insertBatch(invalid).error().kind, ErrorKind::InvalidArgument);
}

void TestHistoryJournal::incompleteEntryIsRefused()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    JournalEntry noRequestNo = makeEntry(QString());
    QCOMPARE(journal.insertPending(noRequestNo).error().kind, ErrorKind::InvalidArgument);
    JournalEntry noCode = makeEntry(QStringLiteral("R1"));
    noCode.couponCode.clear();
    QCOMPARE(journal.insertPending(noCode).error().kind, ErrorKind::InvalidArgument);
    QCOMPARE(journal.count({}).value(), 0);
}

// ---------------------------------------------------------------------------------------------
// Outcomes

void TestHistoryJournal::outcomeSucceededIsRecorded()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    JournalEntry e = makeEntry(QStringLiteral("R1"));
    QVERIFY(journal.insertPending(e).ok());

    m_now = m_now.addSecs(2);
    Outcome outcome;
    outcome.state = State::Succeeded;
    outcome.wechatTime = QStringLiteral("2024-05-01T10:00:01+08:00");
    outcome.requestId = QStringLiteral("08F0B6A7B00610B5E10C18A0B0C05D20ADD3E40228B88E01-0");
    outcome.httpStatus = 200;
    outcome.settledBy = SettledBy::Response;
    const auto marked = journal.markOutcome(e.id, outcome);
    QVERIFY2(marked.ok(), qPrintable(marked.error().toString()));

    const auto row = journal.entry(e.id);
    QCOMPARE(row->state, State::Succeeded);
    QCOMPARE(row->wechatTime, outcome.wechatTime);
    QCOMPARE(row->requestId, outcome.requestId);
    QCOMPARE(row->httpStatus, 200);
    QCOMPARE(row->settledBy, SettledBy::Response);
    QCOMPARE(row->createdAt, m_now.addSecs(-2));
    QCOMPARE(row->updatedAt, m_now);
    QCOMPARE(row->requestBody, e.requestBody); // the body is never touched by an outcome
}

void TestHistoryJournal::uncertainRowCanBeSettledLater()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    JournalEntry e = makeEntry(QStringLiteral("R1"));
    QVERIFY(journal.insertPending(e).ok());

    Outcome timeout;
    timeout.state = State::Uncertain;
    timeout.message = QStringLiteral("timeout after 10 s");
    QVERIFY(journal.markOutcome(e.id, timeout).ok());
    QCOMPARE(journal.entry(e.id)->state, State::Uncertain);

    Outcome again = timeout;
    again.httpStatus = 503;
    again.message = QStringLiteral("SYSTEM_ERROR");
    QVERIFY(journal.markOutcome(e.id, again).ok());
    QCOMPARE(journal.entry(e.id)->httpStatus, 503);

    Outcome failed;
    failed.state = State::Failed;
    failed.httpStatus = 400;
    failed.wechatCode = QStringLiteral("RESOURCE_ALREADY_EXISTS");
    failed.message = QString::fromUtf8("券已核销");
    failed.settledBy = SettledBy::Retry;
    QVERIFY(journal.markOutcome(e.id, failed).ok());
    const auto row = journal.entry(e.id);
    QCOMPARE(row->state, State::Failed);
    QCOMPARE(row->wechatCode, QStringLiteral("RESOURCE_ALREADY_EXISTS"));
    QCOMPARE(row->message, QString::fromUtf8("券已核销"));
    QCOMPARE(row->settledBy, SettledBy::Retry);
}

void TestHistoryJournal::settledRowIsOnlyChangedManually()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    JournalEntry e = makeEntry(QStringLiteral("R1"));
    QVERIFY(journal.insertPending(e).ok());
    QVERIFY(journal
                .markOutcome(
                    e.id, { State::Succeeded, {}, QStringLiteral("REQ-1"), {}, {}, 200, SettledBy::Response })
                .ok());

    const auto refused = journal.markOutcome(
        e.id, { State::Failed, {}, {}, QStringLiteral("X"), {}, 400, SettledBy::Query });
    QCOMPARE(refused.error().kind, ErrorKind::InvalidTransition);
    QVERIFY(refused.error().message.contains(QLatin1String("SUCCEEDED")));
    QCOMPARE(journal.markOutcome(e.id, { State::Uncertain, {}, {}, {}, {}, 0, SettledBy::None }).error().kind,
        ErrorKind::InvalidTransition);
    QCOMPARE(journal.entry(e.id)->state, State::Succeeded);
    QCOMPARE(journal.entry(e.id)->requestId, QStringLiteral("REQ-1"));

    QVERIFY(journal
                .markOutcome(e.id,
                    { State::Failed, {}, {}, {}, QStringLiteral("voided by manager"), 0, SettledBy::Manual })
                .ok());
    QCOMPARE(journal.entry(e.id)->state, State::Failed);
    QCOMPARE(journal.entry(e.id)->settledBy, SettledBy::Manual);
}

void TestHistoryJournal::badOutcomesAreRefused()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    JournalEntry e = makeEntry(QStringLiteral("R1"));
    QVERIFY(journal.insertPending(e).ok());

    QCOMPARE(journal.markOutcome(e.id, { State::Pending, {}, {}, {}, {}, 0, SettledBy::None }).error().kind,
        ErrorKind::InvalidTransition);
    QCOMPARE(
        journal.markOutcome(e.id, { State::Succeeded, {}, {}, {}, {}, 200, SettledBy::None }).error().kind,
        ErrorKind::InvalidArgument);
    QCOMPARE(
        journal.markOutcome(e.id, { State::Uncertain, {}, {}, {}, {}, 0, SettledBy::Query }).error().kind,
        ErrorKind::InvalidArgument);
    QCOMPARE(
        journal.markOutcome(e.id + 1, { State::Uncertain, {}, {}, {}, {}, 0, SettledBy::None }).error().kind,
        ErrorKind::NotFound);
    QCOMPARE(journal.entry(e.id)->state, State::Pending);
}

// Inserts (the write-ahead rows), failures and manual corrections are synced at commit
// (synchronous = FULL); successes and UNCERTAIN outcomes commit with NORMAL for that one commit.
// Whatever outcome came before, the connection is back to FULL for the next write.
void TestHistoryJournal::everyInsertIsSyncedWhateverOutcomesCameBefore()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    const auto synchronous = [&journal] {
        QSqlQuery q(QSqlDatabase::database(journal.connectionName(), false));
        return q.exec(QStringLiteral("PRAGMA synchronous")) && q.next() ? q.value(0).toInt() : -1;
    };
    constexpr int kFull = 2;
    QCOMPARE(synchronous(), kFull);
    JournalEntry e = makeEntry(QStringLiteral("R1"));
    QVERIFY(journal.insertPending(e).ok());
    QCOMPARE(synchronous(), kFull);

    QVERIFY(journal.markOutcome(e.id, { State::Uncertain, {}, {}, {}, QStringLiteral("timeout"), 0, SettledBy::None }).ok());
    QCOMPARE(synchronous(), kFull);
    QVERIFY(journal.markOutcome(e.id, { State::Succeeded, {}, {}, {}, {}, 200, SettledBy::Response }).ok());
    QCOMPARE(synchronous(), kFull);
    // Refused inside the transaction (already settled): rolled back, and FULL again.
    QCOMPARE(journal.markOutcome(e.id, { State::Failed, {}, {}, {}, {}, 400, SettledBy::Query }).error().kind,
        ErrorKind::InvalidTransition);
    QCOMPARE(synchronous(), kFull);
    QVERIFY(journal.markOutcome(e.id, { State::Failed, {}, {}, {}, QStringLiteral("manager"), 0, SettledBy::Manual }).ok());
    QCOMPARE(synchronous(), kFull);

    // The unsynced outcome is committed all the same: another connection reads it at once.
    JournalEntry f = makeEntry(QStringLiteral("R2"));
    QVERIFY(journal.insertPending(f).ok());
    QVERIFY(journal.markOutcome(f.id, { State::Succeeded, {}, {}, {}, {}, 200, SettledBy::Response }).ok());
    RawDb raw(dbPath());
    QVERIFY(raw.ok());
    QCOMPARE(raw.scalar(QStringLiteral("SELECT state FROM journal WHERE request_no = 'R2'")).toString(),
        QStringLiteral("SUCCEEDED"));
}

void TestHistoryJournal::attemptsAreCounted()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    JournalEntry e = makeEntry(QStringLiteral("R1"));
    QVERIFY(journal.insertPending(e).ok());
    m_now = m_now.addSecs(5);
    QCOMPARE(journal.incrementAttempts(e.id).value(), 1);
    QCOMPARE(journal.incrementAttempts(e.id).value(), 2);
    QCOMPARE(journal.entry(e.id)->attempts, 2);
    QCOMPARE(journal.entry(e.id)->updatedAt, m_now);
    QCOMPARE(journal.incrementAttempts(e.id + 1).error().kind, ErrorKind::NotFound);
}

void TestHistoryJournal::noteIsSaved()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    JournalEntry e = makeEntry(QStringLiteral("R1"));
    QVERIFY(journal.insertPending(e).ok());
    QVERIFY(journal.setNote(e.id, QString::fromUtf8("经理确认")).ok());
    QCOMPARE(journal.entry(e.id)->note, QString::fromUtf8("经理确认"));
    QVERIFY(journal.setNote(e.id, QString()).ok());
    QCOMPARE(journal.entry(e.id)->note, QString());
    QCOMPARE(journal.setNote(e.id + 1, QStringLiteral("x")).error().kind, ErrorKind::NotFound);
}

// ---------------------------------------------------------------------------------------------
// Settling lists

void TestHistoryJournal::unsettledListsPendingAndUncertainOldestFirst()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    const QDateTime base = m_now;
    const auto add = [&](const QString &no, int minutes) {
        JournalEntry e = makeEntry(no);
        e.createdAt = base.addSecs(60 * minutes);
        const auto r = journal.insertPending(e);
        return r.ok() ? *r : qint64(0);
    };
    const qint64 late = add(QStringLiteral("late-pending"), 30);
    const qint64 early = add(QStringLiteral("early-uncertain"), 10);
    const qint64 done = add(QStringLiteral("succeeded"), 5);
    const qint64 failed = add(QStringLiteral("failed"), 1);
    const qint64 middle = add(QStringLiteral("middle-pending"), 20);
    QVERIFY(late && early && done && failed && middle);
    QVERIFY(journal.markOutcome(early, { State::Uncertain, {}, {}, {}, {}, 0, SettledBy::None }).ok());
    QVERIFY(journal.markOutcome(done, { State::Succeeded, {}, {}, {}, {}, 200, SettledBy::Response }).ok());
    QVERIFY(journal.markOutcome(failed, { State::Failed, {}, {}, {}, {}, 400, SettledBy::Response }).ok());

    const auto list = journal.unsettled();
    QVERIFY(list.ok());
    QCOMPARE(requestNos(*list),
        (QStringList { QStringLiteral("early-uncertain"), QStringLiteral("middle-pending"),
            QStringLiteral("late-pending") }));
    QCOMPARE(journal.unsettledCount().value(), qint64(3));
    QVERIFY(journal.markOutcome(middle, { State::Succeeded, {}, {}, {}, {}, 200, SettledBy::Query }).ok());
    QCOMPARE(journal.unsettledCount().value(), qint64(2));
}

void TestHistoryJournal::inFlightForMatchesCouponAndOperation()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    JournalEntry use = makeEntry(QStringLiteral("U1"), QStringLiteral("CODE-A"), Operation::Use);
    JournalEntry voidA = makeEntry(QStringLiteral("D1"), QStringLiteral("CODE-A"), Operation::Deactivate);
    JournalEntry otherCode = makeEntry(QStringLiteral("U2"), QStringLiteral("CODE-B"), Operation::Use);
    JournalEntry settled = makeEntry(QStringLiteral("U3"), QStringLiteral("CODE-A"), Operation::Use);
    for (JournalEntry *e : { &use, &voidA, &otherCode, &settled }) {
        // Allow: build a state that insertPending's own check would normally prevent.
        QVERIFY(journal.insertPending(*e, Journal::InFlightPolicy::Allow).ok());
    }
    QVERIFY(
        journal.markOutcome(settled.id, { State::Failed, {}, {}, {}, {}, 400, SettledBy::Response }).ok());

    QCOMPARE(requestNos(journal.inFlightFor(QStringLiteral("CODE-A"), Operation::Use).value()),
        QStringList { QStringLiteral("U1") });
    QCOMPARE(requestNos(journal.inFlightFor(QStringLiteral("CODE-A")).value()),
        (QStringList { QStringLiteral("U1"), QStringLiteral("D1") }));
    QVERIFY(journal.inFlightFor(QStringLiteral("CODE-A"), Operation::Return)->isEmpty());
    QVERIFY(journal.inFlightFor(QStringLiteral("CODE-C"))->isEmpty());
}

void TestHistoryJournal::secondOperationForACouponInFlightIsRefused()
{
    Journal journal(clock());
    Journal otherInstance(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QVERIFY(otherInstance.open(dbPath()).ok());
    JournalEntry use = makeEntry(QStringLiteral("U1"), QStringLiteral("CODE-A"), Operation::Use);
    QVERIFY(journal.insertPending(use).ok());

    // Another use, or a void, of the same coupon from any instance is refused while U1 is unsettled.
    JournalEntry again = makeEntry(QStringLiteral("U2"), QStringLiteral("CODE-A"), Operation::Use);
    const auto refused = otherInstance.insertPending(again);
    QCOMPARE(refused.error().kind, ErrorKind::InFlight);
    QVERIFY2(refused.error().message.contains(QLatin1String("U1")), qPrintable(refused.error().message));
    JournalEntry voidIt = makeEntry(QStringLiteral("D1"), QStringLiteral("CODE-A"), Operation::Deactivate);
    QCOMPARE(journal.insertPending(voidIt).error().kind, ErrorKind::InFlight);
    QVERIFY(journal.markOutcome(use.id, { State::Uncertain, {}, {}, {}, {}, 0, SettledBy::None }).ok());
    QCOMPARE(journal.insertPending(voidIt).error().kind, ErrorKind::InFlight);
    QCOMPARE(journal.count({}).value(), 1);

    // A query of the coupon (reconciliation) and other coupons are never blocked.
    JournalEntry query = makeEntry(QStringLiteral("Q1"), QStringLiteral("CODE-A"), Operation::Query);
    QVERIFY(journal.insertPending(query).ok());
    JournalEntry otherCoupon = makeEntry(QStringLiteral("U3"), QStringLiteral("CODE-B"), Operation::Use);
    QVERIFY(journal.insertPending(otherCoupon).ok());
    // An unsettled query does not block a use either.
    JournalEntry useB = makeEntry(QStringLiteral("U4"), QStringLiteral("CODE-C"), Operation::Use);
    JournalEntry queryC = makeEntry(QStringLiteral("Q2"), QStringLiteral("CODE-C"), Operation::Query);
    QVERIFY(journal.insertPending(queryC).ok());
    QVERIFY(journal.insertPending(useB).ok());

    // Settled: the next operation may go; Allow skips the check on purpose.
    QVERIFY(journal.markOutcome(use.id, { State::Succeeded, {}, {}, {}, {}, 200, SettledBy::Retry }).ok());
    QVERIFY(otherInstance.insertPending(voidIt).ok());
    QVERIFY(journal.insertPending(again, Journal::InFlightPolicy::Allow).ok());
    QCOMPARE(journal.inFlightFor(QStringLiteral("CODE-A"), Operation::Use)->size(), 1);
}

// ---------------------------------------------------------------------------------------------
// Queries

// Rows for the filter tests: request numbers F1..F8, one hour apart starting at m_now.
void TestHistoryJournal::seedFilterRows(Journal &journal)
{
    struct Seed
    {
        const char *no;
        const char *code;
        Operation op;
        State state;
        const char *staff;
        const char *batch;
    };
    const Seed seeds[] = {
        { "F1", "1000001", Operation::Use, State::Succeeded, "alice", "" },
        { "F2", "1000002", Operation::Use, State::Failed, "bob", "" },
        { "F3", "1000100", Operation::Deactivate, State::Succeeded, "bob", "JOB-1" },
        { "F4", "2000001", Operation::Deactivate, State::Uncertain, "alice", "JOB-1" },
        { "F5", "2000002", Operation::Return, State::Succeeded, "carol", "" },
        { "F6", "1000001", Operation::Return, State::Pending, "alice", "JOB-2" },
        { "F7", "10000", Operation::Use, State::Succeeded, "bob", "" },
        { "F8", "100", Operation::Use, State::Succeeded, "alice", "" },
    };
    QList<JournalEntry> batch;
    int hour = 0;
    for (const Seed &s : seeds) {
        JournalEntry e = makeEntry(QLatin1String(s.no), QLatin1String(s.code), s.op);
        e.state = s.state;
        e.settledBy = isSettled(s.state) ? SettledBy::Response : SettledBy::None;
        e.staff = QLatin1String(s.staff);
        e.batchId = QLatin1String(s.batch);
        e.createdAt = m_now.addSecs(3600 * hour++);
        batch << e;
    }
    QVERIFY(journal.insertBatch(batch).ok());
}

void TestHistoryJournal::filterNarrowsByEachField_data()
{
    QTest::addColumn<JournalFilter>("filter");
    QTest::addColumn<QStringList>("expected"); // newest first

    const QDateTime base(QDate(2024, 5, 1), QTime(10, 0, 0, 123));
    const auto filter = [](auto &&set) {
        JournalFilter f;
        set(f);
        return f;
    };

    QTest::newRow("no filter returns every row, newest first")
        << JournalFilter {}
        << QStringList { QStringLiteral("F8"), QStringLiteral("F7"), QStringLiteral("F6"),
               QStringLiteral("F5"), QStringLiteral("F4"), QStringLiteral("F3"), QStringLiteral("F2"),
               QStringLiteral("F1") };
    QTest::newRow("an exact code matches only that code")
        << filter([](JournalFilter &f) { f.codeExact = QStringLiteral("1000001"); })
        << QStringList { QStringLiteral("F6"), QStringLiteral("F1") };
    QTest::newRow("a code prefix matches codes that start with it")
        << filter([](JournalFilter &f) { f.codePrefix = QStringLiteral("10000"); })
        << QStringList { QStringLiteral("F7"), QStringLiteral("F6"), QStringLiteral("F2"),
               QStringLiteral("F1") };
    QTest::newRow("a code prefix equal to a whole code includes that code")
        << filter([](JournalFilter &f) { f.codePrefix = QStringLiteral("100"); })
        << QStringList { QStringLiteral("F8"), QStringLiteral("F7"), QStringLiteral("F6"),
               QStringLiteral("F3"), QStringLiteral("F2"), QStringLiteral("F1") };
    QTest::newRow("any part of the code matches (the last digits a cashier reads)")
        << filter([](JournalFilter &f) { f.codeContains = QStringLiteral("0001"); })
        << QStringList { QStringLiteral("F6"), QStringLiteral("F4"), QStringLiteral("F3"), QStringLiteral("F1") };
    QTest::newRow("the end of the code matches")
        << filter([](JournalFilter &f) { f.codeContains = QStringLiteral("002"); })
        << QStringList { QStringLiteral("F5"), QStringLiteral("F2") };
    QTest::newRow("from is inclusive") << filter([&](JournalFilter &f) { f.from = base.addSecs(3600 * 6); })
                                       << QStringList { QStringLiteral("F8"), QStringLiteral("F7") };
    QTest::newRow("to is exclusive") << filter([&](JournalFilter &f) { f.to = base.addSecs(3600 * 2); })
                                     << QStringList { QStringLiteral("F2"), QStringLiteral("F1") };
    QTest::newRow("from and to make a half-open range") << filter([&](JournalFilter &f) {
        f.from = base.addSecs(3600 * 2);
        f.to = base.addSecs(3600 * 4);
    }) << QStringList { QStringLiteral("F4"), QStringLiteral("F3") };
    QTest::newRow("a range given in UTC matches the same instants") << filter([&](JournalFilter &f) {
        f.from = base.addSecs(3600 * 2).toUTC();
        f.to = base.addSecs(3600 * 4).toUTC();
    }) << QStringList { QStringLiteral("F4"), QStringLiteral("F3") };
    QTest::newRow("an operation filter keeps that operation")
        << filter([](JournalFilter &f) { f.operation = Operation::Return; })
        << QStringList { QStringLiteral("F6"), QStringLiteral("F5") };
    QTest::newRow("a state filter keeps that state")
        << filter([](JournalFilter &f) { f.state = State::Failed; }) << QStringList { QStringLiteral("F2") };
    QTest::newRow("a staff filter keeps that cashier's rows")
        << filter([](JournalFilter &f) { f.staff = QStringLiteral("bob"); })
        << QStringList { QStringLiteral("F7"), QStringLiteral("F3"), QStringLiteral("F2") };
    QTest::newRow("a batch filter keeps that bulk job's rows")
        << filter([](JournalFilter &f) { f.batchId = QStringLiteral("JOB-1"); })
        << QStringList { QStringLiteral("F4"), QStringLiteral("F3") };
    QTest::newRow("all filters combine with AND") << filter([&](JournalFilter &f) {
        f.codePrefix = QStringLiteral("1");
        f.state = State::Succeeded;
        f.operation = Operation::Use;
        f.staff = QStringLiteral("alice");
        f.from = base;
    }) << QStringList { QStringLiteral("F8"), QStringLiteral("F1") };
    QTest::newRow("a filter that matches nothing returns nothing")
        << filter([](JournalFilter &f) { f.staff = QStringLiteral("nobody"); }) << QStringList {};
}

void TestHistoryJournal::filterNarrowsByEachField()
{
    QFETCH(JournalFilter, filter);
    QFETCH(QStringList, expected);
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    seedFilterRows(journal);

    const auto rows = journal.query(filter, 0, 100);
    QVERIFY2(rows.ok(), qPrintable(rows.error().toString()));
    QCOMPARE(requestNos(*rows), expected);
    QCOMPARE(journal.count(filter).value(), qint64(expected.size()));
}

void TestHistoryJournal::prefixAndExactInputAreLiteral_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QStringList>("expectedPrefix"); // request numbers, any order
    QTest::addColumn<QStringList>("expectedExact");

    const QString injection = QStringLiteral("a%'; DROP TABLE journal; --");
    QTest::newRow("a percent sign is not a wildcard")
        << QStringLiteral("a%") << QStringList { QStringLiteral("P1"), QStringLiteral("P7") }
        << QStringList {};
    QTest::newRow("an underscore is not a wildcard") << QStringLiteral(
        "a_") << QStringList { QStringLiteral("P2") } << QStringList { QStringLiteral("P2") };
    QTest::newRow("a star is not a wildcard") << QStringLiteral("a*") << QStringList { QStringLiteral("P3") }
                                              << QStringList { QStringLiteral("P3") };
    QTest::newRow("a bracket is not a character class")
        << QStringLiteral("a[") << QStringList { QStringLiteral("P4") } << QStringList {};
    QTest::newRow("SQL in the search box is only text")
        << injection << QStringList { QStringLiteral("P7") } << QStringList { QStringLiteral("P7") };
    QTest::newRow("a lone quote is only text")
        << QStringLiteral("'") << QStringList { QStringLiteral("P5") } << QStringList {};
    QTest::newRow("a Chinese prefix matches Chinese codes")
        << QString::fromUtf8("券") << QStringList { QStringLiteral("P6") } << QStringList {};
    QTest::newRow("a plain letter matches everything starting with it")
        << QStringLiteral("a")
        << QStringList { QStringLiteral("P1"), QStringLiteral("P2"), QStringLiteral("P3"),
               QStringLiteral("P4"), QStringLiteral("P7"), QStringLiteral("P8") }
        << QStringList {};
}

void TestHistoryJournal::prefixAndExactInputAreLiteral()
{
    QFETCH(QString, prefix);
    QFETCH(QStringList, expectedPrefix);
    QFETCH(QStringList, expectedExact);

    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    const QList<QPair<QString, QString>> codes {
        { QStringLiteral("P1"), QStringLiteral("a%b") },
        { QStringLiteral("P2"), QStringLiteral("a_") },
        { QStringLiteral("P3"), QStringLiteral("a*") },
        { QStringLiteral("P4"), QStringLiteral("a[b]") },
        { QStringLiteral("P5"), QStringLiteral("'; --") },
        { QStringLiteral("P6"), QString::fromUtf8("券001") },
        { QStringLiteral("P7"), QStringLiteral("a%'; DROP TABLE journal; --") },
        { QStringLiteral("P8"), QStringLiteral("axb") },
        { QStringLiteral("P9"), QStringLiteral("b%") },
    };
    for (const auto &[no, code] : codes) {
        JournalEntry e = makeEntry(no, code);
        QVERIFY(journal.insertPending(e).ok());
    }

    JournalFilter byPrefix;
    byPrefix.codePrefix = prefix;
    const auto rows = journal.query(byPrefix, 0, 100);
    QVERIFY2(rows.ok(), qPrintable(rows.error().toString()));
    QCOMPARE(requestNoSet(*rows), QSet<QString>(expectedPrefix.cbegin(), expectedPrefix.cend()));
    QCOMPARE(journal.count(byPrefix).value(), qint64(expectedPrefix.size()));

    JournalFilter byExact;
    byExact.codeExact = prefix;
    QCOMPARE(requestNoSet(journal.query(byExact, 0, 100).value()),
        QSet<QString>(expectedExact.cbegin(), expectedExact.cend()));

    // Any part: the same text taken literally wherever it stands in the code.
    JournalFilter byPart;
    byPart.codeContains = prefix;
    QSet<QString> containing;
    for (const auto &[no, code] : codes)
        if (code.contains(prefix))
            containing.insert(no);
    QCOMPARE(requestNoSet(journal.query(byPart, 0, 100).value()), containing);
    QCOMPARE(journal.count(byPart).value(), qint64(containing.size()));

    // Nothing was executed from the input: the table and all rows are still there.
    QCOMPARE(journal.count({}).value(), qint64(codes.size()));
    QVERIFY(journal.checkIntegrity().ok());
}

void TestHistoryJournal::searchesUseTheIndexes()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    const auto planFor
        = [&journal](const JournalFilter &f) { return journal.queryPlan(f).value().join(u'|'); };

    JournalFilter exact;
    exact.codeExact = QStringLiteral("123");
    QVERIFY2(planFor(exact).contains(QLatin1String("INDEX journal_coupon_code")), qPrintable(planFor(exact)));
    QVERIFY2(!planFor(exact).contains(QLatin1String("TEMP B-TREE")), qPrintable(planFor(exact)));

    JournalFilter prefix;
    prefix.codePrefix = QStringLiteral("a%'; --");
    QVERIFY2(planFor(prefix).contains(
                 QLatin1String("INDEX journal_coupon_code (coupon_code>? AND coupon_code<?)")),
        qPrintable(planFor(prefix)));

    JournalFilter stateRange;
    stateRange.state = State::Succeeded;
    stateRange.from = m_now;
    stateRange.to = m_now.addDays(7);
    QVERIFY2(
        planFor(stateRange).contains(QLatin1String("INDEX journal_state")), qPrintable(planFor(stateRange)));
    QVERIFY2(!planFor(stateRange).contains(QLatin1String("TEMP B-TREE")), qPrintable(planFor(stateRange)));

    QVERIFY2(planFor({}).contains(QLatin1String("INDEX journal_created_at")), qPrintable(planFor({})));
    QVERIFY2(!planFor({}).contains(QLatin1String("TEMP B-TREE")), qPrintable(planFor({})));

    JournalFilter staff;
    staff.staff = QStringLiteral("alice");
    QVERIFY2(planFor(staff).contains(QLatin1String("INDEX journal_staff")), qPrintable(planFor(staff)));

    JournalFilter batch;
    batch.batchId = QStringLiteral("JOB-1");
    QVERIFY2(planFor(batch).contains(QLatin1String("INDEX journal_batch_id")), qPrintable(planFor(batch)));
}

void TestHistoryJournal::pagesAreNewestFirstAndCounted()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QList<JournalEntry> batch;
    for (int i = 0; i < 25; ++i) {
        JournalEntry e = makeEntry(QStringLiteral("N%1").arg(i, 2, 10, QLatin1Char('0')));
        // Pairs share a timestamp: the id breaks the tie, so paging is stable.
        e.createdAt = m_now.addSecs(60 * (i / 2));
        batch << e;
    }
    QVERIFY(journal.insertBatch(batch).ok());
    QCOMPARE(journal.count({}).value(), 25);

    QStringList all;
    for (int offset = 0; offset < 30; offset += 10) {
        const auto page = journal.query({}, offset, 10);
        QVERIFY(page.ok());
        QCOMPARE(page->size(), offset < 20 ? 10 : 5);
        all << requestNos(*page);
    }
    QStringList expected;
    for (int i = 24; i >= 0; --i) {
        expected << QStringLiteral("N%1").arg(i, 2, 10, QLatin1Char('0'));
    }
    QCOMPARE(all, expected);
    QVERIFY(journal.query({}, 25, 10)->isEmpty());
    QVERIFY(journal.query({}, 1000, 10)->isEmpty());
}

void TestHistoryJournal::badPageIsRefused()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QCOMPARE(journal.query({}, -1, 10).error().kind, ErrorKind::InvalidArgument);
    QCOMPARE(journal.query({}, 0, 0).error().kind, ErrorKind::InvalidArgument);
    QCOMPARE(journal.query({}, 0, Journal::kMaxPageSize + 1).error().kind, ErrorKind::InvalidArgument);
    QVERIFY(journal.query({}, 0, Journal::kMaxPageSize).ok());
}

// ---------------------------------------------------------------------------------------------
// Exports

void TestHistoryJournal::csvExport_data()
{
    QTest::addColumn<bool>("withBom");
    QTest::newRow("with a byte order mark for Excel") << true;
    QTest::newRow("without a byte order mark") << false;
}

void TestHistoryJournal::csvExport()
{
    QFETCH(bool, withBom);
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());

    JournalEntry tricky = makeEntry(QStringLiteral("R-tricky"), QStringLiteral("=HYPERLINK(\"http://x\")"));
    tricky.reason = QStringLiteral("broken, \"really\"\r\nsecond line");
    tricky.staff = QStringLiteral("+cmd|' /C calc'!A0");
    tricky.counterId = QStringLiteral("-2+3");
    tricky.note = QStringLiteral("@SUM(A1:A2)");
    tricky.createdAt = m_now.addSecs(60);
    JournalEntry chinese
        = makeEntry(QStringLiteral("R-zh"), QString::fromUtf8("券123"), Operation::Deactivate);
    chinese.reason = QString::fromUtf8("顾客退货，作废");
    chinese.staff = QString::fromUtf8("张三");
    QVERIFY(journal.insertPending(chinese).ok());
    QVERIFY(journal.insertPending(tricky).ok());
    QVERIFY(journal
                .markOutcome(chinese.id,
                    { State::Failed, {}, QStringLiteral("REQ-9"), QStringLiteral("USER_ACCOUNT_ABNORMAL"),
                        QString::fromUtf8("用户账户异常"), 403, SettledBy::Response })
                .ok());

    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly | QIODevice::Text)); // as a careless caller might
    const auto written = journal.exportCsv({}, buffer, withBom);
    QVERIFY(buffer.isTextModeEnabled()); // restored after the export
    QVERIFY2(written.ok(), qPrintable(written.error().toString()));
    QCOMPARE(*written, 2);
    QByteArray bytes = buffer.data();

    const QByteArray bom("\xEF\xBB\xBF");
    QCOMPARE(bytes.startsWith(bom), withBom);
    if (withBom) {
        bytes.remove(0, bom.size());
    }
    QVERIFY(bytes.startsWith("id,created_at,operation,state,coupon_code,"));
    QVERIFY(bytes.endsWith("\r\n"));

    const QList<QStringList> records = parseCsv(QString::fromUtf8(bytes));
    QCOMPARE(records.size(), 3);
    const QStringList header = records.at(0);
    QCOMPARE(header, Journal::exportColumns());
    const auto cell = [&header](const QStringList &record, const char *column) {
        return record.value(header.indexOf(QLatin1String(column)));
    };
    for (const QStringList &record : records) {
        QCOMPARE(record.size(), header.size());
    }

    const QStringList &first = records.at(1); // newest first: the tricky row
    QCOMPARE(cell(first, "request_no"), QStringLiteral("R-tricky"));
    QCOMPARE(cell(first, "coupon_code"), QStringLiteral("'=HYPERLINK(\"http://x\")"));
    QCOMPARE(cell(first, "reason"), QStringLiteral("broken, \"really\"\r\nsecond line"));
    QCOMPARE(cell(first, "staff"), QStringLiteral("'+cmd|' /C calc'!A0"));
    QCOMPARE(cell(first, "counter_id"), QStringLiteral("'-2+3"));
    QCOMPARE(cell(first, "note"), QStringLiteral("'@SUM(A1:A2)"));
    QCOMPARE(cell(first, "state"), QStringLiteral("PENDING"));
    QCOMPARE(cell(first, "request_body"), QString::fromUtf8(tricky.requestBody));

    const QStringList &second = records.at(2);
    QCOMPARE(cell(second, "coupon_code"), QString::fromUtf8("券123"));
    QCOMPARE(cell(second, "reason"), QString::fromUtf8("顾客退货，作废"));
    QCOMPARE(cell(second, "staff"), QString::fromUtf8("张三"));
    QCOMPARE(cell(second, "operation"), QStringLiteral("deactivate"));
    QCOMPARE(cell(second, "state"), QStringLiteral("FAILED"));
    QCOMPARE(cell(second, "http_status"), QStringLiteral("403"));
    QCOMPARE(cell(second, "wechat_code"), QStringLiteral("USER_ACCOUNT_ABNORMAL"));
    QCOMPARE(cell(second, "message"), QString::fromUtf8("用户账户异常"));
    QCOMPARE(cell(second, "settled_by"), QStringLiteral("response"));
    QCOMPARE(QDateTime::fromString(cell(second, "created_at"), Qt::ISODateWithMs), m_now);

    // Nothing but the quoted reason breaks a line: every record ends in CRLF, no bare LF.
    QCOMPARE(bytes.count("\r\n"), 4);
    QCOMPARE(bytes.count('\n'), 4);
}

void TestHistoryJournal::csvExportAppliesTheFilterAndStreamsManyRows()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QList<JournalEntry> batch;
    for (int i = 0; i < 2500; ++i) {
        JournalEntry e = makeEntry(QStringLiteral("S%1").arg(i), QStringLiteral("%1").arg(i % 10));
        e.createdAt = m_now.addSecs(i);
        batch << e;
    }
    QVERIFY(journal.insertBatch(batch).ok());

    QBuffer all;
    QVERIFY(all.open(QIODevice::WriteOnly));
    QCOMPARE(journal.exportCsv({}, all, false).value(), 2500);
    QCOMPARE(parseCsv(QString::fromUtf8(all.data())).size(), 2501);

    JournalFilter seven;
    seven.codeExact = QStringLiteral("7");
    QBuffer some;
    QVERIFY(some.open(QIODevice::WriteOnly));
    QCOMPARE(journal.exportCsv(seven, some, false).value(), 250);
    const QList<QStringList> records = parseCsv(QString::fromUtf8(some.data()));
    QCOMPARE(records.size(), 251);
    QCOMPARE(records.at(1).at(Journal::exportColumns().indexOf(QStringLiteral("request_no"))),
        QStringLiteral("S2497"));
}

void TestHistoryJournal::jsonExportParsesBack()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    JournalEntry a = makeEntry(QStringLiteral("J1"), QString::fromUtf8("券1"));
    a.reason = QString::fromUtf8("顾客退货，\"作废\"\n第二行");
    a.batchId = QStringLiteral("JOB-1");
    JournalEntry b = makeEntry(QStringLiteral("J2"), QStringLiteral("=2"));
    b.createdAt = m_now.addSecs(1);
    QVERIFY(journal.insertPending(a).ok());
    QVERIFY(journal.insertPending(b).ok());
    QVERIFY(journal
                .markOutcome(a.id,
                    { State::Succeeded, QStringLiteral("2024-05-01T10:00:01+08:00"), QStringLiteral("REQ-1"),
                        {}, {}, 200, SettledBy::Query })
                .ok());

    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QCOMPARE(journal.exportJson({}, buffer).value(), 2);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(buffer.data(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QVERIFY(doc.isArray());
    const QJsonArray array = doc.array();
    QCOMPARE(array.size(), 2);

    const QJsonObject newest = array.at(0).toObject();
    QCOMPARE(newest.value(QLatin1String("request_no")).toString(), QStringLiteral("J2"));
    QCOMPARE(
        newest.value(QLatin1String("coupon_code")).toString(), QStringLiteral("=2")); // JSON needs no guard
    QVERIFY(newest.value(QLatin1String("batch_id")).isNull());
    QCOMPARE(newest.value(QLatin1String("state")).toString(), QStringLiteral("PENDING"));

    const QJsonObject oldest = array.at(1).toObject();
    QCOMPARE(oldest.value(QLatin1String("id")).toInteger(), a.id);
    QCOMPARE(oldest.value(QLatin1String("coupon_code")).toString(), QString::fromUtf8("券1"));
    QCOMPARE(oldest.value(QLatin1String("reason")).toString(), a.reason);
    QCOMPARE(oldest.value(QLatin1String("batch_id")).toString(), QStringLiteral("JOB-1"));
    QCOMPARE(oldest.value(QLatin1String("state")).toString(), QStringLiteral("SUCCEEDED"));
    QCOMPARE(oldest.value(QLatin1String("settled_by")).toString(), QStringLiteral("query"));
    QCOMPARE(oldest.value(QLatin1String("http_status")).toInt(), 200);
    QCOMPARE(oldest.value(QLatin1String("operation")).toString(), QStringLiteral("use"));
    QCOMPARE(oldest.value(QLatin1String("request_body")).toString().toUtf8(), a.requestBody);
    QCOMPARE(QDateTime::fromString(oldest.value(QLatin1String("created_at")).toString(), Qt::ISODateWithMs),
        m_now);
    QStringList keys = oldest.keys();
    QStringList columns = Journal::exportColumns();
    keys.sort();
    columns.sort();
    QCOMPARE(keys, columns);
}

void TestHistoryJournal::jsonExportOfNothingIsAnEmptyArray()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QCOMPARE(journal.exportJson({}, buffer).value(), 0);
    const QJsonDocument doc = QJsonDocument::fromJson(buffer.data());
    QVERIFY(doc.isArray());
    QVERIFY(doc.array().isEmpty());
}

void TestHistoryJournal::exportToClosedDeviceFails()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QBuffer closed;
    QCOMPARE(journal.exportCsv({}, closed, true).error().kind, ErrorKind::Io);
    QCOMPARE(journal.exportJson({}, closed).error().kind, ErrorKind::Io);
}

// ---------------------------------------------------------------------------------------------
// Two program instances on one file

void TestHistoryJournal::twoInstancesInterleaveWritesOnOneFile()
{
    Journal a(clock());
    Journal b(clock());
    QVERIFY(a.open(dbPath()).ok());
    QVERIFY(b.open(dbPath()).ok());

    constexpr int kRounds = 100;
    for (int i = 0; i < kRounds; ++i) {
        JournalEntry fromA = makeEntry(QStringLiteral("A-%1").arg(i), QStringLiteral("CA%1").arg(i));
        JournalEntry fromB = makeEntry(QStringLiteral("B-%1").arg(i), QStringLiteral("CB%1").arg(i));
        QVERIFY(a.insertPending(fromA).ok());
        QVERIFY(b.insertPending(fromB).ok());
        // Each instance settles the other's row, and sees it at once.
        QVERIFY(b.markOutcome(fromA.id, { State::Succeeded, {}, {}, {}, {}, 200, SettledBy::Response }).ok());
        QVERIFY(a.markOutcome(fromB.id, { State::Uncertain, {}, {}, {}, {}, 0, SettledBy::None }).ok());
        QCOMPARE(a.incrementAttempts(fromB.id).value(), 1);
        QCOMPARE(b.entry(fromB.id)->attempts, 1);
        QCOMPARE(a.entry(fromA.id)->state, State::Succeeded);
        // The same request number from the other instance is still refused.
        JournalEntry clash = makeEntry(QStringLiteral("A-%1").arg(i));
        QCOMPARE(b.insertPending(clash).error().kind, ErrorKind::Duplicate);
    }
    QCOMPARE(a.count({}).value(), 2 * kRounds);
    QCOMPARE(b.count({}).value(), 2 * kRounds);
    QCOMPARE(a.unsettled()->size(), kRounds);
    QCOMPARE(b.unsettled()->size(), kRounds);
    QVERIFY(a.checkIntegrity().ok());

    a.close();
    b.close();
    Journal c(clock());
    QVERIFY(c.open(dbPath()).ok());
    QCOMPARE(c.count({}).value(), 2 * kRounds);
    QVERIFY(c.checkIntegrity().ok());
}

void TestHistoryJournal::twoInstancesWriteConcurrentlyFromTwoThreads()
{
    const QString path = dbPath();
    {
        Journal creator(clock());
        QVERIFY(creator.open(path).ok()); // create the schema once, so both start on a ready file
    }

    constexpr int kRows = 150;
    const QDateTime now = m_now;
    const auto writer = [path, now](const QString &prefix, QStringList *errors) {
        Journal journal([now] { return now; });
        if (auto r = journal.open(path); !r) {
            errors->append(r.error().toString());
            return;
        }
        for (int i = 0; i < kRows; ++i) {
            JournalEntry e;
            e.couponCode = prefix + QString::number(i);
            e.requestNo = prefix + QLatin1Char('-') + QString::number(i);
            e.requestBody = QByteArrayLiteral("{}");
            if (auto r = journal.insertPending(e); !r) {
                errors->append(r.error().toString());
                return;
            }
            if (i % 3 == 0) {
                if (auto r = journal.markOutcome(
                        e.id, { State::Succeeded, {}, {}, {}, {}, 200, SettledBy::Response });
                    !r) {
                    errors->append(r.error().toString());
                    return;
                }
            }
            if (i % 50 == 0) {
                if (auto r = journal.count({}); !r) {
                    errors->append(r.error().toString());
                    return;
                }
            }
        }
    };

    QStringList errorsA;
    QStringList errorsB;
    std::thread threadA(writer, QStringLiteral("TA"), &errorsA);
    std::thread threadB(writer, QStringLiteral("TB"), &errorsB);
    threadA.join();
    threadB.join();
    QVERIFY2(errorsA.isEmpty(), qPrintable(errorsA.join(u'\n')));
    QVERIFY2(errorsB.isEmpty(), qPrintable(errorsB.join(u'\n')));

    Journal check(clock());
    QVERIFY(check.open(path).ok());
    QCOMPARE(check.count({}).value(), 2 * kRows);
    JournalFilter succeeded;
    succeeded.state = State::Succeeded;
    QCOMPARE(check.count(succeeded).value(), 2 * ((kRows + 2) / 3));
    QVERIFY(check.checkIntegrity().ok());
}

// Another instance holds the write lock (e.g. a long bulk import): a write waits for the busy
// timeout, then fails as Busy with nothing half-written; once the lock is released it succeeds.
void TestHistoryJournal::writeBlockedBeyondTheBusyTimeoutFailsAsBusy()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath(), 50).ok());
    JournalEntry first = makeEntry(QStringLiteral("R1"));
    QVERIFY(journal.insertPending(first).ok());

    RawDb other(dbPath());
    QVERIFY(other.exec(QStringLiteral("BEGIN IMMEDIATE")));

    JournalEntry blocked = makeEntry(QStringLiteral("R2"));
    const auto refused = journal.insertPending(blocked);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, ErrorKind::Busy);
    QCOMPARE(blocked.id, 0);
    QCOMPARE(
        journal.markOutcome(first.id, { State::Uncertain, {}, {}, {}, {}, 0, SettledBy::None }).error().kind,
        ErrorKind::Busy);
    QCOMPARE(journal.entry(first.id)->state, State::Pending); // reads still work

    QVERIFY(other.exec(QStringLiteral("COMMIT")));
    QVERIFY(journal.insertPending(blocked).ok());
    QCOMPARE(journal.count({}).value(), 2);
    QCOMPARE(journal.open(dbPath(), -1).error().kind, ErrorKind::InvalidArgument);
}

// WAL: a reader sees the last committed state while another connection is mid-transaction.
void TestHistoryJournal::readersAreNotBlockedByAWriter()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath(), 50).ok());
    JournalEntry first = makeEntry(QStringLiteral("R1"));
    QVERIFY(journal.insertPending(first).ok());

    RawDb other(dbPath());
    QVERIFY(other.exec(QStringLiteral("BEGIN IMMEDIATE")));
    QVERIFY(other.exec(QStringLiteral("DELETE FROM journal")));
    QCOMPARE(journal.count({}).value(), 1);
    QVERIFY(journal.findByRequestNo(QStringLiteral("R1"))->has_value());
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QCOMPARE(journal.exportJson({}, buffer).value(), 1);
    QVERIFY(other.exec(QStringLiteral("ROLLBACK")));
}

QTEST_GUILESS_MAIN(TestHistoryJournal)
#include "test_history_journal.moc"
