// Response verification: what makes a 2xx believable, and everything that must be refused.
#include "testvectors.h"

#include "wechatpay/crypto.h"
#include "wechatpay/httpclient.h"
#include "wechatpay/verification.h"

#include <QTest>

using namespace wechatpay;

namespace {
constexpr qint64 kNow = 1722850421;
const QByteArray kPubKeyId = "PUB_KEY_ID_0000000000000024101100397200000006";
} // namespace

class TestWechatpayVerification : public QObject
{
    Q_OBJECT

private:
    PrivateKey m_platformKey;
    Certificate m_platformCert;
    PrivateKey m_wrongKey;
    Verifier m_verifier; // the official sample public key + our test platform certificate
    ResponseSignature m_sample;
    QByteArray m_sampleBody;

    ResponseSignature signWithPlatform(const QByteArray &body, qint64 ts, const PrivateKey &key)
    {
        ResponseSignature s;
        s.timestamp = QByteArray::number(ts);
        s.nonce = crypto::randomAlphanumeric(32);
        s.serial = m_platformCert.serialNumber().toLatin1();
        s.signature = crypto::signSha256Rsa(key, buildResponseMessage(s.timestamp, s.nonce, body)).value();
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_platformKey = PrivateKey::generateRsa(2048).value();
        m_wrongKey = PrivateKey::generateRsa(2048).value();
        Certificate::SelfSignedOptions o;
        o.commonName = QStringLiteral("Tenpay.com sign");
        o.notBefore = QDateTime::fromSecsSinceEpoch(kNow - 86400);
        o.notAfter = QDateTime::fromSecsSinceEpoch(kNow + 86400 * 365);
        m_platformCert = Certificate::createSelfSigned(m_platformKey, o).value();
        m_verifier.setPublicKey(QString::fromLatin1(kPubKeyId),
            PublicKey::fromPem(
                testsupport::keyPem(QStringLiteral("official_response_sample_key"), "public_key_pem"))
                .value());
        QVERIFY(m_verifier.addPlatformCertificate(m_platformCert));

        const QJsonObject v = testsupport::signingVectors()
                                  .value(QLatin1String("verify_vectors"))
                                  .toArray()
                                  .first()
                                  .toObject();
        m_sample.timestamp = v.value(QLatin1String("wechatpay_timestamp")).toString().toLatin1();
        m_sample.nonce = v.value(QLatin1String("wechatpay_nonce")).toString().toLatin1();
        m_sample.signature = v.value(QLatin1String("signature")).toString().toLatin1();
        m_sample.serial = v.value(QLatin1String("wechatpay_serial")).toString().toLatin1();
        m_sampleBody = v.value(QLatin1String("body")).toString().toUtf8();
    }

    void officialSampleVerifies()
    {
        QCOMPARE(buildResponseMessage(m_sample.timestamp, m_sample.nonce, m_sampleBody),
            QByteArray("1722850421\nd824f2e086d3c1df967785d13fcd22ef\n{\"code_url\":\"weixin://wxpay/"
                       "bizpayurl?pr=JyC91EIz1\"}\n"));
        Status st = m_verifier.verify(m_sample, m_sampleBody, kNow);
        QVERIFY2(st.ok(), qPrintable(st.error().toString()));
    }

    void derivedUseResponseVectors_data()
    {
        QTest::addColumn<QJsonObject>("vector");
        for (const QJsonValue &r : testsupport::loadJson(QStringLiteral("busifavor_vectors.json"))
                                       .value(QLatin1String("responses"))
                                       .toArray())
            QTest::newRow(qPrintable(r.toObject().value(QLatin1String("name")).toString())) << r.toObject();
    }
    void derivedUseResponseVectors()
    {
        QFETCH(QJsonObject, vector);
        Verifier v;
        v.setPublicKey(QStringLiteral("PUB_KEY_ID_0114232134912410000000000000000001"),
            PublicKey::fromPem(
                testsupport::keyPem(vector.value(QLatin1String("key")).toString(), "public_key_pem"))
                .value());
        ResponseSignature s { vector.value(QLatin1String("timestamp")).toString().toLatin1(),
            vector.value(QLatin1String("nonce")).toString().toLatin1(),
            vector.value(QLatin1String("signature")).toString().toLatin1(),
            "PUB_KEY_ID_0114232134912410000000000000000001" };
        const QByteArray body = vector.value(QLatin1String("body")).toString().toUtf8();
        QVERIFY(v.verify(s, body, 1554208460).ok());
        QCOMPARE(v.verify(s, QByteArray(body + ' '), 1554208460).error().code,
            QStringLiteral("SIGNATURE_MISMATCH"));
    }

    void platformCertificateChosenBySerial()
    {
        const QByteArray body = R"({"wechatpay_deactivate_time":"2020-05-20T13:29:35+08:00"})";
        ResponseSignature s = signWithPlatform(body, kNow, m_platformKey);
        QVERIFY(m_verifier.verify(s, body, kNow).ok());
        // Migration: the same verifier accepts the public-key-signed sample too (both keys held).
        QVERIFY(m_verifier.verify(m_sample, m_sampleBody, kNow).ok());
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("mutation");
        QTest::addColumn<QString>("expectedCode");
        QTest::newRow("no Wechatpay-Timestamp")
            << QStringLiteral("drop-timestamp") << QStringLiteral("SIGNATURE_HEADERS_MISSING");
        QTest::newRow("no Wechatpay-Nonce")
            << QStringLiteral("drop-nonce") << QStringLiteral("SIGNATURE_HEADERS_MISSING");
        QTest::newRow("no Wechatpay-Signature")
            << QStringLiteral("drop-signature") << QStringLiteral("SIGNATURE_HEADERS_MISSING");
        QTest::newRow("no Wechatpay-Serial")
            << QStringLiteral("drop-serial") << QStringLiteral("SIGNATURE_HEADERS_MISSING");
        QTest::newRow("bad base64") << QStringLiteral("bad-base64") << QStringLiteral("SIGNATURE_ENCODING");
        QTest::newRow("signed with another key")
            << QStringLiteral("wrong-key") << QStringLiteral("SIGNATURE_MISMATCH");
        QTest::newRow("serial not found")
            << QStringLiteral("unknown-serial") << QStringLiteral("SERIAL_UNKNOWN");
        QTest::newRow("serial differs only in case")
            << QStringLiteral("lowercase-serial") << QStringLiteral("SERIAL_UNKNOWN");
        QTest::newRow("unknown public key id")
            << QStringLiteral("unknown-pubkey-id") << QStringLiteral("SERIAL_UNKNOWN");
        QTest::newRow("timestamp 301 s old") << QStringLiteral("skew:-301") << QStringLiteral("CLOCK_SKEW");
        QTest::newRow("timestamp 301 s ahead") << QStringLiteral("skew:301") << QStringLiteral("CLOCK_SKEW");
        QTest::newRow("timestamp in milliseconds")
            << QStringLiteral("ts:1722850421000") << QStringLiteral("TIMESTAMP_INVALID");
        QTest::newRow("timestamp of year 2286")
            << QStringLiteral("ts:9999999999") << QStringLiteral("CLOCK_SKEW");
        QTest::newRow("non-numeric timestamp")
            << QStringLiteral("ts:abc") << QStringLiteral("TIMESTAMP_INVALID");
        QTest::newRow("fractional timestamp")
            << QStringLiteral("ts:1722850421.5") << QStringLiteral("TIMESTAMP_INVALID");
        QTest::newRow("signed timestamp")
            << QStringLiteral("ts:+1722850421") << QStringLiteral("TIMESTAMP_INVALID");
        QTest::newRow("negative timestamp")
            << QStringLiteral("ts:-1722850421") << QStringLiteral("TIMESTAMP_INVALID");
        QTest::newRow("timestamp with space")
            << QStringLiteral("ts: 1722850421") << QStringLiteral("TIMESTAMP_INVALID");
        QTest::newRow("timestamp in hex")
            << QStringLiteral("ts:0x66B05E35") << QStringLiteral("TIMESTAMP_INVALID");
        QTest::newRow("tampered body")
            << QStringLiteral("tamper-body") << QStringLiteral("SIGNATURE_MISMATCH");
        QTest::newRow("body re-serialised with spaces")
            << QStringLiteral("reserialise") << QStringLiteral("SIGNATURE_MISMATCH");
        QTest::newRow("nonce changed")
            << QStringLiteral("tamper-nonce") << QStringLiteral("SIGNATURE_MISMATCH");
        QTest::newRow("WECHATPAY/SIGNTEST/ probe")
            << QStringLiteral("probe") << QStringLiteral("SIGNATURE_PROBE");
    }
    void rejects()
    {
        QFETCH(QString, mutation);
        QFETCH(QString, expectedCode);
        const QByteArray body
            = R"({"stock_id":"100088","openid":"o1","wechatpay_use_time":"2024-08-05T17:33:41+08:00"})";
        qint64 ts = kNow;
        if (mutation.startsWith(QLatin1String("skew:")))
            ts = kNow + mutation.mid(5).toLongLong();
        ResponseSignature s
            = signWithPlatform(body, ts, mutation == QLatin1String("wrong-key") ? m_wrongKey : m_platformKey);
        QByteArray checkedBody = body;
        if (mutation == QLatin1String("drop-timestamp"))
            s.timestamp.clear();
        if (mutation == QLatin1String("drop-nonce"))
            s.nonce.clear();
        if (mutation == QLatin1String("drop-signature"))
            s.signature.clear();
        if (mutation == QLatin1String("drop-serial"))
            s.serial.clear();
        if (mutation == QLatin1String("bad-base64"))
            s.signature = "!!" + s.signature.mid(2);
        if (mutation == QLatin1String("unknown-serial"))
            s.serial = "5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC";
        if (mutation == QLatin1String("lowercase-serial"))
            s.serial = s.serial.toLower();
        if (mutation == QLatin1String("unknown-pubkey-id"))
            s.serial = "PUB_KEY_ID_0000000000000000000000000000000001";
        if (mutation.startsWith(QLatin1String("ts:")))
            s.timestamp = mutation.mid(3).toLatin1();
        if (mutation == QLatin1String("tamper-body"))
            checkedBody.replace("o1", "o2");
        if (mutation == QLatin1String("reserialise"))
            checkedBody.replace(",", ", ");
        if (mutation == QLatin1String("tamper-nonce"))
            s.nonce
                = (s.nonce.startsWith('x') ? "y" : "x") + s.nonce.mid(1); // the random nonce may start with x
        if (mutation == QLatin1String("probe"))
            s.signature = "WECHATPAY/SIGNTEST/" + s.signature.mid(19);
        Status st = m_verifier.verify(s, checkedBody, kNow);
        QVERIFY(!st.ok());
        QCOMPARE(st.error().kind, ErrorKind::Verification);
        QCOMPARE(st.error().code, expectedCode);
    }

    void skewBoundaryIs300SecondsEitherWay_data()
    {
        QTest::addColumn<qint64>("skew");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("-300") << qint64(-300) << true;
        QTest::newRow("+300") << qint64(300) << true;
        QTest::newRow("-301") << qint64(-301) << false;
        QTest::newRow("+301") << qint64(301) << false;
        QTest::newRow("0") << qint64(0) << true;
    }
    void skewBoundaryIs300SecondsEitherWay()
    {
        QFETCH(qint64, skew);
        QFETCH(bool, accepted);
        const QByteArray body = "{}";
        ResponseSignature s = signWithPlatform(body, kNow + skew, m_platformKey);
        QCOMPARE(m_verifier.verify(s, body, kNow).ok(), accepted);
    }

    void probeVectorFails()
    {
        const QJsonObject v
            = testsupport::signingVectors().value(QLatin1String("verify_vectors")).toArray().at(1).toObject();
        QCOMPARE(v.value(QLatin1String("valid")).toBool(), false);
        ResponseSignature s = m_sample;
        s.signature = v.value(QLatin1String("signature")).toString().toLatin1();
        QCOMPARE(m_verifier.verify(s, m_sampleBody, kNow).error().code, QStringLiteral("SIGNATURE_PROBE"));
    }

    void expiredCertificateRefusedAndRemoved()
    {
        Verifier v;
        Certificate::SelfSignedOptions o;
        o.notBefore = QDateTime::fromSecsSinceEpoch(kNow - 2 * 86400);
        o.notAfter = QDateTime::fromSecsSinceEpoch(kNow - 86400);
        Certificate old = Certificate::createSelfSigned(m_platformKey, o).value();
        v.addPlatformCertificate(old);
        ResponseSignature s;
        s.timestamp = QByteArray::number(kNow);
        s.nonce = "n";
        s.serial = old.serialNumber().toLatin1();
        s.signature
            = crypto::signSha256Rsa(m_platformKey, buildResponseMessage(s.timestamp, s.nonce, "{}")).value();
        QCOMPARE(v.verify(s, "{}", kNow).error().code, QStringLiteral("CERTIFICATE_EXPIRED"));
        QCOMPARE(v.removeExpired(QDateTime::fromSecsSinceEpoch(kNow)), 1);
        QVERIFY(!v.hasKeys());
    }

    void emptyBodyVerifies()
    {
        ResponseSignature s = signWithPlatform(QByteArray(), kNow, m_platformKey);
        QVERIFY(m_verifier.verify(s, QByteArray(), kNow).ok());
    }

    void timestampParsing()
    {
        QCOMPARE(parseTimestamp("1554208460"), std::optional<qint64>(1554208460));
        QVERIFY(!parseTimestamp("").has_value());
        QVERIFY(!parseTimestamp("1e9").has_value());
        QVERIFY(!parseTimestamp("1234567890123").has_value()); // 13 digits: milliseconds are not seconds
    }

    // ---- the client's decision over what arrived (pure; the HTTP part is in the integration test)

    void evaluate2xxWithoutSignatureIsNeverSuccess()
    {
        ApiResponse r = evaluateResponse(200, R"({"wechatpay_use_time":"x"})", {}, "req-1", m_verifier, kNow);
        QVERIFY(!r.ok());
        QCOMPARE(r.error->kind, ErrorKind::Verification);
        QCOMPARE(r.error->code, QStringLiteral("SIGNATURE_HEADERS_MISSING"));
        QCOMPARE(r.error->requestId, QStringLiteral("req-1"));
        QVERIFY(r.error->requestSent);
    }

    void evaluateVerified2xx()
    {
        const QByteArray body = R"({"wechatpay_use_time":"2024-08-05T17:33:41+08:00"})";
        ResponseSignature s = signWithPlatform(body, kNow + 7, m_platformKey);
        ApiResponse r = evaluateResponse(200, body, s, "req-2", m_verifier, kNow);
        QVERIFY(r.ok());
        QCOMPARE(r.clockSkewSecs, std::optional<qint64>(7));
        QCOMPARE(r.requestId, QByteArray("req-2"));
    }

    void evaluate202IsNotDone()
    {
        const QByteArray body;
        ResponseSignature s = signWithPlatform(body, kNow, m_platformKey);
        ApiResponse r = evaluateResponse(202, body, s, "", m_verifier, kNow);
        QVERIFY(!r.ok());
        QCOMPARE(r.error->code, QStringLiteral("ACCEPTED_NOT_PROCESSED"));
    }

    void evaluateErrorBodiesWithoutSignatureHeaders_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("field");
        QTest::newRow("400 PARAM_ERROR with detail.field")
            << 400
            << QStringLiteral(
                   R"({"code":"PARAM_ERROR","message":"参数错误","detail":{"field":"/coupon_code","value":"","issue":"too short","location":"body"}})")
                   .toUtf8()
            << QStringLiteral("PARAM_ERROR") << QStringLiteral("参数错误") << QStringLiteral("/coupon_code");
        QTest::newRow("401 SIGN_ERROR")
            << 401
            << QStringLiteral(
                   R"({"code":"SIGN_ERROR","message":"Http头Authorization中的timestamp与发起请求的时间不得超过5分钟"})")
                   .toUtf8()
            << QStringLiteral("SIGN_ERROR")
            << QStringLiteral("Http头Authorization中的timestamp与发起请求的时间不得超过5分钟") << QString();
        QTest::newRow("403 NO_AUTH")
            << 403 << QStringLiteral(R"({"code":"NO_AUTH","message":"商户无权限操作该券"})").toUtf8()
            << QStringLiteral("NO_AUTH") << QStringLiteral("商户无权限操作该券") << QString();
        QTest::newRow("429 RATELIMIT_EXCEEDED")
            << 429 << QByteArray(R"({"code":"RATELIMIT_EXCEEDED","message":"slow down"})")
            << QStringLiteral("RATELIMIT_EXCEEDED") << QStringLiteral("slow down") << QString();
        QTest::newRow("502 HTML from a proxy")
            << 502 << QByteArray("<html><body>Bad Gateway</body></html>") << QString()
            << QStringLiteral("HTTP 502: <html><body>Bad Gateway</body></html>") << QString();
        QTest::newRow("500 empty") << 500 << QByteArray() << QString()
                                   << QStringLiteral("HTTP 500 without a body") << QString();
    }
    void evaluateErrorBodiesWithoutSignatureHeaders()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        QFETCH(QString, message);
        QFETCH(QString, field);
        ApiResponse r = evaluateResponse(status, body, {}, "rid", m_verifier, kNow);
        QVERIFY(!r.ok());
        QCOMPARE(r.error->kind, ErrorKind::Http);
        QCOMPARE(r.error->httpStatus, status);
        QCOMPARE(r.error->code, code);
        QCOMPARE(r.error->message, message);
        QCOMPARE(r.error->field, field);
        QCOMPARE(r.error->requestId, QStringLiteral("rid"));
    }
};

QTEST_GUILESS_MAIN(TestWechatpayVerification)
#include "test_wechatpay_verification.moc"
