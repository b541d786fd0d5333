// The history journal on real SQLite files: write-ahead rows, one at a time and in batches.
#include "journalfixture.h"

#include "history/journal.h"

#include <QTest>

using namespace history;
using namespace journaltest;

class TestHistoryJournalInserts : public QObject, private JournalFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUpJournal(); }
    void cleanup() { tearDownJournal(); }

    void insertedRowReadsBackWithChineseText();
    void insertPendingStoresPendingWhateverTheCallerSet();
    void pendingRowIsVisibleToAnotherInstanceAtOnce();
    void duplicateRequestNumberIsRefused();
    void batchWithDuplicateStoresNothing();
    void insertBatchStoresRowsAsGivenAndAssignsIds();
    void incompleteEntryIsRefused();
};

// ---------------------------------------------------------------------------------------------
// Inserting

void TestHistoryJournalInserts::insertedRowReadsBackWithChineseText()
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

void TestHistoryJournalInserts::insertPendingStoresPendingWhateverTheCallerSet()
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

void TestHistoryJournalInserts::pendingRowIsVisibleToAnotherInstanceAtOnce()
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

void TestHistoryJournalInserts::duplicateRequestNumberIsRefused()
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

void TestHistoryJournalInserts::batchWithDuplicateStoresNothing()
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

void TestHistoryJournalInserts::insertBatchStoresRowsAsGivenAndAssignsIds()
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

void TestHistoryJournalInserts::incompleteEntryIsRefused()
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

QTEST_GUILESS_MAIN(TestHistoryJournalInserts)
#include "test_history_journal_inserts.moc"
