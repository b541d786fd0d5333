#include "ratelimiter.h"

#include <utility>

namespace sim {

namespace {

core::TokenBucket fullBucket(double qps, qint64 nowMs)
{
    return core::TokenBucket(qps, qps, nowMs); // holds one second's worth (the bucket makes it at least 1)
}

} // namespace

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
    m_buckets.insert(endpoint, fullBucket(qps, nowMs()));
}

double RateLimiter::limit(const QString &endpoint) const
{
    const auto it = m_buckets.constFind(endpoint);
    return it == m_buckets.cend() ? 0 : it->ratePerSec();
}

QHash<QString, double> RateLimiter::limits() const
{
    QHash<QString, double> out;
    for (auto it = m_buckets.cbegin(); it != m_buckets.cend(); ++it)
        out.insert(it.key(), it->ratePerSec());
    return out;
}

bool RateLimiter::allow(const QString &endpoint)
{
    const auto it = m_buckets.find(endpoint);
    return it == m_buckets.end() || it->tryTake(nowMs());
}

void RateLimiter::reset()
{
    const qint64 now = nowMs();
    for (core::TokenBucket &b : m_buckets)
        b = fullBucket(b.ratePerSec(), now);
}

} // namespace sim
