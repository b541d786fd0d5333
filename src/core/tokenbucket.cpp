#include "tokenbucket.h"

#include <algorithm>
#include <cmath>

namespace core {

constexpr qint64 kMicro = 1000000;
// Above this many tokens per second (or held at once) the fixed point could overflow; no caller can
// tell such a bucket from an unlimited one.
constexpr double kMaxRate = 1e9;

TokenBucket::TokenBucket(double ratePerSec, double burst, qint64 nowMs)
    : m_rate(ratePerSec)
    , m_unlimited(!(ratePerSec > 0 && ratePerSec <= kMaxRate))
    , m_perMs(m_unlimited ? 0 : std::max<qint64>(1, std::llround(ratePerSec * 1000.0)))
    , m_burst(std::max<qint64>(kMicro, std::llround(std::min(kMaxRate, std::max(1.0, burst)) * kMicro)))
    , m_tokens(m_burst)
    , m_lastMs(nowMs)
{
}

// min(burst, tokens + elapsed × perMs), without overflowing however long the bucket sat idle.
qint64 TokenBucket::tokensAt(qint64 nowMs) const
{
    if (nowMs <= m_lastMs)
        return m_tokens;
    const qint64 elapsed = nowMs - m_lastMs;
    const qint64 missing = m_burst - m_tokens;
    return elapsed > missing / m_perMs ? m_burst : m_tokens + elapsed * m_perMs;
}

void TokenBucket::refill(qint64 nowMs)
{
    if (nowMs > m_lastMs) {
        m_tokens = tokensAt(nowMs);
        m_lastMs = nowMs;
    }
}

bool TokenBucket::tryTake(qint64 nowMs)
{
    if (m_unlimited)
        return true;
    refill(nowMs);
    if (m_tokens < kMicro)
        return false;
    m_tokens -= kMicro;
    return true;
}

qint64 TokenBucket::msUntilToken(qint64 nowMs) const
{
    if (m_unlimited)
        return 0;
    const qint64 tokens = tokensAt(nowMs);
    if (tokens >= kMicro)
        return 0;
    return (kMicro - tokens + m_perMs - 1) / m_perMs;
}

} // namespace core
