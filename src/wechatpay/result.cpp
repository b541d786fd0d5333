#include "result.h"

namespace wechatpay {

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::InvalidInput:
        return QStringLiteral("invalid-input");
    case ErrorKind::Key:
        return QStringLiteral("key");
    case ErrorKind::Crypto:
        return QStringLiteral("crypto");
    case ErrorKind::Network:
        return QStringLiteral("network");
    case ErrorKind::Timeout:
        return QStringLiteral("timeout");
    case ErrorKind::Tls:
        return QStringLiteral("tls");
    case ErrorKind::Http:
        return QStringLiteral("http");
    case ErrorKind::Verification:
        return QStringLiteral("verification");
    case ErrorKind::Protocol:
        return QStringLiteral("protocol");
    case ErrorKind::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("unknown");
}

QString Error::toString() const
{
    QString s = errorKindName(kind);
    if (httpStatus)
        s += QStringLiteral(" HTTP %1").arg(httpStatus);
    if (!code.isEmpty())
        s += QStringLiteral(" ") + code;
    if (!field.isEmpty())
        s += QStringLiteral(" [") + field + QStringLiteral("]");
    if (!message.isEmpty())
        s += QStringLiteral(": ") + message;
    if (!requestId.isEmpty())
        s += QStringLiteral(" (Request-ID ") + requestId + QStringLiteral(")");
    return s;
}

} // namespace wechatpay
