// Unit tests of the status bar's truth (desk/connectionstatus.h): the last call's outcome, since when
// WeChat Pay is unreachable, clock skew worth a warning, unconfirmed rows. No network.
#include "desk/connectionstatus.h"

#include <QTest>

class TestDeskConnectionStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statusFollowsTheCalls()
    {
        const QDateTime t0(QDate(2026, 12, 5), QTime(14, 3));
        desk::ConnectionStatus s;
        QCOMPARE(s.line().text, QStringLiteral("Connecting to WeChat Pay…"));
        QVERIFY(!s.line().healthy);
        s.setReady(true);
        QCOMPARE(desk::connectionStatusLine(s.state(), t0).text, QStringLiteral("WeChat Pay: no call yet"));

        s.observeCall(true, t0);
        auto line = desk::connectionStatusLine(s.state(), t0.addSecs(60));
        QCOMPARE(line.text, QStringLiteral("WeChat Pay answered at 14:03"));
        QVERIFY(line.healthy);

        // The outage begins at the first failed call and stays "since" that time.
        s.observeCall(false, t0.addSecs(120));
        s.observeCall(false, t0.addSecs(600));
        line = desk::connectionStatusLine(s.state(), t0.addSecs(700));
        QCOMPARE(line.text, QStringLiteral("WeChat Pay unreachable since 14:05"));
        QVERIFY(!line.healthy);
        s.setUnsettled(2);
        QCOMPARE(desk::connectionStatusLine(s.state(), t0.addSecs(700)).text,
            QStringLiteral("WeChat Pay unreachable since 14:05 · 2 not confirmed"));

        // Back: the next answer ends it.
        s.observeCall(true, t0.addSecs(900));
        s.setUnsettled(0);
        QCOMPARE(desk::connectionStatusLine(s.state(), t0.addSecs(901)).text,
            QStringLiteral("WeChat Pay answered at 14:18"));

        // A clock far off is a warning even while calls are answered; a few seconds are not.
        s.observeSkew(3);
        QVERIFY(desk::connectionStatusLine(s.state(), t0.addSecs(901)).healthy);
        s.observeSkew(-95);
        line = desk::connectionStatusLine(s.state(), t0.addSecs(901));
        QCOMPARE(line.text, QStringLiteral("WeChat Pay answered at 14:18 · clock off by -95 s"));
        QVERIFY(!line.healthy);
        // Another day's time carries its date.
        QCOMPARE(desk::connectionStatusLine(s.state(), t0.addDays(1)).text,
            QStringLiteral("WeChat Pay answered at 12-05 14:18 · clock off by -95 s"));

        s.setReady(false, QStringLiteral("no platform certificate"));
        QCOMPARE(s.line().text.left(31), QStringLiteral("WeChat Pay: no platform certifi"));
    }
};

QTEST_GUILESS_MAIN(TestDeskConnectionStatus)
#include "test_desk_connectionstatus.moc"
