// chaincounter: one counter of the chain load test (test_chain_load, chain_bench), as a real process.
// Opens a desk::Session from a settings file (the simulator, its own counter id and history file, a
// chain section with its own login), redeems --n coupons (--prefix + 0001…, openid "o" + code) one
// after the other through desk::Desk — the counter's real write path: journal, send, settle — while
// the session's ChainLink replicates in its worker thread, as in the program; then waits until nothing
// waits in its outbox, and exits.
//
//   chaincounter --config FILE --prefix P --n N --stock ID [--pause-ms MS] [--settle-log FILE]
//                [--timeout-ms MS]
//
// --pause-ms: time between one redemption's result and the next scan (default 0: back to back).
// --settle-log: one line per redemption, "code<TAB>epoch ms" of the moment its result came back, just
// after the journal recorded it (the journal's own times are whole seconds: the session's clock).
//
// Exit 0 when every redemption succeeded and the chain holds every row; 1 otherwise (the reason on
// stderr). stdout: one line of key=value pairs (counter, succeeded, redeem_ms, sync_ms).
#include "desk/chainlink.h"
#include "desk/session.h"
#include "desk/settings.h"
#include "history/journal.h"
#include "wechatpay/clock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTimer>

#include <cstdio>
#include <memory>

namespace {

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "chaincounter: %s\n", qPrintable(message));
    std::fflush(stderr);
    std::_Exit(1);
}

// Redeems the coupons one after the other, each started from the event loop when the previous one has
// finished, as staff at a counter would; then waits for the chain to hold everything.
class Counter final : public QObject
{
public:
    Counter(desk::Session &session, QString prefix, int n, QString stockId, int pauseMs, QIODevice *settleLog,
        int timeoutMs)
        : m_session(session)
        , m_pauseMs(pauseMs)
        , m_settleLog(settleLog)
        , m_prefix(std::move(prefix))
        , m_n(n)
        , m_stockId(std::move(stockId))
        , m_staff { { QStringLiteral("load"), QStringLiteral("load"), desk::Role::Cashier, {} }, false }
    {
        QTimer::singleShot(timeoutMs, this, [this, timeoutMs] {
            fail(QStringLiteral("not done after %1 ms: %2 of %3 redeemed")
                     .arg(timeoutMs)
                     .arg(m_index)
                     .arg(m_n));
        });
    }

    void start()
    {
        if (m_started)
            return;
        m_started = true;
        m_timer.start();
        QMetaObject::invokeMethod(this, &Counter::next, Qt::QueuedConnection);
    }

private:
    void next()
    {
        if (m_index == m_n) {
            m_redeemMs = m_timer.elapsed();
            waitForChain();
            return;
        }
        ++m_index;
        const QString code = m_prefix + QStringLiteral("%1").arg(m_index, 4, 10, QLatin1Char('0'));
        // An order of 100.00 yuan and some fen, 20 yuan off: the amounts travel to the chain too.
        const desk::OrderAmounts order { 10000 + m_index, 2000 };
        desk::Task *task = m_session.desk().redeem(m_staff, code, m_stockId, QLatin1Char('o') + code, order);
        auto settled = [this, task](const desk::OperationResult &r) {
            if (r.outcome != desk::Outcome::Succeeded)
                fail(r.couponCode + QStringLiteral(": ") + desk::outcomeName(r.outcome) + QLatin1Char(' ')
                    + r.error.toString());
            if (m_settleLog)
                m_settleLog->write(r.couponCode.toLatin1() + '\t'
                    + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + '\n');
            task->deleteLater();
            QTimer::singleShot(m_pauseMs, this, &Counter::next);
        };
        if (task->isFinished())
            settled(task->result());
        else
            connect(task, &desk::Task::finished, this, settled);
    }

    // Done when the journal's outbox is empty: the link removes entries only once the server has them.
    // (The link's own status is not enough: it is from its last round, which may have run before the
    // last redemption was written.)
    void waitForChain()
    {
        auto check = [this] {
            auto outbox = m_session.journal().outboxStatus();
            if (!outbox)
                fail(outbox.error().toString());
            if (outbox->entries == 0)
                finish();
        };
        connect(m_session.chain(), &desk::ChainLink::statusChanged, this, check);
        auto *poll = new QTimer(this);
        connect(poll, &QTimer::timeout, this, check);
        poll->start(50);
        check();
    }

    void finish()
    {
        if (m_finished)
            return;
        m_finished = true;
        std::printf("counter=%s succeeded=%d redeem_ms=%lld sync_ms=%lld\n",
            qPrintable(m_session.settings().counterId), m_n, static_cast<long long>(m_redeemMs),
            static_cast<long long>(m_timer.elapsed() - m_redeemMs));
        std::fflush(stdout);
        QCoreApplication::quit();
    }

    desk::Session &m_session;
    int m_pauseMs = 0;
    QIODevice *m_settleLog = nullptr;
    QString m_prefix;
    int m_n = 0;
    QString m_stockId;
    desk::StaffSession m_staff;
    int m_index = 0;
    QElapsedTimer m_timer;
    qint64 m_redeemMs = 0;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("chaincounter"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("One counter of the chain load test."));
    parser.addHelpOption();
    const QCommandLineOption configOption(
        QStringLiteral("config"), QStringLiteral("Settings file."), QStringLiteral("ini"));
    const QCommandLineOption prefixOption(
        QStringLiteral("prefix"), QStringLiteral("Coupon code prefix."), QStringLiteral("P"));
    const QCommandLineOption nOption(
        QStringLiteral("n"), QStringLiteral("Redemptions."), QStringLiteral("N"));
    const QCommandLineOption stockOption(
        QStringLiteral("stock"), QStringLiteral("Stock id."), QStringLiteral("id"));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout-ms"),
        QStringLiteral("Give up after this long."), QStringLiteral("ms"), QStringLiteral("600000"));
    const QCommandLineOption pauseOption(QStringLiteral("pause-ms"),
        QStringLiteral("Pause between redemptions."), QStringLiteral("ms"), QStringLiteral("0"));
    const QCommandLineOption settleLogOption(QStringLiteral("settle-log"),
        QStringLiteral("Write each redemption's code and settle time (epoch ms) here."),
        QStringLiteral("file"));
    parser.addOptions(
        { configOption, prefixOption, nOption, stockOption, pauseOption, settleLogOption, timeoutOption });
    parser.process(app);
    bool ok = false;
    const int n = parser.value(nOption).toInt(&ok);
    if (!ok || n < 1 || n > 9999 || !parser.isSet(configOption) || !parser.isSet(prefixOption)
        || !parser.isSet(stockOption))
        fail(QStringLiteral("--config, --prefix, --stock and --n (1..9999) are required"));
    const int timeoutMs = parser.value(timeoutOption).toInt(&ok);
    if (!ok || timeoutMs < 1)
        fail(QStringLiteral("--timeout-ms must be a positive number"));
    const int pauseMs = parser.value(pauseOption).toInt(&ok);
    if (!ok || pauseMs < 0)
        fail(QStringLiteral("--pause-ms must be 0 or more"));

    const QString configPath = parser.value(configOption);
    auto settings = desk::Settings::load(configPath);
    if (!settings)
        fail(settings.error().toString());
    static wechatpay::SystemClock clock;
    const desk::FileSecretStore secrets(QFileInfo(configPath).absolutePath());
    desk::SessionOptions options;
    options.reconcileIntervalMs = 0;
    auto opened = desk::Session::open(settings.value(), secrets, clock, options);
    if (!opened)
        fail(opened.error().toString());
    std::unique_ptr<desk::Session> session = std::move(opened.value());
    if (!session->chain())
        fail(QStringLiteral("the settings have no chain section"));
    session->chain()->start(); // as the GUI does

    QFile settleLog(parser.value(settleLogOption));
    if (parser.isSet(settleLogOption) && !settleLog.open(QIODevice::WriteOnly | QIODevice::Truncate))
        fail(QStringLiteral("cannot write %1").arg(settleLog.fileName()));
    Counter counter(*session, parser.value(prefixOption), n, parser.value(stockOption), pauseMs,
        settleLog.isOpen() ? &settleLog : nullptr, timeoutMs);
    QObject::connect(session.get(), &desk::Session::failed, &app,
        [](const desk::Error &e) { fail(QStringLiteral("the session failed: ") + e.toString()); });
    QObject::connect(session.get(), &desk::Session::ready, &counter, [&counter] { counter.start(); });
    session->start();
    if (session->isReady())
        counter.start();
    const int code = QCoreApplication::exec();
    session->chain()->stop();
    return code;
}
