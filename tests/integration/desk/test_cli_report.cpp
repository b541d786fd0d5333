// coupondesk-cli report as a manager runs it (issue 19): after redemptions through the CLI against the
// simulator, the JSON by stock, CSV by cashier, the table and the Excel workbook, and the refusals.
#include "clirunner.h"
#include "clisettings.h"
#include "simharness.h"

#include "desk/settings.h"
#include "desk/staff.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kFixedStock = QStringLiteral("1212000000000001"); // 满100减20券
const QString kPercentStock = QStringLiteral("1212000000000003"); // 9折券

} // namespace

class TestCliReport : public QObject
{
    Q_OBJECT

private:
    using Run = testsupport::CliRun;

    std::unique_ptr<sim::Simulator> m_sim;
    QTemporaryDir m_dir;
    QString m_ini;
    QString m_today = QDate::currentDate().toString(QStringLiteral("yyyy-MM-dd"));

    Run cli(const QStringList &args, const QStringList &env = {})
    {
        return testsupport::runProgram(QStringLiteral(COUPONDESK_CLI_PATH),
            QStringList { QStringLiteral("--config"), m_ini } + args, env, 60000);
    }
    Run report(const QStringList &args, const QStringList &env = {})
    {
        return cli(QStringList { QStringLiteral("report"), QStringLiteral("--from"), m_today,
                       QStringLiteral("--to"), m_today }
                + args,
            env);
    }

    QString usable(const QString &stockId, int index)
    {
        int i = 0;
        for (const sim::DemoCode &c : m_sim->demoCodes(60))
            if (c.note == QStringLiteral("可核销") && c.stockId == stockId && i++ == index)
                return c.couponCode;
        qFatal("not enough demo coupons");
        return {};
    }

    QString zipPart(const QString &file, const char *name)
    {
        QProcess py;
        py.start(QStringLiteral("python3"),
            { QStringLiteral("-c"),
                QStringLiteral("import sys,zipfile; "
                               "sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))"),
                file, QString::fromLatin1(name) });
        py.waitForFinished(30000);
        return QString::fromUtf8(py.readAllStandardOutput());
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_sim = simtest::startSimulator();
        QVERIFY(m_sim);
        m_ini = testsupport::writeCliSettings(*m_sim, m_dir.path(), { testsupport::cliStaff().first() });
        QVERIFY(!m_ini.isEmpty());

        // The day: two ¥20-off coupons (one on a ¥150 order), a 9折 coupon on a ¥99.99 order.
        const QStringList uses[] = { { QStringLiteral("--code"), usable(kFixedStock, 0),
                                         QStringLiteral("--amount"), QStringLiteral("150") },
            { QStringLiteral("--code"), usable(kFixedStock, 1) },
            { QStringLiteral("--code"), usable(kPercentStock, 0), QStringLiteral("--amount"),
                QStringLiteral("99.99") } };
        for (const QStringList &use : uses) {
            Run r = cli(QStringList { QStringLiteral("--json"), QStringLiteral("use") } + use);
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
    }

    void jsonByStockHoldsEachStock()
    {
        Run r = report({ QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--by"),
            QStringLiteral("stock") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray stocks = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(stocks.size(), 2);
        const QJsonObject fixed = stocks.at(0).toObject();
        QCOMPARE(fixed.value(QLatin1String("stock_id")).toString(), kFixedStock);
        QCOMPARE(fixed.value(QLatin1String("stock_name")).toString(), QStringLiteral("满100减20券"));
        QCOMPARE(fixed.value(QLatin1String("redeemed")).toInteger(), 2);
        QCOMPARE(fixed.value(QLatin1String("value_fen")).toInteger(), 4000);
        QCOMPARE(fixed.value(QLatin1String("value_unknown")).toInteger(), 0);
        for (const char *key : { "voided", "returned", "failed", "unsettled" })
            QCOMPARE(fixed.value(QLatin1String(key)).toInteger(-1), 0);
        const QJsonObject percent = stocks.at(1).toObject();
        QCOMPARE(percent.value(QLatin1String("stock_id")).toString(), kPercentStock);
        QCOMPARE(percent.value(QLatin1String("stock_name")).toString(), QStringLiteral("9折券"));
        QCOMPARE(percent.value(QLatin1String("redeemed")).toInteger(), 1);
        QCOMPARE(percent.value(QLatin1String("value_fen")).toInteger(), 1000);
        // --json alone means JSON too.
        Run j = cli({ QStringLiteral("--json"), QStringLiteral("report"), QStringLiteral("--from"), m_today,
            QStringLiteral("--to"), m_today });
        QCOMPARE(QJsonDocument::fromJson(j.out).array(), stocks);
    }

    void csvTableAndFile()
    {
        Run csv = report({ QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--by"),
            QStringLiteral("staff") });
        QVERIFY2(csv.exitCode == 0, csv.err.constData());
        QCOMPARE(QString::fromUtf8(csv.out),
            QStringLiteral(
                "staff_id,staff_name,redeemed,voided,returned,failed,unsettled,value_fen,value_unknown\r\n"
                "c01,小王,3,0,0,0,0,5000,0\r\n"));
        Run table = report({ QStringLiteral("--by"), QStringLiteral("hour") });
        QVERIFY2(table.exitCode == 0, table.err.constData());
        QVERIFY(table.out.contains("¥50.00"));
        QVERIFY(table.out.startsWith(QByteArray(QByteArray("period ") + m_today.toUtf8())));
        const QString file = m_dir.filePath(QStringLiteral("day.json"));
        Run toFile = report({ QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--by"),
            QStringLiteral("day"), QStringLiteral("--out"), file });
        QCOMPARE(toFile.exitCode, 0);
        QVERIFY(toFile.out.isEmpty());
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject day = QJsonDocument::fromJson(f.readAll()).array().first().toObject();
        QCOMPARE(day.value(QLatin1String("day")).toString(), m_today);
        QCOMPARE(day.value(QLatin1String("value_fen")).toInteger(), 5000);
    }

    void workbookInTheUiLanguage()
    {
        const QString file = m_dir.filePath(QStringLiteral("report.xlsx"));
        const QStringList zh { QStringLiteral("LC_ALL=zh_CN.UTF-8"), QStringLiteral("LANG=zh_CN.UTF-8") };
        Run x = cli({ QStringLiteral("--json"), QStringLiteral("report"), QStringLiteral("--from"), m_today,
                        QStringLiteral("--to"), m_today, QStringLiteral("--format"), QStringLiteral("xlsx"),
                        QStringLiteral("--out"), file },
            zh);
        QVERIFY2(x.exitCode == 0, x.err.constData());
        QCOMPARE(x.json().value(QLatin1String("sheets")).toInteger(), 5);
        const QString workbook = zipPart(file, "xl/workbook.xml");
        for (const QString &sheet : { QStringLiteral("按批次"), QStringLiteral("按收银员"),
                 QStringLiteral("按小时"), QStringLiteral("按日"), QStringLiteral("未确认") })
            QVERIFY2(workbook.contains(sheet), qPrintable(sheet));
        const QString byStock = zipPart(file, "xl/worksheets/sheet1.xml");
        QVERIFY(byStock.contains(QStringLiteral("<c r=\"A2\" t=\"s\">"))); // the stock id as text
        QVERIFY(
            byStock.contains(QRegularExpression(QStringLiteral("<c r=\"H2\"[^>]*><v>40</v></c>")))); // ¥40
        QVERIFY(zipPart(file, "xl/sharedStrings.xml").contains(QStringLiteral("满100减20券")));
    }

    void refusals()
    {
        QCOMPARE(cli({ QStringLiteral("report"), QStringLiteral("--to"), m_today }).exitCode, 2);
        QCOMPARE(report({ QStringLiteral("--by"), QStringLiteral("cashier") }).exitCode, 2);
        QCOMPARE(report({ QStringLiteral("--by"), QStringLiteral("shop") }).exitCode, 2);
        QCOMPARE(report({ QStringLiteral("--format"), QStringLiteral("xlsx") }).exitCode, 2);
        QCOMPARE(report({ QStringLiteral("--format"), QStringLiteral("pdf") }).exitCode, 2);
        QCOMPARE(cli({ QStringLiteral("report"), QStringLiteral("--from"), m_today, QStringLiteral("--to"),
                         QStringLiteral("2000-01-01") })
                     .exitCode,
            2);
        Run chain = report({ QStringLiteral("--scope"), QStringLiteral("chain") });
        QCOMPARE(chain.exitCode, 3); // no chain section: the settings are what is missing
        QVERIFY(chain.err.contains("chain"));
    }
};

QTEST_GUILESS_MAIN(TestCliReport)
#include "test_cli_report.moc"
