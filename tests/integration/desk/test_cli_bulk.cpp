// coupondesk-cli bulk-deactivate as a manager runs it, against an in-process simulator: the file
// check (exit 2, nothing sent), outcomes and exit codes, --json, the report, and the kill test: the
// CLI killed (SIGKILL) after 120 of 300 rows, the same command run again, every coupon voided
// exactly once and none skipped.
#include "bulkseed.h"
#include "clirunner.h"
#include "clisettings.h"
#include "simharness.h"

#include "desk/settings.h"
#include "desk/staff.h"
#include "history/journal.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTest>

namespace {

const QString kPin = QStringLiteral("8642");
const QString kReason = QStringLiteral("发错批次，批量作废");

} // namespace

class TestCliBulk : public QObject
{
    Q_OBJECT

private:
    using Run = testsupport::CliRun;

    std::unique_ptr<sim::Simulator> m_sim;
    QTemporaryDir m_dir;
    QString m_ini;

    Run cli(const QStringList &args, const QStringList &env = {})
    {
        return testsupport::runProgram(QStringLiteral(COUPONDESK_CLI_PATH), args, env);
    }
    Run bulk(const QString &file, const QStringList &more = {}, const QStringList &env = {})
    {
        return cli(QStringList { QStringLiteral("--config"), m_ini, QStringLiteral("--json"),
                       QStringLiteral("bulk-deactivate"), QStringLiteral("--file"), file,
                       QStringLiteral("--reason"), kReason, QStringLiteral("--pin"), kPin }
                + more,
            env);
    }

    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    std::unique_ptr<history::Journal> journal()
    {
        auto j = std::make_unique<history::Journal>();
        if (!j->open(m_dir.filePath(QStringLiteral("history.sqlite"))).ok())
            qFatal("cannot open the journal");
        return j;
    }

    QList<history::JournalEntry> batchRows(const QString &batch)
    {
        history::JournalFilter f;
        f.batchId = batch;
        auto rows = journal()->query(f, 0, history::Journal::kMaxPageSize);
        return rows.ok() ? rows.value() : QList<history::JournalEntry>();
    }

    QString demoCode(const QString &noteFragment)
    {
        for (const sim::DemoCode &c : m_sim->demoCodes(1))
            if (c.note.contains(noteFragment))
                return c.couponCode;
        qFatal("no demo coupon noted %s", qPrintable(noteFragment));
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        sim::SimulatorOptions o;
        o.seedJson = bulktest::bulkSeedJson(400);
        m_sim = simtest::startSimulator(o);
        QVERIFY(m_sim);
        m_ini = testsupport::writeCliSettings(
            *m_sim, m_dir.path(), testsupport::cliStaff(kPin), [](desk::Settings &s) {
                s.totalTimeoutMs = 3000;
                s.connectTimeoutMs = 1000;
            });
        QVERIFY(!m_ini.isEmpty());
    }

    void helpNamesTheCommandAndHowResumingWorks()
    {
        const Run top = cli({ QStringLiteral("--help") });
        QCOMPARE(top.exitCode, 0);
        QVERIFY(top.out.contains("bulk-deactivate"));
        const Run help = cli({ QStringLiteral("bulk-deactivate"), QStringLiteral("--help") });
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--exclude-invalid"));
        QVERIFY(help.out.contains("--concurrency"));
        QVERIFY(help.out.contains("SHA-256"));
        const Run missing = cli({ QStringLiteral("--config"), m_ini, QStringLiteral("bulk-deactivate"),
            QStringLiteral("--file"), QStringLiteral("x.csv") });
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains("--reason"));
    }

    void aFileWithErrorsSendsNothing()
    {
        const auto before = journal()->count({}).value();
        const QString file = writeFile(QStringLiteral("bad.csv"),
            "\xEF\xBB\xBF"
            "coupon_code,stock_id\r\nBULK00000390,1212000000000001\r\n"
            "1' OR '1'='1,1212000000000001\r\n../../etc/passwd,1212000000000001\r\n");
        const Run r = bulk(file);
        QCOMPARE(r.exitCode, 2);
        const QList<QJsonObject> rows = r.lines();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0).value(QLatin1String("line")).toInt(), 3);
        QVERIFY(rows.at(0)
                    .value(QLatin1String("errors"))
                    .toArray()
                    .first()
                    .toString()
                    .contains(QStringLiteral("(found \"'\")")));
        QCOMPARE(rows.at(1).value(QLatin1String("line")).toInt(), 4);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.err.contains("nothing was sent"));
        QCOMPARE(journal()->count({}).value(), before);
        QCOMPARE(m_sim->coupon(bulktest::bulkCode(390))->state, QStringLiteral("SENDED"));
        QVERIFY(!QDir(m_dir.filePath(QStringLiteral("bulk-jobs"))).exists()
            || QDir(m_dir.filePath(QStringLiteral("bulk-jobs"))).entryList(QDir::Files).isEmpty());

        const QString gbk = writeFile(QStringLiteral("gbk.csv"),
            "coupon_code,stock_id,reason\nBULK00000390,1212000000000001,\xB7\xA2\xB4\xED\n");
        const Run enc = bulk(gbk);
        QCOMPARE(enc.exitCode, 2);
        QVERIFY(enc.err.contains("not UTF-8"));

        // --exclude-invalid: the valid row goes, the others are reported as skipped.
        const Run excluded = bulk(file, { QStringLiteral("--exclude-invalid") });
        QCOMPARE(excluded.exitCode, 0);
        const QJsonObject s = excluded.summary();
        QCOMPARE(s.value(QLatin1String("voided")).toInt(), 1);
        QCOMPARE(s.value(QLatin1String("skipped_invalid")).toInt(), 2);
        QCOMPARE(m_sim->coupon(bulktest::bulkCode(390))->state, QStringLiteral("DEACTIVATED"));
    }

    void outcomesAndExitCodes()
    {
        const QString used = demoCode(QStringLiteral("已核销"));
        const QString voided = demoCode(QStringLiteral("已失效"));
        const QByteArray csv = "coupon_code\tstock_id\treason\n" + bulktest::bulkCode(391).toLatin1()
            + "\t1212000000000001\t\n" + used.toLatin1() + '\t' + m_sim->coupon(used)->stockId.toLatin1()
            + "\t顾客投诉\n" + voided.toLatin1() + '\t' + m_sim->coupon(voided)->stockId.toLatin1() + "\t\n";
        const QString report = m_dir.filePath(QStringLiteral("outcomes-report.csv"));
        const Run r = bulk(writeFile(QStringLiteral("outcomes.tsv"), csv),
            { QStringLiteral("--report"), report, QStringLiteral("--bom") });
        QCOMPARE(r.exitCode, 1); // a used coupon failed; the already voided one has no openid to check
        const QList<QJsonObject> rows = r.lines();
        QCOMPARE(rows.size(), 4);
        QHash<QString, QString> outcome;
        for (const QJsonObject &o : rows.mid(0, 3))
            outcome.insert(o.value(QLatin1String("coupon_code")).toString(),
                o.value(QLatin1String("outcome")).toString());
        QCOMPARE(outcome.value(bulktest::bulkCode(391)), QStringLiteral("voided"));
        QCOMPARE(outcome.value(used), QStringLiteral("failed"));
        QCOMPARE(outcome.value(voided), QStringLiteral("already_voided_unverified"));
        QVERIFY(r.summary().value(QLatin1String("summary")).toBool());
        QVERIFY(r.err.isEmpty()); // not a terminal: no progress line, and nothing else to complain about

        QFile f(report);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.startsWith(
            "\xEF\xBB\xBFline,coupon_code,stock_id,outcome,request_no,wechat_time,code,message\r\n"));
        QCOMPARE(bytes.count("\r\n"), 4);
        QVERIFY(bytes.contains(",already_voided_unverified,"));

        // A plain list of codes with one stock.
        const QString list = writeFile(QStringLiteral("codes.txt"),
            bulktest::bulkCode(392).toLatin1() + "\n" + bulktest::bulkCode(393).toLatin1() + "\n");
        const Run plain = bulk(list, { QStringLiteral("--stock"), bulktest::kBulkStock });
        QCOMPARE(plain.exitCode, 0);
        QCOMPARE(plain.summary().value(QLatin1String("voided")).toInt(), 2);
        const Run noStock = bulk(list);
        QCOMPARE(noStock.exitCode, 2);
        QVERIFY(noStock.err.contains("give the stock"));
    }

    void killedHalfwayThenRunAgainVoidsEveryCouponOnce()
    {
        constexpr int n = 300;
        const QString file = writeFile(QStringLiteral("three-hundred.csv"), bulktest::bulkCsv(1, n));
        const QString report = m_dir.filePath(QStringLiteral("three-hundred-report.csv"));
        const QStringList flags { QStringLiteral("--concurrency"), QStringLiteral("8"),
            QStringLiteral("--rate"), QStringLiteral("0"), QStringLiteral("--report"), report };

        const Run killed = bulk(file, flags, { QStringLiteral("COUPONDESK_CRASH_AFTER_ROWS=120") });
#ifdef Q_OS_UNIX
        QCOMPARE(killed.status, QProcess::CrashExit); // really killed, not a clean exit
#else
        QCOMPARE(killed.exitCode, 137); // TerminateProcess(…, 137)
#endif
        QVERIFY(!QFile::exists(report)); // the report is written at the end only
        const QStringList manifests = QDir(m_dir.filePath(QStringLiteral("bulk-jobs")))
                                          .entryList({ QStringLiteral("bulk-void-*.json") });
        QVERIFY(!manifests.isEmpty());

        // What the killed run left: at least 120 voided, the rest not yet (some perhaps in flight).
        QString batch;
        int succeededBefore = 0;
        QSet<QString> codesBefore;
        {
            history::JournalFilter f;
            f.codeExact = bulktest::bulkCode(1);
            auto first = journal()->query(f, 0, 10);
            QVERIFY(first.ok() && !first->isEmpty());
            batch = first->first().batchId;
            QVERIFY(batch.startsWith(QLatin1Char('B')));
            for (const history::JournalEntry &e : batchRows(batch)) {
                codesBefore.insert(e.couponCode);
                if (e.state == history::State::Succeeded)
                    ++succeededBefore;
            }
        }
        qInfo("killed run: %d coupon(s) journaled, %d voided", static_cast<int>(codesBefore.size()),
            succeededBefore);
        QVERIFY2(succeededBefore >= 120, qPrintable(QString::number(succeededBefore)));
        QVERIFY2(codesBefore.size() < n, qPrintable(QString::number(codesBefore.size())));
        int deactivatedBefore = 0;
        for (int i = 1; i <= n; ++i)
            deactivatedBefore
                += m_sim->coupon(bulktest::bulkCode(i))->state == QStringLiteral("DEACTIVATED") ? 1 : 0;
        QVERIFY(deactivatedBefore < n);

        // The same command again: the same job continues.
        const Run again = bulk(file, flags);
        QCOMPARE(again.exitCode, 0);
        const QJsonObject s = again.summary();
        QCOMPARE(s.value(QLatin1String("job_id")).toString(), batch);
        QVERIFY(s.value(QLatin1String("resumed")).toBool());
        QCOMPARE(s.value(QLatin1String("voided")).toInt(), n);
        QCOMPARE(s.value(QLatin1String("failed")).toInt(), 0);
        QCOMPARE(s.value(QLatin1String("uncertain")).toInt(), 0);
        QCOMPARE(s.value(QLatin1String("sent")).toInt(),
            n - static_cast<int>(codesBefore.size())); // nothing voided is sent again
        QCOMPARE(again.lines().size(), n + 1);
        QVERIFY(!again.err.contains('\r'));

        // Simulator truth and journal agree: each coupon deactivated once, by the journaled request number.
        const QList<history::JournalEntry> rows = batchRows(batch);
        QCOMPARE(rows.size(), n); // one row per coupon: nothing was voided twice or skipped
        QHash<QString, QString> requestOf;
        for (const history::JournalEntry &e : rows) {
            QCOMPARE(e.state, history::State::Succeeded);
            QVERIFY(!requestOf.contains(e.couponCode));
            requestOf.insert(e.couponCode, e.requestNo);
        }
        for (int i = 1; i <= n; ++i) {
            const auto truth = m_sim->coupon(bulktest::bulkCode(i));
            QCOMPARE(truth->state, QStringLiteral("DEACTIVATED"));
            QCOMPARE(truth->applied.size(), 1);
            QCOMPARE(truth->deactivateRequestNo, requestOf.value(bulktest::bulkCode(i)));
            QCOMPARE(m_sim->appliedCount(truth->deactivateRequestNo), 1);
        }
        QCOMPARE(journal()->unsettled()->size(), 0);

        // The report is complete: every row of the file, voided.
        QFile f(report);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), n + 1);
        for (qsizetype i = 1; i < lines.size(); ++i)
            QVERIFY2(lines.at(i).contains(",voided,"), lines.at(i).constData());

        // A third run changes nothing and sends nothing.
        const Run third = bulk(file, flags);
        QCOMPARE(third.exitCode, 0);
        QCOMPARE(third.summary().value(QLatin1String("sent")).toInt(), 0);
        QCOMPARE(third.summary().value(QLatin1String("finished_earlier")).toInt(), n);
        QCOMPARE(batchRows(batch).size(), n);
    }
};

QTEST_GUILESS_MAIN(TestCliBulk)
#include "test_cli_bulk.moc"
