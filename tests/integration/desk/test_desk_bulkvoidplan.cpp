// What a bulk void run will really send (issue 15): rows an earlier run of the same job settled in
// the journal are not counted, so the confirmation never says "void 19 coupons" for a done file.
#include "bulkseed.h"
#include "deskfixture.h"

#include "desk/bulkvoid.h"
#include "desk/bulkvoidplan.h"

#include "history/journal.h"

using namespace desk;
using desktest::Fixture;

class TestDeskBulkVoidPlan : public QObject
{
    Q_OBJECT

    static BulkSummary run(BulkVoidJob &job)
    {
        QSignalSpy spy(&job, &BulkVoidJob::finished);
        job.start();
        if (!spy.wait(60000))
            qFatal("the bulk job did not finish");
        return spy.first().first().value<BulkSummary>();
    }

private Q_SLOTS:
    void aFinishedFileHasNothingLeftToSendAndAPartOneOnlyItsRest()
    {
        sim::SimulatorOptions o;
        o.seedJson = bulktest::bulkSeedJson(19);
        Fixture f;
        QVERIFY(f.open(o));
        int deactivates = 0;
        QObject::connect(f.simulator.get(), &sim::Simulator::requestServed, f.simulator.get(),
            [&](const sim::ServedRequest &r) {
                if (r.target.endsWith("/coupons/deactivate"))
                    ++deactivates;
            });
        const QString reason = QStringLiteral("批次发错");
        BulkParseOptions po;
        po.defaultReason = reason;
        const BulkPreview preview = parseBulkFile(bulktest::bulkCsv(1, 19), po);
        QCOMPARE(preview.validCount(), 19);
        const QString jobDir = f.dir.filePath(QStringLiteral("bulk-jobs"));

        // A new file: every valid row will be sent.
        BulkSendPlan plan = planBulkSend(f.session->journal(), jobDir, preview, reason, {});
        QCOMPARE(plan.toSend, 19);
        QCOMPARE(plan.alreadyDone, 0);
        QVERIFY(!plan.resumed);
        QCOMPARE(bulkConfirmText(plan), QStringLiteral("Void 19 coupons now? This cannot be undone."));

        // An earlier run voided the first 16 rows of the job (then stopped).
        auto job = openOrCreateBulkJob(jobDir, preview, QStringLiteral("void.csv"), reason, {}, f.manager(),
            false, QDateTime::currentDateTime());
        QVERIFY(job.ok());
        BulkManifest firstPart = job->manifest;
        firstPart.rows = firstPart.rows.mid(0, 16);
        BulkVoidJob first(f.session->desk(), firstPart, f.manager());
        QCOMPARE(run(first).voided, 16);
        QCOMPARE(deactivates, 16);

        plan = planBulkSend(f.session->journal(), jobDir, preview, reason, {});
        QVERIFY(plan.resumed);
        QCOMPARE(plan.toSend, 3);
        QCOMPARE(plan.alreadyDone, 16);
        QCOMPARE(bulkConfirmText(plan),
            QStringLiteral("Void 3 coupons now (16 already handled)? This cannot be undone."));
        // Another reason is another job: nothing of it is done yet.
        QCOMPARE(
            planBulkSend(f.session->journal(), jobDir, preview, QStringLiteral("别的原因"), {}).toSend, 19);

        // Running the whole job sends exactly the 3 counted.
        BulkVoidJob whole(f.session->desk(), job->manifest, f.manager());
        const BulkSummary s = run(whole);
        QCOMPARE(s.voided, 19);
        QCOMPARE(s.resumedDone, 16);
        QCOMPARE(deactivates, 19);

        plan = planBulkSend(f.session->journal(), jobDir, preview, reason, {});
        QCOMPARE(plan.toSend, 0);
        QCOMPARE(plan.alreadyDone, 19);
        QCOMPARE(bulkConfirmText(plan),
            QStringLiteral("19 of 19 coupons already handled: nothing to send. Show their results?"));
    }
};

QTEST_GUILESS_MAIN(TestDeskBulkVoidPlan)
#include "test_desk_bulkvoidplan.moc"
