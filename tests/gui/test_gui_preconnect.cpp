// No handshake at the counter (issue 16), as the cashier works: the window coming to the front and
// the first character of a scan open the connection to WeChat Pay, so the scan's Enter finds it
// ready. The simulator makes a new connection wait 1 s (a handshake over a real network) and closes
// connections idle for 2 s; the warmer's keep-warm time is cut to nothing here, so only the
// window's own triggers can have opened the connection the scan uses.
#include "guifixture.h"

#include "gui/redeempage.h"

#include <QElapsedTimer>
#include <QSignalSpy>

namespace {

constexpr int kConnectDelayMs = 1000;
constexpr int kIdleTimeoutSecs = 2;

} // namespace

class TestGuiPreconnect : public QObject
{
    Q_OBJECT

    // A fixture whose connections from the start (certificate download, window shown) are closed.
    bool openIdle(guitest::GuiFixture &g)
    {
        g.f.warmth = { 100, 1 }; // pre-connect when asked, never again by itself
        sim::SimulatorOptions o;
        o.https = true;
        o.connectDelayMs = kConnectDelayMs;
        o.idleTimeoutSecs = kIdleTimeoutSecs;
        if (!g.open(5000, o))
            return false;
        return noConnection(g);
    }

    // Whatever the start or another window opened has been closed by the server, and nothing waits.
    static bool noConnection(guitest::GuiFixture &g)
    {
        if (!QTest::qWaitFor(
                [&g] {
                    return g.f.simulator->openConnections() == 0 && g.f.simulator->waitingConnections() == 0;
                },
                15000))
            return false;
        // The client's network thread takes the server's close in on its own time, and Qt offers no
        // signal for it: until then a pre-connect finds the old connection "open" and does nothing.
        QTest::qWait(500);
        return true;
    }

    // Types the rest of the code, Enter; milliseconds from Enter to the result (-1: not a success).
    qint64 finishScan(guitest::GuiFixture &g, const QString &rest)
    {
        QLineEdit *edit = g.find<QLineEdit>("couponCodeEdit");
        QTest::keyClicks(edit, rest);
        QSignalSpy finished(g.window->redeemPage(), &gui::RedeemPage::operationFinished);
        QElapsedTimer t;
        t.start();
        QTest::keyClick(edit, Qt::Key_Return);
        if (!finished.wait(10000))
            return -1;
        const qint64 ms = t.elapsed();
        return g.kind("redeemPage") == QLatin1String("success") ? ms : -1;
    }

private Q_SLOTS:
    void initTestCase() { Q_INIT_RESOURCE(coupondesk); }

    void firstCharacterOfAScanOpensTheConnection()
    {
        guitest::GuiFixture g;
        QVERIFY(openIdle(g));
        const QString code = g.f.usable(0);
        g.chooseStock(g.f.stockOf(code));
        QTest::keyClicks(g.find<QLineEdit>("couponCodeEdit"), code.left(1));
        QTRY_COMPARE(g.f.simulator->openConnections(), 1); // a cashier typing by hand (a scanner: the bench)
        const qint64 ms = finishScan(g, code.mid(1));
        QVERIFY(ms >= 0);
        QVERIFY2(ms < kConnectDelayMs / 2, qPrintable(QString::number(ms)));
    }

    void windowComingToTheFrontOpensTheConnection()
    {
        guitest::GuiFixture g;
        QVERIFY(openIdle(g));
        const QString code = g.f.usable(1);
        g.chooseStock(g.f.stockOf(code));
        QWidget other; // another program had the front
        other.show();
        other.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&other));
        QVERIFY(noConnection(g));
        g.window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(g.window.get()));
        QTRY_COMPARE(g.f.simulator->openConnections(), 1);
        // The whole code as a scanner types it: its first character finds the connection open.
        const qint64 ms = finishScan(g, code);
        QVERIFY(ms >= 0);
        QVERIFY2(ms < kConnectDelayMs / 2, qPrintable(QString::number(ms)));
    }
};

QTEST_MAIN(TestGuiPreconnect)
#include "test_gui_preconnect.moc"
