#include "chainlink.h"

#include "logging.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QMutexLocker>
#include <QRandomGenerator>
#include <QThread>
#include <QTimer>

#include <atomic>

namespace desk {

// What the GUI thread and the worker share: the open-rows cache and the nudge flag.
struct ChainLinkShared
{
    mutable QMutex mutex;
    QHash<QString, ChainSighting> open; // by coupon code: the newest open row of another counter
    QElapsedTimer openAge; // invalid until the first refresh
    std::atomic<bool> nudgePending { false };
};

// Lives in the worker thread: owns the pusher (its connections) and the round timer.
class ChainLinkWorker final : public QObject
{
    Q_OBJECT
public:
    ChainLinkWorker(ChainPusherConfig config, ChainLinkOptions options,
        std::shared_ptr<ChainLinkShared> shared, QThread *home)
        : m_config(std::move(config))
        , m_options(options)
        , m_shared(std::move(shared))
        , m_home(home)
    {
    }

public Q_SLOTS:
    void begin()
    {
        m_pusher = std::make_unique<ChainPusher>(m_config);
        m_timer = std::make_unique<QTimer>();
        m_timer->setSingleShot(true);
        connect(m_timer.get(), &QTimer::timeout, this, &ChainLinkWorker::round);
        round();
    }

    void nudge()
    {
        if (!m_timer || m_backoffMs > 0)
            return; // backing off: the retry comes when it is due
        m_timer->start(0);
    }

    void lookUp(const QString &couponCode)
    {
        QList<ChainSighting> rows;
        if (m_pusher && m_backoffMs == 0) {
            auto trail = m_pusher->trail(couponCode, 20);
            if (trail)
                rows = trail.value();
            else
                Q_EMIT statusComputed(m_pusher->status());
        }
        Q_EMIT trailFound(couponCode, rows);
    }

    // Ends the thread's work: the round under way has finished (this runs after it).
    void finish()
    {
        m_timer.reset();
        m_pusher.reset(); // closes the QPSQL and SQLite connections in the thread that opened them
        moveToThread(m_home); // deleted by the ChainLink, on its thread
        QThread::currentThread()->quit();
    }

Q_SIGNALS:
    void statusComputed(const desk::ChainStatus &status);
    void trailFound(const QString &couponCode, const QList<desk::ChainSighting> &rows);
    void openRowsRefreshed(int count);

private:
    void round()
    {
        m_shared->nudgePending.store(false);
        auto pushed = m_pusher->pushOnce(m_options.batchSize);
        bool ok = pushed.ok();
        if (ok && (!m_sinceRefresh.isValid() || m_sinceRefresh.elapsed() >= m_options.openRefreshMs))
            ok = refreshOpenRows(); // also finds a connection that died while nothing was pushed
        Q_EMIT statusComputed(m_pusher->status());
        if (!ok) {
            m_backoffMs
                = m_backoffMs == 0 ? m_options.backoffStartMs : qMin(m_backoffMs * 2, m_options.backoffMaxMs);
            const double jitter = 0.75 + 0.5 * QRandomGenerator::global()->generateDouble();
            m_timer->start(qMax(1, int(m_backoffMs * jitter)));
            return;
        }
        m_backoffMs = 0;
        if (pushed->waiting == 0)
            m_timer->start(m_options.idlePollMs);
        else if (pushed->rows > 0)
            m_timer->start(0); // catching up: the next batch at once
        else
            m_timer->start(m_options.busyPollMs);
    }

    bool refreshOpenRows()
    {
        auto rows = m_pusher->openElsewhere();
        if (!rows)
            return false;
        QHash<QString, ChainSighting> open;
        for (const ChainSighting &s : rows.value()) // oldest first: the newest of a code stays
            open.insert(s.couponCode, s);
        const int count = int(open.size());
        {
            QMutexLocker lock(&m_shared->mutex);
            m_shared->open.swap(open);
            m_shared->openAge.start();
        }
        m_sinceRefresh.start();
        Q_EMIT openRowsRefreshed(count);
        return true;
    }

    ChainPusherConfig m_config;
    ChainLinkOptions m_options;
    std::shared_ptr<ChainLinkShared> m_shared;
    QThread *m_home;
    std::unique_ptr<ChainPusher> m_pusher;
    std::unique_ptr<QTimer> m_timer;
    QElapsedTimer m_sinceRefresh;
    int m_backoffMs = 0; // 0: the last round succeeded
};

ChainLink::ChainLink(ChainPusherConfig config, ChainLinkOptions options, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_options(options)
    , m_shared(std::make_shared<ChainLinkShared>())
{
    qRegisterMetaType<desk::ChainStatus>();
    qRegisterMetaType<desk::ChainSighting>();
    qRegisterMetaType<QList<desk::ChainSighting>>();
    m_status.state = ChainStatus::State::Connecting;
    m_status.server = m_config.chain.describe();
}

ChainLink::~ChainLink()
{
    stop();
}

void ChainLink::start()
{
    if (m_thread)
        return;
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("chain-link"));
    m_worker = std::make_unique<ChainLinkWorker>(m_config, m_options, m_shared, thread());
    m_worker->moveToThread(m_thread.get());
    connect(m_worker.get(), &ChainLinkWorker::statusComputed, this, &ChainLink::takeStatus);
    connect(m_worker.get(), &ChainLinkWorker::trailFound, this, &ChainLink::trailFound);
    connect(m_worker.get(), &ChainLinkWorker::openRowsRefreshed, this, &ChainLink::openRowsRefreshed);
    m_thread->start();
    QMetaObject::invokeMethod(m_worker.get(), &ChainLinkWorker::begin, Qt::QueuedConnection);
    qCInfo(lcDesk).noquote() << "chain link started:" << m_status.server;
}

void ChainLink::stop()
{
    if (!m_thread)
        return;
    QMetaObject::invokeMethod(m_worker.get(), &ChainLinkWorker::finish, Qt::QueuedConnection);
    m_thread->wait();
    m_worker.reset();
    m_thread.reset();
    m_shared->nudgePending.store(false);
    {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->open.clear();
        m_shared->openAge.invalidate();
    }
    qCInfo(lcDesk).noquote() << "chain link stopped";
}

bool ChainLink::isRunning() const
{
    return m_thread != nullptr;
}

ChainStatus ChainLink::status() const
{
    return m_status;
}

std::optional<ChainSighting> ChainLink::openElsewhere(const QString &couponCode) const
{
    QMutexLocker lock(&m_shared->mutex);
    if (!m_shared->openAge.isValid() || m_shared->openAge.elapsed() > m_options.openMaxAgeMs)
        return std::nullopt;
    const auto it = m_shared->open.constFind(couponCode);
    if (it == m_shared->open.cend())
        return std::nullopt;
    return it.value();
}

void ChainLink::lookUpTrail(const QString &couponCode)
{
    const bool reachable = m_status.state == ChainStatus::State::Synced
        || m_status.state == ChainStatus::State::Waiting || m_status.state == ChainStatus::State::Connecting;
    if (!m_worker || !reachable) {
        QMetaObject::invokeMethod(
            this, [this, couponCode] { Q_EMIT trailFound(couponCode, {}); }, Qt::QueuedConnection);
        return;
    }
    QMetaObject::invokeMethod(
        m_worker.get(), [worker = m_worker.get(), couponCode] { worker->lookUp(couponCode); },
        Qt::QueuedConnection);
}

void ChainLink::nudge()
{
    if (!m_worker || m_shared->nudgePending.exchange(true))
        return;
    QMetaObject::invokeMethod(m_worker.get(), &ChainLinkWorker::nudge, Qt::QueuedConnection);
}

void ChainLink::takeStatus(const ChainStatus &status)
{
    const bool changed = !status.sameDisplay(m_status);
    m_status = status;
    if (changed)
        Q_EMIT statusChanged(m_status);
}

} // namespace desk

#include "chainlink.moc"
