#include "clock.h"

#include "crypto.h"

namespace wechatpay {

QByteArray RandomNonceSource::nonce()
{
    return crypto::randomAlphanumeric(32);
}

} // namespace wechatpay
