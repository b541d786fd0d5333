// `coupondesk-cli report --scope shop|chain` as a manager runs it (issue 19): three counters — 徐汇店 (s1)
// 01 and 02, 静安店 (s2) 01 — redeem and void through the real binary on one simulator and push with
// `chain sync` to a real PostgreSQL 15 started for this test; counter s1/01's reports then count exactly
// that, per stock and per shop, in JSON, CSV, the table and the workbook. The mistakes and failures
// (no chain section, --shop out of place or unknown, a wrong password, the server stopped) exit non-zero
// with a reason on stderr and nothing on stdout.
#include "chainfixture.h"
#include "clirunner.h"
#include "clisettings.h"
#include "simharness.h"

#include "desk/settings.h"

#include <QDate>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

const QString kFixedStock = QStringLiteral("1212000000000001"); // 满100减20券: ¥20 off
const QString kPercentStock = QStringLiteral("1212000000000003"); // 9折券
const QString kWrongPassword = QStringLiteral("not-the-password");

} // namespace

class TestChainCliReport : public QObject
{
    Q_OBJECT

private:
    using Run = testsupport::CliRun;

    Run cli(const QString &ini, const QStringList &args, const QStringList &env = {})
    {
        return testsupport::runProgram(QStringLiteral(COUPONDESK_CLI_PATH),
            QStringList { QStringLiteral("--config"), ini } + args, env, 60000);
    }
    // Today's report at counter s1/01 (or with the settings `ini`).
    Run report(const QStringList &args, const QString &ini = {})
    {
        return cli(ini.isEmpty() ? m_ini.value(QStringLiteral("s1-01")) : ini,
            QStringList {
                QStringLiteral("report"), QStringLiteral("--from"), m_today, QStringLiteral("--to"), m_today }
                + args);
    }
    QJsonArray json(const QStringList &args)
    {
        const Run r = report(args + QStringList { QStringLiteral("--format"), QStringLiteral("json") });
        if (r.exitCode != 0)
            qWarning("report %s: %s", qPrintable(args.join(u' ')), r.err.constData());
        return QJsonDocument::fromJson(r.out).array();
    }
    static QJsonObject lineOf(const QJsonArray &lines, const QString &keyColumn, const QString &key)
    {
        for (const QJsonValue &v : lines)
            if (v.toObject().value(keyColumn).toString() == key)
                return v.toObject();
        return {};
    }
    // redeemed/voided/returned/failed/unsettled/value_fen of a JSON line, e.g. "4/1/0/0/0/7000".
    static QString counts(const QJsonObject &o)
    {
        QStringList c;
        for (const char *k : { "redeemed", "voided", "returned", "failed", "unsettled", "value_fen" })
            c << QString::number(o.value(QLatin1String(k)).toInteger(-1));
        return c.join(u'/');
    }

    // The settings of counter `counter` of `shop`, in a folder of its own; `password` instead of its own.
    QString writeSettings(const QString &name, const QString &shop, const QString &shopName,
        const QString &counter, const history::ChainCounterLogin &login, const QString &password = {})
    {
        const QString dir = m_dir.filePath(name);
        if (!QDir().mkpath(dir))
            return {};
        return testsupport::writeCliSettings(*m_sim, dir, testsupport::cliStaff(), [&](desk::Settings &s) {
            s.counterId = counter;
            if (shop.isEmpty())
                return; // on its own
            s.chain.databaseUrl = login.databaseUrl;
            s.chain.passwordRef = password.isEmpty() ? login.password : password; // the value itself
            s.chain.shopId = shop;
            s.chain.shopName = shopName;
        });
    }

    void act(const QString &counter, const QStringList &args)
    {
        const QStringList pin { QStringLiteral("COUPONDESK_PIN=8642") };
        const Run r = cli(m_ini.value(counter), QStringList { QStringLiteral("--json") } + args, pin);
        QVERIFY2(r.exitCode == 0,
            qPrintable(counter + QLatin1Char(' ') + args.join(u' ') + QString::fromUtf8(r.err)));
    }
    QStringList use(const QString &code, const QString &amount = {})
    {
        QStringList a { QStringLiteral("use"), QStringLiteral("--code"), code };
        if (!amount.isEmpty())
            a << QStringLiteral("--amount") << amount;
        return a;
    }
    QStringList voidIt(const QString &code)
    {
        return { QStringLiteral("deactivate"), QStringLiteral("--code"), code, QStringLiteral("--stock"),
            kFixedStock, QStringLiteral("--reason"), QStringLiteral("发错了") };
    }

    // Neither counter password, nor the wrong one, ever shows.
    void noSecretIn(const Run &r)
    {
        for (const QString &secret : m_passwords + QStringList { kWrongPassword }) {
            QVERIFY(!r.err.contains(secret.toUtf8()));
            QVERIFY(!r.out.contains(secret.toUtf8()));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        COUPONDESK_REQUIRE_POSTGRES();
        QVERIFY2(m_chain.start(), qPrintable(m_chain.errorString()));
        m_sim = simtest::startSimulator();
        QVERIFY(m_sim && m_dir.isValid());
        const struct
        {
            const char *shop, *shopName, *counter;
        } counters[] = { { "s1", "徐汇店", "01" }, { "s1", "徐汇店", "02" }, { "s2", "静安店", "01" } };
        for (const auto &c : counters) {
            auto login = m_chain.addCounter(
                QString::fromUtf8(c.shop), QString::fromUtf8(c.shopName), QString::fromUtf8(c.counter));
            QVERIFY2(login.ok(), qPrintable(login.ok() ? QString() : login.error().message));
            const QString name = QStringLiteral("%1-%2").arg(QLatin1String(c.shop), QLatin1String(c.counter));
            m_logins.insert(name, login.value());
            m_passwords << login->password;
            m_ini.insert(name,
                writeSettings(name, QString::fromUtf8(c.shop), QString::fromUtf8(c.shopName),
                    QString::fromUtf8(c.counter), login.value()));
            QVERIFY(!m_ini.value(name).isEmpty());
        }

        QStringList fixed, percent;
        for (const sim::DemoCode &c : m_sim->demoCodes(60))
            if (c.note == QStringLiteral("可核销")
                && (c.stockId == kFixedStock || c.stockId == kPercentStock))
                (c.stockId == kFixedStock ? fixed : percent) << c.couponCode;
        QVERIFY(fixed.size() >= 6 && percent.size() >= 2);
        // The day. s1/01: two ¥20-off (one on a ¥150 order) and a void. s1/02: a ¥20-off and 9折 on ¥99.99
        // (¥10.00). s2/01: a ¥20-off, a void and 9折 on ¥200 (¥20.00).
        act(QStringLiteral("s1-01"), use(fixed.at(0), QStringLiteral("150")));
        act(QStringLiteral("s1-01"), use(fixed.at(1)));
        act(QStringLiteral("s1-01"), voidIt(fixed.at(2)));
        act(QStringLiteral("s1-02"), use(fixed.at(3)));
        act(QStringLiteral("s1-02"), use(percent.at(0), QStringLiteral("99.99")));
        act(QStringLiteral("s2-01"), use(fixed.at(4)));
        act(QStringLiteral("s2-01"), voidIt(fixed.at(5)));
        act(QStringLiteral("s2-01"), use(percent.at(1), QStringLiteral("200")));
        for (const QString &counter : m_ini.keys())
            act(counter, { QStringLiteral("chain"), QStringLiteral("sync") });
    }

    void cleanupTestCase() { m_chain.close(); }

    void shopScopeCountsBothCountersOfTheShop()
    {
        const QJsonArray shop = json({ QStringLiteral("--scope"), QStringLiteral("shop") });
        QCOMPARE(shop.size(), 2);
        const QJsonObject fixed = lineOf(shop, QStringLiteral("stock_id"), kFixedStock);
        QCOMPARE(fixed.value(QLatin1String("stock_name")).toString(), QStringLiteral("满100减20券"));
        QCOMPARE(counts(fixed), QStringLiteral("3/1/0/0/0/6000"));
        QCOMPARE(counts(lineOf(shop, QStringLiteral("stock_id"), kPercentStock)),
            QStringLiteral("1/0/0/0/0/1000"));

        // This counter alone, from its journal; the shop by shop: s1 only.
        const QJsonArray counter = json({ QStringLiteral("--scope"), QStringLiteral("counter") });
        QCOMPARE(counter.size(), 1);
        QCOMPARE(counts(counter.first().toObject()), QStringLiteral("2/1/0/0/0/4000"));
        const QJsonArray byShop = json({ QStringLiteral("--scope"), QStringLiteral("shop"),
            QStringLiteral("--by"), QStringLiteral("shop") });
        QCOMPARE(byShop.size(), 1);
        QCOMPARE(byShop.first().toObject().value(QLatin1String("shop_id")).toString(), QStringLiteral("s1"));
        QCOMPARE(counts(byShop.first().toObject()), QStringLiteral("4/1/0/0/0/7000"));

        // s2's counter sees its own shop.
        const Run other
            = report({ QStringLiteral("--scope"), QStringLiteral("shop"), QStringLiteral("--by"),
                         QStringLiteral("shop"), QStringLiteral("--format"), QStringLiteral("json") },
                m_ini.value(QStringLiteral("s2-01")));
        QVERIFY2(other.exitCode == 0, other.err.constData());
        const QJsonArray s2 = QJsonDocument::fromJson(other.out).array();
        QCOMPARE(s2.size(), 1);
        QCOMPARE(counts(s2.first().toObject()), QStringLiteral("2/1/0/0/0/4000"));
    }

    void chainScopeCountsEveryShop()
    {
        const QJsonArray shops = json({ QStringLiteral("--scope"), QStringLiteral("chain"),
            QStringLiteral("--by"), QStringLiteral("shop") });
        QCOMPARE(shops.size(), 2);
        const QJsonObject s1 = lineOf(shops, QStringLiteral("shop_id"), QStringLiteral("s1"));
        QCOMPARE(s1.value(QLatin1String("shop_name")).toString(), QStringLiteral("徐汇店"));
        QCOMPARE(counts(s1), QStringLiteral("4/1/0/0/0/7000"));
        const QJsonObject s2 = lineOf(shops, QStringLiteral("shop_id"), QStringLiteral("s2"));
        QCOMPARE(s2.value(QLatin1String("shop_name")).toString(), QStringLiteral("静安店"));
        QCOMPARE(counts(s2), QStringLiteral("2/1/0/0/0/4000"));
    }

    void chosenShopOnly()
    {
        const QStringList s2 { QStringLiteral("--scope"), QStringLiteral("chain"), QStringLiteral("--shop"),
            QStringLiteral("s2") };
        const QJsonArray byShop = json(s2 + QStringList { QStringLiteral("--by"), QStringLiteral("shop") });
        QCOMPARE(byShop.size(), 1);
        QCOMPARE(byShop.first().toObject().value(QLatin1String("shop_id")).toString(), QStringLiteral("s2"));
        const QJsonArray byStock = json(s2);
        QCOMPARE(byStock.size(), 2);
        QCOMPARE(counts(lineOf(byStock, QStringLiteral("stock_id"), kFixedStock)),
            QStringLiteral("1/1/0/0/0/2000"));
        QCOMPARE(counts(lineOf(byStock, QStringLiteral("stock_id"), kPercentStock)),
            QStringLiteral("1/0/0/0/0/2000"));
    }

    // The whole chain: 6 redeemed, 2 voided, ¥110.00, whatever the format.
    void csvTableAndWorkbookAgree()
    {
        const QStringList chain { QStringLiteral("--scope"), QStringLiteral("chain") };
        const Run csv = report(chain + QStringList { QStringLiteral("--format"), QStringLiteral("csv") });
        QVERIFY2(csv.exitCode == 0, csv.err.constData());
        QStringList lines = QString::fromUtf8(csv.out).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.takeFirst(),
            QStringLiteral(
                "stock_id,stock_name,redeemed,voided,returned,failed,unsettled,value_fen,value_unknown"));
        QCOMPARE(lines.size(), 2);
        qint64 sums[3] = {};
        for (const QString &line : lines) {
            const QStringList cells = line.split(u',');
            sums[0] += cells.at(2).toLongLong();
            sums[1] += cells.at(3).toLongLong();
            sums[2] += cells.at(7).toLongLong();
        }
        QCOMPARE(sums[0], 6);
        QCOMPARE(sums[1], 2);
        QCOMPARE(sums[2], 11000);

        const Run table = report(chain + QStringList { QStringLiteral("--by"), QStringLiteral("shop") });
        QVERIFY2(table.exitCode == 0, table.err.constData());
        const QString text = QString::fromUtf8(table.out);
        QVERIFY2(text.contains(QRegularExpression(
                     QStringLiteral("\\ns1\\s+徐汇店\\s+4\\s+1\\s+0\\s+0\\s+0\\s+¥70\\.00\\n"))),
            qPrintable(text));
        QVERIFY2(text.contains(
                     QRegularExpression(QStringLiteral("\\ntotal\\s+6\\s+2\\s+0\\s+0\\s+0\\s+¥110\\.00\\n"))),
            qPrintable(text));

        const QString file = m_dir.filePath(QStringLiteral("chain.xlsx"));
        const Run x = cli(m_ini.value(QStringLiteral("s1-01")),
            QStringList { QStringLiteral("--json"), QStringLiteral("report"), QStringLiteral("--from"),
                m_today, QStringLiteral("--to"), m_today }
                + chain
                + QStringList { QStringLiteral("--format"), QStringLiteral("xlsx"), QStringLiteral("--out"),
                    file },
            { QStringLiteral("LC_ALL=zh_CN.UTF-8"), QStringLiteral("LANG=zh_CN.UTF-8") });
        QVERIFY2(x.exitCode == 0, x.err.constData());
        QCOMPARE(x.json().value(QLatin1String("sheets")).toInteger(), 6);
        QProcess unzip;
        unzip.start(QStringLiteral("python3"),
            { QStringLiteral("-c"),
                QStringLiteral(
                    "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); "
                    "sys.stdout.buffer.write(z.read('xl/workbook.xml')+z.read('xl/sharedStrings.xml'))"),
                file });
        QVERIFY(unzip.waitForFinished(30000));
        const QString parts = QString::fromUtf8(unzip.readAllStandardOutput());
        for (const QString &name : { QStringLiteral("按批次"), QStringLiteral("按门店"),
                 QStringLiteral("未确认"), QStringLiteral("徐汇店"), QStringLiteral("静安店") })
            QVERIFY2(parts.contains(name), qPrintable(name));
    }

    void mistakesSayWhatToFix()
    {
        const QString alone = writeSettings(QStringLiteral("alone"), {}, {}, QStringLiteral("01"), {});
        const Run noChain = report({ QStringLiteral("--scope"), QStringLiteral("chain") }, alone);
        QCOMPARE(noChain.exitCode, 3);
        QVERIFY2(noChain.err.contains("not part of a chain (the settings have no chain section)"),
            noChain.err.constData());
        QVERIFY(noChain.out.isEmpty());

        // --shop picks a shop of the chain: with this counter's own or its shop's report it is a mistake.
        for (const QStringList &args : { QStringList { QStringLiteral("--shop"), QStringLiteral("s2") },
                 { QStringLiteral("--scope"), QStringLiteral("shop"), QStringLiteral("--shop"),
                     QStringLiteral("s2") } }) {
            const Run r = report(args);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains("--shop needs --scope chain"), r.err.constData());
            QVERIFY(r.out.isEmpty());
        }

        // A shop the chain does not have is not an empty report.
        const Run unknown = report({ QStringLiteral("--scope"), QStringLiteral("chain"),
            QStringLiteral("--shop"), QStringLiteral("s9") });
        qInfo("unknown shop:\n%s", unknown.err.constData());
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains("The chain has no shop s9 (its shops: s1 徐汇店, s2 静安店)"),
            unknown.err.constData());
        QVERIFY(unknown.out.isEmpty());
        const Run empty = report(
            { QStringLiteral("--scope"), QStringLiteral("chain"), QStringLiteral("--shop"), QString() });
        QCOMPARE(empty.exitCode, 2);
        QVERIFY2(empty.err.contains("--shop needs a shop id"), empty.err.constData());
        QVERIFY(empty.out.isEmpty());
    }

    // As `chain sync`: a refused login is the settings' fault (exit 3), not a server to wait for.
    void wrongPasswordIsRefusedNotUnreachable()
    {
        const QString wrong
            = writeSettings(QStringLiteral("wrong"), QStringLiteral("s1"), QStringLiteral("徐汇店"),
                QStringLiteral("01"), m_logins.value(QStringLiteral("s1-01")), kWrongPassword);
        const Run r = report({ QStringLiteral("--scope"), QStringLiteral("chain") }, wrong);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("refused this counter's login: check chain/password"), r.err.constData());
        QVERIFY(!r.err.contains("cannot be reached"));
        qInfo("wrong password:\n%s", r.err.constData());
        QVERIFY(r.out.isEmpty());
        noSecretIn(r);
    }

    // Last: the server stops. The chain's report fails clearly, this counter's own still works.
    void serverStopped()
    {
        m_chain.postgres().stop();
        const Run down = report({ QStringLiteral("--scope"), QStringLiteral("shop") });
        QCOMPARE(down.exitCode, 1);
        QVERIFY2(down.err.startsWith("coupondesk-cli: The chain database cannot be reached ("),
            down.err.constData());
        QVERIFY2(down.err.contains("This counter's own history still works."), down.err.constData());
        QCOMPARE(down.err.count('\n'), 1);
        QVERIFY(down.out.isEmpty());
        noSecretIn(down);
        const Run own = report({ QStringLiteral("--format"), QStringLiteral("json") });
        QVERIFY2(own.exitCode == 0, own.err.constData());
        QCOMPARE(counts(QJsonDocument::fromJson(own.out).array().first().toObject()),
            QStringLiteral("2/1/0/0/0/4000"));
    }

private:
    testsupport::ChainFixture m_chain;
    std::unique_ptr<sim::Simulator> m_sim;
    QTemporaryDir m_dir;
    QMap<QString, QString> m_ini; // "s1-01" → its settings file
    QMap<QString, history::ChainCounterLogin> m_logins;
    QStringList m_passwords;
    QString m_today = QDate::currentDate().toString(QStringLiteral("yyyy-MM-dd"));
};

QTEST_GUILESS_MAIN(TestChainCliReport)
#include "test_chain_cli_report.moc"
