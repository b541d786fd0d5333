// Rate limiting as a token bucket: the bulk void job's pacing (desk) and the simulator's
// per-endpoint limits (sim::RateLimiter) are both built on this.
#pragma once

#include <QtGlobal>

namespace core {

// A token bucket over a caller-supplied millisecond clock (pure; tests drive the time). Fixed point
// (millionths of a token), so pacing is exact: at 10/s a token takes exactly 100 ms.
class TokenBucket
{
public:
    // ratePerSec <= 0: unlimited (so is a rate that is not a number or above a billion per second,
    // which no caller could tell from unlimited). burst: tokens held at most (at least 1); the
    // bucket starts full.
    TokenBucket(double ratePerSec, double burst, qint64 nowMs);
    bool tryTake(qint64 nowMs);
    qint64 msUntilToken(qint64 nowMs) const; // 0 when a token is there now
    double ratePerSec() const { return m_rate; } // as given to the constructor

private:
    qint64 tokensAt(qint64 nowMs) const;
    void refill(qint64 nowMs);
    double m_rate;
    bool m_unlimited;
    qint64 m_perMs; // millionths of a token gained per millisecond
    qint64 m_burst; // in millionths
    qint64 m_tokens; // in millionths
    qint64 m_lastMs; // a clock that goes back is ignored until it passes this again
};

} // namespace core
