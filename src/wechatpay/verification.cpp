#include "verification.h"

#include "crypto.h"
#include "qtcompat.h"

#include <QTimeZone>

namespace wechatpay {

QByteArray buildResponseMessage(QByteArrayView timestamp, QByteArrayView nonce, QByteArrayView body)
{
    QByteArray m;
    m.reserve(timestamp.size() + nonce.size() + body.size() + 3);
    m.append(timestamp).append('\n').append(nonce).append('\n').append(body).append('\n');
    return m;
}

std::optional<qint64> parseTimestamp(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 12)
        return std::nullopt;
    qint64 v = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

void Verifier::setPublicKey(const QString &publicKeyId, const PublicKey &key)
{
    m_publicKeyId = publicKeyId;
    m_publicKey = key;
}

void Verifier::clearPublicKey()
{
    m_publicKeyId.clear();
    m_publicKey = PublicKey();
}

bool Verifier::addPlatformCertificate(const Certificate &certificate)
{
    if (certificate.isNull() || certificate.serialNumber().isEmpty())
        return false;
    m_certificates.insert(certificate.serialNumber(), certificate);
    return true;
}

void Verifier::setPlatformCertificates(const QList<Certificate> &certificates)
{
    m_certificates.clear();
    for (const Certificate &c : certificates)
        addPlatformCertificate(c);
}

int Verifier::removeExpired(const QDateTime &now)
{
    int removed = 0;
    for (auto it = m_certificates.begin(); it != m_certificates.end();) {
        if (it->notAfter() < now) {
            it = m_certificates.erase(it);
            ++removed;
        } else {
            ++it;
        }
    }
    return removed;
}

QStringList Verifier::platformSerials() const
{
    QStringList s = m_certificates.keys();
    s.sort();
    return s;
}

Status Verifier::verify(const ResponseSignature &sig, QByteArrayView body, qint64 nowSecs) const
{
    auto fail = [](const char *code, const QString &message) {
        return Error::make(ErrorKind::Verification, QString::fromLatin1(code), message);
    };
    if (sig.timestamp.isEmpty() || sig.nonce.isEmpty() || sig.signature.isEmpty() || sig.serial.isEmpty())
        return fail("SIGNATURE_HEADERS_MISSING",
            QStringLiteral("the answer lacks Wechatpay-Timestamp/Nonce/Signature/Serial headers"));
    const auto ts = parseTimestamp(sig.timestamp);
    if (!ts)
        return fail("TIMESTAMP_INVALID",
            QStringLiteral("Wechatpay-Timestamp is not a plain decimal number of seconds"));
    const qint64 skew = *ts - nowSecs;
    if (skew > kMaxClockSkewSecs || skew < -kMaxClockSkewSecs)
        return fail("CLOCK_SKEW",
            QStringLiteral("Wechatpay-Timestamp differs from this computer's clock by %1 s "
                           "(at most %2 s allowed)")
                .arg(skew)
                .arg(kMaxClockSkewSecs));

    PublicKey key;
    const QString serial = QString::fromLatin1(sig.serial);
    if (sig.serial.startsWith(kPublicKeyIdPrefix)) {
        if (m_publicKey.isNull() || serial != m_publicKeyId)
            return fail("SERIAL_UNKNOWN",
                QStringLiteral("answer signed with WeChat Pay public key %1, which is not "
                               "configured")
                    .arg(serial));
        key = m_publicKey;
    } else {
        const auto it = m_certificates.constFind(serial);
        if (it == m_certificates.cend())
            return fail("SERIAL_UNKNOWN",
                QStringLiteral("answer signed with platform certificate %1, which is not "
                               "known")
                    .arg(serial));
        const QDateTime now = compat::fromSecsUtc(nowSecs);
        if (!it->isValidAt(now))
            return fail("CERTIFICATE_EXPIRED",
                QStringLiteral("platform certificate %1 is not valid now").arg(serial));
        key = it->publicKey();
    }
    if (sig.signature.startsWith(kSignTestPrefix))
        return fail(
            "SIGNATURE_PROBE", QStringLiteral("WECHATPAY/SIGNTEST/ probe signature: treated as unverified"));
    if (!crypto::decodeBase64Strict(sig.signature))
        return fail("SIGNATURE_ENCODING", QStringLiteral("Wechatpay-Signature is not valid Base64"));
    if (!crypto::verifySha256Rsa(key, buildResponseMessage(sig.timestamp, sig.nonce, body), sig.signature))
        return fail("SIGNATURE_MISMATCH", QStringLiteral("the answer's signature does not match its body"));
    return {};
}

} // namespace wechatpay
