// core::TokenBucket, the rate limit under the bulk void job's pacing and the simulator's per-endpoint
// limits: exact pacing in fixed point, bursts, unlimited rates, a clock that goes back, long idle
// times. Time is passed in; nothing sleeps.
#include "core/tokenbucket.h"

#include <QTest>

#include <limits>

class TestCoreTokenBucket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tokenBucketPacesRequests()
    {
        core::TokenBucket b(10, 2, 0); // 10 per second, bursts of 2
        QVERIFY(b.tryTake(0));
        QVERIFY(b.tryTake(0));
        QVERIFY(!b.tryTake(0));
        QCOMPARE(b.msUntilToken(0), 100);
        QCOMPARE(b.msUntilToken(60), 40);
        QVERIFY(!b.tryTake(99));
        QVERIFY(b.tryTake(100));
        QVERIFY(!b.tryTake(100));
        QVERIFY(b.tryTake(1000)); // idle time refills up to the burst, not beyond
        QVERIFY(b.tryTake(1000));
        QVERIFY(!b.tryTake(1000));

        core::TokenBucket unlimited(0, 1, 0);
        for (int i = 0; i < 1000; ++i)
            QVERIFY(unlimited.tryTake(0));
        QCOMPARE(unlimited.msUntilToken(0), 0);
    }

    void fractionalRatesAndBurstsAreExact()
    {
        core::TokenBucket b(2.5, 2.5, 0); // holds two and a half tokens
        QVERIFY(b.tryTake(0));
        QVERIFY(b.tryTake(0));
        QVERIFY(!b.tryTake(0));
        QCOMPARE(b.msUntilToken(0), 200); // half a token there, half to come at 2.5/s
        QVERIFY(!b.tryTake(199));
        QVERIFY(b.tryTake(200));

        core::TokenBucket slow(0.5, 0.5, 0); // the burst is at least one token
        QVERIFY(slow.tryTake(0));
        QVERIFY(!slow.tryTake(0));
        QCOMPARE(slow.msUntilToken(0), 2000);
        QVERIFY(!slow.tryTake(1999));
        QVERIFY(slow.tryTake(2000));
        QCOMPARE(slow.ratePerSec(), 0.5);
    }

    void aClockThatGoesBackIsIgnored()
    {
        core::TokenBucket b(10, 1, 1000);
        QVERIFY(b.tryTake(1000));
        QVERIFY(!b.tryTake(500));
        QCOMPARE(b.msUntilToken(500), 100); // counted from the latest time seen
        QVERIFY(!b.tryTake(1099));
        QVERIFY(b.tryTake(1100));
    }

    void longIdleAtAHighRateStaysExact()
    {
        core::TokenBucket b(1e9, 2, 0); // near the largest rate that is still limited
        QVERIFY(b.tryTake(0));
        QVERIFY(b.tryTake(0));
        QVERIFY(!b.tryTake(0));
        QCOMPARE(b.msUntilToken(0), 1);
        const qint64 years = qint64(1) << 50; // ~35,000 years of idle, in ms: full, not overflowed
        QCOMPARE(b.msUntilToken(years), 0);
        QVERIFY(b.tryTake(years));
        QVERIFY(b.tryTake(years));
        QVERIFY(!b.tryTake(years));
    }

    void ratesThatAreNotNumbersOrTooLargeAreUnlimited_data()
    {
        QTest::addColumn<double>("rate");
        QTest::newRow("zero") << 0.0;
        QTest::newRow("negative") << -5.0;
        QTest::newRow("not a number") << std::numeric_limits<double>::quiet_NaN();
        QTest::newRow("infinite") << std::numeric_limits<double>::infinity();
        QTest::newRow("above a billion per second") << 1e300;
    }
    void ratesThatAreNotNumbersOrTooLargeAreUnlimited()
    {
        QFETCH(double, rate);
        core::TokenBucket b(rate, rate, 0);
        for (int i = 0; i < 1000; ++i)
            QVERIFY(b.tryTake(0));
        QCOMPARE(b.msUntilToken(0), 0);
    }
};

QTEST_GUILESS_MAIN(TestCoreTokenBucket)
#include "test_core_tokenbucket.moc"
