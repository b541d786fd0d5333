#include "versioninfo.h"

#include "wechatpay/crypto.h"

#include <QtGlobal>

namespace desk {

VersionInfo versionInfo()
{
    return { QStringLiteral(COUPONDESK_VERSION), QString::fromLatin1(qVersion()),
        wechatpay::crypto::opensslVersion() };
}

} // namespace desk
