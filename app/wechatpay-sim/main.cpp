// wechatpay-sim: a faithful local WeChat Pay server on loopback (composition root only).
// Flags and behaviour: src/simulator/README.md.
#include "simulator/simulator.h"

#include "wechatpay/httpclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QStandardPaths>
#include <QTextStream>

#include <csignal>
#include <cstdio>

#ifdef Q_OS_UNIX
#include <QSocketNotifier>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace {

#ifdef Q_OS_UNIX
int g_signalPipe[2] = { -1, -1 };

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &c, 1); // async-signal-safe
}

void installQuitOnSignals(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [notifier] {
        notifier->setEnabled(false);
        char c = 0;
        [[maybe_unused]] const auto n = ::read(g_signalPipe[0], &c, 1);
        QCoreApplication::quit();
    });
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGHUP, &sa, nullptr);
}
#else
void onSignal(int)
{
    QMetaObject::invokeMethod(QCoreApplication::instance(), &QCoreApplication::quit, Qt::QueuedConnection);
}

void installQuitOnSignals(QCoreApplication &)
{
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}
#endif

int fail(const QString &message, int code = 2)
{
    QTextStream(stderr) << "wechatpay-sim: " << message << Qt::endl;
    return code;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("wechatpay-sim"));
    QCoreApplication::setOrganizationName(QStringLiteral("CouponDesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(COUPONDESK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A faithful local WeChat Pay (APIv3 busifavor) server on loopback, for tests and demos.\n"
        "Prints \"wechatpay-sim listening on URL\" on stdout once it accepts requests."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption host(QStringLiteral("host"),
        QStringLiteral("Loopback address to listen on (127.0.0.1, ::1, localhost)."), QStringLiteral("host"),
        QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port (0: any free port)."),
        QStringLiteral("port"), QStringLiteral("0"));
    const QCommandLineOption data(QStringLiteral("data"),
        QStringLiteral("Data directory: keys, state.json (created on first start). "
                       "Default: the per-user application data directory."),
        QStringLiteral("dir"));
    const QCommandLineOption mode(QStringLiteral("mode"),
        QStringLiteral("How answers are signed: platform-cert, public-key or migrating."),
        QStringLiteral("mode"), QStringLiteral("platform-cert"));
    const QCommandLineOption seed(QStringLiteral("seed"),
        QStringLiteral("JSON seed for the first start (default: built-in demo)."), QStringLiteral("file"));
    const QCommandLineOption config(QStringLiteral("write-client-config"),
        QStringLiteral("Write the client settings (INI) to this file."), QStringLiteral("file"));
    const QCommandLineOption https(QStringLiteral("https"),
        QStringLiteral("Serve HTTPS with a generated certificate for 127.0.0.1/localhost."));
    const QCommandLineOption rate(QStringLiteral("rate-limit"),
        QStringLiteral("Requests/second per endpoint: endpoint=QPS or QPS for all; 0 = unlimited. "
                       "Repeatable. Default: use=500,certificates=1000."),
        QStringLiteral("spec"));
    const QCommandLineOption fault(QStringLiteral("fault"),
        QStringLiteral("Arm a fault: endpoint:name[:count|pPROBABILITY[:delay_ms]]. Repeatable."),
        QStringLiteral("spec"));
    const QCommandLineOption clockOffset(QStringLiteral("clock-offset"),
        QStringLiteral("Seconds added to the simulator's clock."), QStringLiteral("secs"),
        QStringLiteral("0"));
    const QCommandLineOption connectDelay(QStringLiteral("connect-delay"),
        QStringLiteral("Milliseconds a new connection (after the TLS handshake) waits before it is read: "
                       "the cost of a handshake over a real network. Kept-alive requests are not delayed."),
        QStringLiteral("ms"), QStringLiteral("0"));
    const QCommandLineOption idleTimeout(QStringLiteral("idle-timeout"),
        QStringLiteral("Close a kept-alive connection idle (no request in progress, no byte received) "
                       "for this many seconds; 0 = never."),
        QStringLiteral("secs"), QStringLiteral("0"));
    const QCommandLineOption codes(
        QStringLiteral("print-demo-codes"), QStringLiteral("Print coupon codes to try, then serve."));
    parser.addOptions({ host, port, data, mode, seed, config, https, rate, fault, clockOffset, connectDelay,
        idleTimeout, codes });
    parser.process(app);

    sim::SimulatorOptions options;
    options.host = parser.value(host);
    if (!wechatpay::isLoopbackHost(options.host))
        return fail(
            QStringLiteral("--host must be a loopback address (127.0.0.1, ::1 or localhost); refusing %1")
                .arg(options.host));
    bool ok = false;
    const uint portValue = parser.value(port).toUInt(&ok);
    if (!ok || portValue > 65535)
        return fail(QStringLiteral("--port must be 0..65535"));
    options.port = static_cast<quint16>(portValue);
    options.dataDir = parser.isSet(data)
        ? parser.value(data)
        : QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    const auto verifyMode = sim::verifyModeFromName(parser.value(mode));
    if (!verifyMode)
        return fail(QStringLiteral("--mode must be platform-cert, public-key or migrating"));
    options.mode = *verifyMode;
    options.seedFile = parser.value(seed);
    options.https = parser.isSet(https);
    for (const QString &spec : parser.values(rate)) {
        for (const QString &part : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const qsizetype eq = part.indexOf(QLatin1Char('='));
            const QString endpoint = eq < 0 ? QStringLiteral("*") : part.left(eq);
            const double qps = (eq < 0 ? part : part.mid(eq + 1)).toDouble(&ok);
            if (!ok
                || (endpoint != QLatin1String("*")
                    && sim::endpointFromName(endpoint) == sim::Endpoint::Unknown))
                return fail(QStringLiteral("--rate-limit: cannot read \"%1\"").arg(part));
            if (endpoint == QLatin1String("*")) {
                for (const QString &e : sim::allEndpointNames())
                    options.rateLimits.insert(e, qps);
            } else {
                options.rateLimits.insert(endpoint, qps);
            }
        }
    }
    for (const QString &spec : parser.values(fault)) {
        auto f = sim::FaultSpec::fromArgument(spec);
        if (!f)
            return fail(f.error().message);
        options.faults << f.value();
    }
    const qint64 offset = parser.value(clockOffset).toLongLong(&ok);
    if (!ok)
        return fail(QStringLiteral("--clock-offset must be a number of seconds"));
    options.connectDelayMs = parser.value(connectDelay).toInt(&ok);
    if (!ok || options.connectDelayMs < 0 || options.connectDelayMs > sim::Simulator::kMaxConnectDelayMs)
        return fail(QStringLiteral("--connect-delay must be 0..%1 milliseconds")
                        .arg(sim::Simulator::kMaxConnectDelayMs));
    options.idleTimeoutSecs = parser.value(idleTimeout).toInt(&ok);
    if (!ok || options.idleTimeoutSecs < 0 || options.idleTimeoutSecs > sim::Simulator::kMaxIdleTimeoutSecs)
        return fail(
            QStringLiteral("--idle-timeout must be 0..%1 seconds").arg(sim::Simulator::kMaxIdleTimeoutSecs));

    installQuitOnSignals(app);
    sim::Simulator simulator(options);
    simulator.setClockOffset(offset);
    if (auto st = simulator.start(); !st)
        return fail(st.error().toString(), 1);
    if (parser.isSet(config)) {
        if (auto st = simulator.writeClientConfig(parser.value(config)); !st)
            return fail(st.error().toString(), 1);
    }
    QTextStream out(stdout);
    if (parser.isSet(codes)) {
        for (const sim::DemoCode &c : simulator.demoCodes())
            out << c.couponCode << '\t' << c.stockId << '\t' << c.openid << '\t' << c.state << '\t' << c.note
                << '\n';
    }
    out << "wechatpay-sim listening on " << simulator.baseUrl().toString() << Qt::endl;
    return QCoreApplication::exec();
}
