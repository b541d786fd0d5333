// APIv3 request signing: the five-line message, SHA256withRSA and the Authorization header.
#pragma once

#include "clock.h"
#include "keys.h"
#include "result.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace wechatpay {

inline constexpr char kAuthScheme[] = "WECHATPAY2-SHA256-RSA2048";

struct AuthorizationParams
{
    QByteArray mchid;
    QByteArray nonce;
    QByteArray timestamp;
    QByteArray serialNo;
    QByteArray signature;
};

// METHOD\nCANONICAL_URL\nTIMESTAMP\nNONCE\nBODY\n over the exact bytes sent (GET: empty body line).
QByteArray buildRequestMessage(QByteArrayView method, QByteArrayView canonicalUrl, QByteArrayView timestamp,
    QByteArrayView nonce, QByteArrayView body);

// WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",timestamp="…",serial_no="…",signature="…"
QByteArray formatAuthorization(const AuthorizationParams &params);

// Parses an Authorization header in any parameter order (as the server does). Rejects another scheme,
// duplicated or missing parameters, unquoted values and stray text.
Result<AuthorizationParams> parseAuthorization(QByteArrayView header);

// Path plus "?query" exactly as it goes on the wire (already percent-encoded); no scheme or host.
QByteArray canonicalUrl(const QUrl &url);

// Percent-encodes one path parameter (RFC 3986 unreserved characters kept, everything else %XX).
QByteArray encodePathSegment(const QString &value);

// The escaped form of a signed message, one line, for humans ("\n" shown as the two characters \n).
QString escapeForDisplay(QByteArrayView message);

class RequestSigner
{
public:
    RequestSigner(QString mchid, QString serialNo, PrivateKey key, const Clock &clock, NonceSource &nonces);

    struct Signed
    {
        QByteArray authorization; // the header value
        QByteArray message; // the signed five-line message
        qint64 timestamp = 0;
        QByteArray nonce;
    };
    Result<Signed> sign(QByteArrayView method, QByteArrayView canonicalUrl, QByteArrayView body) const;

    const QString &mchid() const { return m_mchid; }
    const QString &serialNo() const { return m_serialNo; }
    const Clock &clock() const { return m_clock; }

private:
    QString m_mchid;
    QString m_serialNo;
    PrivateKey m_key;
    const Clock &m_clock;
    NonceSource &m_nonces;
};

} // namespace wechatpay
