// The history journal on real SQLite files: outcomes and state transitions, the rows still to
// settle, and one operation per coupon in flight.
#include "journalfixture.h"

#include "history/journal.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace history;
using namespace journaltest;

class TestHistoryJournalOutcomes : public QObject, private JournalFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUpJournal(); }
    void cleanup() { tearDownJournal(); }

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
};

// ---------------------------------------------------------------------------------------------
// Outcomes

void TestHistoryJournalOutcomes::outcomeSucceededIsRecorded()
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

void TestHistoryJournalOutcomes::uncertainRowCanBeSettledLater()
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

void TestHistoryJournalOutcomes::settledRowIsOnlyChangedManually()
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

void TestHistoryJournalOutcomes::badOutcomesAreRefused()
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
void TestHistoryJournalOutcomes::everyInsertIsSyncedWhateverOutcomesCameBefore()
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

    QVERIFY(journal
                .markOutcome(
                    e.id, { State::Uncertain, {}, {}, {}, QStringLiteral("timeout"), 0, SettledBy::None })
                .ok());
    QCOMPARE(synchronous(), kFull);
    QVERIFY(journal.markOutcome(e.id, { State::Succeeded, {}, {}, {}, {}, 200, SettledBy::Response }).ok());
    QCOMPARE(synchronous(), kFull);
    // Refused inside the transaction (already settled): rolled back, and FULL again.
    QCOMPARE(journal.markOutcome(e.id, { State::Failed, {}, {}, {}, {}, 400, SettledBy::Query }).error().kind,
        ErrorKind::InvalidTransition);
    QCOMPARE(synchronous(), kFull);
    QVERIFY(
        journal
            .markOutcome(e.id, { State::Failed, {}, {}, {}, QStringLiteral("manager"), 0, SettledBy::Manual })
            .ok());
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

void TestHistoryJournalOutcomes::attemptsAreCounted()
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

void TestHistoryJournalOutcomes::noteIsSaved()
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

void TestHistoryJournalOutcomes::unsettledListsPendingAndUncertainOldestFirst()
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

void TestHistoryJournalOutcomes::inFlightForMatchesCouponAndOperation()
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

void TestHistoryJournalOutcomes::secondOperationForACouponInFlightIsRefused()
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

QTEST_GUILESS_MAIN(TestHistoryJournalOutcomes)
#include "test_history_journal_outcomes.moc"
