// Load measurement (not a test): how many `coupons/use` requests per second the simulator sustains.
//
//   sim_bench [--seconds 5] [--concurrency 6] [--coupons 3000] [--in-process] [--https]
//
// By default the simulator runs as a separate process (app/wechatpay-sim, rate limits off) and this
// process is the client: the production ApiClient (signing every request, verifying every answer)
// over its keep-alive transport, `concurrency` requests in flight, each redeeming a different coupon.
// --in-process runs the simulator in this process and thread instead.
#include "simharness.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>

using namespace wechatpay;
using namespace wechatpay::busifavor;

namespace {

QByteArray seedJson(int coupons)
{
    QByteArray s
        = R"({"mchid":"1900000109","merchants":[{"mchid":"1900000109","appids":["wxbenchbenchbench01"]}],)"
          R"("stocks":[{"stock_id":"100088","stock_name":"压测券"}],"coupons":[)";
    for (int i = 0; i < coupons; ++i) {
        if (i)
            s += ',';
        s += R"({"coupon_code":"B)" + QByteArray::number(i).rightJustified(8, '0')
            + R"(","stock_id":"100088","openid":"oBench"})";
    }
    s += "]}";
    return s;
}

struct Target
{
    QUrl baseUrl;
    QString mchid;
    QString serial;
    PrivateKey key;
    Verifier verifier;
    QList<QSslCertificate> ca;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption secondsOpt(
        QStringLiteral("seconds"), QStringLiteral("Duration."), QStringLiteral("s"), QStringLiteral("5"));
    const QCommandLineOption concurrencyOpt(QStringLiteral("concurrency"),
        QStringLiteral("Requests in flight."), QStringLiteral("n"), QStringLiteral("6"));
    const QCommandLineOption couponsOpt(QStringLiteral("coupons"), QStringLiteral("Coupons in the seed."),
        QStringLiteral("n"), QStringLiteral("3000"));
    const QCommandLineOption inProcessOpt(
        QStringLiteral("in-process"), QStringLiteral("Simulator in this process."));
    const QCommandLineOption httpsOpt(QStringLiteral("https"), QStringLiteral("Over TLS."));
    parser.addOptions({ secondsOpt, concurrencyOpt, couponsOpt, inProcessOpt, httpsOpt });
    parser.process(app);
    const int seconds = parser.value(secondsOpt).toInt();
    const int concurrency = std::max(1, parser.value(concurrencyOpt).toInt());
    const int couponCount = parser.value(couponsOpt).toInt();
    const bool inProcess = parser.isSet(inProcessOpt);
    QTextStream out(stdout);

    QTemporaryDir dir;
    const QString seedFile = dir.filePath(QStringLiteral("seed.json"));
    {
        QFile f(seedFile);
        if (!f.open(QIODevice::WriteOnly))
            return 1;
        f.write(seedJson(couponCount));
    }

    Target target;
    std::unique_ptr<sim::Simulator> simulator;
#ifdef WECHATPAY_SIM_EXECUTABLE
    simtest::SimProcess process;
#endif
    if (inProcess) {
        sim::SimulatorOptions o;
        o.dataDir = dir.filePath(QStringLiteral("data"));
        o.seedFile = seedFile;
        o.rateLimits.clear();
        o.https = parser.isSet(httpsOpt);
        simulator = simtest::startSimulator(o);
        if (!simulator)
            return 1;
        target.baseUrl = simulator->baseUrl();
        target.ca = simulator->caCertificates();
    } else {
#ifdef WECHATPAY_SIM_EXECUTABLE
        QStringList args { QStringLiteral("--data"), dir.filePath(QStringLiteral("data")),
            QStringLiteral("--seed"), seedFile, QStringLiteral("--rate-limit"), QStringLiteral("0") };
        if (parser.isSet(httpsOpt))
            args << QStringLiteral("--https");
        if (!process.start(args)) {
            out << "cannot start wechatpay-sim\n";
            return 1;
        }
        target.baseUrl = process.url();
        if (parser.isSet(httpsOpt))
            target.ca = QSslCertificate::fromPath(dir.filePath(QStringLiteral("data/server/tls_cert.pem")));
#else
        out << "built without WECHATPAY_SIM_EXECUTABLE; use --in-process\n";
        return 1;
#endif
    }
    const QString data = dir.filePath(QStringLiteral("data"));
    target.key = PrivateKey::fromFile(data + QStringLiteral("/merchant/apiclient_key.pem")).value();
    const Certificate merchantCert
        = Certificate::fromFile(data + QStringLiteral("/merchant/apiclient_cert.pem")).value();
    target.serial = merchantCert.serialNumber();
    target.verifier.addPlatformCertificate(
        Certificate::fromFile(data + QStringLiteral("/server/platform_cert.pem")).value());

    SystemClock clock;
    RandomNonceSource nonces;
    RequestSigner signer(QStringLiteral("1900000109"), target.serial, target.key, clock, nonces);
    ClientConfig config;
    config.baseUrl = target.baseUrl;
    config.extraCaCertificates = target.ca;
    ApiClient client(config, signer, target.verifier);

    int next = 0;
    int ok = 0;
    int failed = 0;
    int inFlight = 0;
    QList<qint64> latenciesUs;
    QElapsedTimer wall;
    bool stopping = false;
    QString firstError;
    std::function<void()> launch = [&] {
        if (stopping || next >= couponCount)
            return;
        UseCouponRequest req;
        req.couponCode = QStringLiteral("B") + QString::number(next).rightJustified(8, QLatin1Char('0'));
        req.stockId = QStringLiteral("100088");
        req.appid = QStringLiteral("wxbenchbenchbench01");
        req.useTime = formatRfc3339(QDateTime::currentDateTimeUtc());
        req.useRequestNo = QStringLiteral("BENCH%1").arg(next);
        ++next;
        ++inFlight;
        auto started = std::make_shared<QElapsedTimer>();
        started->start();
        ApiCall *call = client.send(req.toApiRequest());
        QObject::connect(call, &ApiCall::finished, &app, [&, call, started] {
            latenciesUs << started->nsecsElapsed() / 1000;
            if (call->response().ok()) {
                ++ok;
            } else {
                ++failed;
                if (firstError.isEmpty())
                    firstError = call->response().error->toString();
            }
            call->deleteLater();
            --inFlight;
            if (wall.elapsed() >= seconds * 1000LL)
                stopping = true;
            launch();
            if (inFlight == 0)
                QCoreApplication::quit();
        });
    };
    wall.start();
    for (int i = 0; i < concurrency; ++i)
        launch();
    QCoreApplication::exec();
    const double elapsed = static_cast<double>(wall.nsecsElapsed()) / 1e9;

    std::sort(latenciesUs.begin(), latenciesUs.end());
    auto pct = [&](double p) {
        return latenciesUs.isEmpty()
            ? 0.0
            : static_cast<double>(latenciesUs.at(std::min<qsizetype>(latenciesUs.size() - 1,
                  static_cast<qsizetype>(p * static_cast<double>(latenciesUs.size())))))
                / 1000.0;
    };
    out << "wechatpay-sim coupons/use benchmark ("
        << (inProcess ? "simulator in-process" : "simulator in a separate process")
        << (parser.isSet(httpsOpt) ? ", HTTPS" : ", HTTP") << ")\n";
    out << "  seed coupons: " << couponCount << ", concurrency: " << concurrency << ", duration: " << elapsed
        << " s\n";
    out << "  succeeded: " << ok << ", failed: " << failed << '\n';
    out << "  throughput: " << QString::number(static_cast<double>(ok) / elapsed, 'f', 1)
        << " verified uses/s\n";
    out << "  latency ms: p50 " << pct(0.5) << ", p95 " << pct(0.95) << ", max " << pct(1.0) << '\n';
    if (!firstError.isEmpty())
        out << "  first error: " << firstError << '\n';
    return failed == 0 ? 0 : 2;
}
