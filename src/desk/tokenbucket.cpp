#include "tokenbucket.h"

#include <algorithm>
#include <cmath>

namespace desk {

// Fixed point (millionths of a token), so pacing is exact: at 10/s a token takes exactly 100 ms.
constexpr qint64 kMicro = 1000000;

TokenBucket::TokenBucket(double ratePerSec, double burst, qint64 nowMs)
    : m_rate(ratePerSec)
    , m_perMs(ratePerSec > 0 ? std::max<qint64>(1, std::llround(ratePerSec * 1000.0)) : 0)
    , m_burst(std::max<qint64>(kMicro, std::llround(std::max(1.0, burst) * kMicro)))
    , m_tokens(m_burst)
    , m_lastMs(nowMs)
{
}

void TokenBucket::refill(qint64 nowMs)
{
    if (nowMs > m_lastMs) {
        m_tokens = std::min(m_burst, m_tokens + (nowMs - m_lastMs) * m_perMs);
        m_lastMs = nowMs;
    }
}

bool TokenBucket::tryTake(qint64 nowMs)
{
    if (m_rate <= 0)
        return true;
    refill(nowMs);
    if (m_tokens < kMicro)
        return false;
    m_tokens -= kMicro;
    return true;
}

qint64 TokenBucket::msUntilToken(qint64 nowMs) const
{
    if (m_rate <= 0)
        return 0;
    qint64 tokens = m_tokens;
    if (nowMs > m_lastMs)
        tokens = std::min(m_burst, tokens + (nowMs - m_lastMs) * m_perMs);
    if (tokens >= kMicro)
        return 0;
    return (kMicro - tokens + m_perMs - 1) / m_perMs;
}

} // namespace desk
