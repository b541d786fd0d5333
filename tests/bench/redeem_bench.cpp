// redeem_bench: the client's CPU cost per redemption through the whole stack (issue 8). For each
// coupon desk::Desk validates the fields, journals a PENDING row with the exact body (SQLite, WAL),
// signs, sends through QNetworkAccessManager, verifies the answer and settles the row. The server is
// wechatpay-sim in ANOTHER process (scripts/bench.sh starts it), so only the client's work counts.
// A benchmark, not a test.
//
//   redeem_bench --config client.ini --n N --prefix P [--warmup W --warmup-prefix WP] [--history FILE]
//                [--layer desk|api]
//
// --layer api sends the same redemptions through wechatpay::ApiClient alone (sign, send, verify; no
// validation, journal or settling) to split the cost between the protocol layer and desk + history.
//
// The coupons are the simulator's SENDED coupons whose code starts with P (read once from
// GET /__sim/coupons before measuring). Redemptions run one after the other, each started from the
// event loop when the previous one has finished, as a counter would. CPU time is getrusage over
// the N measured redemptions (the warm-up ones and start-up excluded).
// stdout: key=value lines (scripts/bench.sh reads them); stderr: progress and a summary.
#include "benchsession.h"
#include "cputime.h"
#include "simcontrol.h"

#include "desk/session.h"
#include "desk/settings.h"
#include "wechatpay/busifavor.h"
#include "wechatpay/certificates.h"
#include "wechatpay/clock.h"
#include "wechatpay/crypto.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <functional>

namespace {

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "redeem_bench: %s\n", qPrintable(message));
    std::exit(1);
}

struct CouponRef
{
    QString code;
    QString stockId;
    QString openid;
};

QList<CouponRef> pick(const QJsonArray &all, const QString &prefix, int count)
{
    QList<CouponRef> out;
    for (const QJsonObject &o : benchutil::sendedCoupons(all, prefix, count))
        out << CouponRef { o.value(QStringLiteral("coupon_code")).toString(),
            o.value(QStringLiteral("stock_id")).toString(), o.value(QStringLiteral("openid")).toString() };
    return out;
}

// Redeems `coupons` one after the other; each next one is started from the event loop.
// Through desk::Desk (the product), or through wechatpay::ApiClient alone (`api`).
class Runner final : public QObject
{
public:
    Runner(desk::Session &session, desk::StaffSession staff, QList<CouponRef> coupons, bool apiOnly)
        : m_session(session)
        , m_desk(session.desk())
        , m_staff(std::move(staff))
        , m_coupons(std::move(coupons))
        , m_apiOnly(apiOnly)
    {
    }

    void run()
    {
        QEventLoop loop;
        m_done = [&loop] { loop.quit(); };
        QMetaObject::invokeMethod(this, &Runner::next, Qt::QueuedConnection);
        loop.exec();
    }
    int succeeded() const { return m_succeeded; }
    QStringList failures() const { return m_failures; }

private:
    void next()
    {
        if (m_index == m_coupons.size()) {
            m_done();
            return;
        }
        const CouponRef &c = m_coupons.at(m_index++);
        if (m_apiOnly) {
            sendDirect(c);
            return;
        }
        desk::Task *task = m_desk.redeem(m_staff, c.code, c.stockId, c.openid);
        auto settled = [this, task](const desk::OperationResult &r) {
            if (r.outcome == desk::Outcome::Succeeded)
                ++m_succeeded;
            else if (m_failures.size() < 5)
                m_failures << r.couponCode + QStringLiteral(": ") + desk::outcomeName(r.outcome)
                        + QLatin1Char(' ') + r.error.toString();
            task->deleteLater();
            QMetaObject::invokeMethod(this, &Runner::next, Qt::QueuedConnection);
        };
        if (task->isFinished())
            settled(task->result());
        else
            connect(task, &desk::Task::finished, this, settled);
    }

    void sendDirect(const CouponRef &c)
    {
        wechatpay::busifavor::UseCouponRequest r;
        r.couponCode = c.code;
        r.stockId = c.stockId;
        r.appid = m_session.settings().appid;
        r.useTime = wechatpay::formatRfc3339(QDateTime::currentDateTime());
        r.useRequestNo
            = QStringLiteral("API") + QString::fromLatin1(wechatpay::crypto::randomAlphanumeric(24));
        r.openid = c.openid;
        wechatpay::ApiCall *call = m_session.client().send(r.toApiRequest());
        auto done = [this, call, code = c.code] {
            const wechatpay::ApiResponse &response = call->response();
            if (response.ok())
                ++m_succeeded;
            else if (m_failures.size() < 5)
                m_failures << code + QStringLiteral(": ") + response.error->toString();
            call->deleteLater();
            QMetaObject::invokeMethod(this, &Runner::next, Qt::QueuedConnection);
        };
        if (call->isFinished())
            done();
        else
            connect(call, &wechatpay::ApiCall::finished, this, done);
    }

    desk::Session &m_session;
    desk::Desk &m_desk;
    desk::StaffSession m_staff;
    QList<CouponRef> m_coupons;
    qsizetype m_index = 0;
    int m_succeeded = 0;
    QStringList m_failures;
    bool m_apiOnly = false;
    std::function<void()> m_done;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("redeem_bench"));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("CPU time per redemption through desk::Desk against wechatpay-sim."));
    parser.addHelpOption();
    const QCommandLineOption configOption(QStringLiteral("config"),
        QStringLiteral("Client settings (wechatpay-sim --write-client-config)."), QStringLiteral("ini"));
    const QCommandLineOption nOption(QStringLiteral("n"), QStringLiteral("Redemptions to measure."),
        QStringLiteral("N"), QStringLiteral("2000"));
    const QCommandLineOption prefixOption(QStringLiteral("prefix"),
        QStringLiteral("Code prefix of the coupons to redeem."), QStringLiteral("P"));
    const QCommandLineOption warmupOption(QStringLiteral("warmup"),
        QStringLiteral("Redemptions before measuring."), QStringLiteral("W"), QStringLiteral("0"));
    const QCommandLineOption warmupPrefixOption(QStringLiteral("warmup-prefix"),
        QStringLiteral("Code prefix of the warm-up coupons."), QStringLiteral("P"));
    const QCommandLineOption historyOption(QStringLiteral("history"),
        QStringLiteral("Journal file (default: a fresh temporary one)."), QStringLiteral("file"));
    const QCommandLineOption layerOption(QStringLiteral("layer"),
        QStringLiteral("desk (default): desk::Desk, the product; api: wechatpay::ApiClient alone."),
        QStringLiteral("layer"), QStringLiteral("desk"));
    parser.addOptions({ configOption, nOption, prefixOption, warmupOption, warmupPrefixOption, historyOption,
        layerOption });
    parser.process(app);
    if (!parser.isSet(configOption) || !parser.isSet(prefixOption))
        fail(QStringLiteral("--config and --prefix are required (see --help)"));
    bool ok = false;
    const int n = parser.value(nOption).toInt(&ok);
    if (!ok || n <= 0)
        fail(QStringLiteral("--n must be a positive number"));
    const int warmup = parser.value(warmupOption).toInt(&ok);
    if (!ok || warmup < 0 || (warmup > 0 && !parser.isSet(warmupPrefixOption)))
        fail(QStringLiteral("--warmup W needs --warmup-prefix"));

    const QString layer = parser.value(layerOption);
    if (layer != QLatin1String("desk") && layer != QLatin1String("api"))
        fail(QStringLiteral("--layer must be desk or api"));
    const bool apiOnly = layer == QLatin1String("api");

    auto loaded = desk::Settings::load(parser.value(configOption));
    if (!loaded)
        fail(loaded.error().toString());
    desk::Settings settings = loaded.value();
    QTemporaryDir tmp;
    settings.historyDb = parser.isSet(historyOption) ? parser.value(historyOption)
                                                     : tmp.filePath(QStringLiteral("history.sqlite"));

    desk::SessionOptions options;
    options.reconcileIntervalMs = 0;
    std::unique_ptr<desk::Session> session
        = benchutil::openReadySession("redeem_bench", settings, parser.value(configOption), options);

    const QJsonArray all = benchutil::simControl(settings, "GET", QStringLiteral("/__sim/coupons")).array();
    const desk::StaffSession cashier {
        { QStringLiteral("bench"), QStringLiteral("bench"), desk::Role::Cashier, {} }, false
    };
    if (warmup > 0) {
        Runner warm(*session, cashier, pick(all, parser.value(warmupPrefixOption), warmup), apiOnly);
        warm.run();
        if (warm.succeeded() != warmup)
            fail(QStringLiteral("warm-up: %1 of %2 succeeded: %3")
                     .arg(warm.succeeded())
                     .arg(warmup)
                     .arg(warm.failures().join(QStringLiteral("; "))));
    }
    Runner runner(*session, cashier, pick(all, parser.value(prefixOption), n), apiOnly);

    const benchutil::CpuTime cpu0 = benchutil::processCpuTime();
    QElapsedTimer wall;
    wall.start();
    runner.run();
    const qint64 wallNs = wall.nsecsElapsed();
    const benchutil::CpuTime cpu = benchutil::processCpuTime() - cpu0;

    QTextStream out(stdout);
    out << "layer=" << layer << '\n'
        << "mode=" << (settings.verifyMode == desk::VerifyMode::PublicKey ? "public-key" : "platform-cert")
        << '\n'
        << "n=" << n << '\n'
        << "succeeded=" << runner.succeeded() << '\n'
        << "user_us=" << cpu.userUs << '\n'
        << "system_us=" << cpu.systemUs << '\n'
        << "cpu_us_per_redemption=" << QString::number(double(cpu.totalUs()) / n, 'f', 1) << '\n'
        << "wall_ms=" << QString::number(double(wallNs) / 1e6, 'f', 1) << '\n'
        << "wall_us_per_redemption=" << QString::number(double(wallNs) / 1e3 / n, 'f', 1) << '\n'
        << "peak_rss_kib=" << benchutil::peakRssKiB() << '\n';
    out.flush();
    std::fprintf(stderr,
        "redeem_bench: %d/%d succeeded; %.1f us CPU (user %.1f, system %.1f) and %.1f us wall per "
        "redemption\n",
        runner.succeeded(), n, double(cpu.totalUs()) / n, double(cpu.userUs) / n, double(cpu.systemUs) / n,
        double(wallNs) / 1e3 / n);
    for (const QString &f : runner.failures())
        std::fprintf(stderr, "redeem_bench: failed: %s\n", qPrintable(f));
    session.reset();
    return runner.succeeded() == n ? 0 : 1;
}
