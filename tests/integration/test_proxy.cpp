// Calls through a real proxy (tinyproxy, started here) to the simulator over HTTPS, as a chain's
// office network does: the tunnel is a CONNECT, the answer verifies. A proxy that is down, refuses
// or asks for a password fails with a message naming it and "nothing sent".
#include "simharness.h"
#include "tinyproxy.h"

#include "wechatpay/proxy.h"

using namespace wechatpay;
using namespace wechatpay::busifavor;
using testsupport::TinyProxy;

class TestProxy : public QObject
{
    Q_OBJECT

    std::unique_ptr<sim::Simulator> m_sim;
    QStringList m_used;

    ApiResponse useOne(simtest::SimClient &client, QString *code = nullptr)
    {
        const sim::DemoCode c = simtest::usableCoupon(*m_sim, m_used);
        m_used << c.couponCode;
        if (code)
            *code = c.couponCode;
        return client.call(simtest::useRequest(*m_sim, c.couponCode, c.stockId, simtest::uniqueRequestNo("P"))
                               .toApiRequest());
    }
    ProxyConfig httpProxy(quint16 port, const QString &user = {}, const QByteArray &password = {})
    {
        ProxyConfig p;
        p.mode = ProxyConfig::Mode::Http;
        p.host = QStringLiteral("127.0.0.1");
        p.port = port;
        p.user = user;
        p.password = password;
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!TinyProxy::executable().isEmpty(), "tinyproxy is not installed: run scripts/setup-deps.sh");
        sim::SimulatorOptions o;
        o.https = true;
        m_sim = simtest::startSimulator(o);
        QVERIFY(m_sim);
    }

    void settingIsParsed_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("described");
        QTest::newRow("default") << QString() << true << QStringLiteral("the system's proxy settings");
        QTest::newRow("system") << QStringLiteral("System") << true
                                << QStringLiteral("the system's proxy settings");
        QTest::newRow("none") << QStringLiteral("none") << true << QStringLiteral("no proxy");
        QTest::newRow("http") << QStringLiteral("http://10.0.0.5:3128") << true
                              << QStringLiteral("proxy 10.0.0.5:3128");
        QTest::newRow("user") << QStringLiteral("http://shop@10.0.0.5:3128/") << true
                              << QStringLiteral("proxy shop@10.0.0.5:3128");
        QTest::newRow("no port") << QStringLiteral("http://10.0.0.5") << false << QString();
        QTest::newRow("socks") << QStringLiteral("socks5://10.0.0.5:1080") << false << QString();
        QTest::newRow("password inline")
            << QStringLiteral("http://shop:secret@10.0.0.5:3128") << false << QString();
        QTest::newRow("words") << QStringLiteral("office proxy") << false << QString();
    }
    void settingIsParsed()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(QString, described);
        const auto p = parseProxySetting(text);
        QCOMPARE(p.ok(), ok);
        if (ok)
            QCOMPARE(p->describe(), described);
        else
            QCOMPARE(p.error().field, QStringLiteral("api/proxy"));
    }

    void httpsGoesThroughTheProxyWithConnect()
    {
        TinyProxy proxy;
        QVERIFY(proxy.start(m_sim->baseUrl().port()));
        simtest::SimClient client(*m_sim);
        client.config().proxy = httpProxy(proxy.port());
        client.rebuild();
        QString code;
        const ApiResponse r = useOne(client, &code);
        QVERIFY2(r.ok(), qPrintable(simtest::describe(r))); // answered and verified through the tunnel
        QCOMPARE(m_sim->coupon(code)->state, QStringLiteral("USED"));
        const QByteArray tunnel
            = QByteArray("CONNECT 127.0.0.1:") + QByteArray::number(m_sim->baseUrl().port());
        QTRY_VERIFY2(proxy.log().contains(tunnel), proxy.log().constData());
    }

    void preconnectOpensTheTunnelTheScanUses()
    {
        TinyProxy proxy;
        QVERIFY(proxy.start(m_sim->baseUrl().port()));
        simtest::SimClient client(*m_sim);
        client.config().proxy = httpProxy(proxy.port());
        client.rebuild();
        const QByteArray tunnel
            = QByteArray("CONNECT 127.0.0.1:") + QByteArray::number(m_sim->baseUrl().port());
        QTRY_COMPARE(m_sim->openConnections(), 0); // the earlier tests' clients are gone
        client.client().preconnect(); // before the scan: the tunnel and the TLS handshake
        QTRY_VERIFY2(proxy.log().contains(tunnel), proxy.log().constData());
        QTRY_COMPARE(m_sim->openConnections(), 1); // the handshake through the tunnel is done
        const ApiResponse r = useOne(client);
        QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
        QCOMPARE(proxy.log().count(tunnel), 1); // the scan went through the pre-connected tunnel
    }

    void systemModeReachesLoopbackDirectly()
    {
        // The default: the system's proxy settings, which never apply to this computer's own servers.
        qputenv("https_proxy", "http://127.0.0.1:9"); // a proxy that is not there
        simtest::SimClient client(*m_sim);
        QCOMPARE(client.config().proxy.mode, ProxyConfig::Mode::System);
        const ApiResponse r = useOne(client);
        qunsetenv("https_proxy");
        QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    }

    void proxyDownFailsNamingItAndNothingIsSent()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            port = probe.serverPort();
        } // closed: nothing listens there now
        simtest::SimClient client(*m_sim);
        client.config().proxy = httpProxy(port);
        client.rebuild();
        QString code;
        const ApiResponse r = useOne(client, &code);
        QVERIFY(!r.ok());
        QCOMPARE(r.error->kind, ErrorKind::Network);
        QCOMPARE(r.error->code, QStringLiteral("PROXY_ERROR"));
        QVERIFY2(r.error->message.contains(QStringLiteral("proxy 127.0.0.1:%1").arg(port)),
            qPrintable(r.error->message));
        QVERIFY(!r.error->requestSent); // FAILED, not "may have been applied"
        QCOMPARE(m_sim->coupon(code)->state, QStringLiteral("SENDED"));
    }

    void proxyAskingForAPasswordFailsUntilItIsGiven()
    {
        TinyProxy proxy;
        QVERIFY(proxy.start(m_sim->baseUrl().port(), QStringLiteral("shop s3cret-pw")));
        simtest::SimClient client(*m_sim);
        client.config().proxy = httpProxy(proxy.port(), QStringLiteral("shop"), "wrong");
        client.rebuild();
        QString code;
        ApiResponse r = useOne(client, &code);
        QVERIFY(!r.ok());
        QCOMPARE(r.error->code, QStringLiteral("PROXY_ERROR"));
        QVERIFY(!r.error->requestSent);
        QVERIFY2(!r.error->message.contains(QStringLiteral("s3cret"))
                && !r.error->message.contains(QStringLiteral("wrong")),
            qPrintable(r.error->message)); // never the password
        QCOMPARE(m_sim->coupon(code)->state, QStringLiteral("SENDED"));

        client.config().proxy = httpProxy(proxy.port(), QStringLiteral("shop"), "s3cret-pw");
        client.rebuild();
        r = useOne(client, &code);
        QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
        QCOMPARE(m_sim->coupon(code)->state, QStringLiteral("USED"));
    }
};

QTEST_GUILESS_MAIN(TestProxy)
#include "test_proxy.moc"
