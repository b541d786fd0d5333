// The server's request checks before any field is read (README.md "Request checks" 3–7): Accept
// and User-Agent, the Authorization header, the merchant and its certificate serial, the timestamp
// window and the signature over the request target as received.
#include "engine.h"

#include "wechatpay/crypto.h"
#include "wechatpay/jsonwriter.h"
#include "wechatpay/signing.h"
#include "wechatpay/verification.h"

namespace sim {

using wechatpay::JsonWriter;

namespace {

constexpr qint64 kMaxSkewSecs = 300;

// The first `max` bytes, not cutting a UTF-8 sequence.
QByteArray utf8Prefix(const QByteArray &bytes, qsizetype max)
{
    if (bytes.size() <= max)
        return bytes;
    qsizetype cut = max;
    while (cut > 0 && (static_cast<unsigned char>(bytes.at(cut)) & 0xC0) == 0x80)
        --cut;
    return bytes.left(cut);
}

} // namespace

std::optional<Reply> Engine::authenticate(const IncomingRequest &r) const
{
    if (r.header("Accept").isEmpty() || r.header("User-Agent").isEmpty())
        return error(400, QStringLiteral("INVALID_REQUEST"), QStringLiteral("Http头缺少Accept或User-Agent"),
            detail(QStringLiteral("HEADER_MISSING"), {}, QStringLiteral("header")));
    const QString signError = QStringLiteral("SIGN_ERROR");
    const QByteArray header = r.header("Authorization");
    if (header.isEmpty())
        return error(401, signError, QStringLiteral("Http头缺少Authorization"),
            detail(QStringLiteral("AUTHORIZATION_MISSING"), {}, QStringLiteral("authorization")));
    auto auth = wechatpay::parseAuthorization(header);
    if (!auth)
        return error(401, signError,
            QStringLiteral("Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》"),
            detail(QStringLiteral("AUTHORIZATION_INVALID"), {}, QStringLiteral("authorization"),
                auth.error().message));
    if (QString::fromUtf8(auth->mchid) != m_state.mchid)
        return error(401, signError, QStringLiteral("Http头Authorization中的mchid无效或与商户证书不匹配"),
            detail(QStringLiteral("MCHID_UNKNOWN"), {}, QStringLiteral("authorization")));
    if (QString::fromUtf8(auth->serialNo).toUpper() != m_merchantSerial)
        return error(401, signError, QStringLiteral("商户证书序列号有误。请使用签名私钥匹配的证书序列号"),
            detail(QStringLiteral("SERIAL_MISMATCH"), {}, QStringLiteral("authorization")));
    const auto ts = wechatpay::parseTimestamp(auth->timestamp);
    if (!ts)
        return error(401, signError,
            QStringLiteral("Http头Authorization中的timestamp无效，应为以秒为单位的Unix时间戳"),
            detail(QStringLiteral("TIMESTAMP_INVALID"), {}, QStringLiteral("authorization")));
    const qint64 skew = *ts - m_clock.nowSecs();
    if (skew > kMaxSkewSecs || skew < -kMaxSkewSecs)
        return error(401, signError,
            QStringLiteral("Http头Authorization中的timestamp与发起请求的时间不得超过5分钟"),
            detail(QStringLiteral("TIMESTAMP_EXPIRED"), {}, QStringLiteral("authorization")));
    const QByteArray message
        = wechatpay::buildRequestMessage(r.method, r.target, auth->timestamp, auth->nonce, r.body);
    if (!wechatpay::crypto::verifySha256Rsa(m_merchantPublicKey, message, auth->signature)) {
        const QByteArray signInformation
            = JsonWriter()
                  .field("method", QString::fromLatin1(r.method))
                  .field("sign_message_length", message.size())
                  .field("truncated_sign_message", QString::fromUtf8(utf8Prefix(message, 64)))
                  .field("url", QString::fromUtf8(r.target))
                  .finish();
        const QByteArray d = JsonWriter()
                                 .field("location", QStringLiteral("authorization"))
                                 .field("reason", QStringLiteral("SIGNATURE_MISMATCH"))
                                 .rawField("sign_information", signInformation)
                                 .finish();
        return error(401, signError, QStringLiteral("错误的签名，验签失败"), d);
    }
    return std::nullopt;
}

} // namespace sim
