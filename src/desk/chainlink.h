// Chain mode for a running program (docs/chain.md): keeps the chain's PostgreSQL in step with this
// counter's journal, off the GUI thread. A ChainPusher runs in a worker thread of its own (its SQLite
// and QPSQL connections never leave it); this facade lives on the GUI thread. It pushes when nudged
// (Desk::journalChanged, coalesced) and on a poll timer (250 ms while rows wait, 1 s idle; other
// programs on the same journal file are seen by the poll), backs off with jitter while the server is
// unreachable (0.5 s doubling to 30 s), and tells the status bar only when what it shows changes.
// With the same connection it keeps a small cache, refreshed about once a second, of the rows other
// counters still hold open (openElsewhere), and looks up a coupon's trail across the chain.
// Stopping finishes the round under way; what has not been pushed stays queued in the outbox.
#pragma once

#include "chainpusher.h"
#include "chainstatus.h"

#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QThread;

namespace desk {

struct ChainLinkOptions
{
    int batchSize = ChainPusher::kDefaultBatchSize;
    int busyPollMs = 250; // the next round while rows wait
    int idlePollMs = 1000; // the next round when nothing waits
    int openRefreshMs = 1000; // how often the other counters' open rows are read again
    int openMaxAgeMs = 10000; // openElsewhere answers nothing from a cache older than this
    int backoffStartMs = 500; // the first wait after a failed round; doubles…
    int backoffMaxMs = 30000; // …up to this (each wait ±25 % jitter, so counters do not retry in step)
};

class ChainLinkWorker;
struct ChainLinkShared;

class ChainLink final : public QObject
{
    Q_OBJECT
public:
    explicit ChainLink(ChainPusherConfig config, ChainLinkOptions options = {}, QObject *parent = nullptr);
    ~ChainLink() override; // stop()

    // Starts the worker thread; the first round runs at once. A second call does nothing.
    void start();
    // Finishes the round under way and ends the thread; nothing queued is lost. start() may follow.
    void stop();
    bool isRunning() const;

    // The latest status (updated after every round; Connecting until the first round ends).
    ChainStatus status() const;

    // Another counter's PENDING/UNCERTAIN use/deactivate/return row for the code (the newest), from the
    // cache; never waits. Nothing when the cache is older than ChainLinkOptions::openMaxAgeMs.
    std::optional<ChainSighting> openElsewhere(const QString &couponCode) const;
    // Answers with trailFound: the coupon's rows across the chain, newest first, at most 20; an empty
    // list at once when the chain database cannot be reached (or the link is not running).
    void lookUpTrail(const QString &couponCode);

public Q_SLOTS:
    // Something was written to the journal: push soon (many nudges make one round; ignored while
    // backing off, the retry comes on time).
    void nudge();

Q_SIGNALS:
    void statusChanged(const desk::ChainStatus &status);
    void trailFound(const QString &couponCode, const QList<desk::ChainSighting> &rows);
    // The open-rows cache was read again (how many rows it holds): tests and diagnostics.
    void openRowsRefreshed(int count);

private:
    void takeStatus(const desk::ChainStatus &status);

    ChainPusherConfig m_config;
    ChainLinkOptions m_options;
    std::shared_ptr<ChainLinkShared> m_shared;
    std::unique_ptr<QThread> m_thread;
    std::unique_ptr<ChainLinkWorker> m_worker;
    ChainStatus m_status;
};

} // namespace desk
