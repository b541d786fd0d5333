// Unit tests of desk::ConnectionWarmer: when it asks for a connection (the ApiClient's pre-connect is
// replaced by a counter here; tests/integration/desk/test_desk_preconnect.cpp runs the real one).
#include "desk/connectionwarmer.h"

#include <QElapsedTimer>
#include <QTest>

class TestDeskConnectionWarmer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nothingBeforeStaffAreThere()
    {
        int asked = 0;
        desk::ConnectionWarmer warmer([&asked] { ++asked; }, { 20, 10000 });
        QTest::qWait(100);
        QCOMPARE(asked, 0);
        QVERIFY(!warmer.isKeepingWarm());
    }

    void warmUpConnectsAtOnceThenOnEveryBeat()
    {
        int asked = 0;
        desk::ConnectionWarmer warmer([&asked] { ++asked; }, { 20, 10000 });
        warmer.warmUp();
        QCOMPARE(asked, 1); // at once, not on the next beat
        QVERIFY(warmer.isKeepingWarm());
        QTRY_VERIFY(asked >= 4); // asked again on the beat: a connection the server closed is reopened
    }

    void stopsWhenNobodyWasThereForKeepWarmFor()
    {
        int asked = 0;
        desk::ConnectionWarmer warmer([&asked] { ++asked; }, { 20, 200 });
        QElapsedTimer since;
        since.start();
        warmer.warmUp();
        QTRY_VERIFY_WITH_TIMEOUT(!warmer.isKeepingWarm(), 3000);
        QVERIFY(since.elapsed() >= 200);
        const int atStop = asked;
        QVERIFY(atStop >= 2);
        QTest::qWait(100);
        QCOMPARE(asked, atStop); // quiet: the server may close it and it stays closed

        warmer.warmUp(); // staff are back
        QCOMPARE(asked, atStop + 1);
        QVERIFY(warmer.isKeepingWarm());
    }

    void everySignOfStaffExtendsTheTime()
    {
        int asked = 0;
        desk::ConnectionWarmer warmer([&asked] { ++asked; }, { 20, 300 });
        warmer.warmUp();
        for (int i = 0; i < 5; ++i) { // 5 × 150 ms: well past 300 ms from the first sign
            QTest::qWait(150);
            QVERIFY(warmer.isKeepingWarm());
            warmer.warmUp();
        }
        QTRY_VERIFY_WITH_TIMEOUT(!warmer.isKeepingWarm(), 3000);
    }

    void zeroKeepWarmConnectsOnlyWhenAsked()
    {
        int asked = 0;
        desk::ConnectionWarmer warmer([&asked] { ++asked; }, { 20, 0 });
        warmer.warmUp();
        QCOMPARE(asked, 1);
        QVERIFY(!warmer.isKeepingWarm());
        QTest::qWait(100);
        QCOMPARE(asked, 1);
    }
};

QTEST_GUILESS_MAIN(TestDeskConnectionWarmer)
#include "test_desk_connectionwarmer.moc"
