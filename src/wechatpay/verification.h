// APIv3 response verification: every 2xx must be signed by a key we hold, within ±300 s.
#pragma once

#include "keys.h"
#include "result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

namespace wechatpay {

inline constexpr qint64 kMaxClockSkewSecs = 300;
inline constexpr char kPublicKeyIdPrefix[] = "PUB_KEY_ID_";
inline constexpr char kSignTestPrefix[] = "WECHATPAY/SIGNTEST/";

struct ResponseSignature
{
    QByteArray timestamp; // Wechatpay-Timestamp
    QByteArray nonce; // Wechatpay-Nonce
    QByteArray signature; // Wechatpay-Signature (Base64)
    QByteArray serial; // Wechatpay-Serial
};

// ts\nnonce\nbody\n
QByteArray buildResponseMessage(QByteArrayView timestamp, QByteArrayView nonce, QByteArrayView body);

// A plain decimal integer of at most 12 digits: no sign, no fraction, no spaces. nullopt otherwise.
std::optional<qint64> parseTimestamp(QByteArrayView text);

// Holds every key that may sign a response: the WeChat Pay public key (by PUB_KEY_ID_…) and all
// platform certificates (by serial). The key is chosen by an exact Wechatpay-Serial match.
class Verifier
{
public:
    void setPublicKey(const QString &publicKeyId, const PublicKey &key);
    void clearPublicKey();
    // Adds or replaces a certificate, keyed by its serial; returns false for a null certificate.
    bool addPlatformCertificate(const Certificate &certificate);
    void setPlatformCertificates(const QList<Certificate> &certificates);
    // Drops certificates whose validity ended before `now`.
    int removeExpired(const QDateTime &now);

    QString publicKeyId() const { return m_publicKeyId; }
    QStringList platformSerials() const;
    QList<Certificate> platformCertificates() const { return m_certificates.values(); }
    bool hasKeys() const { return !m_publicKey.isNull() || !m_certificates.isEmpty(); }

    // Error codes (ErrorKind::Verification): SIGNATURE_HEADERS_MISSING, TIMESTAMP_INVALID, CLOCK_SKEW,
    // SERIAL_UNKNOWN, CERTIFICATE_EXPIRED, SIGNATURE_PROBE, SIGNATURE_ENCODING, SIGNATURE_MISMATCH.
    Status verify(const ResponseSignature &signature, QByteArrayView body, qint64 nowSecs) const;

private:
    QString m_publicKeyId;
    PublicKey m_publicKey;
    QHash<QString, Certificate> m_certificates;
};

} // namespace wechatpay
