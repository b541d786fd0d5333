// coupondesk-cli as a user runs it: use / deactivate / return / query / stock / history / reconcile
// against a simulator, plus the crash-safety test: the CLI killed (SIGKILL) at each step of a redeem
// and a void, restarted, settled — no row lost, nothing applied twice, nothing left unsettled.
#include "clirunner.h"
#include "clisettings.h"
#include "simharness.h"
#include "tinyproxy.h"

#include "desk/settings.h"
#include "desk/staff.h"
#include "history/journal.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTest>

class TestCliWorkflows : public QObject
{
    Q_OBJECT

private:
    using Run = testsupport::CliRun;

    std::unique_ptr<sim::Simulator> m_sim;
    QTemporaryDir m_dir;
    QString m_ini;

    Run cli(const QStringList &args, const QStringList &env = {})
    {
        return testsupport::runProgram(QStringLiteral(COUPONDESK_CLI_PATH), args, env, 60000);
    }
    Run cfg(const QStringList &args, const QStringList &env = {})
    {
        return cli(QStringList { QStringLiteral("--config"), m_ini, QStringLiteral("--json") } + args, env);
    }

    QString usable(int index)
    {
        int i = 0;
        for (const sim::DemoCode &c : m_sim->demoCodes(60))
            if (c.note == QStringLiteral("可核销") && i++ == index)
                return c.couponCode;
        qFatal("not enough demo coupons");
        return {};
    }

    std::unique_ptr<history::Journal> journal()
    {
        auto j = std::make_unique<history::Journal>();
        if (!j->open(m_dir.filePath(QStringLiteral("history.sqlite"))).ok())
            qFatal("cannot open the journal");
        return j;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_sim = simtest::startSimulator();
        QVERIFY(m_sim);
        m_ini = testsupport::writeCliSettings(
            *m_sim, m_dir.path(), testsupport::cliStaff(), [](desk::Settings &s) {
                s.totalTimeoutMs = 3000;
                s.connectTimeoutMs = 1000;
            });
        QVERIFY(!m_ini.isEmpty());
    }

    void init() { m_sim->clearFaults(); }

    void useDeactivateReturnQueryStockHistory()
    {
        const QString a = usable(0), b = usable(1);
        const QString stockA = m_sim->coupon(a)->stockId, stockB = m_sim->coupon(b)->stockId;
        Run use
            = cfg({ QStringLiteral("use"), QStringLiteral("--code"), a, QStringLiteral("--stock"), stockA });
        QVERIFY2(use.exitCode == 0, use.err.constData());
        QCOMPARE(use.json().value(QLatin1String("outcome")).toString(), QStringLiteral("succeeded"));
        QVERIFY(!use.json().value(QLatin1String("wechat_time")).toString().isEmpty());

        // WeChat Pay says "already used", but this counter did it: exit 0 and says when and who.
        Run again
            = cfg({ QStringLiteral("use"), QStringLiteral("--code"), a, QStringLiteral("--stock"), stockA });
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(again.json().value(QLatin1String("outcome")).toString(), QStringLiteral("succeeded"));
        QVERIFY(again.json()
                    .value(QLatin1String("message"))
                    .toString()
                    .startsWith(QStringLiteral("This counter redeemed it at ")));
        QVERIFY(again.json().value(QLatin1String("earlier_journal_id")).toInteger() > 0);
        // Used by somebody else: a refusal, exit 1.
        QString usedElsewhere;
        for (const sim::CouponTruth &c : m_sim->coupons())
            if (c.state == QLatin1String("USED") && c.stockId == stockA && usedElsewhere.isEmpty())
                usedElsewhere = c.couponCode;
        Run refused = cfg({ QStringLiteral("use"), QStringLiteral("--code"), usedElsewhere,
            QStringLiteral("--stock"), stockA });
        QCOMPARE(refused.exitCode, 1);
        QCOMPARE(refused.json().value(QLatin1String("outcome")).toString(), QStringLiteral("failed"));

        Run bad = cfg({ QStringLiteral("use"), QStringLiteral("--code"), QStringLiteral("A😀"),
            QStringLiteral("--stock"), stockA });
        QCOMPARE(bad.exitCode, 2);
        QCOMPARE(bad.json().value(QLatin1String("field")).toString(), QStringLiteral("coupon_code"));

        Run noPin = cfg({ QStringLiteral("deactivate"), QStringLiteral("--code"), b,
            QStringLiteral("--stock"), stockB, QStringLiteral("--reason"), QStringLiteral("发错了") });
        QCOMPARE(noPin.exitCode, 2);
        QVERIFY(noPin.err.contains("PIN"));
        Run wrongPin = cfg({ QStringLiteral("deactivate"), QStringLiteral("--code"), b,
            QStringLiteral("--stock"), stockB, QStringLiteral("--reason"), QStringLiteral("发错了"),
            QStringLiteral("--pin"), QStringLiteral("0000") });
        QCOMPARE(wrongPin.exitCode, 1);
        QVERIFY(wrongPin.err.contains("wrong PIN"));
        Run voided
            = cfg({ QStringLiteral("deactivate"), QStringLiteral("--code"), b, QStringLiteral("--stock"),
                      stockB, QStringLiteral("--reason"), QStringLiteral("发错了") },
                { QStringLiteral("COUPONDESK_PIN=8642") });
        QCOMPARE(voided.exitCode, 0);
        QCOMPARE(m_sim->coupon(b)->state, QStringLiteral("DEACTIVATED"));

        Run ret = cfg({ QStringLiteral("return"), QStringLiteral("--code"), a, QStringLiteral("--stock"),
            stockA, QStringLiteral("--pin"), QStringLiteral("8642") });
        QCOMPARE(ret.exitCode, 0);
        QCOMPARE(m_sim->coupon(a)->state, QStringLiteral("SENDED"));

        Run q = cfg({ QStringLiteral("query"), QStringLiteral("--code"), a, QStringLiteral("--openid"),
            m_sim->coupon(a)->openid });
        QCOMPARE(q.exitCode, 0);
        QCOMPARE(q.json().value(QLatin1String("coupon_state")).toString(), QStringLiteral("SENDED"));
        Run st = cfg({ QStringLiteral("stock"), QStringLiteral("--stock"), stockA });
        QCOMPARE(st.exitCode, 0);
        QVERIFY(!st.json().value(QLatin1String("stock_name")).toString().isEmpty());

        Run hist = cfg({ QStringLiteral("history"), QStringLiteral("--code"), a });
        QCOMPARE(hist.exitCode, 0);
        const QJsonArray rows = QJsonDocument::fromJson(hist.out).array();
        QCOMPARE(rows.size(), 3); // use, refused use, return
        Run csv = cli({ QStringLiteral("--config"), m_ini, QStringLiteral("history"),
            QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--bom") });
        QVERIFY(csv.out.startsWith("\xEF\xBB\xBF"));
        QVERIFY(csv.out.contains(b.toLatin1()));
        Run table = cli({ QStringLiteral("--config"), m_ini, QStringLiteral("history"),
            QStringLiteral("--code"), a.left(4) + QLatin1Char('*') });
        QCOMPARE(table.exitCode, 0);
        QVERIFY(table.out.contains("SUCCEEDED"));
    }

    void chineseOnAChineseSystem()
    {
        const QString code = usable(2);
        const QString stock = m_sim->coupon(code)->stockId;
        const QStringList zh { QStringLiteral("LC_ALL=zh_CN.UTF-8"), QStringLiteral("LANG=zh_CN.UTF-8") };
        Run ok = cfg(
            { QStringLiteral("use"), QStringLiteral("--code"), code, QStringLiteral("--stock"), stock }, zh);
        QCOMPARE(ok.json().value(QLatin1String("message")).toString(), QStringLiteral("核销成功"));
        QCOMPARE(ok.json().value(QLatin1String("value_text")).toString(),
            QStringLiteral("减 ¥20.00（满 ¥100.00 可用）"));
        Run again = cfg(
            { QStringLiteral("use"), QStringLiteral("--code"), code, QStringLiteral("--stock"), stock }, zh);
        QVERIFY2(
            again.json().value(QLatin1String("message")).toString().startsWith(QStringLiteral("本柜台已于 ")),
            again.out.constData());
        QVERIFY(again.json()
                    .value(QLatin1String("message"))
                    .toString()
                    .endsWith(QStringLiteral("），无需再核销")));
        Run en = cfg(
            { QStringLiteral("use"), QStringLiteral("--code"), code, QStringLiteral("--stock"), stock });
        QVERIFY(en.json()
                    .value(QLatin1String("message"))
                    .toString()
                    .endsWith(QStringLiteral(") — no need to redeem again")));
    }

    void useWithoutStockFindsIt()
    {
        // No --stock: the configured stocks are tried in turn; a definite 404 moves on, each try journaled.
        const QString coffee
            = QStringLiteral("gift_card_007"); // a 咖啡兑换券 code no stock's pattern matches
        const QString coffeeStock = m_sim->coupon(coffee)->stockId;
        Run use = cfg({ QStringLiteral("use"), QStringLiteral("--code"), coffee });
        QVERIFY2(use.exitCode == 0, use.out.constData());
        QCOMPARE(use.json().value(QLatin1String("stock_id")).toString(), coffeeStock);
        QCOMPARE(m_sim->coupon(coffee)->state, QStringLiteral("USED"));
        const QJsonArray tried = use.json().value(QLatin1String("tried_stocks")).toArray();
        QVERIFY(tried.size() >= 2); // the demo's first stock (满100减20券) is asked first
        QCOMPARE(tried.last().toString(), coffeeStock);
        history::JournalFilter f;
        f.codeExact = coffee;
        QCOMPARE(journal()->count(f).value(), qint64(tried.size())); // each try is its own journaled request

        // An explicitly empty --stock is still an input error.
        Run empty = cfg({ QStringLiteral("use"), QStringLiteral("--code"), usable(5),
            QStringLiteral("--stock"), QString() });
        QCOMPARE(empty.exitCode, 2);
        QCOMPARE(empty.json().value(QLatin1String("field")).toString(), QStringLiteral("stock_id"));

        // A code in none of the shop's stocks: every stock asked, then one clear refusal.
        Run none = cfg({ QStringLiteral("use"), QStringLiteral("--code"), QStringLiteral("ZZ0000000000") });
        QCOMPARE(none.exitCode, 1);
        QCOMPARE(none.json().value(QLatin1String("message")).toString(),
            QStringLiteral("Coupon code not found in this shop's stocks"));
    }

    void fullWidthCodeIsConverted()
    {
        const QString code = usable(6);
        QString fullWidth;
        for (const QChar c : code)
            fullWidth += c.isDigit()                 ? QChar(c.unicode() - u'0' + 0xFF10)
                : c.isLetter() && c.unicode() < 0x80 ? QChar(c.unicode() - u'A' + 0xFF21)
                                                     : c;
        fullWidth = QStringLiteral("  ") + fullWidth + QStringLiteral(" ");
        Run use = cfg({ QStringLiteral("use"), QStringLiteral("--code"), fullWidth });
        QVERIFY2(use.exitCode == 0, use.out.constData());
        QCOMPARE(use.json().value(QLatin1String("coupon_code")).toString(), code);
        QCOMPARE(m_sim->coupon(code)->state, QStringLiteral("USED"));
    }

    void valueAndOrderAmount()
    {
        const QString code = usable(7); // 满100减20券
        Run low = cfg({ QStringLiteral("use"), QStringLiteral("--code"), code, QStringLiteral("--amount"),
            QStringLiteral("80") });
        QCOMPARE(low.exitCode, 1);
        QCOMPARE(low.json().value(QLatin1String("code")).toString(), QStringLiteral("ORDER_BELOW_MINIMUM"));
        QCOMPARE(m_sim->coupon(code)->state, QStringLiteral("SENDED"));
        Run bad = cfg({ QStringLiteral("use"), QStringLiteral("--code"), code, QStringLiteral("--amount"),
            QStringLiteral("eighty") });
        QCOMPARE(bad.exitCode, 2);
        QCOMPARE(bad.json().value(QLatin1String("field")).toString(), QStringLiteral("order_amount"));

        Run ok = cfg({ QStringLiteral("use"), QStringLiteral("--code"), code, QStringLiteral("--amount"),
            QStringLiteral("128") });
        QVERIFY2(ok.exitCode == 0, ok.out.constData());
        QCOMPARE(ok.json().value(QLatin1String("value_text")).toString(),
            QStringLiteral("¥20.00 off (orders from ¥100.00)"));
        QCOMPARE(ok.json().value(QLatin1String("discount_amount_fen")).toInteger(), 2000);
        QCOMPARE(ok.json().value(QLatin1String("due_fen")).toInteger(), 10800);
        // The journal keeps what the till knew, for the reports; the refused try sent nothing and left no
        // row.
        Run hist = cfg({ QStringLiteral("history"), QStringLiteral("--code"), code });
        const QJsonArray rows = QJsonDocument::fromJson(hist.out).array();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).toObject().value(QLatin1String("order_amount_fen")).toInteger(), 12800);
        QCOMPARE(rows.at(0).toObject().value(QLatin1String("discount_fen")).toInteger(), 2000);
        {
            auto j = journal();
            history::JournalFilter f;
            f.codeExact = code;
            const history::JournalEntry row = j->query(f, 0, 1).value().value(0);
            QCOMPARE(row.orderFen, std::optional<qint64>(12800));
            QCOMPARE(row.discountFen, std::optional<qint64>(2000));
        }
        // The plain text a person reads shows the value too.
        Run text = cli({ QStringLiteral("--config"), m_ini, QStringLiteral("use"), QStringLiteral("--code"),
            usable(8) });
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("满100减20券 · ¥20.00 off (orders from ¥100.00)"), text.out.constData());
        Run st = cfg({ QStringLiteral("stock"), QStringLiteral("--stock"), m_sim->coupon(code)->stockId });
        QCOMPARE(st.json().value(QLatin1String("value_text")).toString(),
            QStringLiteral("¥20.00 off (orders from ¥100.00)"));
    }

    void historyForPeopleIsAnExcelWorkbookInTheUiLanguage()
    {
        const QString code = usable(9);
        QVERIFY(cfg({ QStringLiteral("use"), QStringLiteral("--code"), code }).exitCode == 0);
        const QStringList zh { QStringLiteral("LC_ALL=zh_CN.UTF-8"), QStringLiteral("LANG=zh_CN.UTF-8") };
        const QString file = m_dir.filePath(QStringLiteral("history.xlsx"));
        Run needsOut = cfg({ QStringLiteral("history"), QStringLiteral("--format"), QStringLiteral("xlsx") });
        QCOMPARE(needsOut.exitCode, 2);
        Run x = cfg({ QStringLiteral("history"), QStringLiteral("--code"), code.right(6),
                        QStringLiteral("--format"), QStringLiteral("xlsx"), QStringLiteral("--out"), file },
            zh);
        QVERIFY2(x.exitCode == 0, x.err.constData());
        QCOMPARE(x.json().value(QLatin1String("rows")).toInteger(), 1); // found by the last digits
        // An .xlsx is a zip of XML parts: read the strings and the sheet with Python's zipfile.
        auto part = [&](const char *name) {
            QProcess py;
            py.start(QStringLiteral("python3"),
                { QStringLiteral("-c"),
                    QStringLiteral("import sys,zipfile; "
                                   "sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))"),
                    file, QString::fromLatin1(name) });
            py.waitForFinished(30000);
            return QString::fromUtf8(py.readAllStandardOutput());
        };
        const QString strings = part("xl/sharedStrings.xml");
        for (const QString &word :
            { QStringLiteral("券码"), QStringLiteral("核销"), QStringLiteral("成功"), code })
            QVERIFY2(strings.contains(word), qPrintable(word));
        // The 12-digit code is a text cell (t="s"), never a number Excel would round.
        const QString sheet = part("xl/worksheets/sheet1.xml");
        QVERIFY(sheet.contains(QStringLiteral("<c r=\"D2\" t=\"s\">")));
        QVERIFY(!sheet.contains(QStringLiteral("<v>%1</v>").arg(code)));
        QVERIFY(strings.contains(QStringLiteral("订单金额")));
        QVERIFY(!sheet.contains(QStringLiteral("<c r=\"K2\""))); // no amount typed: the cell stays empty

        // With the order amount: numbers in yuan a manager can sum.
        const QString withOrder = usable(10);
        QVERIFY(cfg({ QStringLiteral("use"), QStringLiteral("--code"), withOrder, QStringLiteral("--amount"),
                        QStringLiteral("256.50") })
                    .exitCode
            == 0);
        Run y = cfg({ QStringLiteral("history"), QStringLiteral("--code"), withOrder,
                        QStringLiteral("--format"), QStringLiteral("xlsx"), QStringLiteral("--out"), file },
            zh);
        QVERIFY2(y.exitCode == 0, y.err.constData());
        const QString sheet2 = part("xl/worksheets/sheet1.xml");
        QVERIFY2(sheet2.contains(QRegularExpression(QStringLiteral("<c r=\"K2\"[^>]*><v>256.5</v></c>"))),
            qPrintable(sheet2));
        QVERIFY(sheet2.contains(QRegularExpression(QStringLiteral("<c r=\"L2\"[^>]*><v>[0-9.]+</v></c>"))));
    }

    void httpsSimulatorIsTrustedThroughItsCaFile()
    {
        // wechatpay-sim --https writes api/ca_certificates_file into the client config: honoured as is.
        sim::SimulatorOptions o;
        o.https = true;
        auto https = simtest::startSimulator(o);
        QVERIFY(https);
        const QString ini = m_dir.filePath(QStringLiteral("https.ini"));
        QVERIFY(https->writeClientConfig(ini).ok());
        QVERIFY(
            QSettings(ini, QSettings::IniFormat).value(QStringLiteral("api/ca_certificates_file")).isValid());
        QString code;
        for (const sim::DemoCode &c : https->demoCodes(60))
            if (c.note == QStringLiteral("可核销")) {
                code = c.couponCode;
                break;
            }
        Run use = cli({ QStringLiteral("--config"), ini, QStringLiteral("--json"), QStringLiteral("use"),
            QStringLiteral("--code"), code });
        QVERIFY2(use.exitCode == 0, use.out.constData());
        QCOMPARE(https->coupon(code)->state, QStringLiteral("USED"));

        // Without the file the self-signed server is refused, before anything is sent (FAILED, exit 1).
        {
            QSettings edit(ini, QSettings::IniFormat);
            edit.remove(QStringLiteral("api/ca_certificates_file"));
        }
        QString second;
        for (const sim::DemoCode &c : https->demoCodes(60))
            if (c.note == QStringLiteral("可核销") && c.couponCode != code) {
                second = c.couponCode;
                break;
            }
        Run refused = cli({ QStringLiteral("--config"), ini, QStringLiteral("--json"), QStringLiteral("use"),
            QStringLiteral("--code"), second });
        QVERIFY2(refused.exitCode == 1, refused.out.constData()); // FAILED: TLS refused, nothing sent
        QCOMPARE(https->coupon(second)->state, QStringLiteral("SENDED"));

        // A named file that holds no certificate is a settings problem naming the key.
        {
            QSettings edit(ini, QSettings::IniFormat);
            edit.setValue(
                QStringLiteral("api/ca_certificates_file"), m_dir.filePath(QStringLiteral("nothing.pem")));
        }
        Run bad = cli(
            { QStringLiteral("--config"), ini, QStringLiteral("use"), QStringLiteral("--code"), second });
        QCOMPARE(bad.exitCode, 3);
        QVERIFY2(bad.err.contains("api/ca_certificates_file"), bad.err.constData());
    }

    void throughAProxyAndWhenItIsDown()
    {
        sim::SimulatorOptions o;
        o.https = true;
        auto https = simtest::startSimulator(o);
        QVERIFY(https);
        testsupport::TinyProxy proxy;
        QVERIFY2(
            proxy.start(https->baseUrl().port()), "tinyproxy is needed: scripts/setup-deps.sh installs it");
        const QString ini = m_dir.filePath(QStringLiteral("proxy.ini"));
        QVERIFY(https->writeClientConfig(ini).ok());
        QSettings(ini, QSettings::IniFormat)
            .setValue(QStringLiteral("api/proxy"), QStringLiteral("http://127.0.0.1:%1").arg(proxy.port()));
        QStringList usable;
        for (const sim::DemoCode &c : https->demoCodes(60))
            if (c.note == QStringLiteral("可核销"))
                usable << c.couponCode;
        Run use = cli({ QStringLiteral("--config"), ini, QStringLiteral("--json"), QStringLiteral("use"),
            QStringLiteral("--code"), usable.at(0) });
        QVERIFY2(use.exitCode == 0, use.out.constData());
        QVERIFY(proxy.log().contains("CONNECT 127.0.0.1:"));

        // The proxy goes away: a clear refusal naming it, a FAILED row, nothing sent (exit 1, not 4).
        proxy.stop();
        Run down = cli({ QStringLiteral("--config"), ini, QStringLiteral("--json"), QStringLiteral("use"),
            QStringLiteral("--code"), usable.at(1) });
        QCOMPARE(down.exitCode, 1);
        QVERIFY2(down.out.contains(QStringLiteral("proxy 127.0.0.1:%1").arg(proxy.port()).toUtf8()),
            down.out.constData());
        QVERIFY(down.out.contains("Cannot reach WeChat Pay through the proxy"));
        QCOMPARE(https->coupon(usable.at(1))->state, QStringLiteral("SENDED"));
        history::Journal j;
        QVERIFY(
            j.open(QSettings(ini, QSettings::IniFormat).value(QStringLiteral("desk/history_db")).toString())
                .ok());
        history::JournalFilter f;
        f.codeExact = usable.at(1);
        const auto rows = j.query(f, 0, 5).value();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().state, history::State::Failed);
    }

    void missingOrBrokenSettings()
    {
        Run none = cli({ QStringLiteral("--config"), m_dir.filePath(QStringLiteral("nope.ini")),
            QStringLiteral("history") });
        QCOMPARE(none.exitCode, 3);
        QVERIFY(none.err.contains("not found"));
        QFile broken(m_dir.filePath(QStringLiteral("broken.ini")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("[merchant]\nmchid=12ab\n[desk]\ncounter_id=柜台一号\n");
        broken.close();
        Run bad = cli({ QStringLiteral("--config"), broken.fileName(), QStringLiteral("history") });
        QCOMPARE(bad.exitCode, 3);
        QVERIFY(bad.err.contains("merchant/mchid"));
        QVERIFY(bad.err.contains("desk/counter_id"));
        QCOMPARE(bad.err.count('\n'), 1);
    }

    void crashAtEveryStepLosesNothing_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("point");
        for (const char *op : { "use", "deactivate" })
            for (const char *point : { "before-send", "after-send", "after-reply" })
                QTest::newRow(
                    qPrintable(QStringLiteral("%1 killed %2").arg(QLatin1String(op), QLatin1String(point))))
                    << QString::fromLatin1(op) << QString::fromLatin1(point);
    }
    void crashAtEveryStepLosesNothing()
    {
        QFETCH(QString, operation);
        QFETCH(QString, point);
        static int next = 10;
        const QString code = usable(next++);
        const QString stock = m_sim->coupon(code)->stockId;
        auto before = journal()->count({});
        QVERIFY(before.ok());

        QStringList args { QStringLiteral("--code"), code, QStringLiteral("--stock"), stock };
        if (operation == QLatin1String("use"))
            args.prepend(QStringLiteral("use"));
        else
            args = QStringList { QStringLiteral("deactivate") } + args
                + QStringList { QStringLiteral("--reason"), QStringLiteral("测试"), QStringLiteral("--pin"),
                      QStringLiteral("8642") };
        Run killed = cfg(args, { QStringLiteral("COUPONDESK_CRASH_AT=") + point });
#ifdef Q_OS_UNIX
        QCOMPARE(killed.status, QProcess::CrashExit); // really killed, not a clean exit
#endif
        {
            auto j = journal();
            QCOMPARE(j->count({}).value(), before.value() + 1); // the row was written before the crash
            auto rows = j->unsettled();
            QCOMPARE(rows->size(), 1); // and is not settled yet
            QCOMPARE(rows->first().couponCode, code);
        }
        Run reconcile = cfg({ QStringLiteral("reconcile") });
        QCOMPARE(reconcile.exitCode, 0);
        QCOMPARE(reconcile.json().value(QLatin1String("unsettled")).toInt(), 0);

        auto j = journal();
        QCOMPARE(j->unsettled()->size(), 0);
        history::JournalFilter f;
        f.codeExact = code;
        auto rows = j->query(f, 0, 10);
        QCOMPARE(rows->size(), 1);
        const history::JournalEntry &row = rows->first();
        QCOMPARE(row.state, history::State::Succeeded);
        QCOMPARE(m_sim->appliedCount(row.requestNo), 1); // applied exactly once, whatever the crash point
        const auto truth = m_sim->coupon(code);
        QCOMPARE(truth->state,
            operation == QLatin1String("use") ? QStringLiteral("USED") : QStringLiteral("DEACTIVATED"));
        QCOMPARE(operation == QLatin1String("use") ? truth->useRequestNo : truth->deactivateRequestNo,
            row.requestNo);
    }

    void demoModeWorksWithoutSettings()
    {
        QTemporaryDir demoDir;
        const QStringList env { QStringLiteral("COUPONDESK_DEMO_DIR=") + demoDir.path() };
        Run h = cli({ QStringLiteral("--demo"), QStringLiteral("--json"), QStringLiteral("stock"),
                        QStringLiteral("--stock"), QStringLiteral("1212000000000001") },
            env);
        QCOMPARE(h.exitCode, 0);
        QCOMPARE(h.json().value(QLatin1String("stock_name")).toString(), QStringLiteral("满100减20券"));
        QVERIFY(QFile::exists(demoDir.filePath(QStringLiteral("coupondesk-demo.ini"))));
    }
};

QTEST_GUILESS_MAIN(TestCliWorkflows)
#include "test_cli_workflows.moc"
