// HTTPS: the simulator's generated certificate is trusted only when the client is told to.
#include "simharness.h"

#include <QElapsedTimer>

using namespace wechatpay;
using namespace wechatpay::busifavor;

class TestSimHttps : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void trustedCertificateWorks();
    void untrustedCertificateIsATlsError();
    void certificateNamesLoopback();
    void faultsWorkOverTls();
    void preconnectedCallPaysNoHandshake();
    void slowGetIsNotCutAtTheConnectTimeout();

private:
    std::unique_ptr<sim::Simulator> m_sim;
};

void TestSimHttps::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    sim::SimulatorOptions o;
    o.https = true;
    m_sim = simtest::startSimulator(o);
    QVERIFY(m_sim);
    QCOMPARE(m_sim->baseUrl().scheme(), QStringLiteral("https"));
}

void TestSimHttps::trustedCertificateWorks()
{
    simtest::SimClient client(*m_sim); // trusts the simulator's certificate (extraCaCertificates)
    QVERIFY(!client.config().extraCaCertificates.isEmpty());
    const sim::DemoCode c = simtest::usableCoupon(*m_sim);
    ApiResponse r = client.call(
        simtest::useRequest(*m_sim, c.couponCode, c.stockId, simtest::uniqueRequestNo()).toApiRequest());
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    QCOMPARE(m_sim->coupon(c.couponCode)->state, QStringLiteral("USED"));
    r = client.call(ApiRequest { "GET", "/v3/certificates", {} });
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    // The raw helper speaks TLS too (no verification there) and the target is still captured raw.
    simtest::RawRequestSpec spec { "GET", "/v3/marketing/busifavor/stocks/1212000000000001?x=%7e", {},
        simtest::standardHeaders(false) };
    const auto raw = simtest::rawExchange(m_sim->baseUrl(), simtest::signedRawRequest(*m_sim, spec));
    QCOMPARE(raw.status, 200);
}

void TestSimHttps::untrustedCertificateIsATlsError()
{
    simtest::ClientOptions o;
    o.trustSimulatorCa = false;
    simtest::SimClient client(*m_sim, o);
    const sim::DemoCode c = simtest::usableCoupon(*m_sim);
    const ApiResponse r = client.call(
        simtest::useRequest(*m_sim, c.couponCode, c.stockId, simtest::uniqueRequestNo()).toApiRequest());
    QVERIFY(!r.ok());
    QCOMPARE(r.error->kind, ErrorKind::Tls);
    QCOMPARE(r.error->code, QStringLiteral("TLS_FAILED"));
    QVERIFY(!r.error->requestSent);
    QCOMPARE(m_sim->coupon(c.couponCode)->state, QStringLiteral("SENDED"));
}

void TestSimHttps::certificateNamesLoopback()
{
    const QList<QSslCertificate> certs = m_sim->caCertificates();
    QCOMPARE(certs.size(), 1);
    const auto names = certs.first().subjectAlternativeNames();
    QVERIFY(names.values(QSsl::DnsEntry).contains(QStringLiteral("localhost")));
    QVERIFY(names.values(QSsl::IpAddressEntry).contains(QStringLiteral("127.0.0.1")));
    QCOMPARE(QSslCertificate::fromPath(m_sim->caCertificateFile()).value(0), certs.first());
}

void TestSimHttps::faultsWorkOverTls()
{
    simtest::ClientOptions o;
    o.totalTimeoutMs = 300;
    simtest::SimClient client(*m_sim, o);
    QVERIFY(m_sim->addFault(QStringLiteral("use:hang")).ok());
    const sim::DemoCode c = simtest::usableCoupon(*m_sim);
    ApiResponse r = client.call(
        simtest::useRequest(*m_sim, c.couponCode, c.stockId, simtest::uniqueRequestNo()).toApiRequest());
    QCOMPARE(r.error->kind, ErrorKind::Timeout);
    QVERIFY(m_sim->addFault(QStringLiteral("use:unsigned")).ok());
    client.config().totalTimeoutMs = 5000;
    client.rebuild();
    r = client.call(
        simtest::useRequest(*m_sim, c.couponCode, c.stockId, simtest::uniqueRequestNo()).toApiRequest());
    QCOMPARE(r.error->kind, ErrorKind::Verification);
    QCOMPARE(m_sim->coupon(c.couponCode)->state, QStringLiteral("USED"));
}

void TestSimHttps::preconnectedCallPaysNoHandshake()
{
    // A new connection waits 1 s (the simulator's connect delay); one opened by preconnect() before
    // the scan is ready when the scan comes.
    m_sim->setConnectDelayMs(1000);
    QTRY_COMPARE(m_sim->openConnections(), 0); // the earlier tests' clients are gone
    simtest::SimClient client(*m_sim);
    client.client().preconnect();
    QTRY_COMPARE(m_sim->openConnections(), 1); // past the delay
    const sim::DemoCode c = simtest::usableCoupon(*m_sim);
    QElapsedTimer t;
    t.start();
    const ApiResponse r = client.call(
        simtest::useRequest(*m_sim, c.couponCode, c.stockId, simtest::uniqueRequestNo()).toApiRequest());
    const qint64 ms = t.elapsed();
    m_sim->setConnectDelayMs(0);
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    QVERIFY2(ms < 500, qPrintable(QString::number(ms)));

    // The control: a client that did not pre-connect waits the delay.
    m_sim->setConnectDelayMs(1000);
    simtest::SimClient cold(*m_sim);
    t.start();
    const ApiResponse r2 = cold.call(ApiRequest { "GET", "/v3/certificates", {} });
    const qint64 coldMs = t.elapsed();
    m_sim->setConnectDelayMs(0);
    QVERIFY2(r2.ok(), qPrintable(simtest::describe(r2)));
    QVERIFY2(coldMs >= 950, qPrintable(QString::number(coldMs)));
}

void TestSimHttps::slowGetIsNotCutAtTheConnectTimeout()
{
    // Qt 6.4 says nothing when a request without a body is on the wire: a GET answered after the
    // connect timeout (but within the total) is an answer, not "could not connect".
    simtest::ClientOptions o;
    o.connectTimeoutMs = 300;
    o.totalTimeoutMs = 5000;
    simtest::SimClient client(*m_sim, o);
    QVERIFY(m_sim->addFault(QStringLiteral("certificates:delay:1:800")).ok());
    const ApiResponse r = client.call(ApiRequest { "GET", "/v3/certificates", {} });
    m_sim->clearFaults();
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
}

QTEST_GUILESS_MAIN(TestSimHttps)
#include "test_sim_https.moc"
