// Rate limiting for the bulk void job: new requests per second, as a token bucket.
#pragma once

#include <QtGlobal>

namespace desk {

// A token bucket over a caller-supplied millisecond clock (pure; tests drive the time).
class TokenBucket
{
public:
    // ratePerSec <= 0: unlimited. burst: tokens held at most (at least 1).
    TokenBucket(double ratePerSec, double burst, qint64 nowMs);
    bool tryTake(qint64 nowMs);
    qint64 msUntilToken(qint64 nowMs) const; // 0 when a token is there now
    double ratePerSec() const { return m_rate; }

private:
    void refill(qint64 nowMs);
    double m_rate;
    qint64 m_perMs; // millionths of a token gained per millisecond
    qint64 m_burst; // in millionths
    qint64 m_tokens; // in millionths
    qint64 m_lastMs;
};

} // namespace desk
