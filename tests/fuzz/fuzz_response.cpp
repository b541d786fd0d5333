// libFuzzer target: response verification. The input is split into the Wechatpay-Timestamp,
// -Nonce, -Signature and -Serial header values and the body (fields separated by a 0x00 byte);
// parseTimestamp, Verifier::verify and evaluateResponse see them. A verifier holds the official
// sample public key (wechatpay-apiv3.md §5.4 R1) under its PUB_KEY_ID and a platform certificate.
// Property: nothing crashes, and a 2xx that evaluates as success did verify.
#include "wechatpay/httpclient.h"
#include "wechatpay/keys.h"
#include "wechatpay/verification.h"

#include <QList>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

constexpr char kR1PublicKey[] = "-----BEGIN PUBLIC KEY-----\n"
                                "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwXNI6sdlknHBnK8Fu2U6\n"
                                "Cwor9qY747jP8KAfeBMeveEt1TqaHkLfaSD07trZLhGpfs8/AHqjhgSMO1O10YQW\n"
                                "OrrJ4hjIWPKqxbgrYMkBQc+mwdiWp4W3ByCqxBRagCveCXRWCmuJYovl9H/bsDI0\n"
                                "iGbpVtEOghJtfciisYSgxcLufUDTRkvwxjIBK1pCRjk33jJ5YTBWTHMRtMAOcFLN\n"
                                "F6hdEYdX8SPsgHHeLZ5Lv2T/686w1xtgCHef/sd4uSfWmyzsalQdHG/e4IyYmrhx\n"
                                "+O3VBoNDzE3nx23bFeV/RVNCG7cV6VhmYokJNHa/erIPkEmEFID6A5wQOXuxUkmJ\n"
                                "WwIDAQAB\n"
                                "-----END PUBLIC KEY-----\n";
constexpr char kR1KeyId[] = "PUB_KEY_ID_0000000000000024101100397200000006";
constexpr qint64 kR1Time = 1722850421;

const wechatpay::Verifier &verifier()
{
    static const wechatpay::Verifier v = [] {
        wechatpay::Verifier out;
        const auto key = wechatpay::PublicKey::fromPem(QByteArray(kR1PublicKey));
        if (!key)
            std::abort();
        out.setPublicKey(QString::fromLatin1(kR1KeyId), key.value());
        // A platform certificate too, so that serial lookups by certificate are exercised.
        const auto certKey = wechatpay::PrivateKey::generateRsa(2048);
        wechatpay::Certificate::SelfSignedOptions o;
        o.commonName = QStringLiteral("Tenpay.com sign");
        o.serialHex = "5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC";
        o.notBefore = QDateTime::fromSecsSinceEpoch(kR1Time - 86400);
        o.notAfter = QDateTime::fromSecsSinceEpoch(kR1Time + 86400 * 365);
        if (certKey) {
            const auto cert = wechatpay::Certificate::createSelfSigned(certKey.value(), o);
            if (cert)
                out.addPlatformCertificate(cert.value());
        }
        return out;
    }();
    return v;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    QList<QByteArray> parts = input.split('\0');
    while (parts.size() < 5)
        parts.append(QByteArray());
    wechatpay::ResponseSignature sig;
    sig.timestamp = parts.at(0);
    sig.nonce = parts.at(1);
    sig.signature = parts.at(2);
    sig.serial = parts.at(3);
    QByteArray body = parts.mid(4).join('\0');

    (void)wechatpay::parseTimestamp(sig.timestamp);
    (void)wechatpay::buildResponseMessage(sig.timestamp, sig.nonce, body);
    const auto &v = verifier();
    const wechatpay::Status verified = v.verify(sig, body, kR1Time);
    for (const int status : { 200, 204, 202, 400, 500 }) {
        const wechatpay::ApiResponse r = wechatpay::evaluateResponse(status, body, sig, "fuzz", v, kR1Time);
        if (status / 100 == 2 && status != 202 && r.ok() != verified.ok())
            std::abort(); // a 2xx is success exactly when its signature verifies
        if (status / 100 != 2 && r.ok())
            std::abort(); // an error status is never success
    }
    return 0;
}
