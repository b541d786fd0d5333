#include "signing.h"

#include "crypto.h"

namespace wechatpay {

QByteArray buildRequestMessage(QByteArrayView method, QByteArrayView canonicalUrl, QByteArrayView timestamp,
    QByteArrayView nonce, QByteArrayView body)
{
    QByteArray m;
    m.reserve(method.size() + canonicalUrl.size() + timestamp.size() + nonce.size() + body.size() + 5);
    m.append(method).append('\n').append(canonicalUrl).append('\n').append(timestamp).append('\n');
    m.append(nonce).append('\n').append(body).append('\n');
    return m;
}

QByteArray formatAuthorization(const AuthorizationParams &p)
{
    QByteArray h = kAuthScheme;
    h += " mchid=\"" + p.mchid + "\",nonce_str=\"" + p.nonce + "\",timestamp=\"" + p.timestamp
        + "\",serial_no=\"" + p.serialNo + "\",signature=\"" + p.signature + '"';
    return h;
}

Result<AuthorizationParams> parseAuthorization(QByteArrayView header)
{
    auto fail = [](const QString &why) {
        Error e = Error::make(ErrorKind::InvalidInput, QStringLiteral("AUTHORIZATION_INVALID"), why);
        e.field = QStringLiteral("Authorization");
        return e;
    };
    const QByteArrayView scheme(kAuthScheme);
    if (!header.startsWith(scheme) || header.size() <= scheme.size() || header[scheme.size()] != ' ')
        return fail(QStringLiteral("Authorization must start with \"WECHATPAY2-SHA256-RSA2048 \""));
    QByteArrayView rest = header.sliced(scheme.size() + 1);
    AuthorizationParams p;
    bool seen[5] = {};
    while (!rest.isEmpty()) {
        const qsizetype eq = rest.indexOf('=');
        if (eq <= 0 || eq + 1 >= rest.size() || rest[eq + 1] != '"')
            return fail(QStringLiteral("expected key=\"value\" pairs separated by commas"));
        const QByteArrayView key = rest.first(eq);
        const qsizetype close = rest.indexOf('"', eq + 2);
        if (close < 0)
            return fail(QStringLiteral("unterminated quoted value"));
        const QByteArray value = rest.sliced(eq + 2, close - eq - 2).toByteArray();
        rest = rest.sliced(close + 1);
        if (!rest.isEmpty()) {
            if (rest[0] != ',')
                return fail(QStringLiteral("parameters must be separated by a comma"));
            rest = rest.sliced(1);
            if (rest.isEmpty())
                return fail(QStringLiteral("trailing comma"));
        }
        static const char *const names[5] = { "mchid", "nonce_str", "timestamp", "serial_no", "signature" };
        QByteArray *targets[5] = { &p.mchid, &p.nonce, &p.timestamp, &p.serialNo, &p.signature };
        bool known = false;
        for (int i = 0; i < 5; ++i) {
            if (key == QByteArrayView(names[i])) {
                if (seen[i])
                    return fail(QStringLiteral("parameter %1 appears twice").arg(QLatin1String(names[i])));
                seen[i] = true;
                *targets[i] = value;
                known = true;
            }
        }
        if (!known)
            return fail(QStringLiteral("unknown parameter %1").arg(QString::fromUtf8(key)));
    }
    static const char *const names[5] = { "mchid", "nonce_str", "timestamp", "serial_no", "signature" };
    for (int i = 0; i < 5; ++i)
        if (!seen[i])
            return fail(QStringLiteral("parameter %1 is missing").arg(QLatin1String(names[i])));
    return p;
}

QByteArray canonicalUrl(const QUrl &url)
{
    QByteArray out = url.path(QUrl::FullyEncoded).toLatin1();
    if (out.isEmpty())
        out = "/";
    if (url.hasQuery())
        out += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    return out;
}

QByteArray encodePathSegment(const QString &value)
{
    // Unreserved characters (RFC 3986 §2.3) stay; everything else, including '/', is %XX upper-case.
    return value.toUtf8().toPercentEncoding();
}

QString escapeForDisplay(QByteArrayView message)
{
    QString out;
    for (const QChar c : QString::fromUtf8(message)) {
        switch (c.unicode()) {
        case u'\n':
            out += QStringLiteral("\\n");
            break;
        case u'\r':
            out += QStringLiteral("\\r");
            break;
        case u'\t':
            out += QStringLiteral("\\t");
            break;
        case u'\\':
            out += QStringLiteral("\\\\");
            break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out;
}

RequestSigner::RequestSigner(
    QString mchid, QString serialNo, PrivateKey key, const Clock &clock, NonceSource &nonces)
    : m_mchid(std::move(mchid))
    , m_serialNo(std::move(serialNo))
    , m_key(std::move(key))
    , m_clock(clock)
    , m_nonces(nonces)
{
}

Result<RequestSigner::Signed> RequestSigner::sign(
    QByteArrayView method, QByteArrayView url, QByteArrayView body) const
{
    Signed s;
    s.timestamp = m_clock.nowSecs();
    s.nonce = m_nonces.nonce();
    const QByteArray ts = QByteArray::number(s.timestamp);
    s.message = buildRequestMessage(method, url, ts, s.nonce, body);
    auto signature = crypto::signSha256Rsa(m_key, s.message);
    if (!signature)
        return signature.error();
    s.authorization
        = formatAuthorization({ m_mchid.toUtf8(), s.nonce, ts, m_serialNo.toUtf8(), signature.value() });
    return s;
}

} // namespace wechatpay
