// Bad-input corpus in bulk-void CSV files (issue 8), through the real engine: the corpus of the CLI and
// GUI tests (tests/support/badinput.h) in every column of one file, beside good rows. The preview
// refuses each bad row (its line, the column named); the job refuses to start while they are in;
// with them skipped, only the good rows are sent (real journal file, real simulator on loopback).
#include "badinput.h"
#include "bulkseed.h"
#include "deskfixture.h"

#include "desk/bulkvoid.h"

#include "history/journal.h"

#include <QLockFile>

using namespace desk;

class TestBadInputCsv : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyBadRowIsRefusedAndNothingSentForIt()
    {
        desktest::Fixture f;
        sim::SimulatorOptions o;
        o.seedJson = bulktest::bulkSeedJson(100);
        QVERIFY(f.open(std::move(o)));

        // Line 2 and the last line are good; between them one row per (column, bad value), each with
        // its own otherwise good coupon, so a row wrongly let through would void a coupon of its own.
        struct Bad
        {
            int line;
            QString column;
            QString code; // the coupon the row would have voided (empty: the code itself is the bad value)
        };
        QList<Bad> bad;
        QByteArray csv = "coupon_code,stock_id,reason,openid\r\n";
        int next = 1;
        auto row
            = [&](const QString &code, const QString &stock, const QString &reason, const QString &openid) {
                  csv += testsupport::csvQuoted(code) + ',' + testsupport::csvQuoted(stock) + ','
                      + testsupport::csvQuoted(reason) + ',' + testsupport::csvQuoted(openid) + "\r\n";
              };
        int line = 2;
        const QString firstGood = bulktest::bulkCode(next++);
        row(firstGood, bulktest::kBulkStock, QStringLiteral("批次发错"), QString());
        for (const auto &[name, value] : testsupport::badInputCorpus()) {
            for (const QString &column :
                { QStringLiteral("coupon_code"), QStringLiteral("stock_id"), QStringLiteral("openid") }) {
                if (column == QLatin1String("openid") && value.isEmpty())
                    continue; // optional
                const QString code = bulktest::bulkCode(next++);
                ++line;
                bad << Bad { line, column, column == QLatin1String("coupon_code") ? QString() : code };
                row(column == QLatin1String("coupon_code") ? value : code,
                    column == QLatin1String("stock_id") ? value : bulktest::kBulkStock,
                    QStringLiteral("批次发错"), column == QLatin1String("openid") ? value : QString());
                line += static_cast<int>(
                    value.count(QLatin1Char('\n'))); // a quoted line break continues the record
            }
        }
        for (const auto &[name, value] : testsupport::badReasonCorpus()) {
            const QString code = bulktest::bulkCode(next++);
            ++line;
            bad << Bad { line, QStringLiteral("reason"), code };
            row(code, bulktest::kBulkStock, value, QString());
        }
        const QString lastGood = bulktest::bulkCode(next++);
        row(lastGood, bulktest::kBulkStock, QStringLiteral("活动配置错误"), QString());

        BulkParseOptions po; // no default reason: an empty reason cell is a missing reason
        const BulkPreview p = parseBulkFile(csv, po);
        QVERIFY2(p.isFileOk(), qPrintable(p.fileError));
        QCOMPARE(p.rows.size(), bad.size() + 2);
        QCOMPARE(p.validCount(), 2);
        QCOMPARE(p.invalidCount(), static_cast<int>(bad.size()));
        const QHash<QString, QString> labels { { QStringLiteral("coupon_code"),
                                                   QStringLiteral("Coupon code") },
            { QStringLiteral("stock_id"), QStringLiteral("Stock") },
            { QStringLiteral("reason"), QStringLiteral("Reason") },
            { QStringLiteral("openid"), QStringLiteral("Customer openid") } };
        for (int i = 0; i < bad.size(); ++i) {
            const BulkRow &r = p.rows.at(i + 1);
            QCOMPARE(r.status, BulkRowStatus::Invalid);
            QCOMPARE(r.line, bad.at(i).line);
            QCOMPARE(r.errors.size(), 1);
            QVERIFY2(
                r.errors.first().startsWith(labels.value(bad.at(i).column)), qPrintable(r.errors.first()));
        }

        int deactivates = 0;
        connect(f.simulator.get(), &sim::Simulator::requestServed, this,
            [&deactivates](const sim::ServedRequest &r) {
                if (r.target.endsWith("/coupons/deactivate"))
                    ++deactivates;
            });

        // With the bad rows in, the job is refused: no job file, nothing sent.
        const QString jobDir = defaultBulkJobDir(f.settings.historyDb);
        auto refused = openOrCreateBulkJob(jobDir, p, QStringLiteral("bad.csv"), po.defaultReason, {},
            f.manager(), false, QDateTime::currentDateTime());
        QVERIFY(!refused.ok());
        QVERIFY(!refused.error().message.isEmpty());
        QVERIFY(QDir(jobDir).entryList(QDir::Files).isEmpty());
        QCOMPARE(f.session->journal().count({}).value(), qint64(0));

        // With them skipped, only the two good rows are sent.
        auto job = openOrCreateBulkJob(jobDir, p, QStringLiteral("bad.csv"), po.defaultReason, {},
            f.manager(), true, QDateTime::currentDateTime());
        QVERIFY2(job.ok(), qPrintable(job.error().message));
        BulkVoidOptions bo;
        bo.ratePerSec = 0;
        BulkVoidJob run(f.session->desk(), job->manifest, f.manager(), bo);
        QSignalSpy finished(&run, &BulkVoidJob::finished);
        run.start();
        QVERIFY(finished.wait(60000));
        const BulkSummary s = finished.first().first().value<BulkSummary>();
        QCOMPARE(s.voided, 2);
        QCOMPARE(s.skippedInvalid, static_cast<int>(bad.size()));
        QCOMPARE(s.failed + s.uncertain, 0);
        QCOMPARE(deactivates, 2);
        QCOMPARE(f.session->journal().count({}).value(), qint64(2));
        QCOMPARE(f.simulator->coupon(firstGood)->state, QStringLiteral("DEACTIVATED"));
        QCOMPARE(f.simulator->coupon(lastGood)->state, QStringLiteral("DEACTIVATED"));
        for (int i = 0; i < bad.size(); ++i) {
            const BulkRowResult r = run.rowResult(i + 1);
            QCOMPARE(r.line, bad.at(i).line);
            QCOMPARE(r.outcome, BulkOutcome::SkippedInvalid);
            QVERIFY(r.requestNo.isEmpty());
            if (!bad.at(i).code.isEmpty()) {
                const auto c = f.simulator->coupon(bad.at(i).code);
                QVERIFY(c);
                QCOMPARE(c->state, QStringLiteral("SENDED"));
                QVERIFY(c->applied.isEmpty());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestBadInputCsv)
#include "test_bad_input_csv.moc"
