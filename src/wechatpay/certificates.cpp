#include "certificates.h"

#include "crypto.h"
#include "jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTimeZone>

namespace wechatpay {

namespace {

Error protocolError(const QString &message)
{
    return Error::make(ErrorKind::Protocol, QStringLiteral("CERTIFICATES_MALFORMED"), message);
}

} // namespace

QDateTime parseRfc3339(const QString &text)
{
    // Qt's ISO 8601 reader reads it and checks the calendar. The pattern refuses first what ISO 8601
    // (and Qt) allows but RFC 3339 does not: no offset (Qt would take local time), ±hhmm or ±hh, a
    // space or 't' between date and time, the basic format, 24:00:00, more than 9 digits of fraction.
    static const QRegularExpression rfc3339(QStringLiteral(
        R"(^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$)"));
    if (!rfc3339.match(text).hasMatch())
        return {};
    return QDateTime::fromString(text, Qt::ISODateWithMs);
}

QString formatRfc3339(const QDateTime &when, int offsetSecs)
{
    QString s = when.toOffsetFromUtc(offsetSecs).toString(Qt::ISODate);
    if (s.endsWith(QLatin1Char('Z'))) // Qt writes UTC as Z; WeChat Pay's answers write +00:00
        s.replace(s.size() - 1, 1, QStringLiteral("+00:00"));
    return s;
}

Result<QList<PlatformCertificate>> decodeCertificatesResponse(QByteArrayView body, QByteArrayView apiV3Key)
{
    if (apiV3Key.size() != 32)
        return Error::make(ErrorKind::Key, QStringLiteral("APIV3_KEY_LENGTH"),
            QStringLiteral("the APIv3 key must be exactly 32 characters (it has %1)").arg(apiV3Key.size()));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return protocolError(QStringLiteral("the certificate list is not a JSON object"));
    const QJsonValue data = doc.object().value(QLatin1String("data"));
    if (!data.isArray())
        return protocolError(QStringLiteral("the certificate list has no data array"));
    QList<PlatformCertificate> out;
    for (const QJsonValue &v : data.toArray()) {
        const QJsonObject o = v.toObject();
        const QJsonObject enc = o.value(QLatin1String("encrypt_certificate")).toObject();
        PlatformCertificate pc;
        pc.serialNo = o.value(QLatin1String("serial_no")).toString();
        pc.effectiveTime = parseRfc3339(o.value(QLatin1String("effective_time")).toString());
        pc.expireTime = parseRfc3339(o.value(QLatin1String("expire_time")).toString());
        const QString algorithm = enc.value(QLatin1String("algorithm")).toString();
        if (algorithm != QLatin1String("AEAD_AES_256_GCM"))
            return protocolError(QStringLiteral("unsupported certificate encryption \"%1\"").arg(algorithm));
        const QByteArray nonce = enc.value(QLatin1String("nonce")).toString().toUtf8();
        const QByteArray aad = enc.value(QLatin1String("associated_data")).toString().toUtf8();
        const auto ciphertext
            = crypto::decodeBase64Strict(enc.value(QLatin1String("ciphertext")).toString().toLatin1());
        if (!ciphertext)
            return protocolError(QStringLiteral("certificate %1: ciphertext is not Base64").arg(pc.serialNo));
        auto plain = crypto::aes256GcmDecrypt(apiV3Key, nonce, aad, *ciphertext);
        if (!plain) {
            Error e = plain.error();
            if (e.code == QLatin1String("GCM_AUTH_FAILED"))
                e.message = QStringLiteral("cannot decrypt platform certificate %1: the APIv3 key is wrong")
                                .arg(pc.serialNo);
            return e;
        }
        auto cert = Certificate::fromPem(plain.value());
        if (!cert)
            return protocolError(
                QStringLiteral("certificate %1 decrypts to something that is not a certificate")
                    .arg(pc.serialNo));
        if (normalizeSerial(pc.serialNo) != cert->serialNumber())
            return protocolError(QStringLiteral("listed serial %1 differs from the certificate's serial %2")
                                     .arg(pc.serialNo, cert->serialNumber()));
        pc.certificate = cert.value();
        if (!pc.effectiveTime.isValid())
            pc.effectiveTime = cert->notBefore();
        if (!pc.expireTime.isValid())
            pc.expireTime = cert->notAfter();
        out.append(pc);
    }
    return out;
}

Result<QByteArray> encodeCertificatesResponse(const QList<Certificate> &certificates, QByteArrayView apiV3Key)
{
    QByteArray items;
    for (const Certificate &c : certificates) {
        const QByteArray nonce = crypto::randomAlphanumeric(12);
        auto enc = crypto::aes256GcmEncrypt(apiV3Key, nonce, "certificate", c.toPem());
        if (!enc)
            return enc.error();
        const QByteArray encObj = JsonWriter()
                                      .field("algorithm", QStringLiteral("AEAD_AES_256_GCM"))
                                      .field("associated_data", QStringLiteral("certificate"))
                                      .field("ciphertext", QString::fromLatin1(enc->toBase64()))
                                      .field("nonce", QString::fromLatin1(nonce))
                                      .finish();
        const QByteArray item = JsonWriter()
                                    .field("effective_time", formatRfc3339(c.notBefore()))
                                    .rawField("encrypt_certificate", encObj)
                                    .field("expire_time", formatRfc3339(c.notAfter()))
                                    .field("serial_no", c.serialNumber())
                                    .finish();
        if (!items.isEmpty())
            items += ',';
        items += item;
    }
    return QByteArray(QByteArray("{\"data\":[") + items + "]}");
}

} // namespace wechatpay
