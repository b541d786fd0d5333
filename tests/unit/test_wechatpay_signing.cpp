// Request signing: the five-line message, the Authorization header and the busifavor vectors.
#include "testvectors.h"

#include "wechatpay/busifavor.h"
#include "wechatpay/crypto.h"
#include "wechatpay/signing.h"

#include <QTest>

using namespace wechatpay;

class TestWechatpaySigning : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void messageHasFiveLinesEachEndingInLf()
    {
        // wechatpay-go credentials test: GET with an empty body ends in "\n\n"
        QCOMPARE(buildRequestMessage("GET", "/v3/certificates", "1624523846", "A1B2C3D4E5F6G7", ""),
            QByteArray("GET\n/v3/certificates\n1624523846\nA1B2C3D4E5F6G7\n\n"));
        // a body that ends in LF still gets one more
        QCOMPARE(buildRequestMessage("POST", "/v3/x", "1", "n", "Hello World!\n"),
            QByteArray("POST\n/v3/x\n1\nn\nHello World!\n\n"));
    }

    void authorizationVector()
    {
        const QJsonObject v
            = testsupport::signingVectors().value(QLatin1String("authorization_vector")).toObject();
        const QJsonObject p = v.value(QLatin1String("header_params")).toObject();
        auto key = PrivateKey::fromPem(
            testsupport::keyPem(v.value(QLatin1String("key")).toString(), "private_key_pem"));
        QVERIFY(key.ok());
        FixedClock clock(v.value(QLatin1String("timestamp")).toString().toLongLong());
        FixedNonceSource nonce(v.value(QLatin1String("nonce_str")).toString().toLatin1());
        RequestSigner signer(p.value(QLatin1String("mchid")).toString(),
            p.value(QLatin1String("serial_no")).toString(), key.value(), clock, nonce);
        auto s = signer.sign(v.value(QLatin1String("method")).toString().toLatin1(),
            v.value(QLatin1String("url")).toString().toLatin1(),
            v.value(QLatin1String("body")).toString().toUtf8());
        QVERIFY(s.ok());
        const QByteArray expected = v.value(QLatin1String("scheme")).toString().toLatin1() + " mchid=\""
            + p.value(QLatin1String("mchid")).toString().toLatin1() + "\",nonce_str=\""
            + p.value(QLatin1String("nonce_str")).toString().toLatin1() + "\",timestamp=\""
            + p.value(QLatin1String("timestamp")).toString().toLatin1() + "\",serial_no=\""
            + p.value(QLatin1String("serial_no")).toString().toLatin1() + "\",signature=\""
            + v.value(QLatin1String("signature")).toString().toLatin1() + "\"";
        QCOMPARE(s->authorization, expected);
        QCOMPARE(s->timestamp, Q_INT64_C(1554208460));

        auto parsed = parseAuthorization(s->authorization);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->signature, v.value(QLatin1String("signature")).toString().toLatin1());
        QCOMPARE(parsed->serialNo, QByteArray("408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"));
    }

    void busifavorVectors_data()
    {
        QTest::addColumn<QJsonObject>("vector");
        const QJsonObject all = testsupport::loadJson(QStringLiteral("busifavor_vectors.json"));
        for (const QJsonValue &r : all.value(QLatin1String("requests")).toArray())
            QTest::newRow(qPrintable(r.toObject().value(QLatin1String("name")).toString())) << r.toObject();
    }
    void busifavorVectors()
    {
        // Typed requests produce exactly the bytes of the derived vectors, and sign to the same values.
        QFETCH(QJsonObject, vector);
        const QJsonObject all = testsupport::loadJson(QStringLiteral("busifavor_vectors.json"));
        const QJsonObject f = vector.value(QLatin1String("fields")).toObject();
        auto s = [&f](const char *k) { return f.value(QLatin1String(k)).toString(); };
        const QString name = vector.value(QLatin1String("name")).toString();
        ApiRequest req;
        if (name.startsWith(QLatin1String("U1"))) {
            busifavor::UseCouponRequest r { s("coupon_code"), s("stock_id"), s("appid"), s("use_time"),
                s("use_request_no"), s("openid") };
            QVERIFY(r.validate().isEmpty());
            req = r.toApiRequest();
        } else if (name.startsWith(QLatin1String("D1"))) {
            busifavor::DeactivateCouponRequest r { s("coupon_code"), s("stock_id"),
                s("deactivate_request_no"), s("deactivate_reason") };
            QVERIFY(r.validate().isEmpty());
            req = r.toApiRequest();
        } else if (name.startsWith(QLatin1String("Q1"))) {
            busifavor::QueryCouponRequest r { s("openid"), s("coupon_code"), s("appid") };
            QVERIFY(r.validate().isEmpty());
            req = r.toApiRequest();
        } else {
            busifavor::StockQueryRequest r { s("stock_id") };
            QVERIFY(r.validate().isEmpty());
            req = r.toApiRequest();
        }
        QCOMPARE(req.method, vector.value(QLatin1String("method")).toString().toLatin1());
        QCOMPARE(req.pathAndQuery, vector.value(QLatin1String("url")).toString().toLatin1());
        QCOMPARE(req.body, vector.value(QLatin1String("body")).toString().toUtf8());

        auto key = PrivateKey::fromPem(
            testsupport::keyPem(QStringLiteral("official_doc_test_key"), "private_key_pem"));
        FixedClock clock(all.value(QLatin1String("timestamp")).toString().toLongLong());
        FixedNonceSource nonce(all.value(QLatin1String("nonce")).toString().toLatin1());
        RequestSigner signer(all.value(QLatin1String("mchid")).toString(),
            all.value(QLatin1String("serial_no")).toString(), key.value(), clock, nonce);
        auto signedReq = signer.sign(req.method, req.pathAndQuery, req.body);
        QVERIFY(signedReq.ok());
        QCOMPARE(parseAuthorization(signedReq->authorization)->signature,
            vector.value(QLatin1String("signature")).toString().toLatin1());
    }

    void parseAuthorizationAcceptsAnyOrder_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::newRow("Go/Java order") << QByteArray(
            R"(WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="N",timestamp="2",serial_no="S",signature="Zg==")");
        QTest::newRow("PHP/axios order") << QByteArray(
            R"(WECHATPAY2-SHA256-RSA2048 mchid="1",serial_no="S",timestamp="2",nonce_str="N",signature="Zg==")");
        QTest::newRow("official doc order") << QByteArray(
            R"(WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="N",signature="Zg==",timestamp="2",serial_no="S")");
    }
    void parseAuthorizationAcceptsAnyOrder()
    {
        QFETCH(QByteArray, header);
        auto p = parseAuthorization(header);
        QVERIFY2(p.ok(), qPrintable(p.error().toString()));
        QCOMPARE(p->mchid, QByteArray("1"));
        QCOMPARE(p->nonce, QByteArray("N"));
        QCOMPARE(p->timestamp, QByteArray("2"));
        QCOMPARE(p->serialNo, QByteArray("S"));
        QCOMPARE(p->signature, QByteArray("Zg=="));
    }

    void parseAuthorizationRejects_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::newRow("other scheme") << QByteArray(
            R"(WECHATPAY-BRAND-SHA256-RSA2048 mchid="1",nonce_str="N",timestamp="2",serial_no="S",signature="Zg==")");
        QTest::newRow("no space after scheme") << QByteArray(
            R"(WECHATPAY2-SHA256-RSA2048mchid="1",nonce_str="N",timestamp="2",serial_no="S",signature="Zg==")");
        QTest::newRow("missing signature")
            << QByteArray(R"(WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="N",timestamp="2",serial_no="S")");
        QTest::newRow("duplicated mchid") << QByteArray(
            R"(WECHATPAY2-SHA256-RSA2048 mchid="1",mchid="1",nonce_str="N",timestamp="2",serial_no="S",signature="Zg==")");
        QTest::newRow("unknown key") << QByteArray(
            R"(WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="N",timestamp="2",serial_no="S",signature="Zg==",x="y")");
        QTest::newRow("unquoted value") << QByteArray(
            R"(WECHATPAY2-SHA256-RSA2048 mchid=1,nonce_str="N",timestamp="2",serial_no="S",signature="Zg==")");
        QTest::newRow("space after comma") << QByteArray(
            R"(WECHATPAY2-SHA256-RSA2048 mchid="1", nonce_str="N",timestamp="2",serial_no="S",signature="Zg==")");
        QTest::newRow("trailing comma") << QByteArray(
            R"(WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="N",timestamp="2",serial_no="S",signature="Zg==",)");
        QTest::newRow("unterminated quote")
            << QByteArray(R"(WECHATPAY2-SHA256-RSA2048 mchid="1,nonce_str="N)");
        QTest::newRow("empty") << QByteArray();
    }
    void parseAuthorizationRejects()
    {
        QFETCH(QByteArray, header);
        auto p = parseAuthorization(header);
        QVERIFY(!p.ok());
        QCOMPARE(p.error().code, QStringLiteral("AUTHORIZATION_INVALID"));
    }

    void canonicalUrlIsPathPlusQueryAsSent()
    {
        QCOMPARE(canonicalUrl(QUrl(QStringLiteral("https://api.mch.weixin.qq.com/v3/certificates"))),
            QByteArray("/v3/certificates"));
        QCOMPARE(canonicalUrl(QUrl(
                     QStringLiteral("https://api.mch.weixin.qq.com/v3/certificates?algorithm_type=RSA"))),
            QByteArray("/v3/certificates?algorithm_type=RSA"));
        const QByteArray encoded = "/v3/marketing/"
                                   "partnerships?limit=5&offset=10&authorized_data%3D%7B%22business_type%22%"
                                   "3A%22FAVOR_STOCK%22%7D";
        QCOMPARE(canonicalUrl(QUrl::fromEncoded("https://h" + encoded, QUrl::StrictMode)), encoded);
    }

    void pathParametersArePercentEncoded_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QByteArray>("encoded");
        QTest::newRow("plain code") << QStringLiteral("AbC123_-") << QByteArray("AbC123_-");
        QTest::newRow("space pipe backslash slash equals")
            << QStringLiteral("AB C|\\/=") << QByteArray("AB%20C%7C%5C%2F%3D");
        QTest::newRow("tilde and dot stay") << QStringLiteral("a.b~c") << QByteArray("a.b~c");
        QTest::newRow("Chinese") << QStringLiteral("券") << QByteArray("%E5%88%B8");
        QTest::newRow("percent itself") << QStringLiteral("100%") << QByteArray("100%25");
    }
    void pathParametersArePercentEncoded()
    {
        QFETCH(QString, value);
        QFETCH(QByteArray, encoded);
        QCOMPARE(encodePathSegment(value), encoded);
        busifavor::QueryCouponRequest q { QStringLiteral("o1"), value, QStringLiteral("wx1") };
        QVERIFY(q.path().contains(QByteArray("/coupons/" + encoded + "/appids/")));
    }

    void escapedMessageForHumans()
    {
        QCOMPARE(escapeForDisplay("GET\n/v3/x\n1\nN\n\n"), QStringLiteral("GET\\n/v3/x\\n1\\nN\\n\\n"));
        QCOMPARE(escapeForDisplay(QStringLiteral("作废\r\t").toUtf8()), QStringLiteral("作废\\r\\t"));
    }

    void signerUsesFreshNonceAndClock()
    {
        auto key = PrivateKey::fromPem(
            testsupport::keyPem(QStringLiteral("official_doc_test_key"), "private_key_pem"));
        FixedClock clock(1000);
        RandomNonceSource nonces;
        RequestSigner signer(
            QStringLiteral("1900007291"), QStringLiteral("408B"), key.value(), clock, nonces);
        auto a = signer.sign("GET", "/v3/certificates", "");
        clock.advance(5);
        auto b = signer.sign("GET", "/v3/certificates", "");
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a->nonce != b->nonce);
        QCOMPARE(a->nonce.size(), 32);
        QCOMPARE(b->timestamp, Q_INT64_C(1005));
        QVERIFY(crypto::verifySha256Rsa(
            key->publicKey(), b->message, parseAuthorization(b->authorization)->signature));
        QVERIFY(b->message.startsWith(QByteArray("GET\n/v3/certificates\n1005\n" + b->nonce + "\n\n")));
    }
};

QTEST_GUILESS_MAIN(TestWechatpaySigning)
#include "test_wechatpay_signing.moc"
