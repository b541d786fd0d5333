#include "ratelimiter.h"

#include <algorithm>

namespace sim {

RateLimiter::RateLimiter(TimeSource now)
    : m_now(std::move(now))
{
    m_elapsed.start();
}

qint64 RateLimiter::nowMs() const
{
    return m_now ? m_now() : m_elapsed.elapsed();
}

void RateLimiter::setLimit(const QString &endpoint, double qps)
{
    if (qps <= 0) {
        m_buckets.remove(endpoint);
        return;
    }
    Bucket b;
    b.qps = qps;
    b.tokens = std::max(1.0, qps);
    b.lastMs = nowMs();
    m_buckets.insert(endpoint, b);
}

double RateLimiter::limit(const QString &endpoint) const
{
    return m_buckets.value(endpoint).qps;
}

QHash<QString, double> RateLimiter::limits() const
{
    QHash<QString, double> out;
    for (auto it = m_buckets.cbegin(); it != m_buckets.cend(); ++it)
        out.insert(it.key(), it->qps);
    return out;
}

bool RateLimiter::allow(const QString &endpoint)
{
    const auto it = m_buckets.find(endpoint);
    if (it == m_buckets.end())
        return true;
    Bucket &b = *it;
    const qint64 now = nowMs();
    const double capacity = std::max(1.0, b.qps);
    b.tokens = std::min(capacity, b.tokens + static_cast<double>(now - b.lastMs) * b.qps / 1000.0);
    b.lastMs = now;
    if (b.tokens < 1.0)
        return false;
    b.tokens -= 1.0;
    return true;
}

void RateLimiter::reset()
{
    const qint64 now = nowMs();
    for (Bucket &b : m_buckets) {
        b.tokens = std::max(1.0, b.qps);
        b.lastMs = now;
    }
}

} // namespace sim
