// bulk_bench: bulk void at scale (a benchmark, not a test; ctest never runs it).
//
//   bulk_bench [--coupons N] [--concurrency C] [--rate QPS] [--history-dir DIR] [--in-process]
//              [--fault deactivate:status_429:p0.05 …] [--timeout-ms MS] [--https]
//
// Seeds a simulator with N usable coupons, then voids all of them with BulkVoidJob through the real
// stack (Desk, journal file: inserts synced at commit, outcomes with the next insert, signed HTTP over
// loopback, verified answers). By default the simulator is the separate executable wechatpay-sim, so the CPU
// time measured is the client's alone; --in-process runs it inside this process instead (then CPU time
// includes it). Prints coupons per second (wall clock) and the client's CPU time per coupon (user + system).
#include "bulkseed.h"
#include "cputime.h"
#include "simharness.h"

#include "desk/bulkvoid.h"
#include "desk/session.h"
#include "desk/settings.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

namespace {

int fail(const QString &message)
{
    QTextStream(stderr) << "bulk_bench: " << message << '\n';
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Bulk void benchmark against the WeChat Pay simulator on loopback."));
    parser.addHelpOption();
    const QCommandLineOption couponsOpt(QStringLiteral("coupons"),
        QStringLiteral("Coupons to void (default 10000)."), QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption concurrencyOpt(QStringLiteral("concurrency"),
        QStringLiteral("Voids in flight (default: desk::BulkVoidOptions, 8)."), QStringLiteral("C"),
        QString::number(desk::BulkVoidOptions {}.concurrency));
    const QCommandLineOption rateOpt(QStringLiteral("rate"),
        QStringLiteral("Requests per second, 0 = no limit (default 0)."), QStringLiteral("QPS"),
        QStringLiteral("0"));
    const QCommandLineOption historyOpt(QStringLiteral("history-dir"),
        QStringLiteral("Folder for the history database (default: a temporary folder)."),
        QStringLiteral("DIR"));
    const QCommandLineOption inProcessOpt(
        QStringLiteral("in-process"), QStringLiteral("Run the simulator inside this process."));
    const QCommandLineOption faultOpt(QStringLiteral("fault"),
        QStringLiteral(
            "A simulator fault, as wechatpay-sim --fault (e.g. deactivate:status_429:p0.05); repeatable."),
        QStringLiteral("SPEC"));
    const QCommandLineOption timeoutOpt(QStringLiteral("timeout-ms"),
        QStringLiteral("The client's total timeout per request (default 10000)."), QStringLiteral("MS"),
        QStringLiteral("10000"));
    const QCommandLineOption httpsOpt(
        QStringLiteral("https"), QStringLiteral("The simulator serves HTTPS (as WeChat Pay does)."));
    parser.addOptions(
        { couponsOpt, concurrencyOpt, rateOpt, historyOpt, inProcessOpt, faultOpt, timeoutOpt, httpsOpt });
    parser.process(app);
    const int n = parser.value(couponsOpt).toInt();
    const int concurrency = parser.value(concurrencyOpt).toInt();
    const double rate = parser.value(rateOpt).toDouble();
    if (n < 1 || concurrency < 1)
        return fail(QStringLiteral("--coupons and --concurrency must be positive"));

    QTemporaryDir work;
    const QString seedPath = work.filePath(QStringLiteral("seed.json"));
    {
        QFile seed(seedPath);
        if (!seed.open(QIODevice::WriteOnly) || seed.write(bulktest::bulkSeedJson(n)) < 0)
            return fail(QStringLiteral("cannot write the seed"));
    }
    const QString ini = work.filePath(QStringLiteral("client.ini"));

    std::unique_ptr<sim::Simulator> inProcess;
#ifdef WECHATPAY_SIM_EXECUTABLE
    simtest::SimProcess process;
#endif
    QString where;
    if (parser.isSet(inProcessOpt)) {
        sim::SimulatorOptions o;
        o.seedFile = seedPath;
        o.dataDir = work.filePath(QStringLiteral("sim"));
        o.https = parser.isSet(httpsOpt);
        inProcess = std::make_unique<sim::Simulator>(o);
        if (auto st = inProcess->start(); !st)
            return fail(st.error().toString());
        if (auto st = inProcess->writeClientConfig(ini); !st)
            return fail(st.error().toString());
        for (const QString &f : parser.values(faultOpt))
            if (auto st = inProcess->addFault(f); !st)
                return fail(st.error().toString());
        where = QStringLiteral("in-process simulator");
    } else {
#ifdef WECHATPAY_SIM_EXECUTABLE
        QStringList args { QStringLiteral("--data"), work.filePath(QStringLiteral("sim")),
            QStringLiteral("--seed"), seedPath, QStringLiteral("--write-client-config"), ini };
        for (const QString &f : parser.values(faultOpt))
            args << QStringLiteral("--fault") << f;
        if (parser.isSet(httpsOpt))
            args << QStringLiteral("--https");
        if (!process.start(args, 60000))
            return fail(
                QStringLiteral("wechatpay-sim did not start: ") + QString::fromUtf8(process.standardError()));
        where = QStringLiteral("wechatpay-sim in a separate process");
#else
        return fail(QStringLiteral("built without wechatpay-sim; use --in-process"));
#endif
    }

    auto loaded = desk::Settings::load(ini);
    if (!loaded)
        return fail(loaded.error().toString());
    desk::Settings settings = loaded.value();
    const QString historyDir = parser.isSet(historyOpt) ? parser.value(historyOpt) : work.path();
    settings.historyDb = historyDir + QStringLiteral("/bulk-bench-history.sqlite");
    QFile::remove(settings.historyDb);
    settings.totalTimeoutMs = parser.value(timeoutOpt).toInt();
    settings.connectTimeoutMs = qMin(settings.connectTimeoutMs, settings.totalTimeoutMs);
    settings.staff = { { QStringLiteral("m01"), QStringLiteral("店长"), desk::Role::Manager,
        desk::hashPin(QStringLiteral("2468"), 1000) } };
    desk::FileSecretStore secrets(work.path());
    wechatpay::SystemClock clock;
    desk::SessionOptions so;
    so.reconcileIntervalMs = 0;
    auto session = desk::Session::open(settings, secrets, clock, so);
    if (!session)
        return fail(session.error().toString());
    {
        QEventLoop loop;
        QObject::connect(session.value().get(), &desk::Session::ready, &loop, &QEventLoop::quit);
        QObject::connect(session.value().get(), &desk::Session::failed, &loop, &QEventLoop::quit);
        session.value()->start();
        if (!session.value()->isReady())
            loop.exec();
        if (!session.value()->isReady())
            return fail(QStringLiteral("the session did not become ready"));
    }
    desk::Session &s = *session.value();
    const auto manager = s.verifyPin(QStringLiteral("m01"), QStringLiteral("2468")).session;

    desk::BulkParseOptions po;
    po.defaultReason = QStringLiteral("基准测试");
    const desk::BulkPreview preview = desk::parseBulkFile(bulktest::bulkCsv(1, n, true), po);
    auto manifest = desk::makeBulkManifest(preview, QStringLiteral("bench.csv"), po.defaultReason, {},
        *manager, false, QDateTime::currentDateTime());
    if (!manifest)
        return fail(manifest.error().message);

    desk::BulkVoidOptions bo;
    bo.concurrency = concurrency;
    bo.ratePerSec = rate;
    desk::BulkVoidJob job(s.desk(), manifest.value(), *manager, bo);
    desk::BulkSummary summary;
    QEventLoop loop;
    QObject::connect(&job, &desk::BulkVoidJob::finished, &loop, [&](const desk::BulkSummary &r) {
        summary = r;
        loop.quit();
    });
    const benchutil::CpuTime cpuBefore = benchutil::processCpuTime(); // getrusage / GetProcessTimes
    QElapsedTimer wall;
    wall.start();
    job.start();
    loop.exec();
    const double seconds = static_cast<double>(wall.elapsed()) / 1000.0;
    const benchutil::CpuTime used = benchutil::processCpuTime() - cpuBefore;
    const double cpu = static_cast<double>(used.totalUs()) / 1000.0;

    QTextStream out(stdout);
    out << "bulk_bench: " << n << " coupons, concurrency " << concurrency << ", rate "
        << (rate > 0 ? QString::number(rate) : QStringLiteral("unlimited")) << ", " << where
        << (parser.isSet(httpsOpt) ? ", HTTPS" : "") << ", history in " << historyDir << '\n';
    out << "  voided " << summary.voided << ", failed " << summary.failed << ", uncertain "
        << summary.uncertain << '\n';
    out << "  wall " << QString::number(seconds, 'f', 2) << " s  ->  " << QString::number(n / seconds, 'f', 1)
        << " coupons/s\n";
    out << "  client CPU " << QString::number(cpu / 1000.0, 'f', 2) << " s  ->  "
        << QString::number(cpu / n, 'f', 3) << " ms per coupon (user + system; user "
        << QString::number(static_cast<double>(used.userUs) / 1000.0 / n, 'f', 3) << ", system "
        << QString::number(static_cast<double>(used.systemUs) / 1000.0 / n, 'f', 3) << ")\n";
    return summary.voided == n ? 0 : 1;
}
