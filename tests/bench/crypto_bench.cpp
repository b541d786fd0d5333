// crypto_bench: the floor under a redemption's CPU cost (issue 8): RSA-2048 SHA-256 sign and verify
// per second with OpenSSL, through src/wechatpay's crypto exactly as the client uses it (sign the
// five-line request message, Base64 out; strict Base64 in, verify the three-line answer message).
// A benchmark, not a test; scripts/bench.sh runs it.
//
//   crypto_bench [--seconds S] [--key PEM]
//
// stdout: key=value lines (scripts/bench.sh reads them); stderr: a readable summary.
// Rates are per second of this process's CPU time (getrusage), the unit the client is measured in,
// and per second of wall time.
#include "cputime.h"

#include "wechatpay/crypto.h"
#include "wechatpay/keys.h"
#include "wechatpay/signing.h"
#include "wechatpay/verification.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <cstdio>

using namespace wechatpay;

namespace {

struct Rate
{
    qint64 ops = 0;
    qint64 cpuUs = 0;
    qint64 wallNs = 0;
    double perSecCpu() const { return cpuUs > 0 ? double(ops) * 1e6 / double(cpuUs) : 0; }
    double perSecWall() const { return wallNs > 0 ? double(ops) * 1e9 / double(wallNs) : 0; }
    double usPerOpCpu() const { return ops > 0 ? double(cpuUs) / double(ops) : 0; }
};

// Runs `op` in rounds of 16 until `seconds` of CPU time have been spent.
template<typename Op> Rate measure(double seconds, Op op)
{
    for (int i = 0; i < 8; ++i) // warm caches and OpenSSL's lazy initialisation
        op();
    Rate r;
    const benchutil::CpuTime cpu0 = benchutil::processCpuTime();
    QElapsedTimer wall;
    wall.start();
    const auto budgetUs = static_cast<qint64>(seconds * 1e6);
    do {
        for (int i = 0; i < 16; ++i)
            op();
        r.ops += 16;
        r.cpuUs = (benchutil::processCpuTime() - cpu0).totalUs();
    } while (r.cpuUs < budgetUs);
    r.wallNs = wall.nsecsElapsed();
    return r;
}

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "crypto_bench: %s\n", qPrintable(message));
    std::exit(1);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("RSA-2048 SHA-256 sign and verify per second (src/wechatpay crypto)."));
    parser.addHelpOption();
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
        QStringLiteral("CPU seconds per measure (default 2)."), QStringLiteral("s"), QStringLiteral("2"));
    const QCommandLineOption keyOption(QStringLiteral("key"),
        QStringLiteral("A PKCS#8 RSA-2048 private key (default: a fresh one)."), QStringLiteral("pem"));
    parser.addOptions({ secondsOption, keyOption });
    parser.process(app);
    bool ok = false;
    const double seconds = parser.value(secondsOption).toDouble(&ok);
    if (!ok || seconds <= 0)
        fail(QStringLiteral("--seconds must be a positive number"));

    auto key = parser.isSet(keyOption) ? PrivateKey::fromFile(parser.value(keyOption))
                                       : PrivateKey::generateRsa(2048);
    if (!key)
        fail(key.error().toString());
    if (key->bits() != 2048)
        fail(QStringLiteral("the key has %1 bits, not 2048").arg(key->bits()));
    const PublicKey publicKey = key->publicKey();

    // What the client signs for one redemption (wechatpay-apiv3.md §5.3 U1) and what it verifies.
    const QByteArray body
        = R"({"coupon_code":"sxxe34343434","stock_id":"100088","appid":"wx1234567889999",)"
          R"("use_time":"2015-05-20T13:29:35+08:00","use_request_no":"1002600620019090123143254435",)"
          R"("openid":"xsd3434454567676"})";
    const QByteArray request = buildRequestMessage("POST", "/v3/marketing/busifavor/coupons/use",
        "1554208460", "593BEC0C930BF1AFEB40B4A08C8FB242", body);
    const QByteArray answer = buildResponseMessage("1554208460", "c5ac7061fccab6bf3e254dcf98995b8c",
        R"({"stock_id":"100088","openid":"dsadas34345454545","wechatpay_use_time":"2015-05-20T13:29:35+08:00"})");
    const auto answerSignature = crypto::signSha256Rsa(key.value(), answer);
    if (!answerSignature || !crypto::verifySha256Rsa(publicKey, answer, answerSignature.value()))
        fail(QStringLiteral("sign/verify self-check failed"));

    const Rate sign = measure(seconds, [&] {
        const auto s = crypto::signSha256Rsa(key.value(), request);
        if (!s)
            fail(s.error().toString());
    });
    const Rate verify = measure(seconds, [&] {
        if (!crypto::verifySha256Rsa(publicKey, answer, answerSignature.value()))
            fail(QStringLiteral("verification failed"));
    });

    QTextStream out(stdout);
    out << "sign_per_s_cpu=" << QString::number(sign.perSecCpu(), 'f', 1) << '\n'
        << "sign_per_s_wall=" << QString::number(sign.perSecWall(), 'f', 1) << '\n'
        << "sign_us=" << QString::number(sign.usPerOpCpu(), 'f', 2) << '\n'
        << "verify_per_s_cpu=" << QString::number(verify.perSecCpu(), 'f', 1) << '\n'
        << "verify_per_s_wall=" << QString::number(verify.perSecWall(), 'f', 1) << '\n'
        << "verify_us=" << QString::number(verify.usPerOpCpu(), 'f', 2) << '\n'
        << "floor_us=" << QString::number(sign.usPerOpCpu() + verify.usPerOpCpu(), 'f', 2) << '\n';
    out.flush();
    std::fprintf(stderr,
        "crypto_bench: sign %.0f/s (%.1f us CPU), verify %.0f/s (%.1f us CPU); floor %.1f us per "
        "redemption\n",
        sign.perSecCpu(), sign.usPerOpCpu(), verify.perSecCpu(), verify.usPerOpCpu(),
        sign.usPerOpCpu() + verify.usPerOpCpu());
    return 0;
}
