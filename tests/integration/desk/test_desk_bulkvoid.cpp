// Bulk void through the whole stack (BulkVoidJob → Desk → journal file → signed HTTP → simulator):
// 2,000 coupons through injected 429s and hangs, already-voided coupons, failures with reasons,
// unclear outcomes settled with the same request number, pause / resume / cancel, resuming after a
// simulated crash, the rate limit, and the report.
#include "bulkseed.h"
#include "deskfixture.h"

#include "desk/bulkvoid.h"

#include "history/journal.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QLockFile>
#include <QTcpServer>

using namespace desk;
using desktest::Fixture;

namespace {

const QString kReason = QStringLiteral("批量作废测试");

struct Counter
{
    int deactivates = 0;
    QHash<QString, int> faults;
};

void countRequests(sim::Simulator &s, Counter &c)
{
    QObject::connect(&s, &sim::Simulator::requestServed, &s, [&c](const sim::ServedRequest &r) {
        if (r.target.endsWith("/coupons/deactivate"))
            ++c.deactivates;
        if (!r.fault.isEmpty())
            ++c.faults[r.fault];
    });
}

} // namespace

class TestDeskBulkVoid : public QObject
{
    Q_OBJECT

private:
    static BulkManifest manifestFor(
        Fixture &f, const QByteArray &csv, bool excludeInvalid = false, const QString &stock = {})
    {
        BulkParseOptions po;
        po.defaultReason = kReason;
        po.stockId = stock;
        const BulkPreview p = parseBulkFile(csv, po);
        auto m = makeBulkManifest(p, QStringLiteral("test.csv"), kReason, stock, f.manager(), excludeInvalid,
            QDateTime::currentDateTime());
        if (!m)
            qFatal("manifest: %s", qPrintable(m.error().message));
        return m.value();
    }

    // Starts the job (unless running) and waits in a real event loop (QSignalSpy; QTest::qWaitFor
    // would sleep 10 ms between polls and slow the pipeline down several times).
    static BulkSummary run(BulkVoidJob &job, int timeoutMs = 60000)
    {
        BulkSummary summary;
        bool done = false;
        QObject::connect(&job, &BulkVoidJob::finished, &job, [&](const BulkSummary &s) {
            summary = s;
            done = true;
        });
        QSignalSpy spy(&job, &BulkVoidJob::finished);
        if (job.state() == BulkVoidJob::State::Idle)
            job.start();
        if (!done && !spy.wait(timeoutMs))
            qFatal("the bulk job did not finish");
        return summary;
    }

    // The journal row of this batch that voided `code` (empty when none), and how many rows it has.
    static history::JournalEntry voidedRow(
        Fixture &f, const QString &batch, const QString &code, int *rows = nullptr)
    {
        history::JournalFilter filter;
        filter.batchId = batch;
        filter.codeExact = code;
        auto all = f.session->journal().query(filter, 0, 100);
        history::JournalEntry found;
        if (rows)
            *rows = all.ok() ? static_cast<int>(all->size()) : -1;
        if (all.ok())
            for (const history::JournalEntry &e : all.value())
                if (e.state == history::State::Succeeded)
                    found = e;
        return found;
    }

    // Every coupon deactivated exactly once, by the request number the journal holds as SUCCEEDED.
    static void checkVoidedOnce(Fixture &f, const QString &batch, const QStringList &codes)
    {
        for (const QString &code : codes) {
            const auto truth = f.simulator->coupon(code);
            QVERIFY(truth);
            QCOMPARE(truth->state, QStringLiteral("DEACTIVATED"));
            QCOMPARE(truth->applied.size(), 1); // one applied request number for this coupon, ever
            const history::JournalEntry row = voidedRow(f, batch, code);
            QVERIFY2(row.id > 0, qPrintable(code));
            QCOMPARE(truth->deactivateRequestNo, row.requestNo);
            QCOMPARE(f.simulator->appliedCount(row.requestNo), 1);
        }
    }

private Q_SLOTS:
    void voids2000CouponsExactlyOnceThrough429sAndTimeouts()
    {
        constexpr int n = 2000;
        sim::SimulatorOptions o;
        o.seedJson = bulktest::bulkSeedJson(n);
        o.randomSeed = 20261123;
        sim::FaultSpec tooMany;
        tooMany.endpoint = QStringLiteral("deactivate");
        tooMany.kind = sim::FaultKind::Status429;
        tooMany.probability = 0.05;
        tooMany.count = 0;
        sim::FaultSpec hang = tooMany;
        hang.kind = sim::FaultKind::Hang;
        hang.probability = 0.01;
        o.faults = { tooMany, hang };
        Fixture f;
        QVERIFY(f.open(o, 400)); // a hung request times out after 0.4 s
        Counter counter;
        countRequests(*f.simulator, counter);

        BulkVoidOptions bo;
        bo.concurrency = 8;
        bo.ratePerSec = 0; // the simulator's own limits only; pacing has its own test
        BulkVoidJob job(f.session->desk(), manifestFor(f, bulktest::bulkCsv(1, n, true)), f.manager(), bo);
        int progressCalls = 0;
        connect(&job, &BulkVoidJob::progress, this, [&](int done, int failed, int remaining, double) {
            ++progressCalls;
            QVERIFY(done + failed + remaining == n);
        });
        QElapsedTimer t;
        t.start();
        // Each outcome is its own commit: 8 s here, 101 s with fsync slowed to 40 ms (a slow disk).
        const BulkSummary s = run(job, 240000);
        qInfo("2000 coupons in %lld ms; %d deactivate requests, %d answered 429, %d hung", t.elapsed(),
            counter.deactivates, counter.faults.value(QStringLiteral("status_429")),
            counter.faults.value(QStringLiteral("hang")));

        QCOMPARE(s.voided, n);
        QCOMPARE(s.failed + s.uncertain + s.alreadyVoided + s.alreadyVoidedUnverified + s.notStarted, 0);
        QVERIFY(s.allDone());
        QVERIFY(counter.faults.value(QStringLiteral("status_429")) > 20); // the faults really happened
        QVERIFY(counter.faults.value(QStringLiteral("hang")) > 3);
        QVERIFY(progressCalls >= n);

        QStringList codes;
        for (int i = 1; i <= n; ++i)
            codes << bulktest::bulkCode(i);
        checkVoidedOnce(f, job.jobId(), codes);
        // The journal agrees with the simulator: nothing unsettled, one SUCCEEDED row per coupon.
        QCOMPARE(f.session->journal().unsettled()->size(), 0);
        history::JournalFilter batch;
        batch.batchId = job.jobId();
        batch.state = history::State::Succeeded;
        QCOMPARE(f.session->journal().count(batch).value(), qint64(n));
        for (const BulkRowResult &r : job.results())
            QCOMPARE(r.outcome, BulkOutcome::Voided);
    }

    void alreadyVoidedCountsOnlyWhenVerified()
    {
        Fixture f;
        QVERIFY(f.open());
        const QString deactivated = f.noted(QStringLiteral("已失效"));
        const QString used = f.noted(QStringLiteral("已核销"));
        const QString expired = f.noted(QStringLiteral("已过期"));
        const QString foreign = f.noted(QStringLiteral("NO_AUTH"));
        const QString usable = f.usable(0);
        auto line = [&f](const QString &code, bool openid) {
            QByteArray l = code.toLatin1() + ',' + f.stockOf(code).toLatin1();
            if (openid)
                l += ',' + f.openidOf(code).toLatin1();
            return QByteArray(l + "\n");
        };
        const QByteArray withOpenid = "coupon_code,stock_id,openid\n" + line(deactivated, true)
            + line(used, true) + line(expired, true) + line(foreign, true) + line(usable, true);
        BulkVoidJob job(f.session->desk(), manifestFor(f, withOpenid), f.manager());
        const BulkSummary s = run(job);
        QCOMPARE(s.voided, 1);
        QCOMPARE(s.alreadyVoided, 1);
        QCOMPARE(s.failed, 3);
        QVERIFY(!s.allDone());
        const QList<BulkRowResult> &r = job.results();
        QCOMPARE(r.at(0).outcome, BulkOutcome::AlreadyVoided);
        QVERIFY2(r.at(0).message.contains(f.simulator->coupon(deactivated)->deactivateRequestNo),
            qPrintable(r.at(0).message));
        QVERIFY(!r.at(0).wechatTime.isEmpty());
        QCOMPARE(r.at(1).outcome, BulkOutcome::Failed);
        QVERIFY2(
            r.at(1).message.contains(QStringLiteral("already been redeemed")), qPrintable(r.at(1).message));
        QCOMPARE(r.at(2).outcome, BulkOutcome::Failed);
        QVERIFY2(r.at(2).message.contains(QStringLiteral("expired")), qPrintable(r.at(2).message));
        QCOMPARE(r.at(3).outcome, BulkOutcome::Failed);
        QCOMPARE(r.at(3).code, QStringLiteral("NO_AUTH"));
        QCOMPARE(r.at(4).outcome, BulkOutcome::Voided);
        QCOMPARE(f.simulator->coupon(used)->state, QStringLiteral("USED")); // refused rows changed nothing

        // Without an openid the claim cannot be checked: reported, not counted as done.
        const QByteArray noOpenid = "coupon_code,stock_id\n" + line(deactivated, false);
        BulkVoidJob unverified(f.session->desk(), manifestFor(f, noOpenid), f.manager());
        const BulkSummary u = run(unverified);
        QCOMPARE(u.alreadyVoidedUnverified, 1);
        QCOMPARE(unverified.results().first().outcome, BulkOutcome::AlreadyVoidedUnverified);
        QCOMPARE(
            unverified.results().first().message, QStringLiteral("Already voided (not verified: no openid)"));
        QVERIFY(!u.allDone());

        // Run again: nothing is sent, the outcomes come from the journal (notes included).
        Counter counter;
        countRequests(*f.simulator, counter);
        BulkVoidJob again(f.session->desk(), job.manifest(), f.manager());
        const BulkSummary a = run(again);
        QCOMPARE(counter.deactivates, 0);
        QCOMPARE(a.resumedDone, 5);
        QCOMPARE(again.results().at(0).outcome, BulkOutcome::AlreadyVoided);
        QCOMPARE(again.results().at(0).wechatTime, r.at(0).wechatTime);
        QCOMPARE(again.results().at(4).outcome, BulkOutcome::Voided);
        QCOMPARE(again.results().at(4).requestNo, r.at(4).requestNo);
    }

    void uncertainRowsAreSettledWithTheSameRequestNumber()
    {
        sim::SimulatorOptions o;
        o.seedJson = bulktest::bulkSeedJson(3);
        Fixture f;
        QVERIFY(f.open(o, 250));
        sim::FaultSpec hang;
        hang.endpoint = QStringLiteral("deactivate");
        hang.kind = sim::FaultKind::Hang;
        hang.count = 1000; // every void hangs: the outcome stays open
        f.simulator->addFault(hang);
        const BulkManifest m = manifestFor(f, bulktest::bulkCsv(1, 2, true));
        BulkVoidJob first(f.session->desk(), m, f.manager());
        const BulkSummary s = run(first);
        QCOMPARE(s.uncertain, 2);
        QCOMPARE(first.results().at(0).outcome, BulkOutcome::Uncertain);
        const QString requestNo = first.results().at(0).requestNo;
        QVERIFY(!requestNo.isEmpty());
        QCOMPARE(f.session->journal().unsettled()->size(), 2);

        // WeChat Pay answers again: the same job settles them, with the request numbers it journaled.
        f.simulator->clearFaults();
        Counter counter;
        countRequests(*f.simulator, counter);
        BulkVoidJob second(f.session->desk(), m, f.manager());
        const BulkSummary s2 = run(second);
        QCOMPARE(s2.voided, 2);
        QCOMPARE(s2.sentThisRun, 0); // settled, not sent anew
        QCOMPARE(second.results().at(0).requestNo, requestNo);
        QCOMPARE(counter.deactivates, 2);
        checkVoidedOnce(f, m.jobId, { bulktest::bulkCode(1), bulktest::bulkCode(2) });
        int rows = 0;
        voidedRow(f, m.jobId, bulktest::bulkCode(1), &rows);
        QCOMPARE(rows, 1);
    }

    void aCrashLeavesPendingRowsThatAreSettledNotRepeated()
    {
        sim::SimulatorOptions o;
        o.seedJson = bulktest::bulkSeedJson(4);
        Fixture f;
        QVERIFY(f.open(o));
        const BulkManifest m = manifestFor(f, bulktest::bulkCsv(1, 4));
        // What a killed run leaves: row 1 journaled PENDING but never sent (killed before send);
        // row 2 journaled PENDING and applied by WeChat Pay (killed after the reply, before the
        // journal update); rows 3 and 4 never reached.
        auto pending = [&](int i) {
            history::JournalEntry e;
            e.operation = history::Operation::Deactivate;
            e.couponCode = bulktest::bulkCode(i);
            e.stockId = bulktest::kBulkStock;
            e.reason = kReason;
            e.requestNo = QStringLiteral("01-D261123120000-CR%1").arg(i);
            e.requestBody = wechatpay::busifavor::DeactivateCouponRequest { e.couponCode, e.stockId,
                e.requestNo, kReason }
                                .toJson();
            e.staff = QStringLiteral("m01");
            e.counterId = QStringLiteral("01");
            e.batchId = m.jobId;
            if (!f.session->journal().insertPending(e).ok())
                qFatal("insertPending");
            return e;
        };
        const history::JournalEntry neverSent = pending(1);
        const history::JournalEntry applied = pending(2);
        simtest::SimClient direct(*f.simulator);
        QVERIFY(direct
                    .call(wechatpay::busifavor::DeactivateCouponRequest {
                        applied.couponCode, applied.stockId, applied.requestNo, kReason }
                              .toApiRequest())
                    .ok());
        QCOMPARE(f.simulator->appliedCount(applied.requestNo), 1);

        BulkVoidJob job(f.session->desk(), m, f.manager());
        const BulkSummary s = run(job);
        QCOMPARE(s.voided, 4);
        QCOMPARE(s.sentThisRun, 2); // rows 3 and 4; rows 1 and 2 were settled
        QCOMPARE(job.results().at(0).requestNo, neverSent.requestNo);
        QCOMPARE(job.results().at(1).requestNo, applied.requestNo);
        QCOMPARE(
            f.simulator->appliedCount(applied.requestNo), 1); // answered from the replay, not applied again
        QVERIFY(f.simulator->replayCount(applied.requestNo) >= 1);
        checkVoidedOnce(f, m.jobId,
            { bulktest::bulkCode(1), bulktest::bulkCode(2), bulktest::bulkCode(3), bulktest::bulkCode(4) });
    }

    void rowsThatCouldNotBeSentAreSentByTheNextRun()
    {
        // A fixed port, so the simulator can come back where the client expects it.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        sim::SimulatorOptions o;
        o.port = probe.serverPort();
        probe.close();
        o.seedJson = bulktest::bulkSeedJson(3);
        Fixture f;
        QVERIFY(f.open(o));
        f.simulator->stop(); // WeChat Pay unreachable (connection refused): nothing can be sent

        BulkVoidOptions bo;
        bo.retryDelayMs = 10;
        bo.notSentRetries = 2;
        const BulkManifest m = manifestFor(f, bulktest::bulkCsv(1, 3));
        BulkVoidJob offline(f.session->desk(), m, f.manager(), bo);
        const BulkSummary s = run(offline);
        QCOMPARE(s.failed, 3);
        QVERIFY2(offline.rowResult(0).code.startsWith(QStringLiteral("NOT_SENT:")),
            qPrintable(offline.rowResult(0).code));
        QVERIFY(offline.rowResult(0).message.contains(QStringLiteral("running the job again sends it")));
        QCOMPARE(f.session->journal().unsettled()->size(), 0); // FAILED, not left open: nothing went out

        QVERIFY(f.simulator->start().ok());
        BulkVoidJob online(f.session->desk(), m, f.manager(), bo);
        const BulkSummary s2 = run(online);
        QCOMPARE(s2.voided, 3);
        QCOMPARE(s2.sentThisRun, 3);
        checkVoidedOnce(f, m.jobId, { bulktest::bulkCode(1), bulktest::bulkCode(2), bulktest::bulkCode(3) });
    }

    void pauseStopsNewRowsAndResumeContinues()
    {
        sim::SimulatorOptions o;
        o.seedJson = bulktest::bulkSeedJson(5);
        Fixture f;
        QVERIFY(f.open(o));
        Counter counter;
        countRequests(*f.simulator, counter);
        BulkVoidOptions bo;
        bo.concurrency = 1;
        bo.ratePerSec = 0;
        BulkVoidJob job(f.session->desk(), manifestFor(f, bulktest::bulkCsv(1, 5)), f.manager(), bo);
        int finishedRows = 0;
        connect(&job, &BulkVoidJob::rowFinished, this, [&] {
            if (++finishedRows == 1)
                job.pause();
        });
        job.start();
        QTRY_COMPARE(finishedRows, 1);
        QCOMPARE(job.state(), BulkVoidJob::State::Paused);
        for (int i = 0; i < 20; ++i)
            QCoreApplication::processEvents();
        QCOMPARE(counter.deactivates, 1); // nothing new started while paused
        QVERIFY(!f.session->desk().isBusy(bulktest::bulkCode(2)));
        QCOMPARE(job.rowResult(1).outcome, BulkOutcome::Pending);

        job.resume();
        const BulkSummary s = run(job);
        QCOMPARE(s.voided, 5);
        QCOMPARE(counter.deactivates, 5);
    }

    void cancelLeavesTheRestAndRunningAgainFinishesIt()
    {
        sim::SimulatorOptions o;
        o.seedJson = bulktest::bulkSeedJson(6);
        Fixture f;
        QVERIFY(f.open(o));
        BulkVoidOptions bo;
        bo.concurrency = 1;
        const BulkManifest m = manifestFor(f, bulktest::bulkCsv(1, 6));
        BulkVoidJob job(f.session->desk(), m, f.manager(), bo);
        connect(&job, &BulkVoidJob::rowFinished, this, [&] { job.cancel(); });
        const BulkSummary s = run(job);
        QVERIFY(s.cancelled);
        QCOMPARE(s.voided, 1);
        QCOMPARE(s.notStarted, 5);
        QCOMPARE(job.rowResult(5).outcome, BulkOutcome::NotStarted);
        QCOMPARE(f.simulator->coupon(bulktest::bulkCode(2))->state, QStringLiteral("SENDED"));

        BulkVoidJob again(f.session->desk(), m, f.manager(), bo);
        const BulkSummary s2 = run(again);
        QVERIFY(!s2.cancelled);
        QCOMPARE(s2.voided, 6);
        QCOMPARE(s2.resumedDone, 1);
        QCOMPARE(s2.sentThisRun, 5);
        QStringList codes;
        for (int i = 1; i <= 6; ++i)
            codes << bulktest::bulkCode(i);
        checkVoidedOnce(f, m.jobId, codes);
    }

    void invalidRowsAreSentOnlyWhenExcluded()
    {
        sim::SimulatorOptions o;
        o.seedJson = bulktest::bulkSeedJson(3);
        Fixture f;
        QVERIFY(f.open(o));
        Counter counter;
        countRequests(*f.simulator, counter);
        const QByteArray csv = "coupon_code,stock_id\nBULK00000001,1212000000000001\nBULK😀,1212000000000001\n"
                               "BULK00000002,1212000000000001\nBULK00000001,1212000000000001\n";
        BulkParseOptions po;
        po.defaultReason = kReason;
        const BulkPreview p = parseBulkFile(csv, po);
        QCOMPARE(p.invalidCount(), 1);
        QVERIFY(!makeBulkManifest(
            p, QStringLiteral("x.csv"), kReason, {}, f.manager(), false, QDateTime::currentDateTime())
                     .ok());
        QCOMPARE(counter.deactivates, 0);

        BulkVoidJob job(f.session->desk(), manifestFor(f, csv, true), f.manager());
        QList<int> reported;
        connect(&job, &BulkVoidJob::rowFinished, this,
            [&](int row, const OperationResult &) { reported << row; });
        const BulkSummary s = run(job);
        QCOMPARE(s.voided, 2);
        QCOMPARE(s.skippedInvalid, 1);
        QCOMPARE(s.skippedDuplicate, 1);
        QVERIFY(s.allDone());
        QCOMPARE(counter.deactivates, 2);
        std::sort(reported.begin(), reported.end());
        QCOMPARE(reported, (QList<int> { 0, 1, 2, 3 })); // every row reported once
        QCOMPARE(job.rowResult(1).outcome, BulkOutcome::SkippedInvalid);
        QVERIFY(job.rowResult(1).message.contains(QStringLiteral("emoji")));
        QCOMPARE(job.rowResult(3).message, QStringLiteral("Same coupon as line 2"));

        QBuffer report;
        report.open(QIODevice::WriteOnly);
        QVERIFY(job.writeReport(report, false).ok());
        const QList<QByteArray> lines = report.data().trimmed().split('\n');
        QCOMPARE(lines.size(), 5);
        QVERIFY(lines.at(1).startsWith("2,BULK00000001,1212000000000001,voided,01-D"));
        QVERIFY(lines.at(2).contains(",skipped_invalid,"));
        QVERIFY(lines.at(4).contains(",skipped_duplicate,"));
    }

    void theRateLimitPacesNewRequests()
    {
        sim::SimulatorOptions o;
        o.seedJson = bulktest::bulkSeedJson(24);
        Fixture f;
        QVERIFY(f.open(o));
        Counter counter;
        countRequests(*f.simulator, counter);

        // A frozen clock: the first burst (concurrency 4 → 4 tokens) goes, then nothing until time moves.
        qint64 fakeNow = 0;
        bool thawed = false;
        QElapsedTimer realClock;
        realClock.start();
        BulkVoidOptions bo;
        bo.concurrency = 4;
        bo.ratePerSec = 10;
        bo.monotonicMs = [&] { return thawed ? fakeNow + realClock.elapsed() : fakeNow; };
        BulkVoidJob frozen(f.session->desk(), manifestFor(f, bulktest::bulkCsv(1, 12)), f.manager(), bo);
        int rows = 0;
        connect(&frozen, &BulkVoidJob::rowFinished, this, [&] { ++rows; });
        frozen.start();
        QTRY_COMPARE(rows, 4);
        QCOMPARE(counter.deactivates, 4);
        fakeNow += 200; // two more tokens
        QTRY_COMPARE(rows, 6);
        QCOMPARE(counter.deactivates, 6);
        thawed = true; // time runs again: the other six follow at 10/s
        QCOMPARE(run(frozen).voided, 12);

        // Real time: 12 requests at 20/s with bursts of 2 take at least (12 - 2) / 20 s.
        BulkVoidOptions real;
        real.concurrency = 2;
        real.ratePerSec = 20;
        BulkVoidJob paced(f.session->desk(), manifestFor(f, bulktest::bulkCsv(13, 24)), f.manager(), real);
        QElapsedTimer t;
        t.start();
        QCOMPARE(run(paced).voided, 12);
        QVERIFY2(t.elapsed() >= 480, qPrintable(QString::number(t.elapsed())));
    }

    void aJobRunsInOneProgramInstanceAtATime()
    {
        QTemporaryDir dir;
        const QString path = bulkManifestPath(dir.path(), QStringLiteral("abc"));
        QString error;
        auto first = lockBulkJob(path, error);
        QVERIFY(first);
        auto second = lockBulkJob(path, error);
        QVERIFY(!second);
        QVERIFY2(error.contains(QStringLiteral("already running")), qPrintable(error));
        first.reset();
        QVERIFY(lockBulkJob(path, error));
    }

    void withoutAManagerNothingIsSent()
    {
        sim::SimulatorOptions o;
        o.seedJson = bulktest::bulkSeedJson(2);
        Fixture f;
        QVERIFY(f.open(o));
        Counter counter;
        countRequests(*f.simulator, counter);
        BulkVoidJob job(f.session->desk(), manifestFor(f, bulktest::bulkCsv(1, 2)), f.cashier());
        const BulkSummary s = run(job);
        QCOMPARE(s.notStarted, 2);
        QCOMPARE(counter.deactivates, 0);
        QVERIFY(job.rowResult(0).message.contains(QStringLiteral("manager")));
    }
};

QTEST_GUILESS_MAIN(TestDeskBulkVoid)
#include "test_desk_bulkvoid.moc"
