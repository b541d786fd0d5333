// libFuzzer target: the {code,message,detail} parser for 4xx/5xx bodies (lenient by design: any
// bytes must give an Error, never a crash). The first two bytes choose the HTTP status.
#include "wechatpay/httpclient.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const int status = 400 + (data[0] | (data[1] << 8)) % 200;
    const QByteArrayView body(reinterpret_cast<const char *>(data + 2), static_cast<qsizetype>(size - 2));
    const wechatpay::Error e = wechatpay::parseErrorBody(status, body, "fuzz-request-id");
    if (e.kind != wechatpay::ErrorKind::Http || e.httpStatus != status)
        std::abort();
    (void)e.toString();
    return 0;
}
