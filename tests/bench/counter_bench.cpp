// counter_bench: what a cashier feels (issue 16). The real main window (offscreen) over the real
// stack: the redeem page gets each code typed at a scanner's pace (2 ms a character) and Enter;
// the time runs from Enter to the first paint of the result panel after the answer. The simulator
// (wechatpay-sim, another process, normally --https) reports its own work per request
// (GET /__sim/service-times); it is taken out, so what remains is ours: journal (synced), signing,
// QNetworkAccessManager, TLS, verification and the window. A benchmark, not a test.
//
//   counter_bench --config client.ini --n N --prefix P [--warmup W --warmup-prefix WP]
//                 [--idle-scans K --idle-seconds S --idle-prefix IP] [--keep-warm-ms MS] [--history FILE]
//
// --idle-scans: after the N scans, K times: nothing for S seconds (the event loop runs, as at a
// quiet counter), then one scan. --keep-warm-ms 0 turns keeping the connection ready off (the
// control: what a scan after idle costs without it).
// stdout: key=value lines (scripts/bench.sh reads them); stderr: progress.
#include "benchsession.h"
#include "simcontrol.h"

#include "desk/session.h"
#include "desk/settings.h"
#include "gui/appcontext.h"
#include "gui/mainwindow.h"
#include "gui/redeempage.h"
#include "gui/resultpanel.h"
#include "wechatpay/httpclient.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <algorithm>
#include <cstdio>

namespace {

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "counter_bench: %s\n", qPrintable(message));
    std::exit(1);
}

// Where the main thread's time goes between Enter and the result: every event it handles, timed by
// event type and receiver class (outermost deliveries only), while a scan is measured.
class TimingApplication final : public QApplication
{
public:
    using QApplication::QApplication;
    bool measuring = false;
    QHash<QPair<const QMetaObject *, int>, qint64> spentNs; // (receiver's class, event type) → ns

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!measuring || m_depth > 0)
            return QApplication::notify(receiver, event);
        ++m_depth;
        // Read before delivery (receiver and event may be gone after it), and cheaply: this runs inside
        // the scans being measured.
        const QPair<const QMetaObject *, int> key(receiver->metaObject(), event->type());
        QElapsedTimer t;
        t.start();
        const bool r = QApplication::notify(receiver, event);
        spentNs[key] += t.nsecsElapsed();
        --m_depth;
        return r;
    }

private:
    int m_depth = 0;
};

class SilentSound final : public gui::SoundCue
{
public:
    void success() override { }
    void failure() override { }
};

// One scan as the cashier sees it: Enter → the result panel painted with the answer.
class ScanClock final : public QObject
{
public:
    ScanClock(gui::MainWindow &window, QNetworkAccessManager &network)
        : m_page(*window.redeemPage())
        , m_edit(*window.redeemPage()->findChild<QLineEdit *>(QStringLiteral("couponCodeEdit")))
        , m_panel(*window.redeemPage()->findChild<gui::ResultPanel *>(QStringLiteral("resultPanel")))
    {
        m_panel.installEventFilter(this);
        // When the answer reached the window's thread (the split of "where the time goes").
        connect(&network, &QNetworkAccessManager::finished, this,
            [this] { m_replyUs = m_clock.nsecsElapsed() / 1000; });
        connect(&m_page, &gui::RedeemPage::operationFinished, this, [this](const desk::OperationResult &r) {
            m_result = r;
            m_answered = true;
            m_answeredUs = m_clock.nsecsElapsed() / 1000;
        });
    }

    struct Scan
    {
        qint64 us = -1; // Enter → result painted
        qint64 answeredUs = -1; // Enter → the page had the outcome (operationFinished)
        qint64 replyUs = -1; // Enter → QNetworkAccessManager delivered the last answer to this thread
        desk::OperationResult result;
    };

    Scan scan(const QString &code)
    {
        QTest::keyClicks(&m_edit, code, Qt::NoModifier, 2); // a scanner: ~2 ms a character, then Enter
        m_answered = false;
        m_painted = false;
        m_clock.start();
        timing().measuring = true;
        QTest::keyClick(&m_edit, Qt::Key_Return);
        QEventLoop loop;
        m_quit = [&loop] { loop.quit(); };
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        if (!m_painted)
            loop.exec();
        m_quit = nullptr;
        timing().measuring = false;
        if (!m_painted)
            fail(QStringLiteral("no result shown for %1 within 30 s").arg(code));
        return { m_paintedUs, m_answeredUs, m_replyUs, m_result };
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == &m_panel && event->type() == QEvent::Paint && m_answered && !m_painted) {
            m_paintedUs = m_clock.nsecsElapsed() / 1000; // the paint is under way: the result is final
            m_painted = true;
            if (m_quit)
                QTimer::singleShot(0, this, [this] {
                    if (m_quit)
                        m_quit();
                });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    static TimingApplication &timing() { return *static_cast<TimingApplication *>(qApp); }
    gui::RedeemPage &m_page;
    QLineEdit &m_edit;
    gui::ResultPanel &m_panel;
    QElapsedTimer m_clock;
    bool m_answered = false;
    bool m_painted = false;
    qint64 m_paintedUs = 0;
    qint64 m_answeredUs = 0;
    qint64 m_replyUs = 0;
    desk::OperationResult m_result;
    std::function<void()> m_quit;
};

QStringList sendedCodes(const QJsonArray &all, const QString &prefix, int count)
{
    QStringList out;
    for (const QJsonObject &o : benchutil::sendedCoupons(all, prefix, count))
        out << o.value(QStringLiteral("coupon_code")).toString();
    return out;
}

qint64 percentile(QList<qint64> values, double p)
{
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    const qsizetype i
        = std::min<qsizetype>(values.size() - 1, qsizetype(p * double(values.size() - 1) + 0.5));
    return values.at(i);
}

QString joined(const QList<qint64> &values)
{
    QStringList s;
    for (qint64 v : values)
        s << QString::number(v);
    return s.join(QLatin1Char(','));
}

} // namespace

int main(int argc, char *argv[])
{
    Q_INIT_RESOURCE(coupondesk);
    TimingApplication app(argc, argv);
    QApplication::setOrganizationName(
        QStringLiteral("CouponDesk-bench")); // its own QSettings, not the user's
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Counter latency: Enter to result shown on the real redeem page."));
    parser.addHelpOption();
    const QCommandLineOption configOption(QStringLiteral("config"),
        QStringLiteral("Client settings (wechatpay-sim --write-client-config)."), QStringLiteral("FILE"));
    const QCommandLineOption nOption(
        QStringLiteral("n"), QStringLiteral("Scans measured."), QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption prefixOption(QStringLiteral("prefix"),
        QStringLiteral("Code prefix of the measured coupons."), QStringLiteral("P"));
    const QCommandLineOption warmupOption(QStringLiteral("warmup"), QStringLiteral("Scans before measuring."),
        QStringLiteral("W"), QStringLiteral("0"));
    const QCommandLineOption warmupPrefixOption(QStringLiteral("warmup-prefix"),
        QStringLiteral("Code prefix of the warm-up coupons."), QStringLiteral("WP"));
    const QCommandLineOption idleScansOption(QStringLiteral("idle-scans"),
        QStringLiteral("Scans after idle, after the N."), QStringLiteral("K"), QStringLiteral("0"));
    const QCommandLineOption idleSecondsOption(QStringLiteral("idle-seconds"),
        QStringLiteral("Idle time before each of them."), QStringLiteral("S"), QStringLiteral("60"));
    const QCommandLineOption idlePrefixOption(QStringLiteral("idle-prefix"),
        QStringLiteral("Code prefix of the coupons scanned after idle."), QStringLiteral("IP"));
    const QCommandLineOption keepWarmOption(QStringLiteral("keep-warm-ms"),
        QStringLiteral("desk::WarmthOptions::keepWarmForMs (0: off)."), QStringLiteral("MS"),
        QStringLiteral("1800000"));
    const QCommandLineOption historyOption(QStringLiteral("history"),
        QStringLiteral("Journal file (default: a temporary one)."), QStringLiteral("FILE"));
    parser.addOptions({ configOption, nOption, prefixOption, warmupOption, warmupPrefixOption,
        idleScansOption, idleSecondsOption, idlePrefixOption, keepWarmOption, historyOption });
    parser.process(app);
    const int n = parser.value(nOption).toInt();
    const int warmup = parser.value(warmupOption).toInt();
    const int idleScans = parser.value(idleScansOption).toInt();
    const int idleSeconds = parser.value(idleSecondsOption).toInt();
    if (!parser.isSet(configOption) || n < 0 || warmup < 0 || idleScans < 0 || idleSeconds < 0)
        fail(QStringLiteral("--config is required; counts must be 0 or more"));

    auto loaded = desk::Settings::load(parser.value(configOption));
    if (!loaded)
        fail(loaded.error().toString());
    desk::Settings settings = loaded.value();
    QTemporaryDir tmp;
    settings.historyDb = parser.isSet(historyOption) ? parser.value(historyOption)
                                                     : tmp.filePath(QStringLiteral("history.sqlite"));
    settings.staff = { { QStringLiteral("c01"), QStringLiteral("bench"), desk::Role::Cashier, {} } };

    desk::SessionOptions options;
    options.reconcileIntervalMs = 0;
    options.warmth.keepWarmForMs = parser.value(keepWarmOption).toInt();
    std::unique_ptr<desk::Session> session
        = benchutil::openReadySession("counter_bench", settings, parser.value(configOption), options);

    // As app/coupondesk composes it (no sound, no dialogs expected).
    gui::DialogPrompter prompter;
    SilentSound sound;
    gui::AppContext context;
    context.session = session.get();
    context.settingsPath = parser.value(configOption);
    context.prompter = &prompter;
    context.sound = &sound;
    gui::MainWindow window(context);
    window.resize(1024, 768);
    window.show();
    window.activateWindow();
    if (!QTest::qWaitForWindowExposed(&window))
        fail(QStringLiteral("the window was not shown"));
    session->warmUp();
    ScanClock scans(window, session->client().network());

    const QJsonArray all = benchutil::simControl(settings, "GET", QStringLiteral("/__sim/coupons")).array();
    for (const QString &code : sendedCodes(all, parser.value(warmupPrefixOption), warmup))
        if (scans.scan(code).result.outcome != desk::Outcome::Succeeded)
            fail(QStringLiteral("warm-up scan %1 did not succeed").arg(code));
    const QStringList measured = sendedCodes(all, parser.value(prefixOption), n);
    const QStringList afterIdle = sendedCodes(all, parser.value(idlePrefixOption), idleScans);

    QList<ScanClock::Scan> done;
    for (int i = 0; i < measured.size(); ++i) {
        done << scans.scan(measured.at(i));
        if ((i + 1) % 200 == 0)
            std::fprintf(stderr, "counter_bench: %d of %d scans\n", i + 1, n);
    }
    QList<ScanClock::Scan> idle;
    for (const QString &code : afterIdle) {
        std::fprintf(stderr, "counter_bench: %d s idle, then a scan\n", idleSeconds);
        QTest::qWait(idleSeconds * 1000);
        idle << scans.scan(code);
    }

    // The simulator's own work per request number (a retry's attempts together).
    QHash<QString, qint64> serviceUs;
    const QJsonArray times = benchutil::simControl(settings, "GET", QStringLiteral("/__sim/service-times"))
                                 .object()
                                 .value(QStringLiteral("service_times"))
                                 .toArray();
    for (const QJsonValue &v : times) {
        const QJsonObject o = v.toObject();
        serviceUs[o.value(QStringLiteral("request_no")).toString()]
            += o.value(QStringLiteral("service_us")).toInteger();
    }
    int succeeded = 0;
    auto net = [&](const QList<ScanClock::Scan> &list, QList<qint64> *raw, QList<qint64> *service) {
        QList<qint64> out;
        for (const ScanClock::Scan &s : list) {
            if (s.result.outcome != desk::Outcome::Succeeded)
                continue;
            ++succeeded;
            const qint64 sim = serviceUs.value(s.result.requestNo, -1);
            if (sim < 0)
                fail(QStringLiteral("the simulator has no service time for %1").arg(s.result.requestNo));
            out << s.us - sim;
            raw->append(s.us);
            service->append(sim);
        }
        return out;
    };
    QList<qint64> answered, replied;
    for (const ScanClock::Scan &s : done) {
        answered << s.answeredUs;
        replied << s.replyUs;
    }
    QList<qint64> raw, service, idleRaw, idleService;
    const QList<qint64> latency = net(done, &raw, &service);
    const QList<qint64> idleLatency = net(idle, &idleRaw, &idleService);
    const qint64 p50 = percentile(latency, 0.5);

    // The event handling that took the most main-thread time per scan (every scan timed, warm-up included).
    QList<std::pair<qint64, QString>> spent;
    for (auto it = app.spentNs.cbegin(); it != app.spentNs.cend(); ++it)
        spent.append({ it.value(),
            QStringLiteral("%1 %2").arg(QLatin1String(it.key().first->className())).arg(it.key().second) });
    std::sort(spent.begin(), spent.end(), std::greater<>());
    QStringList top;
    for (qsizetype i = 0; i < std::min<qsizetype>(6, spent.size()); ++i)
        top << QStringLiteral("%1 %2us")
                   .arg(spent.at(i).second)
                   .arg(
                       spent.at(i).first / 1000 / std::max<qsizetype>(1, done.size() + idle.size() + warmup));

    QTextStream out(stdout);
    out << "n=" << n << '\n'
        << "main_thread_per_scan=" << top.join(QStringLiteral("; ")) << '\n'
        << "succeeded=" << succeeded << '\n'
        << "scheme=" << settings.baseUrl.scheme() << '\n'
        << "counter_p50_us=" << p50 << '\n'
        << "counter_p90_us=" << percentile(latency, 0.9) << '\n'
        << "counter_p99_us=" << percentile(latency, 0.99) << '\n'
        << "counter_max_us=" << percentile(latency, 1.0) << '\n'
        << "enter_to_result_p50_us=" << percentile(raw, 0.5) << '\n'
        << "service_p50_us=" << percentile(service, 0.5) << '\n'
        << "enter_to_reply_p50_us=" << percentile(replied, 0.5) << '\n'
        << "enter_to_outcome_p50_us=" << percentile(answered, 0.5) << '\n'
        << "idle_scans=" << idleLatency.size() << '\n'
        << "idle_seconds=" << idleSeconds << '\n'
        << "idle_net_us=" << joined(idleLatency) << '\n'
        << "idle_raw_us=" << joined(idleRaw) << '\n'
        << "idle_minus_warm_max_us=" << (idleLatency.isEmpty() ? -1 : percentile(idleLatency, 1.0) - p50)
        << '\n';
    out.flush();
    return succeeded == n + idleScans ? 0 : 1;
}
