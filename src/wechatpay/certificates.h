// GET /v3/certificates: decrypting platform certificates (AEAD_AES_256_GCM with the APIv3 key).
#pragma once

#include "clock.h"
#include "keys.h"
#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>

namespace wechatpay {

inline constexpr char kCertificatesPath[] = "/v3/certificates";

struct PlatformCertificate
{
    QString serialNo; // as listed, checked against the decrypted certificate
    QDateTime effectiveTime;
    QDateTime expireTime;
    Certificate certificate;
};

// Decodes and decrypts every entry. The APIv3 key must be 32 bytes. Each decrypted certificate's
// serial must equal the listed serial_no.
Result<QList<PlatformCertificate>> decodeCertificatesResponse(QByteArrayView body, QByteArrayView apiV3Key);

// The other direction (the simulator's answer): nonces are 12 characters from `nonces`.
Result<QByteArray> encodeCertificatesResponse(
    const QList<Certificate> &certificates, QByteArrayView apiV3Key);

// RFC 3339 with a mandatory offset (Z or ±hh:mm), e.g. 2015-05-20T13:29:35+08:00. Invalid on anything else.
QDateTime parseRfc3339(const QString &text);
// 2015-05-20T13:29:35+08:00 in the given offset (seconds east of UTC).
QString formatRfc3339(const QDateTime &when, int offsetSecs = 8 * 3600);

} // namespace wechatpay
