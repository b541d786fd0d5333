// `sign` and `verify`: the debugging aids a merchant needs when WeChat Pay answers SIGN_ERROR.
#include "cli.h"

#include "wechatpay/crypto.h"
#include "wechatpay/keys.h"
#include "wechatpay/signing.h"
#include "wechatpay/verification.h"

#include <QDateTime>
#include <QUrl>

using namespace wechatpay;

namespace cli {

namespace {

int runSign(Context &ctx)
{
    QCommandLineParser p;
    p.addOptions({
        { QStringLiteral("key"), QStringLiteral("Merchant private key (apiclient_key.pem)."),
            QStringLiteral("PEM") },
        { QStringLiteral("mchid"), QStringLiteral("Merchant id."), QStringLiteral("M") },
        { QStringLiteral("serial"), QStringLiteral("Merchant certificate serial (or give --cert)."),
            QStringLiteral("S") },
        { QStringLiteral("cert"),
            QStringLiteral("Merchant certificate (apiclient_cert.pem): serial read from it and checked "
                           "against the key."),
            QStringLiteral("PEM") },
        { QStringLiteral("method"), QStringLiteral("HTTP method, GET or POST."), QStringLiteral("M") },
        { QStringLiteral("url"),
            QStringLiteral("Path and query exactly as sent, e.g. /v3/marketing/busifavor/coupons/use."),
            QStringLiteral("PATH") },
        { QStringLiteral("timestamp"), QStringLiteral("Unix seconds (default: now)."), QStringLiteral("T") },
        { QStringLiteral("nonce"), QStringLiteral("Nonce (default: 32 random characters)."),
            QStringLiteral("N") },
        { QStringLiteral("body-file"),
            QStringLiteral("File holding the exact body bytes (- for stdin; default: empty body)."),
            QStringLiteral("F") },
    });
    int code = Ok;
    if (!parseCommand(p, ctx,
            QStringLiteral("Builds the APIv3 signature string and the Authorization header for one request.\n"
                           "Compare its signed message with detail.sign_information.truncated_sign_message "
                           "of a SIGN_ERROR."),
            code))
        return code;
    if (!requireValues(p,
            { QStringLiteral("key"), QStringLiteral("mchid"), QStringLiteral("method"),
                QStringLiteral("url") },
            code))
        return code;

    auto key = PrivateKey::fromFile(p.value(QStringLiteral("key")));
    if (!key)
        return fail(Config, key.error().message);
    QString serial = normalizeSerial(p.value(QStringLiteral("serial")));
    if (p.isSet(QStringLiteral("cert"))) {
        auto cert = Certificate::fromFile(p.value(QStringLiteral("cert")));
        if (!cert)
            return fail(Config, cert.error().message);
        if (!cert->matches(key.value()))
            return fail(Config,
                QStringLiteral("the certificate %1 does not belong to this private key")
                    .arg(cert->serialNumber()));
        if (!serial.isEmpty() && serial != cert->serialNumber())
            return fail(Usage,
                QStringLiteral("--serial %1 differs from the certificate's serial %2")
                    .arg(serial, cert->serialNumber()));
        serial = cert->serialNumber();
    }
    if (serial.isEmpty())
        return fail(Usage, QStringLiteral("give --serial (hex) or --cert"));

    const QString method = p.value(QStringLiteral("method"));
    if (method != QLatin1String("GET") && method != QLatin1String("POST"))
        return fail(Usage,
            QStringLiteral("--method must be GET or POST in upper case (WeChat Pay refuses \"%1\")")
                .arg(method));
    QByteArray url = p.value(QStringLiteral("url")).toUtf8();
    if (url.startsWith("http://") || url.startsWith("https://"))
        url = canonicalUrl(QUrl::fromEncoded(url, QUrl::StrictMode));
    if (!url.startsWith('/'))
        return fail(Usage, QStringLiteral("--url must be the path as sent, starting with /"));

    QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    if (p.isSet(QStringLiteral("timestamp"))) {
        timestamp = p.value(QStringLiteral("timestamp")).toLatin1();
        if (!parseTimestamp(timestamp))
            return fail(Usage, QStringLiteral("--timestamp must be Unix seconds (digits only)"));
    }
    const QByteArray nonce = p.isSet(QStringLiteral("nonce")) ? p.value(QStringLiteral("nonce")).toUtf8()
                                                              : crypto::randomAlphanumeric(32);
    QByteArray body;
    if (p.isSet(QStringLiteral("body-file"))) {
        QString error;
        if (!readInput(p.value(QStringLiteral("body-file")), body, error))
            return fail(Config, error);
    }

    const QByteArray message = buildRequestMessage(method.toLatin1(), url, timestamp, nonce, body);
    auto signature = crypto::signSha256Rsa(key.value(), message);
    if (!signature)
        return fail(Failed, signature.error().message);
    const QByteArray header = formatAuthorization({ p.value(QStringLiteral("mchid")).toUtf8(), nonce,
        timestamp, serial.toLatin1(), signature.value() });

    QJsonObject json { { QStringLiteral("message"), QString::fromUtf8(message) },
        { QStringLiteral("message_escaped"), escapeForDisplay(message) },
        { QStringLiteral("message_length"), message.size() },
        { QStringLiteral("signature"), QString::fromLatin1(signature.value()) },
        { QStringLiteral("authorization"), QString::fromLatin1(header) } };
    const QString text = QStringLiteral(
        "signed message (escaped): %1\nsigned message length:    %2 bytes\nAuthorization: %3")
                             .arg(escapeForDisplay(message))
                             .arg(message.size())
                             .arg(QString::fromLatin1(header));
    printResult(ctx, json, text);
    return Ok;
}

int runVerify(Context &ctx)
{
    QCommandLineParser p;
    p.addOptions({
        { QStringLiteral("pubkey"), QStringLiteral("WeChat Pay public key (pub_key.pem)."),
            QStringLiteral("PEM") },
        { QStringLiteral("cert"), QStringLiteral("WeChat Pay platform certificate."), QStringLiteral("PEM") },
        { QStringLiteral("timestamp"), QStringLiteral("Wechatpay-Timestamp header."), QStringLiteral("T") },
        { QStringLiteral("nonce"), QStringLiteral("Wechatpay-Nonce header."), QStringLiteral("N") },
        { QStringLiteral("signature"), QStringLiteral("Wechatpay-Signature header (Base64)."),
            QStringLiteral("B64") },
        { QStringLiteral("serial"),
            QStringLiteral("Wechatpay-Serial header (optional: checked against the key's id/serial)."),
            QStringLiteral("S") },
        { QStringLiteral("body-file"),
            QStringLiteral("File holding the exact response body bytes (- for stdin; default: empty)."),
            QStringLiteral("F") },
        { QStringLiteral("now"),
            QStringLiteral("Check the timestamp against this Unix time instead of the clock."),
            QStringLiteral("T") },
    });
    int code = Ok;
    if (!parseCommand(p, ctx,
            QStringLiteral("Verifies a WeChat Pay response signature over \"timestamp\\nnonce\\nbody\\n\"."),
            code))
        return code;
    if (!requireValues(
            p, { QStringLiteral("timestamp"), QStringLiteral("nonce"), QStringLiteral("signature") }, code))
        return code;
    if (p.isSet(QStringLiteral("pubkey")) == p.isSet(QStringLiteral("cert")))
        return fail(Usage, QStringLiteral("give exactly one of --pubkey or --cert"));

    Verifier verifier;
    QString keySerial;
    if (p.isSet(QStringLiteral("pubkey"))) {
        auto key = PublicKey::fromFile(p.value(QStringLiteral("pubkey")));
        if (!key)
            return fail(Config, key.error().message);
        keySerial = p.value(QStringLiteral("serial"));
        if (!keySerial.startsWith(QLatin1String(kPublicKeyIdPrefix)))
            keySerial = QLatin1String(kPublicKeyIdPrefix) + QStringLiteral("GIVEN_ON_COMMAND_LINE");
        verifier.setPublicKey(keySerial, key.value());
    } else {
        auto cert = Certificate::fromFile(p.value(QStringLiteral("cert")));
        if (!cert)
            return fail(Config, cert.error().message);
        keySerial = cert->serialNumber();
        verifier.addPlatformCertificate(cert.value());
        if (p.isSet(QStringLiteral("serial"))
            && normalizeSerial(p.value(QStringLiteral("serial"))) != keySerial)
            return fail(Failed,
                QStringLiteral("Wechatpay-Serial %1 is not this certificate (%2): the answer was signed with "
                               "another key")
                    .arg(p.value(QStringLiteral("serial")), keySerial));
    }
    QByteArray body;
    if (p.isSet(QStringLiteral("body-file"))) {
        QString error;
        if (!readInput(p.value(QStringLiteral("body-file")), body, error))
            return fail(Config, error);
    }
    const QByteArray ts = p.value(QStringLiteral("timestamp")).toLatin1();
    const auto tsValue = parseTimestamp(ts);
    qint64 now = QDateTime::currentSecsSinceEpoch();
    if (p.isSet(QStringLiteral("now"))) {
        const auto n = parseTimestamp(p.value(QStringLiteral("now")).toLatin1());
        if (!n)
            return fail(Usage, QStringLiteral("--now must be Unix seconds"));
        now = *n;
    }
    ResponseSignature sig { ts, p.value(QStringLiteral("nonce")).toUtf8(),
        p.value(QStringLiteral("signature")).toLatin1(), keySerial.toLatin1() };
    // The signature itself, independent of the clock:
    Status signatureOnly = verifier.verify(sig, body, tsValue.value_or(now));
    Status full = verifier.verify(sig, body, now);
    const QByteArray message = buildResponseMessage(ts, sig.nonce, body);
    QJsonObject json { { QStringLiteral("valid"), signatureOnly.ok() },
        { QStringLiteral("message_escaped"), escapeForDisplay(message) },
        { QStringLiteral("key"), keySerial } };
    QString text = QStringLiteral("verified message (escaped): %1\n").arg(escapeForDisplay(message));
    if (tsValue) {
        json.insert(QStringLiteral("clock_skew_secs"), *tsValue - now);
        text += QStringLiteral("timestamp: %1 s from %2\n")
                    .arg(*tsValue - now)
                    .arg(p.isSet(QStringLiteral("now")) ? QStringLiteral("--now")
                                                        : QStringLiteral("this computer's clock"));
    }
    if (!signatureOnly) {
        json.insert(QStringLiteral("reason"), signatureOnly.error().code);
        json.insert(QStringLiteral("message"), signatureOnly.error().message);
        printResult(ctx, json, text + QStringLiteral("INVALID: ") + signatureOnly.error().message);
        return Failed;
    }
    if (!full) {
        json.insert(QStringLiteral("warning"), full.error().message);
        text += QStringLiteral("warning: ") + full.error().message + QLatin1Char('\n');
    }
    printResult(ctx, json, text + QStringLiteral("VALID: the signature matches"));
    return Ok;
}

} // namespace

QList<Command> debugCommands()
{
    return {
        { QStringLiteral("sign"),
            QStringLiteral("Print the signed message and Authorization header (SIGN_ERROR aid)"), runSign },
        { QStringLiteral("verify"), QStringLiteral("Verify a WeChat Pay response signature"), runVerify },
    };
}

} // namespace cli
