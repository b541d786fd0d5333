#include "reconciler.h"

#include "desk.h"
#include "logging.h"

#include <QCoreApplication>
#include <QMetaObject>

namespace desk {

Reconciler::Reconciler(history::Journal &journal, Hooks hooks, QObject *taskParent, int intervalMs)
    : m_journal(journal)
    , m_hooks(std::move(hooks))
    , m_taskParent(taskParent)
{
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (!m_settleAllTask && unsettledCount() > 0) {
            Task *t = settleAll();
            connect(t, &Task::finished, t, &QObject::deleteLater);
        }
    });
    if (intervalMs > 0)
        m_timer.start(intervalMs);
}

Task *Reconciler::settleAll()
{
    if (m_settleAllTask)
        return m_settleAllTask;
    auto *task = new Task(m_taskParent);
    task->m_result.operation = Operation::Query;
    m_settleAllTask = task;
    m_settleAllTried = 0;
    auto rows = m_journal.unsettled();
    if (rows.ok())
        for (const history::JournalEntry &e : rows.value())
            if (!m_hooks.rowActive(e.id) && !isQueued(e.id))
                m_queue << e.id;
    qCInfo(lcDesk) << "settling" << m_queue.size() << "unconfirmed row(s)";
    runQueueSoon();
    return task;
}

void Reconciler::enqueue(const QList<history::JournalEntry> &rows)
{
    for (const history::JournalEntry &row : rows)
        if (!m_hooks.rowActive(row.id) && !isQueued(row.id))
            m_queue << row.id;
    runQueueSoon();
}

void Reconciler::settlingEnded()
{
    runQueueSoon();
}

void Reconciler::runQueueSoon()
{
    QMetaObject::invokeMethod(
        this, [this] { runQueue(); }, Qt::QueuedConnection);
}

void Reconciler::runQueue()
{
    // One row at a time: settling is background work and must not crowd out the counter.
    if (m_running)
        return;
    while (!m_queue.isEmpty()) {
        const qint64 id = m_queue.takeFirst();
        auto entry = m_journal.entry(id);
        if (!entry || history::isSettled(entry->state) || m_hooks.rowActive(id)
            || m_hooks.codeBusy(entry->couponCode))
            continue;
        ++m_settleAllTried;
        auto *task = new Task(m_taskParent);
        m_running = task;
        connect(task, &Task::finished, this, [this, task] {
            if (m_running == task)
                m_running = nullptr;
            task->deleteLater(); // nobody else holds a background task
        });
        m_hooks.settle(entry.value(), task);
        return;
    }
    if (m_settleAllTask) {
        Task *t = m_settleAllTask;
        m_settleAllTask = nullptr;
        t->m_result.attempts = m_settleAllTried;
        const int left = unsettledCount();
        t->m_result.outcome = left == 0 ? Outcome::Succeeded : Outcome::Uncertain;
        t->m_result.message.severity = left == 0 ? Severity::Success : Severity::Pending;
        // Desk's translation context: these texts were Desk's before the Reconciler.
        t->m_result.message.headline = left == 0
            ? QCoreApplication::translate("desk::Desk", "Every operation is confirmed")
            : QCoreApplication::translate("desk::Desk", "%n operation(s) still not confirmed", nullptr, left);
        t->finish();
    }
}

int Reconciler::unsettledCount() const
{
    // An indexed count: this runs after every operation, so the rows themselves are not loaded.
    const auto n = m_journal.unsettledCount();
    return n.ok() ? static_cast<int>(n.value()) : 0;
}

void Reconciler::refreshUnsettledCount()
{
    const int n = unsettledCount();
    if (n != m_unsettled) {
        m_unsettled = n;
        Q_EMIT unsettledCountChanged(n);
    }
}

} // namespace desk
