// BulkVoidJob's own logic, over the real stack (Desk → journal file → signed HTTP → simulator): its
// state machine (calls out of turn, cancel before anything is sent, a pause that holds back the end,
// the settling phase), resuming from the manifest saved on disk, and a second job on the same
// manifest at once, which must never send a coupon's void twice. The end-to-end runs (2,000 coupons,
// faults, already-voided, the rate limit, the lock) are in test_desk_bulkvoid.cpp.
#include "bulkseed.h"
#include "deskfixture.h"

#include "desk/bulkvoid.h"
#include "history/journal.h"

#include <QBuffer>

using namespace desk;
using desktest::Fixture;

namespace {

const QString kReason = QStringLiteral("批量作废测试");

// Deactivate requests the simulator has answered (or, for a hang, taken in).
void countDeactivates(sim::Simulator &s, int &count)
{
    QObject::connect(&s, &sim::Simulator::requestServed, &s, [&count](const sim::ServedRequest &r) {
        if (r.target.endsWith("/coupons/deactivate"))
            ++count;
    });
}

BulkManifest manifestFor(Fixture &f, const QByteArray &csv)
{
    BulkParseOptions po;
    po.defaultReason = kReason;
    const BulkPreview p = parseBulkFile(csv, po);
    auto m = makeBulkManifest(
        p, QStringLiteral("test.csv"), kReason, {}, f.manager(), false, QDateTime::currentDateTime());
    if (!m)
        qFatal("manifest: %s", qPrintable(m.error().message));
    return m.value();
}

// The report CSV's lines after the header.
QList<QByteArray> reportLines(const BulkVoidJob &job)
{
    QBuffer report;
    report.open(QIODevice::WriteOnly);
    if (!job.writeReport(report, false).ok())
        qFatal("writeReport");
    QList<QByteArray> lines = report.data().trimmed().split('\n');
    lines.removeFirst();
    for (QByteArray &l : lines)
        l = l.trimmed();
    return lines;
}

// Lets the event loop turn without waiting for time: anything the job would start now gets started.
void turnTheEventLoop()
{
    for (int i = 0; i < 20; ++i)
        QCoreApplication::processEvents();
}

} // namespace

class TestDeskBulkVoidJob : public QObject
{
    Q_OBJECT

    // Waits for finished() in a real event loop; the summary it carried.
    static BulkSummary waitFinished(QSignalSpy &finished, int timeoutMs = 60000)
    {
        if (finished.isEmpty() && !finished.wait(timeoutMs))
            qFatal("the bulk job did not finish");
        return finished.first().first().value<BulkSummary>();
    }

private Q_SLOTS:
    void callsOutOfTurnAreIgnored();
    void cancelBeforeAnythingIsSentReportsEveryRowNotStarted();
    void cancelWhilePausedSendsNothingMore();
    void aPausedJobFinishesOnlyOnResumeEvenWithNothingLeft();
    void unclearRowsAreSettledAtTheEndAndThatPhasePausesToo();
    void aStoppedJobResumesFromItsSavedManifestAndStampsIt();
    void aSecondJobOnTheSameManifestNeverSendsACouponTwice();
    void aCouponBusyPastItsRetriesIsReportedForTheNextRun();
};

// start() twice, pause() before start, resume() while running, cancel() after the end: no effect.
void TestDeskBulkVoidJob::callsOutOfTurnAreIgnored()
{
    sim::SimulatorOptions o;
    o.seedJson = bulktest::bulkSeedJson(3);
    Fixture f;
    QVERIFY(f.open(o));
    int deactivates = 0;
    countDeactivates(*f.simulator, deactivates);
    BulkVoidJob job(f.session->desk(), manifestFor(f, bulktest::bulkCsv(1, 3)), f.manager());
    QList<BulkVoidJob::State> states;
    connect(&job, &BulkVoidJob::stateChanged, this, [&](BulkVoidJob::State s) { states << s; });
    QSignalSpy finished(&job, &BulkVoidJob::finished);

    job.pause();
    job.resume();
    QCOMPARE(job.state(), BulkVoidJob::State::Idle);
    job.start();
    job.start();
    job.resume();
    QCOMPARE(job.state(), BulkVoidJob::State::Running);
    QCOMPARE(waitFinished(finished).voided, 3);

    job.cancel();
    job.start();
    job.pause();
    turnTheEventLoop();
    QCOMPARE(job.state(), BulkVoidJob::State::Finished);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(deactivates, 3);
    QCOMPARE(
        states, (QList<BulkVoidJob::State> { BulkVoidJob::State::Running, BulkVoidJob::State::Finished }));
}

// Cancelled before start: finished() still comes later (queued), every row is "not started" with the
// reason, nothing went out, and the report says so row by row.
void TestDeskBulkVoidJob::cancelBeforeAnythingIsSentReportsEveryRowNotStarted()
{
    sim::SimulatorOptions o;
    o.seedJson = bulktest::bulkSeedJson(3);
    Fixture f;
    QVERIFY(f.open(o));
    int deactivates = 0;
    countDeactivates(*f.simulator, deactivates);
    BulkVoidJob job(f.session->desk(), manifestFor(f, bulktest::bulkCsv(1, 3)), f.manager());
    QSignalSpy finished(&job, &BulkVoidJob::finished);
    QSignalSpy rows(&job, &BulkVoidJob::rowFinished);

    job.cancel();
    QCOMPARE(job.state(), BulkVoidJob::State::Cancelling);
    QCOMPARE(finished.count(), 0);
    job.cancel();
    const BulkSummary s = waitFinished(finished);
    QVERIFY(s.cancelled);
    QCOMPARE(s.notStarted, 3);
    QCOMPARE(s.sentThisRun, 0);
    QVERIFY(!s.allDone());
    QCOMPARE(rows.count(), 3);
    QCOMPARE(deactivates, 0);
    QCOMPARE(job.state(), BulkVoidJob::State::Finished);
    job.start(); // a finished job does not start again
    turnTheEventLoop();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(deactivates, 0);

    const QList<QByteArray> lines = reportLines(job);
    QCOMPARE(lines.size(), 3);
    for (int i = 0; i < 3; ++i) {
        const QByteArray start = QByteArray::number(i + 2) + ',' + bulktest::bulkCode(i + 1).toLatin1() + ','
            + bulktest::kBulkStock.toLatin1() + ",not_started,,,,";
        QVERIFY2(lines.at(i).startsWith(start), lines.at(i).constData());
        QVERIFY2(lines.at(i).endsWith("running it again continues here."), lines.at(i).constData());
    }
}

// Paused before its first row went out, then cancelled: nothing is sent at all.
void TestDeskBulkVoidJob::cancelWhilePausedSendsNothingMore()
{
    sim::SimulatorOptions o;
    o.seedJson = bulktest::bulkSeedJson(3);
    Fixture f;
    QVERIFY(f.open(o));
    int deactivates = 0;
    countDeactivates(*f.simulator, deactivates);
    BulkVoidJob job(f.session->desk(), manifestFor(f, bulktest::bulkCsv(1, 3)), f.manager());
    QSignalSpy finished(&job, &BulkVoidJob::finished);
    job.start();
    job.pause(); // before the queued planning has run
    QCOMPARE(job.state(), BulkVoidJob::State::Paused);
    turnTheEventLoop();
    QCOMPARE(deactivates, 0);
    QCOMPARE(finished.count(), 0);

    job.cancel();
    const BulkSummary s = waitFinished(finished);
    QVERIFY(s.cancelled);
    QCOMPARE(s.notStarted, 3);
    QCOMPARE(deactivates, 0);
    QVERIFY(!f.session->desk().isBusy(bulktest::bulkCode(1)));
}

// Paused while its last row is on the wire: the row finishes and is reported, but the job is not over
// (a paused job may still be cancelled or resumed) until resume() ends it.
void TestDeskBulkVoidJob::aPausedJobFinishesOnlyOnResumeEvenWithNothingLeft()
{
    sim::SimulatorOptions o;
    o.seedJson = bulktest::bulkSeedJson(1);
    Fixture f;
    QVERIFY(f.open(o));
    sim::FaultSpec slow;
    slow.endpoint = QStringLiteral("deactivate");
    slow.kind = sim::FaultKind::Delay;
    slow.delayMs = 300; // applied at once, answered later: long enough to pause meanwhile
    f.simulator->addFault(slow);
    BulkVoidJob job(f.session->desk(), manifestFor(f, bulktest::bulkCsv(1, 1)), f.manager());
    QSignalSpy finished(&job, &BulkVoidJob::finished);
    QSignalSpy rows(&job, &BulkVoidJob::rowFinished);
    job.start();
    QTRY_VERIFY(f.session->desk().isBusy(bulktest::bulkCode(1)));
    job.pause();

    QVERIFY(rows.wait(10000));
    QCOMPARE(job.rowResult(0).outcome, BulkOutcome::Voided);
    turnTheEventLoop();
    QCOMPARE(job.state(), BulkVoidJob::State::Paused);
    QCOMPARE(finished.count(), 0);

    job.resume();
    const BulkSummary s = waitFinished(finished);
    QCOMPARE(s.voided, 1);
    QVERIFY(!s.cancelled);
    QCOMPARE(job.state(), BulkVoidJob::State::Finished);
}

// Every void hangs, so every row is unclear after its first try; the job then enters its settling
// phase, where it can be paused like the first, and settles each row with the request number it
// journaled, in the same run.
void TestDeskBulkVoidJob::unclearRowsAreSettledAtTheEndAndThatPhasePausesToo()
{
    sim::SimulatorOptions o;
    o.seedJson = bulktest::bulkSeedJson(2);
    Fixture f;
    QVERIFY(f.open(o, 250));
    sim::FaultSpec hang;
    hang.endpoint = QStringLiteral("deactivate");
    hang.kind = sim::FaultKind::Hang;
    hang.count = 1000;
    f.simulator->addFault(hang);
    int deactivates = 0;
    countDeactivates(*f.simulator, deactivates);

    BulkVoidJob job(f.session->desk(), manifestFor(f, bulktest::bulkCsv(1, 2)), f.manager());
    QList<BulkVoidJob::State> states;
    connect(&job, &BulkVoidJob::stateChanged, this, [&](BulkVoidJob::State s) {
        states << s;
        if (s == BulkVoidJob::State::Settling && states.count(s) == 1) {
            f.simulator->clearFaults(); // WeChat Pay answers again
            job.pause();
        }
    });
    QSignalSpy finished(&job, &BulkVoidJob::finished);
    job.start();
    QTRY_COMPARE_WITH_TIMEOUT(job.state(), BulkVoidJob::State::Paused, 30000);
    QCOMPARE(job.rowResult(0).outcome, BulkOutcome::Pending); // not reported as unclear: still to settle
    const int beforeSettling = deactivates;
    turnTheEventLoop();
    QCOMPARE(deactivates, beforeSettling);

    job.resume();
    QCOMPARE(job.state(), BulkVoidJob::State::Settling);
    const BulkSummary s = waitFinished(finished);
    QCOMPARE(s.voided, 2);
    QCOMPARE(s.uncertain, 0);
    QCOMPARE(s.sentThisRun, 2); // settling resends, it does not count as a new row
    QCOMPARE(states,
        (QList<BulkVoidJob::State> { BulkVoidJob::State::Running, BulkVoidJob::State::Settling,
            BulkVoidJob::State::Paused, BulkVoidJob::State::Settling, BulkVoidJob::State::Finished }));
    for (int i = 0; i < 2; ++i) {
        history::JournalFilter rowsOfCoupon;
        rowsOfCoupon.batchId = job.jobId();
        rowsOfCoupon.codeExact = bulktest::bulkCode(i + 1);
        const auto journal = f.session->journal().query(rowsOfCoupon, 0, 10);
        QVERIFY(journal.ok());
        QCOMPARE(journal->size(), 1); // one request number per coupon, first try and settling alike
        QCOMPARE(job.rowResult(i).requestNo, journal->first().requestNo);
        QCOMPARE(f.simulator->appliedCount(journal->first().requestNo), 1);
    }
}

// A job stopped half-way (cancelled) and started again from the manifest file its first run saved:
// the rows done before are reported from the journal at start, before anything new is sent, with
// their first request numbers; only the rest is sent; the manifest is stamped completed on disk only
// when every row is done.
void TestDeskBulkVoidJob::aStoppedJobResumesFromItsSavedManifestAndStampsIt()
{
    sim::SimulatorOptions o;
    o.seedJson = bulktest::bulkSeedJson(5);
    Fixture f;
    QVERIFY(f.open(o));
    int deactivates = 0;
    countDeactivates(*f.simulator, deactivates);
    BulkParseOptions po;
    po.defaultReason = kReason;
    const BulkPreview preview = parseBulkFile(bulktest::bulkCsv(1, 5), po);
    const QString jobDir = f.dir.filePath(QStringLiteral("bulk-jobs"));
    auto created = openOrCreateBulkJob(jobDir, preview, QStringLiteral("void.csv"), kReason, {}, f.manager(),
        false, QDateTime::currentDateTime());
    QVERIFY(created.ok());
    QVERIFY(!created->resumed);

    BulkVoidOptions bo;
    bo.concurrency = 1;
    bo.manifestPath = created->path;
    BulkVoidJob first(f.session->desk(), created->manifest, f.manager(), bo);
    QSignalSpy firstFinished(&first, &BulkVoidJob::finished);
    connect(&first, &BulkVoidJob::rowFinished, this, [&](int row) {
        if (row == 1)
            first.cancel();
    });
    first.start();
    const BulkSummary stopped = waitFinished(firstFinished);
    QVERIFY(stopped.cancelled);
    QCOMPARE(stopped.voided, 2);
    QCOMPARE(deactivates, 2);
    QVERIFY(!BulkManifest::load(created->path)->completedAt.isValid()); // not done: not stamped

    auto reopened = openOrCreateBulkJob(jobDir, preview, QStringLiteral("void.csv"), kReason, {}, f.manager(),
        false, QDateTime::currentDateTime());
    QVERIFY(reopened.ok());
    QVERIFY(reopened->resumed);
    QCOMPARE(reopened->manifest.jobId, created->manifest.jobId);
    BulkVoidJob second(f.session->desk(), reopened->manifest, f.manager(), bo);
    QList<int> reportedRows;
    QList<int> sentWhenReported;
    connect(&second, &BulkVoidJob::rowFinished, this, [&](int row) {
        reportedRows << row;
        sentWhenReported << deactivates;
    });
    QList<int> firstProgress;
    connect(&second, &BulkVoidJob::progress, this, [&](int done, int failed, int remaining) {
        if (firstProgress.isEmpty())
            firstProgress = { done, failed, remaining };
    });
    QSignalSpy secondFinished(&second, &BulkVoidJob::finished);
    second.start();
    const BulkSummary s = waitFinished(secondFinished);
    QCOMPARE(s.voided, 5);
    QCOMPARE(s.resumedDone, 2);
    QCOMPARE(s.sentThisRun, 3);
    QCOMPARE(deactivates, 5);
    QCOMPARE(reportedRows, (QList<int> { 0, 1, 2, 3, 4 }));
    QCOMPARE(sentWhenReported.mid(0, 2), (QList<int> { 2, 2 })); // from the journal, nothing sent yet
    QCOMPARE(firstProgress, (QList<int> { 2, 0, 3 }));
    QCOMPARE(second.rowResult(0).requestNo, first.rowResult(0).requestNo);
    QCOMPARE(second.rowResult(1).requestNo, first.rowResult(1).requestNo);

    const auto stamped = BulkManifest::load(created->path);
    QVERIFY(stamped.ok());
    QVERIFY(stamped->completedAt.isValid());
    QCOMPARE(stamped->jobId, created->manifest.jobId);
    QCOMPARE(stamped->rows.size(), 5);
}

// Two jobs on one manifest at once (the lock that prevents it bypassed): while the first job's void of a
// coupon is on the wire the second is told the coupon is busy, tries again, then finds the first job's
// success in the journal. Each coupon is deactivated by one request, and both jobs report it voided by
// that request.
void TestDeskBulkVoidJob::aSecondJobOnTheSameManifestNeverSendsACouponTwice()
{
    sim::SimulatorOptions o;
    o.seedJson = bulktest::bulkSeedJson(4);
    Fixture f;
    QVERIFY(f.open(o));
    sim::FaultSpec slow;
    slow.endpoint = QStringLiteral("deactivate");
    slow.kind = sim::FaultKind::Delay;
    slow.count = 4;
    slow.delayMs = 200;
    f.simulator->addFault(slow);
    int deactivates = 0;
    countDeactivates(*f.simulator, deactivates);
    const BulkManifest m = manifestFor(f, bulktest::bulkCsv(1, 4));
    BulkVoidOptions bo;
    bo.ratePerSec = 0;
    bo.retryDelayMs = 20;
    BulkVoidJob first(f.session->desk(), m, f.manager(), bo);
    BulkVoidJob second(f.session->desk(), m, f.manager(), bo);
    QSignalSpy firstFinished(&first, &BulkVoidJob::finished);
    QSignalSpy secondFinished(&second, &BulkVoidJob::finished);
    first.start();
    QTRY_VERIFY(f.session->desk().isBusy(bulktest::bulkCode(4))); // all four on the wire
    second.start();

    QCOMPARE(waitFinished(firstFinished).voided, 4);
    const BulkSummary s = waitFinished(secondFinished);
    QCOMPARE(s.voided, 4);
    QCOMPARE(s.resumedDone, 0); // none was finished yet when the second job planned
    QCOMPARE(deactivates, 4);
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(second.rowResult(i).requestNo, first.rowResult(i).requestNo);
        QCOMPARE(f.simulator->coupon(bulktest::bulkCode(i + 1))->deactivateRequestNo,
            first.rowResult(i).requestNo);
        QCOMPARE(f.simulator->coupon(bulktest::bulkCode(i + 1))->applied.size(), 1);
    }
}

// With no retries left for a busy coupon, the row is reported as failed with the reason (and the
// report carries it), nothing is sent for it, and the next run finds it voided in the journal.
void TestDeskBulkVoidJob::aCouponBusyPastItsRetriesIsReportedForTheNextRun()
{
    sim::SimulatorOptions o;
    o.seedJson = bulktest::bulkSeedJson(2);
    Fixture f;
    QVERIFY(f.open(o));
    sim::FaultSpec slow;
    slow.endpoint = QStringLiteral("deactivate");
    slow.kind = sim::FaultKind::Delay;
    slow.count = 2;
    slow.delayMs = 800; // the second job runs meanwhile
    f.simulator->addFault(slow);
    int deactivates = 0;
    countDeactivates(*f.simulator, deactivates);
    const BulkManifest m = manifestFor(f, bulktest::bulkCsv(1, 2));
    BulkVoidJob first(f.session->desk(), m, f.manager());
    QSignalSpy firstFinished(&first, &BulkVoidJob::finished);
    first.start();
    QTRY_VERIFY(f.session->desk().isBusy(bulktest::bulkCode(2)));

    BulkVoidOptions impatient;
    impatient.busyRetries = 0;
    BulkVoidJob second(f.session->desk(), m, f.manager(), impatient);
    QSignalSpy secondFinished(&second, &BulkVoidJob::finished);
    second.start();
    const BulkSummary s = waitFinished(secondFinished);
    QCOMPARE(s.failed, 2);
    QCOMPARE(s.voided, 0);
    const QString reason
        = QStringLiteral("Another operation on this coupon is not confirmed yet; run the job again later.");
    QCOMPARE(second.rowResult(0).message, reason);
    QCOMPARE(second.rowResult(0).code, QStringLiteral("IN_FLIGHT"));
    const QList<QByteArray> lines = reportLines(second);
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.at(0).contains(",failed,,,IN_FLIGHT,"), lines.at(0).constData());
    QVERIFY2(lines.at(0).endsWith(reason.toUtf8()), lines.at(0).constData());

    QCOMPARE(waitFinished(firstFinished).voided, 2);
    QCOMPARE(deactivates, 2); // the second job sent nothing
    BulkVoidJob third(f.session->desk(), m, f.manager());
    QSignalSpy thirdFinished(&third, &BulkVoidJob::finished);
    third.start();
    const BulkSummary t = waitFinished(thirdFinished);
    QCOMPARE(t.voided, 2);
    QCOMPARE(t.resumedDone, 2);
    QCOMPARE(deactivates, 2);
}

QTEST_GUILESS_MAIN(TestDeskBulkVoidJob)
#include "test_desk_bulkvoidjob.moc"
