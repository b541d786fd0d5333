// The HTTP client over real loopback sockets: what goes on the wire, and what it believes coming back.
#include "scriptedserver.h"

#include "wechatpay/busifavor.h"
#include "wechatpay/crypto.h"
#include "wechatpay/httpclient.h"
#include "wechatpay/platformcertificates.h"

#include <QSignalSpy>
#include <QTest>

using namespace wechatpay;
using testsupport::RecordedRequest;
using testsupport::Reply;
using testsupport::ScriptedServer;

class TestWechatpayHttpClient : public QObject
{
    Q_OBJECT

private:
    SystemClock m_clock;
    RandomNonceSource m_nonces;
    PrivateKey m_merchantKey;
    PrivateKey m_platformKey;
    Certificate m_platformCert;
    std::unique_ptr<RequestSigner> m_signer;
    Verifier m_verifier;

    QList<QPair<QByteArray, QByteArray>> signedHeaders(
        const QByteArray &body, const PrivateKey *key = nullptr, const Certificate *cert = nullptr)
    {
        const QByteArray ts = QByteArray::number(m_clock.nowSecs());
        const QByteArray nonce = crypto::randomAlphanumeric(32);
        const QByteArray sig
            = crypto::signSha256Rsa(key ? *key : m_platformKey, buildResponseMessage(ts, nonce, body))
                  .value();
        return { { "Wechatpay-Timestamp", ts }, { "Wechatpay-Nonce", nonce }, { "Wechatpay-Signature", sig },
            { "Wechatpay-Serial", (cert ? *cert : m_platformCert).serialNumber().toLatin1() },
            { "Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048" },
            { "Request-ID", "08F0A8A8B50610D70818A1A8F01A20D3BC0A28C4FD04-0" } };
    }

    ClientConfig config(const ScriptedServer &server, int totalMs = 10000)
    {
        ClientConfig c;
        c.baseUrl = QUrl(server.baseUrl());
        c.totalTimeoutMs = totalMs;
        c.connectTimeoutMs = qMin(totalMs, 5000);
        return c;
    }

    const ApiResponse &run(ApiClient &client, const ApiRequest &request)
    {
        ApiCall *call = client.send(request);
        QSignalSpy spy(call, &ApiCall::finished);
        if (!spy.wait(15000))
            qFatal("the client never finished");
        return call->response();
    }

    static quint16 closedPort()
    {
        QTcpServer s;
        s.listen(QHostAddress::LocalHost, 0);
        const quint16 p = s.serverPort();
        s.close();
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_merchantKey = PrivateKey::generateRsa(2048).value();
        m_platformKey = PrivateKey::generateRsa(2048).value();
        m_platformCert = Certificate::createSelfSigned(m_platformKey, {}).value();
        m_signer = std::make_unique<RequestSigner>(QStringLiteral("1900007291"),
            QStringLiteral("3775B6A45ACD588826D15E583A95F5DD"), m_merchantKey, m_clock, m_nonces);
        m_verifier.addPlatformCertificate(m_platformCert);
    }

    void sendsSignedRequestWithRequiredHeaders()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        const QByteArray answer
            = R"({"stock_id":"100088","openid":"o1","wechatpay_use_time":"2026-11-23T10:00:00+08:00"})";
        server.setHandler(
            [&](const RecordedRequest &) { return Reply::http(200, answer, signedHeaders(answer)); });
        ClientConfig c = config(server);
        c.wechatpaySerial = QStringLiteral("PUB_KEY_ID_0000000000000024101100397200000006");
        ApiClient client(c, *m_signer, m_verifier);
        busifavor::UseCouponRequest use { QStringLiteral("C0001"), QStringLiteral("100088"),
            QStringLiteral("wx1"), QStringLiteral("2026-11-23T10:00:00+08:00"), QStringLiteral("01-1"),
            QString() };
        const ApiResponse &r = run(client, use.toApiRequest());
        QVERIFY2(r.ok(), qPrintable(r.error ? r.error->toString() : QString()));
        QCOMPARE(r.requestId, QByteArray("08F0A8A8B50610D70818A1A8F01A20D3BC0A28C4FD04-0"));
        QVERIFY(r.clockSkewSecs.has_value());
        QCOMPARE(busifavor::UseCouponResponse::fromJson(r.body)->wechatpayUseTime,
            QStringLiteral("2026-11-23T10:00:00+08:00"));

        QCOMPARE(server.requests().size(), 1);
        const RecordedRequest &got = server.requests().first();
        QCOMPARE(got.method, QByteArray("POST"));
        QCOMPARE(got.target, QByteArray("/v3/marketing/busifavor/coupons/use"));
        QCOMPARE(got.body, use.toJson());
        QCOMPARE(got.header("Accept"), QByteArray("application/json"));
        QCOMPARE(got.header("Content-Type"), QByteArray("application/json"));
        QVERIFY(got.header("User-Agent").startsWith("CouponDesk/" COUPONDESK_VERSION));
        QCOMPARE(got.header("Wechatpay-Serial"), QByteArray("PUB_KEY_ID_0000000000000024101100397200000006"));
        auto auth = parseAuthorization(got.header("Authorization"));
        QVERIFY(auth.ok());
        QCOMPARE(auth->mchid, QByteArray("1900007291"));
        QCOMPARE(auth->serialNo, QByteArray("3775B6A45ACD588826D15E583A95F5DD"));
        QCOMPARE(auth->nonce.size(), 32);
        // The signature covers exactly what arrived: method, target, timestamp, nonce, body.
        QVERIFY(crypto::verifySha256Rsa(m_merchantKey.publicKey(),
            buildRequestMessage(got.method, got.target, auth->timestamp, auth->nonce, got.body),
            auth->signature));
    }

    void getWithEncodedPathSignsWhatIsSent()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        const QByteArray answer = R"({"coupon_state":"SENDED"})";
        server.setHandler(
            [&](const RecordedRequest &) { return Reply::http(200, answer, signedHeaders(answer)); });
        ApiClient client(config(server), *m_signer, m_verifier);
        busifavor::QueryCouponRequest q { QStringLiteral("o_1-x"), QStringLiteral("AB C|/="),
            QStringLiteral("wx1") };
        QVERIFY(run(client, q.toApiRequest()).ok());
        const RecordedRequest &got = server.requests().first();
        QCOMPARE(got.method, QByteArray("GET"));
        QCOMPARE(
            got.target, QByteArray("/v3/marketing/busifavor/users/o_1-x/coupons/AB%20C%7C%2F%3D/appids/wx1"));
        QVERIFY(got.body.isEmpty());
        QVERIFY(!got.headers.contains("wechatpay-serial")); // not configured → not sent
        auto auth = parseAuthorization(got.header("Authorization"));
        QVERIFY(crypto::verifySha256Rsa(m_merchantKey.publicKey(),
            buildRequestMessage("GET", got.target, auth->timestamp, auth->nonce, ""), auth->signature));
    }

    void unsigned2xxIsRefused()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) {
            return Reply::http(200, R"({"wechatpay_use_time":"2026-11-23T10:00:00+08:00"})");
        });
        ApiClient client(config(server), *m_signer, m_verifier);
        const ApiResponse &r = run(client, ApiRequest { "GET", "/v3/marketing/busifavor/stocks/1", {} });
        QVERIFY(!r.ok());
        QCOMPARE(r.error->kind, ErrorKind::Verification);
        QCOMPARE(r.error->code, QStringLiteral("SIGNATURE_HEADERS_MISSING"));
        QVERIFY(r.error->requestSent);
    }

    void forgedSignatureIsRefused()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        const QByteArray answer = R"({"wechatpay_use_time":"2026-11-23T10:00:00+08:00"})";
        PrivateKey attacker = PrivateKey::generateRsa(2048).value();
        server.setHandler([&](const RecordedRequest &) {
            return Reply::http(200, answer, signedHeaders(answer, &attacker));
        });
        ApiClient client(config(server), *m_signer, m_verifier);
        const ApiResponse &r = run(client, ApiRequest { "GET", "/v3/x", {} });
        QCOMPARE(r.error->code, QStringLiteral("SIGNATURE_MISMATCH"));
    }

    void errorBodyParsedWithoutSignature()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) {
            return Reply::http(400,
                QStringLiteral(
                    R"({"code":"PARAM_ERROR","message":"券code不合法","detail":{"field":"/coupon_code"}})")
                    .toUtf8(),
                { { "Request-ID", "RID-400" } });
        });
        ApiClient client(config(server), *m_signer, m_verifier);
        const ApiResponse &r
            = run(client, ApiRequest { "POST", "/v3/marketing/busifavor/coupons/use", "{}" });
        QCOMPARE(r.error->kind, ErrorKind::Http);
        QCOMPARE(r.error->httpStatus, 400);
        QCOMPARE(r.error->code, QStringLiteral("PARAM_ERROR"));
        QCOMPARE(r.error->message, QStringLiteral("券code不合法"));
        QCOMPARE(r.error->field, QStringLiteral("/coupon_code"));
        QCOMPARE(r.error->requestId, QStringLiteral("RID-400"));
    }

    void totalTimeoutWhenServerNeverAnswers()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return Reply::hang(); });
        ApiClient client(config(server, 300), *m_signer, m_verifier);
        const ApiResponse &r
            = run(client, ApiRequest { "POST", "/v3/marketing/busifavor/coupons/use", "{}" });
        QCOMPARE(r.error->kind, ErrorKind::Timeout);
        QCOMPARE(r.error->code, QStringLiteral("TIMEOUT"));
        QVERIFY(r.error->requestSent); // it may have been applied: the caller must settle it
        QCOMPARE(server.requests().size(), 1);
    }

    void truncatedAnswerIsNotSuccess()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        const QByteArray answer = R"({"wechatpay_use_time":"2026-11-23T10:00:00+08:00"})";
        server.setHandler([&](const RecordedRequest &) {
            Reply r = Reply::http(200, answer.left(10), signedHeaders(answer), answer.size());
            r.closeAfter = true;
            return r;
        });
        ApiClient client(config(server), *m_signer, m_verifier);
        const ApiResponse &r = run(client, ApiRequest { "POST", "/v3/x", "{}" });
        QVERIFY(!r.ok());
        QCOMPARE(r.error->kind, ErrorKind::Network);
        QVERIFY(r.error->requestSent);
    }

    void connectionDroppedAfterRequest()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return Reply::close(); });
        ClientConfig c = config(server);
        c.backupBaseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort()));
        ApiClient client(c, *m_signer, m_verifier);
        const ApiResponse &r = run(client, ApiRequest { "POST", "/v3/x", "{}" });
        QCOMPARE(r.error->kind, ErrorKind::Network);
        QVERIFY(r.error->requestSent);
        QVERIFY(!r.usedBackupHost); // the request went out: never re-sent elsewhere by the client
    }

    // The keep-alive race: the server closes a kept-alive connection as the request goes out.
    // QNetworkAccessManager sends the very same bytes again on a new connection (same body, same
    // signature, still within its 5 minutes); the request number makes WeChat Pay apply it once.
    void keptAliveRaceIsSentAgainByQtWithTheSameBytes()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        int n = 0;
        const QByteArray answer = "{}";
        server.setHandler([&](const RecordedRequest &) {
            return ++n == 2 ? Reply::close() : Reply::http(200, answer, signedHeaders(answer));
        });
        ApiClient client(config(server), *m_signer, m_verifier);
        QVERIFY(run(client, ApiRequest { "POST", "/v3/x", "{\"first\":1}" }).ok());
        ApiCall *call = client.send(ApiRequest { "POST", "/v3/x", "{\"second\":1}" });
        QSignalSpy sent(call, &ApiCall::requestSent);
        QSignalSpy done(call, &ApiCall::finished);
        QVERIFY(done.wait(15000));
        QVERIFY2(call->response().ok(),
            qPrintable(call->response().error ? call->response().error->toString() : QString()));
        QCOMPARE(sent.count(), 1);
        QCOMPARE(server.requests().size(), 3);
        QCOMPARE(server.connectionsAccepted(), 2);
        const RecordedRequest &lost = server.requests().at(1);
        const RecordedRequest &again = server.requests().at(2);
        QCOMPARE(again.body, lost.body);
        QCOMPARE(again.header("Authorization"), lost.header("Authorization"));
        auto auth = parseAuthorization(again.header("Authorization"));
        QVERIFY(auth.ok());
        QVERIFY(crypto::verifySha256Rsa(m_merchantKey.publicKey(),
            buildRequestMessage(again.method, again.target, auth->timestamp, auth->nonce, again.body),
            auth->signature));
    }

    void preconnectOpensTheConnectionTheNextCallUses()
    {
        // No handshake at the counter: the connection is made before the scan and then reused.
        ScriptedServer server;
        QVERIFY(server.listen());
        const QByteArray answer = "{}";
        server.setHandler(
            [&](const RecordedRequest &) { return Reply::http(200, answer, signedHeaders(answer)); });
        ApiClient client(config(server), *m_signer, m_verifier);
        client.preconnect();
        QTRY_COMPARE(server.connectionsAccepted(), 1);
        QVERIFY(server.requests().isEmpty()); // nothing is sent by a pre-connect
        client.preconnect(); // already open: no second connection
        QVERIFY(run(client, ApiRequest { "POST", "/v3/x", "{}" }).ok());
        QCOMPARE(server.connectionsAccepted(), 1);
        QCOMPARE(server.requests().size(), 1);
    }

    void keptAliveRaceIsSentAgainOnlyOnce()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        int n = 0;
        const QByteArray answer = "{}";
        server.setHandler([&](const RecordedRequest &) {
            return ++n == 1 ? Reply::http(200, answer, signedHeaders(answer)) : Reply::close();
        });
        ApiClient client(config(server), *m_signer, m_verifier);
        QVERIFY(run(client, ApiRequest { "POST", "/v3/x", "{}" }).ok());
        const ApiResponse &r = run(client, ApiRequest { "POST", "/v3/x", "{}" });
        QVERIFY(!r.ok());
        QCOMPARE(r.error->kind, ErrorKind::Network);
        QVERIFY(r.error->requestSent);
        QCOMPARE(server.requests().size(), 3);
    }

    void answerBrokenOffIsNotSentAgain()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        int n = 0;
        const QByteArray answer = "{}";
        server.setHandler([&](const RecordedRequest &) {
            return ++n == 1 ? Reply::http(200, answer, signedHeaders(answer))
                            : Reply::bytes("HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n{\"stock", true);
        });
        ApiClient client(config(server), *m_signer, m_verifier);
        QVERIFY(run(client, ApiRequest { "POST", "/v3/x", "{}" }).ok());
        const ApiResponse &r = run(client, ApiRequest { "POST", "/v3/x", "{}" });
        QVERIFY(!r.ok());
        QCOMPARE(r.error->kind, ErrorKind::Network);
        QVERIFY(r.error->requestSent);
        QCOMPARE(server.requests().size(), 2);
    }

    void connectionRefusedSendsNothing()
    {
        ScriptedServer dummy;
        ClientConfig c;
        c.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort()));
        ApiClient client(c, *m_signer, m_verifier);
        const ApiResponse &r = run(client, ApiRequest { "POST", "/v3/x", "{}" });
        QCOMPARE(r.error->kind, ErrorKind::Network);
        QVERIFY(!r.error->requestSent);
    }

    void backupHostOnlyOnConnectionFailure()
    {
        ScriptedServer backup;
        QVERIFY(backup.listen());
        const QByteArray answer = "{}";
        backup.setHandler(
            [&](const RecordedRequest &) { return Reply::http(200, answer, signedHeaders(answer)); });
        ClientConfig c;
        c.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort()));
        c.backupBaseUrl = QUrl(backup.baseUrl());
        ApiClient client(c, *m_signer, m_verifier);
        const ApiResponse &r = run(client, ApiRequest { "GET", "/v3/x", {} });
        QVERIFY(r.ok());
        QVERIFY(r.usedBackupHost);
        QCOMPARE(backup.requests().size(), 1);

        // A 500 from the primary is an answer, not a connection failure: the backup is not tried.
        ScriptedServer primary;
        QVERIFY(primary.listen());
        primary.setHandler([](const RecordedRequest &) {
            return Reply::http(500, R"({"code":"SYSTEM_ERROR","message":"系统繁忙"})");
        });
        c.baseUrl = QUrl(primary.baseUrl());
        ApiClient client2(c, *m_signer, m_verifier);
        const ApiResponse &r2 = run(client2, ApiRequest { "POST", "/v3/x", "{}" });
        QCOMPARE(r2.error->code, QStringLiteral("SYSTEM_ERROR"));
        QCOMPARE(r2.error->httpStatus, 500);
        QCOMPARE(backup.requests().size(), 1);
    }

    void redirectsAreNotFollowed()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) {
            return Reply::http(302, "", { { "Location", "http://127.0.0.1:1/evil" } });
        });
        ApiClient client(config(server), *m_signer, m_verifier);
        const ApiResponse &r = run(client, ApiRequest { "GET", "/v3/x", {} });
        QCOMPARE(r.error->code, QStringLiteral("UNEXPECTED_REDIRECT"));
        QCOMPARE(server.requests().size(), 1);
    }

    void abortIsCancelled()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return Reply::hang(); });
        ApiClient client(config(server), *m_signer, m_verifier);
        ApiCall *call = client.send(ApiRequest { "GET", "/v3/x", {} });
        QSignalSpy spy(call, &ApiCall::finished);
        QTRY_COMPARE(server.requests().size(), 1);
        call->abort();
        QVERIFY(spy.count() == 1 || spy.wait(5000));
        QCOMPARE(call->response().error->kind, ErrorKind::Cancelled);
    }

    void httpsRequiredExceptLoopback_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("ok");
        QTest::newRow("production host") << QStringLiteral("https://api.mch.weixin.qq.com") << true;
        QTest::newRow("plain http to WeChat") << QStringLiteral("http://api.mch.weixin.qq.com") << false;
        QTest::newRow("plain http to a LAN address") << QStringLiteral("http://192.168.1.10:8080") << false;
        QTest::newRow("loopback 127.0.0.1") << QStringLiteral("http://127.0.0.1:8080") << true;
        QTest::newRow("loopback 127.5.5.5") << QStringLiteral("http://127.5.5.5:8080") << true;
        QTest::newRow("localhost") << QStringLiteral("http://localhost:8080") << true;
        QTest::newRow("IPv6 loopback") << QStringLiteral("http://[::1]:8080") << true;
        QTest::newRow("lookalike host") << QStringLiteral("http://127.0.0.1.evil.example") << false;
        QTest::newRow("ftp") << QStringLiteral("ftp://api.mch.weixin.qq.com") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void httpsRequiredExceptLoopback()
    {
        QFETCH(QString, url);
        QFETCH(bool, ok);
        ClientConfig c;
        c.baseUrl = QUrl(url);
        QCOMPARE(validateConfig(c).ok(), ok);
    }

    void insecureConfigSendsNothing()
    {
        ClientConfig c;
        c.baseUrl = QUrl(QStringLiteral("http://api.mch.weixin.qq.com"));
        ApiClient client(c, *m_signer, m_verifier);
        const ApiResponse &r = run(client, ApiRequest { "GET", "/v3/x", {} });
        QCOMPARE(r.error->kind, ErrorKind::InvalidInput);
        QVERIFY(!r.error->requestSent);
        c.baseUrl = QUrl(QStringLiteral("https://api.mch.weixin.qq.com"));
        c.connectTimeoutMs = 0;
        QVERIFY(!validateConfig(c).ok());
    }

    void platformCertificatesDownloadedAndVerified()
    {
        const QByteArray apiKey = crypto::randomAlphanumeric(32);
        PrivateKey newKey = PrivateKey::generateRsa(2048).value();
        Certificate newCert = Certificate::createSelfSigned(newKey, {}).value();
        const QByteArray body = encodeCertificatesResponse({ newCert }, apiKey).value();
        ScriptedServer server;
        QVERIFY(server.listen());
        bool signWithListedCert = true;
        server.setHandler([&](const RecordedRequest &) {
            PrivateKey other = PrivateKey::generateRsa(2048).value();
            return Reply::http(
                200, body, signedHeaders(body, signWithListedCert ? &newKey : &other, &newCert));
        });
        Verifier verifier; // empty: the first download bootstraps itself
        ApiClient client(config(server), *m_signer, verifier);
        PlatformCertificateManager manager(client, verifier, m_clock, apiKey);
        QSignalSpy ok(&manager, &PlatformCertificateManager::refreshed);
        QSignalSpy failed(&manager, &PlatformCertificateManager::failed);
        manager.refresh();
        QVERIFY(ok.wait(10000));
        QCOMPARE(ok.first().first().toInt(), 1);
        QCOMPARE(verifier.platformSerials(), QStringList { newCert.serialNumber() });
        QCOMPARE(server.requests().first().target, QByteArray("/v3/certificates"));

        // A download not signed by the certificate it carries (nor any key we hold) is refused.
        Verifier fresh;
        ApiClient client2(config(server), *m_signer, fresh);
        PlatformCertificateManager manager2(client2, fresh, m_clock, apiKey);
        QSignalSpy failed2(&manager2, &PlatformCertificateManager::failed);
        signWithListedCert = false;
        manager2.refresh();
        QVERIFY(failed2.wait(10000));
        QVERIFY(!fresh.hasKeys());

        // Wrong APIv3 key: refused with a message that names it.
        Verifier fresh3;
        ApiClient client3(config(server), *m_signer, fresh3);
        PlatformCertificateManager manager3(client3, fresh3, m_clock, crypto::randomAlphanumeric(32));
        QSignalSpy failed3(&manager3, &PlatformCertificateManager::failed);
        signWithListedCert = true;
        manager3.refresh();
        QVERIFY(failed3.wait(10000));
        QVERIFY(failed3.first().first().value<Error>().message.contains(QStringLiteral("APIv3 key")));
    }

    void publicKeyOnlyMerchantReported()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) {
            return Reply::http(404,
                QStringLiteral(
                    R"({"code":"RESOURCE_NOT_EXISTS","message":"无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥"})")
                    .toUtf8());
        });
        Verifier verifier;
        ApiClient client(config(server), *m_signer, verifier);
        PlatformCertificateManager manager(client, verifier, m_clock, crypto::randomAlphanumeric(32));
        QSignalSpy spy(&manager, &PlatformCertificateManager::publicKeyOnlyMerchant);
        manager.refresh();
        QVERIFY(spy.wait(10000));
    }
};

QTEST_GUILESS_MAIN(TestWechatpayHttpClient)
#include "test_wechatpay_httpclient.moc"
