// libFuzzer target: the Authorization header parser the simulator (and any server-side check) uses.
// Property: whatever parses, formatted again, parses to the same five values.
#include "wechatpay/signing.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView header(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const auto parsed = wechatpay::parseAuthorization(header);
    if (!parsed)
        return 0;
    const auto again = wechatpay::parseAuthorization(wechatpay::formatAuthorization(parsed.value()));
    if (!again || again->mchid != parsed->mchid || again->nonce != parsed->nonce
        || again->timestamp != parsed->timestamp || again->serialNo != parsed->serialNo
        || again->signature != parsed->signature)
        std::abort(); // format and parse disagree
    return 0;
}
