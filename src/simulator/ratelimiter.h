// Token buckets per endpoint (capacity = one second's worth, at least 1), each a core::TokenBucket.
// The time source is injectable so tests can drive it without sleeping.
#pragma once

#include "core/tokenbucket.h"

#include <QElapsedTimer>
#include <QHash>
#include <QString>

#include <functional>

namespace sim {

class RateLimiter
{
public:
    using TimeSource = std::function<qint64()>; // monotonic milliseconds

    explicit RateLimiter(TimeSource now = {});

    // qps <= 0 removes the limit.
    void setLimit(const QString &endpoint, double qps);
    double limit(const QString &endpoint) const;
    QHash<QString, double> limits() const;
    // Takes one token; false when the endpoint is over its rate.
    bool allow(const QString &endpoint);
    void reset(); // every bucket full again

private:
    qint64 nowMs() const;

    TimeSource m_now;
    QElapsedTimer m_elapsed;
    QHash<QString, core::TokenBucket> m_buckets; // only limited endpoints
};

} // namespace sim
