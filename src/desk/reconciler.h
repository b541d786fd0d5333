// Settling in the background: the queue of PENDING/UNCERTAIN journal rows, one row at a time, the
// periodic timer, settleAll's run, and the unsettled count. Owned by Desk, which does the settling
// of each row; the Reconciler decides which row and when.
#pragma once

#include "history/journal.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

namespace desk {

class Task;

class Reconciler final : public QObject
{
    Q_OBJECT
public:
    // What the Reconciler asks of its Desk.
    struct Hooks
    {
        std::function<bool(qint64 journalId)> rowActive; // a write or settling holds this row
        std::function<bool(const QString &couponCode)> codeBusy; // …or another row of this coupon
        std::function<void(const history::JournalEntry &, Task *)>
            settle; // settle this row, finishing the task
    };

    // `taskParent` parents the tasks handed out (the Desk). intervalMs 0: no periodic settling.
    Reconciler(history::Journal &journal, Hooks hooks, QObject *taskParent, int intervalMs);

    // Every unsettled row not being worked on, one at a time; finished() when each was tried once
    // (result().attempts = rows tried). While one run is under way, the same task is returned.
    Task *settleAll();
    // These rows (an earlier operation on a coupon being written again) are settled soon.
    void enqueue(const QList<history::JournalEntry> &rows);
    // A settling ended (any, the Desk's own included): the next queued row may start.
    void settlingEnded();

    int unsettledCount() const;
    void refreshUnsettledCount(); // emits unsettledCountChanged when the count moved

Q_SIGNALS:
    void unsettledCountChanged(int count);

private:
    void runQueue();
    void runQueueSoon();
    bool isQueued(qint64 id) const { return m_queue.contains(id); }

    history::Journal &m_journal;
    Hooks m_hooks;
    QObject *m_taskParent;
    QList<qint64> m_queue;
    QPointer<Task> m_running; // the background settling under way (one at a time)
    QPointer<Task> m_settleAllTask;
    int m_settleAllTried = 0;
    QTimer m_timer;
    int m_unsettled = -1;
};

} // namespace desk
