// Token buckets per endpoint (capacity = one second's worth, at least 1). The time source is
// injectable so tests can drive it without sleeping.
#pragma once

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
    void reset();

private:
    struct Bucket
    {
        double qps = 0;
        double tokens = 0;
        qint64 lastMs = 0;
    };
    qint64 nowMs() const;

    TimeSource m_now;
    QElapsedTimer m_elapsed;
    QHash<QString, Bucket> m_buckets;
};

} // namespace sim
