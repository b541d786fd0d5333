// Connection costs: --connect-delay holds a new connection before its first request is read (kept-alive
// requests are not delayed), --idle-timeout closes a kept-alive connection nobody uses. Timed with
// QElapsedTimer on hand-written HTTP/1.1 over one QTcpSocket/QSslSocket (GET /__sim/info: no signature).
#include "simharness.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QTimer>

#include <functional>

namespace {

constexpr int kDelayMs = 300;

// One kept-alive connection to the simulator, driven by the event loop (the simulator lives in this
// thread). Times are taken in the signal handlers, not when a wait notices them.
class Connection
{
public:
    explicit Connection(const sim::Simulator &simulator)
        : m_host(simulator.baseUrl().host())
        , m_port(simulator.port())
        , m_https(simulator.baseUrl().scheme() == QLatin1String("https"))
        , m_disconnected(&m_socket, &QAbstractSocket::disconnected)
    {
        m_clock.start();
        QObject::connect(&m_socket, &QIODevice::readyRead, &m_socket, [this] {
            m_data += m_socket.readAll();
            const simtest::RawResponse r = simtest::parseRawResponse(m_data);
            if (r.status != 0 && r.body.size() >= r.header("Content-Length").toLongLong()) {
                m_status = r.status;
                m_answeredAt = m_clock.elapsed();
                wake();
            }
        });
        QObject::connect(
            &m_socket, &QAbstractSocket::disconnected, &m_socket, [this] { m_closedAt = m_clock.elapsed(); });
    }

    bool open()
    {
        m_openedAt = m_clock.elapsed();
        if (m_https) {
            m_socket.setPeerVerifyMode(QSslSocket::VerifyNone);
            QObject::connect(&m_socket, &QSslSocket::encrypted, &m_socket, [this] {
                m_readyAt = m_clock.elapsed();
                wake();
            });
            m_socket.connectToHostEncrypted(m_host, m_port);
        } else {
            QObject::connect(&m_socket, &QAbstractSocket::connected, &m_socket, [this] {
                m_readyAt = m_clock.elapsed();
                wake();
            });
            m_socket.connectToHost(m_host, m_port);
        }
        return waitUntil([this] { return m_readyAt >= 0; });
    }

    // GET, kept alive; the answer's status (0: none within 5 s).
    int get(const QByteArray &path = "/__sim/info")
    {
        m_data.clear();
        m_status = 0;
        m_sentAt = m_clock.elapsed();
        m_socket.write("GET " + path + " HTTP/1.1\r\nHost: " + m_host.toLatin1() + "\r\n\r\n");
        (void)waitUntil([this] { return m_status != 0; });
        return m_status;
    }

    qint64 sinceOpen() const { return m_answeredAt - m_openedAt; } // connecting → the last answer
    qint64 sinceReady() const
    {
        return m_answeredAt - m_readyAt;
    } // connected (TLS: encrypted) → the last answer
    qint64 lastRequest() const { return m_answeredAt - m_sentAt; } // the last request → its answer
    qint64 closedAfterAnswer() const { return m_closedAt - m_answeredAt; }
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QSignalSpy &disconnected() { return m_disconnected; }

private:
    // Like QTest::qWaitFor, without its 10 ms sleeps between event batches (they would be measured).
    bool waitUntil(const std::function<bool()> &done, int timeoutMs = 5000)
    {
        const QDeadlineTimer deadline(timeoutMs, Qt::PreciseTimer);
        while (!done() && !deadline.hasExpired()) {
            QEventLoop loop;
            QTimer::singleShot(deadline.remainingTime(), Qt::PreciseTimer, &loop, &QEventLoop::quit);
            m_waiting = &loop;
            loop.exec();
            m_waiting = nullptr;
        }
        return done();
    }

    void wake()
    {
        if (m_waiting)
            m_waiting->quit();
    }

    QEventLoop *m_waiting = nullptr;
    QString m_host;
    quint16 m_port;
    bool m_https;
    QSslSocket m_socket;
    QByteArray m_data;
    int m_status = 0;
    QElapsedTimer m_clock;
    qint64 m_openedAt = -1;
    qint64 m_readyAt = -1;
    qint64 m_sentAt = -1;
    qint64 m_answeredAt = -1;
    qint64 m_closedAt = -1;
    QSignalSpy m_disconnected;
};

// Milliseconds of a fresh connection's first request (from connecting) and of the second on it.
struct Timings
{
    qint64 first = -1;
    qint64 second = -1;
};

Timings timeTwoRequests(const sim::Simulator &simulator)
{
    Timings t;
    Connection c(simulator);
    if (!c.open() || c.get() != 200)
        return t;
    t.first = c.sinceOpen();
    if (c.get() != 200 || !c.isOpen())
        return t;
    t.second = c.lastRequest();
    return t;
}

} // namespace

class TestSimConnections : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void connectDelayHoldsOnlyTheFirstRequestOfAConnection();
    void connectDelayAppliesAfterTheTlsHandshake();
    void connectDelayIsChangedAtRunTime();
    void idleConnectionIsClosedAfterTheIdleTimeout();
    void connectionUsedWithinTheIdleTimeoutStaysOpen();
    void slowAnswerIsNotIdle();
    void controlEndpointSetsBoth();
};

void TestSimConnections::connectDelayHoldsOnlyTheFirstRequestOfAConnection()
{
    sim::SimulatorOptions o;
    o.connectDelayMs = kDelayMs;
    auto simulator = simtest::startSimulator(o);
    QVERIFY(simulator);
    const Timings t = timeTwoRequests(*simulator);
    qInfo("connect delay %d ms: first request %lld ms, second on the same connection %lld ms", kDelayMs,
        t.first, t.second);
    QVERIFY(t.first >= kDelayMs);
    QVERIFY(t.second >= 0);
    QVERIFY(t.second < kDelayMs / 2);
}

void TestSimConnections::connectDelayAppliesAfterTheTlsHandshake()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    sim::SimulatorOptions o;
    o.https = true;
    o.connectDelayMs = kDelayMs;
    auto simulator = simtest::startSimulator(o);
    QVERIFY(simulator);
    Connection c(*simulator);
    QVERIFY(c.open()); // the handshake itself is not held
    QCOMPARE(simulator->openConnections(), 0); // …but the connection is not served yet
    QTRY_COMPARE(simulator->waitingConnections(), 1);
    QCOMPARE(c.get(), 200);
    QCOMPARE(simulator->openConnections(), 1);
    QCOMPARE(simulator->waitingConnections(), 0);
    const qint64 first = c.sinceReady();
    QCOMPARE(c.get(), 200);
    const qint64 second = c.lastRequest();
    qInfo("HTTPS, connect delay %d ms: first request after the handshake %lld ms, second %lld ms", kDelayMs,
        first, second);
    QVERIFY(first >= kDelayMs);
    QVERIFY(second < kDelayMs / 2);
}

void TestSimConnections::connectDelayIsChangedAtRunTime()
{
    auto simulator = simtest::startSimulator();
    QVERIFY(simulator);
    QCOMPARE(simulator->connectDelayMs(), 0);
    Timings t = timeTwoRequests(*simulator);
    QVERIFY(t.first >= 0 && t.first < kDelayMs / 2);

    simulator->setConnectDelayMs(kDelayMs);
    QCOMPARE(simulator->connectDelayMs(), kDelayMs);
    t = timeTwoRequests(*simulator);
    QVERIFY(t.first >= kDelayMs);
    QVERIFY(t.second >= 0 && t.second < kDelayMs / 2);

    simulator->setConnectDelayMs(0);
    t = timeTwoRequests(*simulator);
    QVERIFY(t.first >= 0 && t.first < kDelayMs / 2);
}

void TestSimConnections::idleConnectionIsClosedAfterTheIdleTimeout()
{
    sim::SimulatorOptions o;
    o.idleTimeoutSecs = 1;
    auto simulator = simtest::startSimulator(o);
    QVERIFY(simulator);
    Connection used(*simulator);
    Connection silent(*simulator); // never sends a byte
    QVERIFY(used.open());
    QVERIFY(silent.open());
    QCOMPARE(used.get(), 200);
    QTRY_COMPARE(simulator->openConnections(), 2); // both served (no connect delay here)
    QVERIFY(used.disconnected().wait(1000 + 2000));
    const qint64 closedAfter = used.closedAfterAnswer();
    qInfo("idle timeout 1 s: the server closed the connection %lld ms after its last answer", closedAfter);
    QVERIFY(closedAfter >= 950); // the timer starts when the answer is written, just before it is read
    QVERIFY(silent.disconnected().count() == 1 || silent.disconnected().wait(2000));
    QTRY_COMPARE(simulator->openConnections(), 0);
}

void TestSimConnections::connectionUsedWithinTheIdleTimeoutStaysOpen()
{
    auto simulator = simtest::startSimulator();
    QVERIFY(simulator);
    QCOMPARE(simulator->idleTimeoutSecs(), 0);
    simulator->setIdleTimeoutSecs(1);
    Connection c(*simulator);
    QVERIFY(c.open());
    for (int i = 0; i < 3; ++i) { // 3 × 600 ms: longer than the timeout, never idle that long
        QCOMPARE(c.get(), 200);
        QVERIFY(!c.disconnected().wait(600));
        QVERIFY(c.isOpen());
    }
    QCOMPARE(c.get(), 200);
    QVERIFY(c.disconnected().wait(1000 + 2000));

    // 0 switches it off, also for a connection already open.
    simulator->setIdleTimeoutSecs(0);
    Connection kept(*simulator);
    QVERIFY(kept.open());
    QCOMPARE(kept.get(), 200);
    QVERIFY(!kept.disconnected().wait(1500));
}

void TestSimConnections::slowAnswerIsNotIdle()
{
    sim::SimulatorOptions o;
    o.idleTimeoutSecs = 1;
    auto simulator = simtest::startSimulator(o);
    QVERIFY(simulator);
    QVERIFY(simulator->addFault(QStringLiteral("stock:delay:1:1600")));
    Connection c(*simulator);
    QVERIFY(c.open());
    // Unsigned: the (delayed) answer is an error, which is enough: the request is in progress for 1.6 s.
    QVERIFY(c.get("/v3/marketing/busifavor/stocks/1212000000000001") >= 400);
    QVERIFY(c.lastRequest() >= 1600);
    QVERIFY(c.isOpen());
    QVERIFY(c.disconnected().wait(1000 + 2000)); // idle after the answer
    QVERIFY(c.closedAfterAnswer() >= 950);
}

void TestSimConnections::controlEndpointSetsBoth()
{
    auto simulator = simtest::startSimulator();
    QVERIFY(simulator);
    const QUrl base = simulator->baseUrl();
    QJsonObject o = simtest::control(base, "GET", "/__sim/connections").object();
    QCOMPARE(o.value(QLatin1String("connect_delay_ms")).toInt(-1), 0);
    QCOMPARE(o.value(QLatin1String("idle_timeout_s")).toInt(-1), 0);

    o = simtest::control(base, "POST", "/__sim/connections", R"({"connect_delay_ms":250,"idle_timeout_s":7})")
            .object();
    QCOMPARE(o.value(QLatin1String("connect_delay_ms")).toInt(-1), 250);
    QCOMPARE(o.value(QLatin1String("idle_timeout_s")).toInt(-1), 7);
    QCOMPARE(simulator->connectDelayMs(), 250);
    QCOMPARE(simulator->idleTimeoutSecs(), 7);
    QVERIFY(timeTwoRequests(*simulator).first >= 250);

    // One of them alone; the other is kept.
    o = simtest::control(base, "POST", "/__sim/connections", R"({"connect_delay_ms":0})").object();
    QCOMPARE(o.value(QLatin1String("connect_delay_ms")).toInt(-1), 0);
    QCOMPARE(o.value(QLatin1String("idle_timeout_s")).toInt(-1), 7);

    for (const QByteArray &body : { QByteArray("{}"), QByteArray(R"({"connect_delay_ms":-1})"),
             QByteArray(R"({"idle_timeout_s":"5"})"), QByteArray(R"({"idle_timeout_s":1.5})") }) {
        o = simtest::control(base, "POST", "/__sim/connections", body).object();
        QCOMPARE(o.value(QLatin1String("code")).toString(), QStringLiteral("PARAM_ERROR"));
    }
    QCOMPARE(simulator->connectDelayMs(), 0);
    QCOMPARE(simulator->idleTimeoutSecs(), 7);
}

QTEST_GUILESS_MAIN(TestSimConnections)
#include "test_sim_connections.moc"
