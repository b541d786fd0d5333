// No handshake at the counter (issue 16): Session::warmUp() opens the connection before the scan and
// opens it again after the server closed it while idle. The simulator runs over HTTPS with a connect
// delay (what TCP + TLS set-up costs over a real network) and an idle timeout (WeChat Pay's front
// ends close idle connections); a scan on a fresh connection waits the whole delay, one on a
// pre-connected connection does not.
#include "deskfixture.h"

#include <QElapsedTimer>
#include <QTest>

namespace {

constexpr int kConnectDelayMs = 1000;
constexpr int kIdleTimeoutSecs = 2;

sim::SimulatorOptions slowToConnect()
{
    sim::SimulatorOptions o;
    o.https = true;
    o.connectDelayMs = kConnectDelayMs;
    o.idleTimeoutSecs = kIdleTimeoutSecs;
    return o;
}

} // namespace

class TestDeskPreconnect : public QObject
{
    Q_OBJECT

    // Redeems the index-th usable demo coupon (one call: stock and openid given) and returns the
    // milliseconds from the request to its outcome.
    qint64 timedRedeem(desktest::Fixture &f, int index)
    {
        const QString code = f.usable(index);
        QElapsedTimer t;
        t.start();
        const desk::OperationResult r
            = f.wait(f.session->desk().redeem(f.cashier(), code, f.stockOf(code), f.openidOf(code)));
        const qint64 ms = t.elapsed();
        if (r.outcome != desk::Outcome::Succeeded)
            qWarning("redeem: %s", qPrintable(r.message.headline + QLatin1Char(' ') + r.error.toString()));
        return r.outcome == desk::Outcome::Succeeded ? ms : -1;
    }

private Q_SLOTS:
    void scanAfterTheServerClosedTheConnectionPaysTheHandshake()
    {
        // The control: without warmUp() the scan opens a connection and waits the whole delay.
        desktest::Fixture f;
        QVERIFY(f.open(slowToConnect(), 5000));
        QTRY_COMPARE_WITH_TIMEOUT(
            f.simulator->openConnections(), 0, 10000); // the download's connection closed
        const qint64 ms = timedRedeem(f, 0);
        QVERIFY(ms >= 0);
        QVERIFY2(ms >= kConnectDelayMs - 50, qPrintable(QString::number(ms)));
    }

    void warmUpOpensItBeforeTheScanAndAgainAfterTheServerClosedIt()
    {
        desktest::Fixture f;
        f.warmth = { 100, 60 * 1000 };
        QVERIFY(f.open(slowToConnect(), 5000));
        QTRY_COMPARE_WITH_TIMEOUT(f.simulator->openConnections(), 0, 10000); // as in the control

        // The window is shown or a code begins: the connection is opened while the cashier scans.
        f.session->warmUp();
        QTRY_COMPARE(f.simulator->openConnections(), 1); // ready: past the connect delay
        qint64 ms = timedRedeem(f, 0);
        QVERIFY(ms >= 0);
        QVERIFY2(ms < kConnectDelayMs / 2, qPrintable(QString::number(ms)));

        // The server closes it after 2 s idle; the warmer opens a new one by itself, ready for the
        // next scan.
        QTRY_COMPARE_WITH_TIMEOUT(f.simulator->openConnections(), 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(f.simulator->openConnections(), 1, 10000);
        ms = timedRedeem(f, 1);
        QVERIFY(ms >= 0);
        QVERIFY2(ms < kConnectDelayMs / 2, qPrintable(QString::number(ms)));
    }
};

QTEST_GUILESS_MAIN(TestDeskPreconnect)
#include "test_desk_preconnect.moc"
