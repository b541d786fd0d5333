// The history journal on real SQLite files: two instances on one file, two threads, the write lock.
#include "journalfixture.h"

#include "history/journal.h"

#include <QBuffer>
#include <QTest>

#include <thread>

using namespace history;
using namespace journaltest;

class TestHistoryJournalConcurrency : public QObject, private JournalFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUpJournal(); }
    void cleanup() { tearDownJournal(); }

    void twoInstancesInterleaveWritesOnOneFile();
    void twoInstancesWriteConcurrentlyFromTwoThreads();
    void writeBlockedBeyondTheBusyTimeoutFailsAsBusy();
    void readersAreNotBlockedByAWriter();
};

// ---------------------------------------------------------------------------------------------
// Two program instances on one file

void TestHistoryJournalConcurrency::twoInstancesInterleaveWritesOnOneFile()
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

void TestHistoryJournalConcurrency::twoInstancesWriteConcurrentlyFromTwoThreads()
{
    const QString path = dbPath();
    {
        Journal creator(clock());
        QVERIFY(creator.open(path).ok()); // create the schema once, so both start on a ready file
    }

    // SQLite's busy wait is not fair: a writer in a tight loop can hold the file against the other
    // for all of its run. So each run (kRows * 4/3 commits) must fit inside the other's 5 s busy
    // timeout on a slow disk: 150 rows failed 3 of 3 runs with fsync slowed to 40 ms; 60 rows are
    // 80 commits, 3.2 s at 40 ms. A real counter has a request in flight between its writes.
    constexpr int kRows = 60;
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
            if (i % 20 == 0) {
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
void TestHistoryJournalConcurrency::writeBlockedBeyondTheBusyTimeoutFailsAsBusy()
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
void TestHistoryJournalConcurrency::readersAreNotBlockedByAWriter()
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

QTEST_GUILESS_MAIN(TestHistoryJournalConcurrency)
#include "test_history_journal_concurrency.moc"
