// The history journal's outbox (chain mode, issue 18) on real SQLite files: off by default, every
// write queues its row once on, batches give each row's current state once, acknowledgements keep
// later changes, the backfill when it is turned on, a reader on another thread, and a writer
// killed (SIGKILL) at a random moment never leaves a row without its outbox entries.
#include "journalfixture.h"

#include "history/journal.h"
#include "history/schema.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <cstdio>
#include <map>
#include <thread>

using namespace history;
using namespace journaltest;

namespace {

const char kChildEnv[] = "COUPONDESK_OUTBOX_TEST_WRITER"; // the journal file the child writes

Outcome succeeded()
{
    return { State::Succeeded, QStringLiteral("2024-05-01T10:00:01+08:00"), QStringLiteral("REQ"), QString(),
        QString(), 200, SettledBy::Response };
}

QStringList batchRequestNos(const QList<OutboxItem> &items)
{
    QStringList list;
    for (const OutboxItem &item : items) {
        list << item.entry.requestNo;
    }
    return list;
}

// Child mode: write rows with outcomes until killed, printing each request number once its outcome
// is committed.
int runWriterChild(const QString &path)
{
    Journal journal;
    if (!journal.open(path).ok() || !journal.setOutboxEnabled(true).ok()) {
        return 2;
    }
    for (int i = 1; i <= 100000; ++i) {
        JournalEntry e;
        const QString tag
            = QString::number(QCoreApplication::applicationPid()) + QLatin1Char('-') + QString::number(i);
        e.couponCode = QLatin1String("K") + tag;
        e.requestNo = QLatin1String("R-kill-") + tag;
        const auto id = journal.insertPending(e);
        if (!id || !journal.markOutcome(*id, succeeded()).ok()) {
            return 3;
        }
        std::printf("%d\n", i);
        std::fflush(stdout);
    }
    return 0;
}

} // namespace

class TestHistoryJournalOutbox : public QObject, private JournalFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUpJournal(); }
    void cleanup() { tearDownJournal(); }

    void offByDefaultQueuesNothing();
    void everyWriteQueuesItsRowAndBatchGivesTheLatestStateOnce();
    void ackKeepsChangesMadeAfterTheBatchWasRead();
    void enablingQueuesExistingRowsOnce();
    void failedWritesQueueNothing();
    void readerOnAnotherThreadSeesEveryRowsFinalState();
    void writerKilledAtRandomNeverLeavesARowUnqueued();
    void badBatchSizeIsRefused();
};

void TestHistoryJournalOutbox::offByDefaultQueuesNothing()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QCOMPARE(journal.schemaVersion().value(), kSchemaVersion);
    QCOMPARE(journal.outboxEnabled().value(), false);
    JournalEntry e = makeEntry(QStringLiteral("R1"));
    const qint64 id = journal.insertPending(e).value();
    QVERIFY(journal.incrementAttempts(id).ok());
    QVERIFY(journal.markOutcome(id, succeeded()).ok());
    QVERIFY(journal.setNote(id, QStringLiteral("checked")).ok());
    QList<JournalEntry> more { makeEntry(QStringLiteral("R2")) };
    QVERIFY(journal.insertBatch(more).ok());

    const OutboxStatus status = journal.outboxStatus().value();
    QVERIFY(!status.enabled);
    QCOMPARE(status.entries, 0);
    QCOMPARE(status.rows, 0);
    QVERIFY(!status.oldestQueuedAt.isValid());
    QVERIFY(journal.outboxBatch(100).value().isEmpty());
    RawDb raw(dbPath());
    QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM outbox")).toInt(), 0);
}

void TestHistoryJournalOutbox::everyWriteQueuesItsRowAndBatchGivesTheLatestStateOnce()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QCOMPARE(journal.setOutboxEnabled(true).value(), 0); // nothing to backfill
    QCOMPARE(journal.outboxEnabled().value(), true);
    const QDateTime first = m_now;

    JournalEntry e1 = makeEntry(QStringLiteral("R1"));
    const qint64 id1 = journal.insertPending(e1).value();
    QCOMPARE(journal.outboxStatus()->entries, 1);
    m_now = m_now.addSecs(5);
    QCOMPARE(journal.incrementAttempts(id1).value(), 1);
    QCOMPARE(journal.outboxStatus()->entries, 2);
    QVERIFY(journal.markOutcome(id1, succeeded()).ok());
    QCOMPARE(journal.outboxStatus()->entries, 3);
    QVERIFY(journal.setNote(id1, QStringLiteral("receipt reprinted")).ok());
    QCOMPARE(journal.outboxStatus()->entries, 4);
    QList<JournalEntry> more { makeEntry(QStringLiteral("R2")), makeEntry(QStringLiteral("R3")) };
    QVERIFY(journal.insertBatch(more).ok());

    const OutboxStatus status = journal.outboxStatus().value();
    QVERIFY(status.enabled);
    QCOMPARE(status.entries, 6);
    QCOMPARE(status.rows, 3);
    QCOMPARE(status.oldestQueuedAt, first); // the first insert's time (its updated_at)

    const QList<OutboxItem> batch = journal.outboxBatch(100).value();
    QCOMPARE(batchRequestNos(batch),
        (QStringList { QStringLiteral("R1"), QStringLiteral("R2"), QStringLiteral("R3") }));
    QCOMPARE(batch.at(0).seq, 4); // R1's newest change among the six
    QCOMPARE(batch.at(0).entry.id, id1);
    QCOMPARE(batch.at(0).entry.state, State::Succeeded); // the row as it is now
    QCOMPARE(batch.at(0).entry.attempts, 1);
    QCOMPARE(batch.at(0).entry.note, QStringLiteral("receipt reprinted"));
    QCOMPARE(batch.at(1).entry.state, State::Pending);
    QVERIFY(batch.at(1).seq < batch.at(2).seq);

    QCOMPARE(journal.ackOutbox(batch.last().seq).value(), 6);
    const OutboxStatus after = journal.outboxStatus().value();
    QCOMPARE(after.entries, 0);
    QCOMPARE(after.rows, 0);
    QVERIFY(!after.oldestQueuedAt.isValid());
    QVERIFY(journal.outboxBatch(100).value().isEmpty());

    // seq is never reused once the outbox is empty.
    JournalEntry e4 = makeEntry(QStringLiteral("R4"));
    QVERIFY(journal.insertPending(e4).ok());
    QCOMPARE(journal.outboxBatch(100)->first().seq, 7);
}

void TestHistoryJournalOutbox::ackKeepsChangesMadeAfterTheBatchWasRead()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QVERIFY(journal.setOutboxEnabled(true).ok());
    QList<qint64> ids;
    for (const QString &no : { QStringLiteral("R1"), QStringLiteral("R2"), QStringLiteral("R3") }) {
        JournalEntry e = makeEntry(no);
        ids << journal.insertPending(e).value();
    }
    const QList<OutboxItem> window = journal.outboxBatch(2).value();
    QCOMPARE(batchRequestNos(window), (QStringList { QStringLiteral("R1"), QStringLiteral("R2") }));
    QCOMPARE(window.at(0).entry.state, State::Pending);

    // R1 settles while the replicator is storing the window: its new state must still be sent.
    QVERIFY(journal.markOutcome(ids.at(0), succeeded()).ok());
    QCOMPARE(journal.ackOutbox(window.last().seq).value(), 2);

    const QList<OutboxItem> next = journal.outboxBatch(100).value();
    QCOMPARE(batchRequestNos(next), (QStringList { QStringLiteral("R3"), QStringLiteral("R1") }));
    QCOMPARE(next.at(1).entry.state, State::Succeeded);
    QCOMPARE(journal.ackOutbox(next.last().seq).value(), 2);
    QCOMPARE(journal.outboxStatus()->entries, 0);
}

void TestHistoryJournalOutbox::enablingQueuesExistingRowsOnce()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QList<qint64> ids;
    for (const QString &no : { QStringLiteral("R1"), QStringLiteral("R2"), QStringLiteral("R3") }) {
        JournalEntry e = makeEntry(no);
        ids << journal.insertPending(e).value();
    }
    QVERIFY(journal.markOutcome(ids.at(1), succeeded()).ok());
    QCOMPARE(journal.outboxStatus()->entries, 0);

    m_now = m_now.addSecs(60);
    QCOMPARE(journal.setOutboxEnabled(true).value(), 3);
    QCOMPARE(journal.setOutboxEnabled(true).value(), 0); // already on: no second backfill
    OutboxStatus status = journal.outboxStatus().value();
    QCOMPARE(status.entries, 3);
    QCOMPARE(status.rows, 3);
    QCOMPARE(status.oldestQueuedAt, m_now); // queued now, not when the rows were written
    const QList<OutboxItem> batch = journal.outboxBatch(100).value();
    QCOMPARE(batchRequestNos(batch),
        (QStringList { QStringLiteral("R1"), QStringLiteral("R2"), QStringLiteral("R3") }));
    QCOMPARE(batch.at(1).entry.state, State::Succeeded);

    // Off: writes stop queueing and what is queued stays. On again: only the rows not queued.
    QCOMPARE(journal.setOutboxEnabled(false).value(), 0);
    QCOMPARE(journal.outboxEnabled().value(), false);
    JournalEntry e4 = makeEntry(QStringLiteral("R4"));
    QVERIFY(journal.insertPending(e4).ok());
    QVERIFY(journal.markOutcome(ids.at(0), succeeded()).ok());
    QCOMPARE(journal.outboxStatus()->entries, 3);
    QCOMPARE(journal.setOutboxEnabled(true).value(), 1);
    QCOMPARE(batchRequestNos(journal.outboxBatch(100).value()),
        (QStringList {
            QStringLiteral("R1"), QStringLiteral("R2"), QStringLiteral("R3"), QStringLiteral("R4") }));
    QCOMPARE(journal.outboxBatch(100)->first().entry.state, State::Succeeded); // sent as it is now

    // The setting is kept in the file: another connection sees it and its writes queue too.
    Journal other(clock());
    QVERIFY(other.open(dbPath()).ok());
    QCOMPARE(other.outboxEnabled().value(), true);
    JournalEntry e5 = makeEntry(QStringLiteral("R5"));
    QVERIFY(other.insertPending(e5).ok());
    QCOMPARE(journal.outboxStatus()->rows, 5);
}

void TestHistoryJournalOutbox::failedWritesQueueNothing()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QVERIFY(journal.setOutboxEnabled(true).ok());
    JournalEntry e1 = makeEntry(QStringLiteral("R1"));
    const qint64 id1 = journal.insertPending(e1).value();
    QVERIFY(journal.markOutcome(id1, succeeded()).ok());
    QCOMPARE(journal.outboxStatus()->entries, 2);

    // A batch whose third row collides with R1 is rolled back whole, with the entries of the two
    // rows the database had already inserted (and their triggers queued) in that transaction.
    QList<JournalEntry> batch { makeEntry(QStringLiteral("B1")), makeEntry(QStringLiteral("B2")),
        makeEntry(QStringLiteral("R1")) };
    QCOMPARE(journal.insertBatch(batch).error().kind, ErrorKind::Duplicate);
    // Refused writes: a duplicate, an in-flight coupon, a second settlement, a missing row.
    JournalEntry dup = makeEntry(QStringLiteral("R1"));
    QCOMPARE(journal.insertPending(dup).error().kind, ErrorKind::Duplicate);
    QCOMPARE(journal.markOutcome(id1, succeeded()).error().kind, ErrorKind::InvalidTransition);
    QCOMPARE(journal.setNote(999, QStringLiteral("x")).error().kind, ErrorKind::NotFound);

    QCOMPARE(journal.count({}).value(), 1);
    QCOMPARE(journal.outboxStatus()->entries, 2);
    RawDb raw(dbPath());
    QCOMPARE(
        raw.scalar(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE journal_id <> ") + QString::number(id1))
            .toInt(),
        0);
}

void TestHistoryJournalOutbox::readerOnAnotherThreadSeesEveryRowsFinalState()
{
    constexpr int kRows = 200;
    {
        Journal writer(clock());
        QVERIFY(writer.open(dbPath()).ok());
        QVERIFY(writer.setOutboxEnabled(true).ok());
    }
    // The replicator's side: its own Journal, opened, used and closed on its own thread.
    std::map<QString, State> seen; // request number -> last state read from the outbox
    QString readerError;
    std::thread reader([&] {
        Journal journal;
        if (auto r = journal.open(dbPath()); !r) {
            readerError = r.error().message;
            return;
        }
        int settled = 0;
        const QDeadlineTimer deadline(60000);
        while (settled < kRows) {
            if (deadline.hasExpired()) {
                readerError = QStringLiteral("not every row was seen settled within a minute");
                return;
            }
            const auto batch = journal.outboxBatch(50);
            if (!batch) {
                readerError = batch.error().message;
                return;
            }
            for (const OutboxItem &item : *batch) {
                State &state = seen[item.entry.requestNo];
                if (state != State::Succeeded && item.entry.state == State::Succeeded) {
                    ++settled;
                }
                state = item.entry.state;
            }
            if (!batch->isEmpty()) {
                if (auto r = journal.ackOutbox(batch->last().seq); !r) {
                    readerError = r.error().message;
                    return;
                }
            }
        }
    });
    Journal writer(clock());
    QVERIFY(writer.open(dbPath()).ok());
    QString writerError;
    for (int i = 0; i < kRows && writerError.isEmpty(); ++i) {
        JournalEntry e = makeEntry(QLatin1String("T-") + QString::number(i));
        const auto id = writer.insertPending(e);
        if (!id) {
            writerError = id.error().message;
        } else if (auto r = writer.markOutcome(*id, succeeded()); !r) {
            writerError = r.error().message;
        }
    }
    reader.join();
    QVERIFY2(writerError.isEmpty(), qPrintable(writerError));
    QVERIFY2(readerError.isEmpty(), qPrintable(readerError));
    QCOMPARE(int(seen.size()), kRows);
    for (const auto &[requestNo, state] : seen) {
        QVERIFY2(state == State::Succeeded, qPrintable(requestNo));
    }
}

void TestHistoryJournalOutbox::writerKilledAtRandomNeverLeavesARowUnqueued()
{
    // Several writers in turn on one file, each killed once it has written a random number of
    // rows, in the middle of whatever it is doing then (often a write transaction).
    for (int round = 0; round < 5; ++round) {
        const int killAfter = 1 + int(QRandomGenerator::global()->bounded(40));
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(kChildEnv), dbPath());
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForStarted());
        int written = 0;
        while (written < killAfter && child.state() == QProcess::Running) {
            if (!child.canReadLine() && !child.waitForReadyRead(10000)) {
                break;
            }
            while (child.canReadLine()) {
                written = child.readLine().trimmed().toInt();
            }
        }
        QVERIFY2(written >= killAfter, qPrintable(QString::fromLocal8Bit(child.readAllStandardError())));
        child.kill();
        QVERIFY(child.waitForFinished());
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        // Every row has one entry for its insert and one for its outcome if it has one: never a
        // row without the entries of its writes, never an entry without its write.
        Journal journal(clock());
        QVERIFY(journal.open(dbPath()).ok());
        QVERIFY(journal.checkIntegrity().ok());
        const qint64 rows = journal.count({}).value();
        RawDb raw(dbPath());
        QCOMPARE(
            raw.scalar(QStringLiteral("SELECT COUNT(*) FROM journal j WHERE (SELECT COUNT(*) FROM outbox o"
                                      " WHERE o.journal_id = j.id)"
                                      " <> CASE j.state WHEN 'PENDING' THEN 1 ELSE 2 END"))
                .toInt(),
            0);
        const OutboxStatus status = journal.outboxStatus().value();
        QCOMPARE(status.rows, rows);
        qInfo("round %d: killed after %d reported rows; %lld rows, %lld outbox entries", round, written, rows,
            status.entries);
    }
}

void TestHistoryJournalOutbox::badBatchSizeIsRefused()
{
    Journal journal(clock());
    QCOMPARE(journal.outboxBatch(10).error().kind, ErrorKind::NotOpen);
    QVERIFY(journal.open(dbPath()).ok());
    QCOMPARE(journal.outboxBatch(0).error().kind, ErrorKind::InvalidArgument);
    QCOMPARE(journal.outboxBatch(Journal::kMaxPageSize + 1).error().kind, ErrorKind::InvalidArgument);
}

// The test runs itself as the child writer (writerKilledAtRandomNeverLeavesARowUnqueued).
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(kChildEnv)) {
        return runWriterChild(qEnvironmentVariable(kChildEnv));
    }
    TestHistoryJournalOutbox test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "test_history_journal_outbox.moc"
