// libFuzzer target: the HTTP/1.1 response parser of our transport (wechatpay/httptransport.h).
// The first byte picks where the stream is split in two; the parser must reach the same verdict,
// status, headers and body whether the bytes come at once, in those two pieces, or byte by byte,
// and a finished answer must respect the limits.
#include "wechatpay/httptransport.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

using wechatpay::HttpResponseParser;

struct Verdict {
    HttpResponseParser::Result result;
    int status;
    QByteArray body;
    bool keepAlive;
    qsizetype headers;
};

Verdict verdict(HttpResponseParser &p, HttpResponseParser::Result r)
{
    if (r == HttpResponseParser::Result::NeedMore)
        r = p.finish();  // the stream ends here
    return {r, p.status(), p.body(), p.keepAlive(), p.headers().size()};
}

bool same(const Verdict &a, const Verdict &b)
{
    if (a.result != b.result)
        return false;
    if (a.result != HttpResponseParser::Result::Done)
        return true;  // error texts may name the first problem seen; the verdict is what counts
    return a.status == b.status && a.body == b.body && a.keepAlive == b.keepAlive && a.headers == b.headers;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QByteArray wire(reinterpret_cast<const char *>(data + 1), static_cast<qsizetype>(size - 1));
    const qsizetype split = wire.isEmpty() ? 0 : data[0] % (wire.size() + 1);
    HttpResponseParser::Limits limits;
    limits.maxHeaderBytes = 4096;
    limits.maxBodyBytes = 4096;

    HttpResponseParser whole(limits);
    const Verdict a = verdict(whole, whole.feed(wire));

    HttpResponseParser two(limits);
    // Bytes after a finished answer are still fed: they make the connection unusable (keepAlive()).
    HttpResponseParser::Result r = two.feed(QByteArrayView(wire).first(split));
    if (r != HttpResponseParser::Result::Error)
        r = two.feed(QByteArrayView(wire).sliced(split));
    const Verdict b = verdict(two, r);

    HttpResponseParser bytes(limits);
    r = HttpResponseParser::Result::NeedMore;
    for (qsizetype i = 0; i < wire.size() && r != HttpResponseParser::Result::Error; ++i)
        r = bytes.feed(QByteArrayView(wire).sliced(i, 1));
    const Verdict c = verdict(bytes, r);

    if (!same(a, b) || !same(a, c))
        std::abort();
    // Interim (1xx) answers are skipped and 101 is refused, so a finished answer is 200–599.
    if (a.result == HttpResponseParser::Result::Done
        && (a.status < 200 || a.status > 599 || a.body.size() > limits.maxBodyBytes))
        std::abort();
    return 0;
}
