// `coupondesk-cli history --scope counter|shop|chain` as a user runs it (issue 18): a counter in chain
// mode against a simulator and a real PostgreSQL 15 started for this test. Shop and chain scopes list
// the chain database's rows with their shop and counter in every format (table, JSON, CSV, xlsx);
// counter stays the journal; a bad scope is a usage error, no chain section or a refused login a settings
// error, and an unreachable chain database a clear failure. `use` of a coupon refused as redeemed names where
// it was.
#include "chainfixture.h"
#include "clirunner.h"
#include "simharness.h"

#include "desk/settings.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTest>

#include <memory>

class TestChainHistoryCli : public QObject
{
    Q_OBJECT

private:
    using Run = testsupport::CliRun;

    Run cli(const QString &ini, const QStringList &args)
    {
        return testsupport::runProgram(QStringLiteral(COUPONDESK_CLI_PATH),
            QStringList { QStringLiteral("--config"), ini } + args, {}, 60000);
    }

    // The simulator's client settings, with this test's journal and the chain section given.
    QString writeSettings(const QString &name, const desk::ChainSettings &chain)
    {
        const QString ini = m_dir.filePath(name + QStringLiteral(".ini"));
        if (!m_sim->writeClientConfig(ini).ok())
            return {};
        auto loaded = desk::Settings::load(ini);
        if (!loaded.ok())
            return {};
        desk::Settings s = loaded.value();
        s.historyDb = m_dir.filePath(name + QStringLiteral(".sqlite"));
        s.counterId = QStringLiteral("01");
        s.chain = chain;
        return s.save(ini).ok() ? ini : QString();
    }

    desk::ChainSettings chain(const QString &url) const
    {
        desk::ChainSettings c;
        c.databaseUrl = url;
        c.passwordRef = m_login.password; // the value itself: allowed, and enough for a test
        c.shopId = QStringLiteral("s1");
        c.shopName = QStringLiteral("徐汇店");
        return c;
    }

    // A settled use of `code` by c01 at `shop`'s counter `counter`, `minute` minutes after 10:00 in
    // Shanghai on 2026-12-06.
    bool insert(const QString &shop, const QString &counter, const QString &code, int minute)
    {
        testsupport::ChainHistoryRow row { shop, counter, code };
        row.staff = QStringLiteral("c01");
        row.createdAt
            = QDateTime::fromString(QStringLiteral("2026-12-06T10:00:00.000+08:00"), Qt::ISODateWithMs)
                  .addSecs(60 * minute);
        return m_chain.insert(row);
    }

private Q_SLOTS:
    void initTestCase()
    {
        COUPONDESK_REQUIRE_POSTGRES();
        QVERIFY2(m_chain.start(), qPrintable(m_chain.errorString()));
        QVERIFY(
            m_chain.addCounter(QStringLiteral("s2"), QStringLiteral("静安店"), QStringLiteral("07")).ok());
        auto login = m_chain.addCounter(QStringLiteral("s1"), QStringLiteral("徐汇店"), QStringLiteral("01"));
        QVERIFY(login.ok());
        m_login = login.value();
        QVERIFY(insert(QStringLiteral("s1"), QStringLiteral("01"), QStringLiteral("CODE-A"), 1));
        QVERIFY(insert(QStringLiteral("s2"), QStringLiteral("07"), QStringLiteral("CODE-B"), 2));
        QVERIFY(insert(QStringLiteral("s2"), QStringLiteral("07"), QStringLiteral("CODE-C"), 3));

        m_sim = simtest::startSimulator();
        QVERIFY(m_sim);
        QVERIFY(m_dir.isValid());
        m_ini = writeSettings(QStringLiteral("chain"), chain(m_login.databaseUrl));
        QVERIFY(!m_ini.isEmpty());
    }

    void cleanupTestCase() { m_chain.close(); }

    void shopAndChainScopesListTheChainsRows()
    {
        Run shop = cli(m_ini,
            { QStringLiteral("--json"), QStringLiteral("history"), QStringLiteral("--scope"),
                QStringLiteral("shop") });
        QVERIFY2(shop.exitCode == 0, shop.err.constData());
        const QJsonArray shopRows = QJsonDocument::fromJson(shop.out).array();
        QCOMPARE(shopRows.size(), 1);
        QCOMPARE(shopRows.at(0).toObject().value(QLatin1String("coupon_code")).toString(),
            QStringLiteral("CODE-A"));
        QCOMPARE(
            shopRows.at(0).toObject().value(QLatin1String("shop_name")).toString(), QStringLiteral("徐汇店"));

        Run csv = cli(m_ini,
            { QStringLiteral("history"), QStringLiteral("--scope"), QStringLiteral("chain"),
                QStringLiteral("--format"), QStringLiteral("csv") });
        QVERIFY2(csv.exitCode == 0, csv.err.constData());
        const QStringList lines
            = QString::fromUtf8(csv.out).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines.at(0).endsWith(QStringLiteral(",shop_id,shop_name")));
        QVERIFY2(lines.at(1).contains(QStringLiteral("CODE-C"))
                && lines.at(1).endsWith(QStringLiteral(",s2,静安店")),
            qPrintable(lines.at(1)));

        Run table = cli(m_ini,
            { QStringLiteral("history"), QStringLiteral("--scope"), QStringLiteral("chain"),
                QStringLiteral("--code"), QStringLiteral("CODE-*"), QStringLiteral("--limit"),
                QStringLiteral("2") });
        QVERIFY2(table.exitCode == 0, table.err.constData());
        const QString text = QString::fromUtf8(table.out);
        QVERIFY2(text.startsWith(QStringLiteral("shop")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("s2 静安店")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("07")));
        QVERIFY(!text.contains(QStringLiteral("CODE-A"))); // the third row, past --limit 2
        QVERIFY2(text.contains(QStringLiteral("2 row(s) shown of 3")), qPrintable(text));

        const QString xlsx = m_dir.filePath(QStringLiteral("chain.xlsx"));
        Run workbook = cli(m_ini,
            { QStringLiteral("--json"), QStringLiteral("history"), QStringLiteral("--scope"),
                QStringLiteral("chain"), QStringLiteral("--format"), QStringLiteral("xlsx"),
                QStringLiteral("--out"), xlsx });
        QVERIFY2(workbook.exitCode == 0, workbook.err.constData());
        QCOMPARE(workbook.json().value(QLatin1String("rows")).toInt(), 3);
        QVERIFY(QFileInfo(xlsx).size() > 0);
    }

    void counterScopeIsTheJournal()
    {
        // Nothing redeemed at this counter yet: its own history is empty, the chain's rows are not in it.
        Run counter = cli(m_ini, { QStringLiteral("--json"), QStringLiteral("history") });
        QVERIFY2(counter.exitCode == 0, counter.err.constData());
        QCOMPARE(QJsonDocument::fromJson(counter.out).array().size(), 0);
        Run same = cli(m_ini,
            { QStringLiteral("--json"), QStringLiteral("history"), QStringLiteral("--scope"),
                QStringLiteral("counter") });
        QCOMPARE(same.exitCode, 0);
        QCOMPARE(same.out, counter.out);
    }

    void mistakesAndAnUnreachableDatabaseAreClear()
    {
        Run bad
            = cli(m_ini, { QStringLiteral("history"), QStringLiteral("--scope"), QStringLiteral("region") });
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains("--scope must be counter, shop or chain"));

        const QString alone = writeSettings(QStringLiteral("alone"), {});
        QVERIFY(!alone.isEmpty());
        Run noChain
            = cli(alone, { QStringLiteral("history"), QStringLiteral("--scope"), QStringLiteral("shop") });
        QCOMPARE(noChain.exitCode, 3);
        QVERIFY2(noChain.err.contains("not part of a chain"), noChain.err.constData());

        // A wrong password is the settings' fault (exit 3, as `chain sync`), not an unreachable server.
        desk::ChainSettings refused = chain(m_login.databaseUrl);
        refused.passwordRef = QStringLiteral("not-the-password");
        const QString wrong = writeSettings(QStringLiteral("wrong"), refused);
        Run login
            = cli(wrong, { QStringLiteral("history"), QStringLiteral("--scope"), QStringLiteral("shop") });
        QCOMPARE(login.exitCode, 3);
        QVERIFY2(
            login.err.contains("refused this counter's login: check chain/password"), login.err.constData());
        QVERIFY(!login.err.contains("not-the-password"));

        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        QString url = m_login.databaseUrl;
        url.replace(QStringLiteral(":%1/").arg(m_chain.postgres().port()),
            QStringLiteral(":%1/").arg(probe.serverPort()));
        probe.close(); // nothing listens there now
        const QString away = writeSettings(QStringLiteral("away"), chain(url));
        QVERIFY(!away.isEmpty());
        Run down
            = cli(away, { QStringLiteral("history"), QStringLiteral("--scope"), QStringLiteral("chain") });
        QCOMPARE(down.exitCode, 1);
        QVERIFY2(down.err.startsWith("coupondesk-cli: The chain database cannot be reached"),
            down.err.constData());
        QCOMPARE(down.err.count('\n'), 1); // libpq's own lines only with -v
        Run stillHere = cli(away, { QStringLiteral("--json"), QStringLiteral("history") });
        QCOMPARE(stillHere.exitCode, 0);
    }

    // `use` of a coupon WeChat Pay refuses as already redeemed: the CLI, like the counter's page, adds
    // where, when and by whom the chain saw it redeemed (JSON chain_trail, and a line of the text).
    void redeemRefusedAsUsedSaysWhereAndByWhom()
    {
        QString code;
        for (const sim::CouponTruth &c : m_sim->coupons())
            if (c.state == QLatin1String("USED")) {
                code = c.couponCode;
                break;
            }
        QVERIFY(!code.isEmpty());
        QVERIFY(insert(QStringLiteral("s2"), QStringLiteral("07"), code, 5)); // 10:05 +08:00
        const QString when = QDateTime::fromString(QStringLiteral("2026-12-06T10:05:00+08:00"), Qt::ISODate)
                                 .toLocalTime()
                                 .toString(QStringLiteral("MM-dd HH:mm"));
        const QString expected = QStringLiteral("Redeemed on %1 at 静安店 counter 07 (c01)").arg(when);
        const QStringList use { QStringLiteral("use"), QStringLiteral("--code"), code,
            QStringLiteral("--stock"), m_sim->coupon(code)->stockId, QStringLiteral("--openid"),
            m_sim->coupon(code)->openid };

        Run json = cli(m_ini, QStringList { QStringLiteral("--json") } + use);
        QCOMPARE(json.exitCode, 1); // refused: WeChat Pay's answer stays the result
        const QJsonObject o = QJsonDocument::fromJson(json.out).object();
        QVERIFY2(
            o.value(QStringLiteral("chain_trail")).toString().startsWith(expected), json.out.constData());

        Run text = cli(m_ini, use);
        QVERIFY2(text.out.contains(expected.toUtf8()), text.out.constData());

        // Without the chain's row, nothing is added.
        Run other = cli(m_ini,
            QStringList { QStringLiteral("--json"), QStringLiteral("use"), QStringLiteral("--code"),
                QStringLiteral("NOSUCHCODE123"), QStringLiteral("--stock"), m_sim->coupon(code)->stockId,
                QStringLiteral("--openid"), m_sim->coupon(code)->openid });
        QVERIFY(!QJsonDocument::fromJson(other.out).object().contains(QStringLiteral("chain_trail")));
    }

private:
    testsupport::ChainFixture m_chain;
    history::ChainCounterLogin m_login;
    std::unique_ptr<sim::Simulator> m_sim;
    QTemporaryDir m_dir;
    QString m_ini;
};

QTEST_GUILESS_MAIN(TestChainHistoryCli)
#include "test_chain_history_cli.moc"
