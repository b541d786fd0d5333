// sim::RateLimiter: one token bucket per endpoint holding one second's worth (at least one token),
// qps <= 0 removing the limit, reset, and the reported limits. Driven by an injected clock; the
// simulator's 429s over HTTP are tested in integration/test_sim_faults.cpp.
#include "simulator/ratelimiter.h"

#include <QTest>

#include <memory>

class TestSimRateLimiter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachEndpointHasItsOwnBucket()
    {
        auto now = std::make_shared<qint64>(1000);
        sim::RateLimiter limiter([now] { return *now; });
        limiter.setLimit(QStringLiteral("use"), 2);
        QVERIFY(limiter.allow(QStringLiteral("use")));
        QVERIFY(limiter.allow(QStringLiteral("use")));
        QVERIFY(!limiter.allow(QStringLiteral("use")));
        for (int i = 0; i < 100; ++i)
            QVERIFY(limiter.allow(QStringLiteral("stock"))); // no limit set: unlimited
        *now += 500; // one token back
        QVERIFY(limiter.allow(QStringLiteral("use")));
        QVERIFY(!limiter.allow(QStringLiteral("use")));
        *now += 5000; // full again: one second's worth, not more
        QVERIFY(limiter.allow(QStringLiteral("use")));
        QVERIFY(limiter.allow(QStringLiteral("use")));
        QVERIFY(!limiter.allow(QStringLiteral("use")));
    }

    void aSlowLimitStillHoldsOneToken()
    {
        auto now = std::make_shared<qint64>(0);
        sim::RateLimiter limiter([now] { return *now; });
        limiter.setLimit(QStringLiteral("query"), 0.5);
        QVERIFY(limiter.allow(QStringLiteral("query")));
        QVERIFY(!limiter.allow(QStringLiteral("query")));
        *now += 1999;
        QVERIFY(!limiter.allow(QStringLiteral("query")));
        *now += 1;
        QVERIFY(limiter.allow(QStringLiteral("query")));
    }

    void limitsAreReportedAndZeroRemovesThem()
    {
        sim::RateLimiter limiter([] { return qint64(0); });
        limiter.setLimit(QStringLiteral("use"), 500);
        limiter.setLimit(QStringLiteral("certificates"), 1000);
        limiter.setLimit(QStringLiteral("query"), 2.5);
        QCOMPARE(limiter.limit(QStringLiteral("use")), 500.0);
        QCOMPARE(limiter.limit(QStringLiteral("query")), 2.5);
        QCOMPARE(limiter.limit(QStringLiteral("stock")), 0.0);
        limiter.setLimit(QStringLiteral("use"), 0);
        limiter.setLimit(QStringLiteral("query"), -1);
        const QHash<QString, double> expected { { QStringLiteral("certificates"), 1000.0 } };
        QCOMPARE(limiter.limits(), expected);
        QCOMPARE(limiter.limit(QStringLiteral("use")), 0.0);
        for (int i = 0; i < 1000; ++i)
            QVERIFY(limiter.allow(QStringLiteral("use")));
    }

    void settingALimitOrResettingFillsTheBucket()
    {
        sim::RateLimiter limiter([] { return qint64(0); }); // time stands still: only refills count
        limiter.setLimit(QStringLiteral("use"), 1);
        limiter.setLimit(QStringLiteral("stock"), 2);
        QVERIFY(limiter.allow(QStringLiteral("use")));
        QVERIFY(!limiter.allow(QStringLiteral("use")));
        limiter.setLimit(QStringLiteral("use"), 1);
        QVERIFY(limiter.allow(QStringLiteral("use")));
        QVERIFY(!limiter.allow(QStringLiteral("use")));
        QVERIFY(limiter.allow(QStringLiteral("stock")));
        QVERIFY(limiter.allow(QStringLiteral("stock")));
        QVERIFY(!limiter.allow(QStringLiteral("stock")));
        limiter.reset();
        QVERIFY(limiter.allow(QStringLiteral("use")));
        QVERIFY(!limiter.allow(QStringLiteral("use")));
        QVERIFY(limiter.allow(QStringLiteral("stock")));
        QVERIFY(limiter.allow(QStringLiteral("stock")));
        QVERIFY(!limiter.allow(QStringLiteral("stock")));
        QCOMPARE(limiter.limit(QStringLiteral("stock")), 2.0);
    }

    void withoutATimeSourceItUsesAMonotonicClock()
    {
        sim::RateLimiter limiter;
        limiter.setLimit(QStringLiteral("use"), 0.001); // a token every 1000 s
        QVERIFY(limiter.allow(QStringLiteral("use")));
        QVERIFY(!limiter.allow(QStringLiteral("use")));
    }
};

QTEST_GUILESS_MAIN(TestSimRateLimiter)
#include "test_sim_ratelimiter.moc"
