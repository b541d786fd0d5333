// The simulator speaks the real protocol: the production client signs, the simulator verifies,
// the simulator signs, the client verifies — in every verification mode.
#include "simharness.h"

#include "wechatpay/certificates.h"
#include "wechatpay/platformcertificates.h"

#include <QSet>

using namespace wechatpay;
using namespace wechatpay::busifavor;

class TestSimProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyEndpointSucceedsAndVerifiesWithThePlatformCertificate();
    void platformCertificatesAreDownloadedDecryptedAndThenVerifyCalls();
    void publicKeyOnlyMerchantGets404FromCertificates();
    void publicKeyModeSignsWithThePublicKey();
    void migratingModeFollowsTheRequestsWechatpaySerial();
    void platformModeIgnoresAPublicKeySerialInTheRequest();
    void wrongMerchantKeyIsASignError();
    void wrongSerialIsASignError();
    void tamperedBodyIsASignErrorWithSignInformation();
    void timestampSkew_data();
    void timestampSkew();
    void simulatorClockOffsetRejectsTheClient();
    void missingAcceptOrUserAgentIsInvalidRequest_data();
    void missingAcceptOrUserAgentIsInvalidRequest();
    void authorizationParametersInAnyOrderAreAccepted_data();
    void authorizationParametersInAnyOrderAreAccepted();
    void malformedAuthorizationIsASignError();
    void errorsAreUnsignedAndEveryAnswerHasAUniqueRequestId();
    void unknownPathAndWrongMethod();
    void connectionCloseIsHonouredAndKeepAliveIsDefault();
    void theRawRequestTargetIsWhatIsVerified();
};

void TestSimProtocol::everyEndpointSucceedsAndVerifiesWithThePlatformCertificate()
{
    auto simulator = simtest::startSimulator();
    QVERIFY(simulator);
    simtest::SimClient client(*simulator);
    const sim::DemoCode coupon = simtest::usableCoupon(*simulator);
    QVERIFY(!coupon.couponCode.isEmpty());

    // use
    const auto use
        = simtest::useRequest(*simulator, coupon.couponCode, coupon.stockId, simtest::uniqueRequestNo("U"));
    QVERIFY(use.validate().isEmpty());
    ApiResponse r = client.call(use.toApiRequest());
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    QCOMPARE(r.httpStatus, 200);
    QCOMPARE(r.signature.serial, simulator->platformCertificate().serialNumber().toLatin1());
    QVERIFY(!r.requestId.isEmpty());
    auto used = UseCouponResponse::fromJson(r.body);
    QVERIFY(used.ok());
    QCOMPARE(used->stockId, coupon.stockId);
    QCOMPARE(used->openid, coupon.openid);
    QVERIFY(parseRfc3339(used->wechatpayUseTime).isValid());

    // query shows USED with our request number
    QueryCouponRequest q { coupon.openid, coupon.couponCode, simulator->appid() };
    r = client.call(q.toApiRequest());
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    auto detail = CouponDetail::fromJson(r.body);
    QVERIFY(detail.ok());
    QCOMPARE(detail->couponState, QStringLiteral("USED"));
    QCOMPARE(detail->useRequestNo, use.useRequestNo);
    QCOMPARE(detail->stockId, coupon.stockId);
    QCOMPARE(detail->belongMerchant, simulator->mchid());
    QVERIFY(!detail->stockName.isEmpty());

    // return puts it back
    ReturnCouponRequest ret { coupon.couponCode, coupon.stockId, simtest::uniqueRequestNo("R") };
    r = client.call(ret.toApiRequest());
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    QVERIFY(ReturnCouponResponse::fromJson(r.body).ok());
    QCOMPARE(simulator->coupon(coupon.couponCode)->state, QStringLiteral("SENDED"));

    // deactivate (Chinese reason: UTF-8 body signed byte for byte)
    DeactivateCouponRequest deact { coupon.couponCode, coupon.stockId, simtest::uniqueRequestNo("D"),
        QStringLiteral("此券使用时间设置错误") };
    r = client.call(deact.toApiRequest());
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    QVERIFY(DeactivateCouponResponse::fromJson(r.body).ok());
    const auto truth = simulator->coupon(coupon.couponCode);
    QCOMPARE(truth->state, QStringLiteral("DEACTIVATED"));
    QCOMPARE(truth->deactivateRequestNo, deact.deactivateRequestNo);

    r = client.call(q.toApiRequest());
    QVERIFY(r.ok());
    detail = CouponDetail::fromJson(r.body);
    QCOMPARE(detail->couponState, QStringLiteral("DEACTIVATED"));
    QCOMPARE(detail->deactivateReason, QStringLiteral("此券使用时间设置错误"));
    QCOMPARE(detail->returnRequestNo, ret.returnRequestNo);

    // stock
    r = client.call(StockQueryRequest { coupon.stockId }.toApiRequest());
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    auto stock = StockInfo::fromJson(r.body);
    QVERIFY(stock.ok());
    QCOMPARE(stock->stockId, coupon.stockId);
    QCOMPARE(stock->stockName, coupon.stockName);
    QCOMPARE(stock->stockState, QStringLiteral("RUNNING"));
    QVERIFY(!stock->couponCodeMode.isEmpty());
    QVERIFY(parseRfc3339(stock->availableBeginTime).isValid());
    QVERIFY(parseRfc3339(stock->availableEndTime).isValid());
}

void TestSimProtocol::platformCertificatesAreDownloadedDecryptedAndThenVerifyCalls()
{
    auto simulator = simtest::startSimulator();
    QVERIFY(simulator);
    simtest::ClientOptions o;
    o.trustPlatformCert = false;
    o.trustPublicKey = false;
    simtest::SimClient client(*simulator, o);
    QVERIFY(!client.verifier().hasKeys());

    PlatformCertificateManager manager(
        client.client(), client.verifier(), simulator->clock(), simulator->apiV3Key());
    QSignalSpy refreshed(&manager, &PlatformCertificateManager::refreshed);
    int failures = 0;
    connect(&manager, &PlatformCertificateManager::failed, this, [&failures] { ++failures; });
    manager.refresh();
    QVERIFY(refreshed.wait(5000));
    QCOMPARE(failures, 0);
    QCOMPARE(refreshed.first().first().toInt(), 1);
    QCOMPARE(
        client.verifier().platformSerials(), QStringList { simulator->platformCertificate().serialNumber() });

    // a wrong APIv3 key cannot decrypt the list
    Verifier other;
    PlatformCertificateManager wrongKey(client.client(), other, simulator->clock(), QByteArray(32, 'x'));
    QString wrongKeyError;
    connect(&wrongKey, &PlatformCertificateManager::failed, this,
        [&wrongKeyError](const Error &e) { wrongKeyError = e.code; });
    wrongKey.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(wrongKeyError, QStringLiteral("GCM_AUTH_FAILED"), 5000);
    QVERIFY(!other.hasKeys());

    const sim::DemoCode coupon = simtest::usableCoupon(*simulator);
    ApiResponse r = client.call(
        simtest::useRequest(*simulator, coupon.couponCode, coupon.stockId, simtest::uniqueRequestNo())
            .toApiRequest());
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
}

void TestSimProtocol::publicKeyOnlyMerchantGets404FromCertificates()
{
    sim::SimulatorOptions options;
    options.mode = sim::VerifyMode::PublicKey;
    auto simulator = simtest::startSimulator(options);
    QVERIFY(simulator);
    simtest::ClientOptions o;
    o.publicKeyMode = true;
    o.trustPlatformCert = false;
    simtest::SimClient client(*simulator, o);

    ApiResponse r = client.call(ApiRequest { "GET", kCertificatesPath, {} });
    QVERIFY(!r.ok());
    QCOMPARE(r.error->kind, ErrorKind::Http);
    QCOMPARE(r.error->httpStatus, 404);
    QCOMPARE(r.error->code, QStringLiteral("RESOURCE_NOT_EXISTS"));
    QVERIFY(r.error->message.contains(QStringLiteral("微信支付公钥")));

    PlatformCertificateManager manager(
        client.client(), client.verifier(), simulator->clock(), simulator->apiV3Key());
    QSignalSpy publicKeyOnly(&manager, &PlatformCertificateManager::publicKeyOnlyMerchant);
    manager.refresh();
    QVERIFY(publicKeyOnly.wait(5000));
}

void TestSimProtocol::publicKeyModeSignsWithThePublicKey()
{
    sim::SimulatorOptions options;
    options.mode = sim::VerifyMode::PublicKey;
    auto simulator = simtest::startSimulator(options);
    QVERIFY(simulator);
    QVERIFY(simulator->publicKeyId().startsWith(QLatin1String("PUB_KEY_ID_")));
    simtest::ClientOptions o;
    o.publicKeyMode = true;
    o.trustPlatformCert = false;
    simtest::SimClient client(*simulator, o);

    const sim::DemoCode coupon = simtest::usableCoupon(*simulator);
    ApiResponse r = client.call(
        simtest::useRequest(*simulator, coupon.couponCode, coupon.stockId, simtest::uniqueRequestNo())
            .toApiRequest());
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    QCOMPARE(QString::fromLatin1(r.signature.serial), simulator->publicKeyId());

    // Even without the request header, a public-key merchant's answers are signed with the public key.
    client.config().wechatpaySerial.clear();
    client.rebuild();
    r = client.call(
        QueryCouponRequest { coupon.openid, coupon.couponCode, simulator->appid() }.toApiRequest());
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    QCOMPARE(QString::fromLatin1(r.signature.serial), simulator->publicKeyId());
}

void TestSimProtocol::migratingModeFollowsTheRequestsWechatpaySerial()
{
    sim::SimulatorOptions options;
    options.mode = sim::VerifyMode::Migrating;
    auto simulator = simtest::startSimulator(options);
    QVERIFY(simulator);

    simtest::ClientOptions pk;
    pk.publicKeyMode = true;
    pk.trustPlatformCert = false;
    simtest::SimClient publicKeyClient(*simulator, pk);
    simtest::ClientOptions cert;
    cert.trustPublicKey = false;
    simtest::SimClient certClient(*simulator, cert);

    const sim::DemoCode coupon = simtest::usableCoupon(*simulator);
    const auto query
        = QueryCouponRequest { coupon.openid, coupon.couponCode, simulator->appid() }.toApiRequest();
    ApiResponse r = publicKeyClient.call(query);
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    QCOMPARE(QString::fromLatin1(r.signature.serial), simulator->publicKeyId());
    r = certClient.call(query);
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    QCOMPARE(QString::fromLatin1(r.signature.serial), simulator->platformCertificate().serialNumber());
    // Certificates are still served while migrating.
    r = certClient.call(ApiRequest { "GET", kCertificatesPath, {} });
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
}

void TestSimProtocol::platformModeIgnoresAPublicKeySerialInTheRequest()
{
    auto simulator = simtest::startSimulator();
    QVERIFY(simulator);
    simtest::ClientOptions o;
    o.publicKeyMode = true; // sends Wechatpay-Serial: PUB_KEY_ID_…, but the merchant has not switched
    simtest::SimClient client(*simulator, o);
    const sim::DemoCode coupon = simtest::usableCoupon(*simulator);
    ApiResponse r = client.call(
        QueryCouponRequest { coupon.openid, coupon.couponCode, simulator->appid() }.toApiRequest());
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    QCOMPARE(QString::fromLatin1(r.signature.serial), simulator->platformCertificate().serialNumber());
}

void TestSimProtocol::wrongMerchantKeyIsASignError()
{
    auto simulator = simtest::startSimulator();
    QVERIFY(simulator);
    simtest::ClientOptions o;
    o.key = PrivateKey::generateRsa(2048).value();
    simtest::SimClient client(*simulator, o);
    const sim::DemoCode coupon = simtest::usableCoupon(*simulator);
    const auto use
        = simtest::useRequest(*simulator, coupon.couponCode, coupon.stockId, simtest::uniqueRequestNo());
    ApiResponse r = client.call(use.toApiRequest());
    QVERIFY(!r.ok());
    QCOMPARE(r.error->kind, ErrorKind::Http);
    QCOMPARE(r.error->httpStatus, 401);
    QCOMPARE(r.error->code, QStringLiteral("SIGN_ERROR"));
    QCOMPARE(r.error->message, QStringLiteral("错误的签名，验签失败"));
    const QJsonObject info = r.error->detail.value(QLatin1String("sign_information")).toObject();
    QCOMPARE(info.value(QLatin1String("method")).toString(), QStringLiteral("POST"));
    QCOMPARE(info.value(QLatin1String("url")).toString(), QString::fromLatin1(kUsePath));
    QVERIFY(info.value(QLatin1String("truncated_sign_message"))
                .toString()
                .startsWith(QStringLiteral("POST\n/v3/marketing/busifavor/coupons/use\n")));
    QVERIFY(info.value(QLatin1String("sign_message_length")).toInt() > use.toJson().size());
    QCOMPARE(simulator->coupon(coupon.couponCode)->state, QStringLiteral("SENDED"));
    QCOMPARE(simulator->appliedCount(use.useRequestNo), 0);
}

void TestSimProtocol::wrongSerialIsASignError()
{
    auto simulator = simtest::startSimulator();
    QVERIFY(simulator);
    simtest::ClientOptions o;
    o.serial = simulator->platformCertificate().serialNumber(); // a classic: the platform serial in serial_no
    simtest::SimClient client(*simulator, o);
    ApiResponse r = client.call(StockQueryRequest { QStringLiteral("1212000000000001") }.toApiRequest());
    QVERIFY(!r.ok());
    QCOMPARE(r.error->httpStatus, 401);
    QCOMPARE(r.error->code, QStringLiteral("SIGN_ERROR"));
    QCOMPARE(r.error->detail.value(QLatin1String("reason")).toString(), QStringLiteral("SERIAL_MISMATCH"));
}

void TestSimProtocol::tamperedBodyIsASignErrorWithSignInformation()
{
    auto simulator = simtest::startSimulator();
    QVERIFY(simulator);
    const sim::DemoCode coupon = simtest::usableCoupon(*simulator);
    const auto use
        = simtest::useRequest(*simulator, coupon.couponCode, coupon.stockId, simtest::uniqueRequestNo());
    simtest::RawRequestSpec spec { "POST", kUsePath, use.toJson(), simtest::standardHeaders(true) };
    QByteArray signedBody = use.toJson();
    signedBody.replace(coupon.couponCode.toUtf8(), QByteArray(coupon.couponCode.size(), '0'));
    const auto raw = simtest::rawExchange(simulator->baseUrl(),
        simtest::signedRawRequest(*simulator, spec,
            { "mchid", "nonce_str", "timestamp", "serial_no", "signature" }, std::nullopt, signedBody, true));
    QCOMPARE(raw.status, 401);
    QCOMPARE(raw.json().value(QLatin1String("code")).toString(), QStringLiteral("SIGN_ERROR"));
    const QJsonObject info = raw.json()
                                 .value(QLatin1String("detail"))
                                 .toObject()
                                 .value(QLatin1String("sign_information"))
                                 .toObject();
    // The server rebuilt the message from what it received: same length as what we signed (same-size tamper).
    QCOMPARE(info.value(QLatin1String("sign_message_length")).toInt(),
        int(QByteArray("POST\n").size() + qstrlen(kUsePath) + 1 + 10 + 1 + 32 + 1 + use.toJson().size() + 1));
    QVERIFY(raw.header("Wechatpay-Signature").isEmpty());
    QCOMPARE(simulator->coupon(coupon.couponCode)->state, QStringLiteral("SENDED"));
}

void TestSimProtocol::timestampSkew_data()
{
    QTest::addColumn<qint64>("skew");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("client 301 s ahead is refused") << qint64(301) << false;
    QTest::newRow("client 301 s behind is refused") << qint64(-301) << false;
    QTest::newRow("client 300 s ahead is accepted") << qint64(300) << true;
    QTest::newRow("client 299 s behind is accepted") << qint64(-299) << true;
}

void TestSimProtocol::timestampSkew()
{
    QFETCH(qint64, skew);
    QFETCH(bool, accepted);
    FixedClock serverClock(QDateTime::currentSecsSinceEpoch());
    sim::SimulatorOptions options;
    options.clock = &serverClock;
    auto simulator = simtest::startSimulator(options);
    QVERIFY(simulator);
    OffsetClock clientClock(serverClock, skew);
    simtest::ClientOptions o;
    o.clock = &clientClock;
    simtest::SimClient client(*simulator, o);
    ApiResponse r = client.call(StockQueryRequest { QStringLiteral("1212000000000001") }.toApiRequest());
    if (accepted) {
        // The answer's timestamp is the server's: still within the client's ±300 s.
        QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    } else {
        QVERIFY(!r.ok());
        QCOMPARE(r.error->httpStatus, 401);
        QCOMPARE(r.error->code, QStringLiteral("SIGN_ERROR"));
        QCOMPARE(r.error->message,
            QStringLiteral("Http头Authorization中的timestamp与发起请求的时间不得超过5分钟"));
    }
}

void TestSimProtocol::simulatorClockOffsetRejectsTheClient()
{
    FixedClock base(QDateTime::currentSecsSinceEpoch());
    sim::SimulatorOptions options;
    options.clock = &base;
    auto simulator = simtest::startSimulator(options);
    QVERIFY(simulator);
    simtest::ClientOptions o;
    o.clock = &base; // the shop PC's clock: not the simulator's
    simtest::SimClient client(*simulator, o);
    const auto stock = StockQueryRequest { QStringLiteral("1212000000000001") }.toApiRequest();
    QVERIFY(client.call(stock).ok());
    const QJsonDocument clock
        = simtest::control(simulator->baseUrl(), "POST", "/__sim/clock", "{\"offset_secs\":-400}");
    QCOMPARE(clock.object().value(QLatin1String("offset_secs")).toInt(), -400);
    QCOMPARE(simulator->clockOffset(), qint64(-400));
    ApiResponse r = client.call(stock);
    QCOMPARE(r.error->httpStatus, 401);
    QCOMPARE(r.error->detail.value(QLatin1String("reason")).toString(), QStringLiteral("TIMESTAMP_EXPIRED"));
    // Back in sync: accepted again.
    QVERIFY(simtest::control(simulator->baseUrl(), "POST", "/__sim/clock", "{\"offset_secs\":0}").isObject());
    QVERIFY(client.call(stock).ok());
}

void TestSimProtocol::missingAcceptOrUserAgentIsInvalidRequest_data()
{
    QTest::addColumn<bool>("accept");
    QTest::addColumn<bool>("userAgent");
    QTest::newRow("no Accept") << false << true;
    QTest::newRow("no User-Agent") << true << false;
    QTest::newRow("neither") << false << false;
}

void TestSimProtocol::missingAcceptOrUserAgentIsInvalidRequest()
{
    QFETCH(bool, accept);
    QFETCH(bool, userAgent);
    auto simulator = simtest::startSimulator();
    QVERIFY(simulator);
    simtest::RawRequestSpec spec { "GET", "/v3/marketing/busifavor/stocks/1212000000000001", {}, {} };
    if (accept)
        spec.headers.append(qMakePair(QByteArray("Accept"), QByteArray("*/*")));
    if (userAgent)
        spec.headers.append(qMakePair(QByteArray("User-Agent"), QByteArray("simtest")));
    const auto raw = simtest::rawExchange(simulator->baseUrl(), simtest::signedRawRequest(*simulator, spec));
    QCOMPARE(raw.status, 400);
    QCOMPARE(raw.json().value(QLatin1String("code")).toString(), QStringLiteral("INVALID_REQUEST"));
    QCOMPARE(raw.json().value(QLatin1String("message")).toString(),
        QStringLiteral("Http头缺少Accept或User-Agent"));
}

void TestSimProtocol::authorizationParametersInAnyOrderAreAccepted_data()
{
    QTest::addColumn<QList<QByteArray>>("order");
    QTest::newRow("Go/Java order") << QList<QByteArray> { "mchid", "nonce_str", "timestamp", "serial_no",
        "signature" };
    QTest::newRow("PHP/axios order") << QList<QByteArray> { "mchid", "serial_no", "timestamp", "nonce_str",
        "signature" };
    QTest::newRow("official example order")
        << QList<QByteArray> { "mchid", "nonce_str", "signature", "timestamp", "serial_no" };
    QTest::newRow("signature first") << QList<QByteArray> { "signature", "serial_no", "timestamp",
        "nonce_str", "mchid" };
}

void TestSimProtocol::authorizationParametersInAnyOrderAreAccepted()
{
    QFETCH(QList<QByteArray>, order);
    auto simulator = simtest::startSimulator();
    QVERIFY(simulator);
    const sim::DemoCode coupon = simtest::usableCoupon(*simulator);
    const auto use
        = simtest::useRequest(*simulator, coupon.couponCode, coupon.stockId, simtest::uniqueRequestNo());
    simtest::RawRequestSpec spec { "POST", kUsePath, use.toJson(), simtest::standardHeaders(true) };
    const auto raw
        = simtest::rawExchange(simulator->baseUrl(), simtest::signedRawRequest(*simulator, spec, order));
    QCOMPARE(raw.status, 200);
    Verifier verifier;
    verifier.addPlatformCertificate(simulator->platformCertificate());
    const ResponseSignature sig { raw.header("Wechatpay-Timestamp"), raw.header("Wechatpay-Nonce"),
        raw.header("Wechatpay-Signature"), raw.header("Wechatpay-Serial") };
    QVERIFY(verifier.verify(sig, raw.body, simulator->clock().nowSecs()).ok());
    QCOMPARE(raw.header("Wechatpay-Signature-Type"), QByteArray("WECHATPAY2-SHA256-RSA2048"));
    QCOMPARE(raw.header("Content-Type"), QByteArray("application/json; charset=utf-8"));
    QCOMPARE(simulator->coupon(coupon.couponCode)->state, QStringLiteral("USED"));
}

void TestSimProtocol::malformedAuthorizationIsASignError()
{
    auto simulator = simtest::startSimulator();
    QVERIFY(simulator);
    const QByteArray req
        = "GET /v3/marketing/busifavor/stocks/1212000000000001 HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n"
          "User-Agent: t\r\nAuthorization: WECHATPAY2-SHA256-RSA2048 mchid=1230000109\r\n"
          "Connection: close\r\n\r\n";
    const auto raw = simtest::rawExchange(simulator->baseUrl(), req);
    QCOMPARE(raw.status, 401);
    QCOMPARE(raw.json().value(QLatin1String("code")).toString(), QStringLiteral("SIGN_ERROR"));
    QCOMPARE(raw.json().value(QLatin1String("detail")).toObject().value(QLatin1String("reason")).toString(),
        QStringLiteral("AUTHORIZATION_INVALID"));
}

void TestSimProtocol::errorsAreUnsignedAndEveryAnswerHasAUniqueRequestId()
{
    auto simulator = simtest::startSimulator();
    QVERIFY(simulator);
    simtest::SimClient client(*simulator);
    QSet<QByteArray> ids;
    for (int i = 0; i < 5; ++i) {
        ApiResponse ok = client.call(StockQueryRequest { QStringLiteral("1212000000000001") }.toApiRequest());
        QVERIFY(ok.ok());
        ids.insert(ok.requestId);
        ApiResponse bad = client.call(StockQueryRequest { QStringLiteral("99999") }.toApiRequest());
        QCOMPARE(bad.error->httpStatus, 404);
        QVERIFY(bad.signature.signature.isEmpty());
        QVERIFY(bad.signature.serial.isEmpty());
        QVERIFY(!bad.requestId.isEmpty());
        QCOMPARE(bad.error->requestId, QString::fromLatin1(bad.requestId));
        ids.insert(bad.requestId);
    }
    QCOMPARE(ids.size(), 10);
}

void TestSimProtocol::unknownPathAndWrongMethod()
{
    auto simulator = simtest::startSimulator();
    QVERIFY(simulator);
    simtest::SimClient client(*simulator);
    ApiResponse r = client.call(ApiRequest { "GET", "/v3/marketing/busifavor/nothing-here", {} });
    QCOMPARE(r.error->httpStatus, 404);
    QCOMPARE(r.error->code, QStringLiteral("NOT_FOUND"));
    r = client.call(ApiRequest { "GET", kUsePath, {} });
    QCOMPARE(r.error->httpStatus, 405);
    QCOMPARE(r.error->code, QStringLiteral("METHOD_NOT_ALLOWED"));
}

void TestSimProtocol::connectionCloseIsHonouredAndKeepAliveIsDefault()
{
    auto simulator = simtest::startSimulator();
    QVERIFY(simulator);
    // Connection: close (sent by signedRawRequest) → the server closes after answering.
    simtest::RawRequestSpec spec { "GET", "/v3/marketing/busifavor/stocks/1212000000000001", {},
        simtest::standardHeaders(false) };
    const auto raw = simtest::rawExchange(simulator->baseUrl(), simtest::signedRawRequest(*simulator, spec));
    QCOMPARE(raw.status, 200);
    QCOMPARE(raw.header("Connection"), QByteArray("close"));

    // Keep-alive: two requests on one connection.
    QTcpSocket socket;
    QByteArray data;
    connect(&socket, &QIODevice::readyRead, &socket, [&] { data += socket.readAll(); });
    socket.connectToHost(simulator->baseUrl().host(), simulator->port());
    QTRY_COMPARE(socket.state(), QAbstractSocket::ConnectedState);
    for (int i = 0; i < 2; ++i) {
        QByteArray req = simtest::signedRawRequest(*simulator, spec);
        req.replace("Connection: close\r\n", "");
        data.clear();
        socket.write(req);
        QTRY_VERIFY(simtest::parseRawResponse(data).status == 200
            && simtest::parseRawResponse(data).body.size()
                == simtest::parseRawResponse(data).header("Content-Length").toInt());
        QCOMPARE(simtest::parseRawResponse(data).header("Connection"), QByteArray("keep-alive"));
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }
}

void TestSimProtocol::theRawRequestTargetIsWhatIsVerified()
{
    auto simulator = simtest::startSimulator();
    QVERIFY(simulator);
    const sim::DemoCode coupon = simtest::usableCoupon(*simulator);
    // %2D is '-' escaped needlessly and lower-case hex: a normalising server would rebuild another target.
    QByteArray target = "/v3/marketing/busifavor/users/" + coupon.openid.toUtf8() + "/coupons/"
        + coupon.couponCode.toUtf8() + "/appids/" + simulator->appid().toUtf8() + "?x=%7e";
    simtest::RawRequestSpec spec { "GET", target, {}, simtest::standardHeaders(false) };
    auto raw = simtest::rawExchange(simulator->baseUrl(), simtest::signedRawRequest(*simulator, spec));
    QCOMPARE(raw.status, 200);
    QCOMPARE(raw.json().value(QLatin1String("coupon_code")).toString(), coupon.couponCode);

    // The code escaped character by character decodes to the same coupon.
    QByteArray escaped;
    for (char c : coupon.couponCode.toLatin1())
        escaped += '%' + QByteArray::number(static_cast<unsigned char>(c), 16);
    target = "/v3/marketing/busifavor/users/" + coupon.openid.toUtf8() + "/coupons/" + escaped + "/appids/"
        + simulator->appid().toUtf8();
    spec.target = target;
    raw = simtest::rawExchange(simulator->baseUrl(), simtest::signedRawRequest(*simulator, spec));
    QCOMPARE(raw.status, 200);
    QCOMPARE(raw.json().value(QLatin1String("coupon_code")).toString(), coupon.couponCode);
}

QTEST_GUILESS_MAIN(TestSimProtocol)
#include "test_sim_protocol.moc"
