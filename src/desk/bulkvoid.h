// Bulk void (批量使券失效): read a file of coupons, preview it with per-row problems, then void every
// valid row as its own journaled deactivate, with bounded concurrency and a rate limit, resumable
// after a crash.
//
// Resume design (why it cannot void twice or skip a row):
//   1. Before anything is sent, the job's manifest (every row of the preview, the reason, the job id,
//      who started it) is written atomically (QSaveFile) to a job file beside the history database.
//      The manifest never changes afterwards except for a completion stamp.
//   2. Every coupon goes through Desk::deactivate with the job id as the journal's batch_id, so the
//      PENDING row (request number and exact body) is durable before the first byte is sent.
//   3. On (re)start the job reads the journal rows of its batch and decides per manifest row:
//      SUCCEEDED → voided; PENDING/UNCERTAIN → Desk::settle (same request number, same body);
//      FAILED → final (already voided is checked by query when the openid is known), except
//      failures where nothing was sent ("NOT_SENT:…"), which are sent again; no row → send now.
//   A request number is only ever created for a coupon that has no batch row that might have been
//   applied, so a coupon gets at most one applied deactivate; and every manifest row ends in a
//   journal row or a reported reason, so none is skipped.
//
// The parts, each in its own file and all included here: bulkfile.h (reading the file, the preview),
// bulkmanifest.h (the manifest and its lock), bulkreport.h (row outcomes, summary, report CSV) and
// core/tokenbucket.h (the rate limit). This file is the job itself.
#pragma once

#include "bulkfile.h"
#include "bulkmanifest.h"
#include "bulkreport.h"
#include "desk.h"
#include "staff.h"

#include "core/tokenbucket.h"
#include "result.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>

namespace desk {

struct BulkVoidOptions
{
    // Deactivates in flight at most: QNetworkAccessManager's 6 connections per host kept busy, 2 more
    // signed and waiting (answers after 50 ms, --rate 0: 4 → 64/s, 6 → 89/s, 8 → 109/s measured).
    int concurrency = 8;
    double ratePerSec = 10; // new requests per second (token bucket); <= 0: unlimited
    int notSentRetries = 5; // a row whose request could not be sent at all is tried again this often;
                            // meanwhile no new row starts (the network is probably down)
    int retryDelayMs = 1000; // before such a retry (doubled each time, at most 30 s), and between
                             // checks of a coupon busy with another operation
    int busyRetries = 30; // a coupon busy with another operation is tried again this often
    std::function<qint64()> monotonicMs; // rate limiter clock; empty: QElapsedTimer
    QString manifestPath; // when set, the manifest is stamped completed there at the end
};

class BulkVoidJob final : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Running, Paused, Cancelling, Settling, Finished };
    Q_ENUM(State)

    // `manager` must be a manager with a verified PIN; the job refuses to start otherwise.
    BulkVoidJob(Desk &desk, BulkManifest manifest, StaffSession manager, BulkVoidOptions options = {},
        QObject *parent = nullptr);
    ~BulkVoidJob() override;

    // Reads the journal for rows of this batch (an earlier run), reports what is already finished,
    // then sends the rest. Returns at once; finished() comes later (queued even when nothing is to do).
    void start();
    void pause(); // no new rows start; rows in flight finish
    void resume();
    void cancel(); // no new rows start; rows in flight finish and are journaled; then finished()

    State state() const { return m_state; }
    const BulkManifest &manifest() const { return m_manifest; }
    QString jobId() const { return m_manifest.jobId; }
    const QList<BulkRowResult> &results() const { return m_results; }
    BulkRowResult rowResult(int row) const { return m_results.value(row); }
    BulkSummary summary() const;
    Status writeReport(QIODevice &out, bool withBom) const
    {
        return writeBulkReport(m_results, out, withBom);
    }

Q_SIGNALS:
    // done: voided + already voided (verified); failed: failed, unverified, uncertain; remaining: to go.
    void progress(int done, int failed, int remaining, double ratePerSec);
    // Once per manifest row (index into manifest().rows), skipped rows included; rowResult(row) has
    // the bulk outcome. Rows found finished in the journal are reported when start() runs.
    void rowFinished(int row, const desk::OperationResult &result);
    void stateChanged(desk::BulkVoidJob::State state);
    void finished(const desk::BulkSummary &summary);

private:
    enum class Action { Send, Settle, Verify };
    struct Pending
    {
        int row = 0;
        Action action = Action::Send;
        qint64 journalId = 0;
    };
    struct RowState
    {
        int notSentTries = 0;
        int busyTries = 0;
        bool inFinalSettle = false;
    };

    void setState(State s);
    void planFromJournal();
    void pump();
    void startOne(const Pending &p);
    void onDeactivateFinished(int row, const OperationResult &r, bool finalSettle);
    void onVerifyFinished(
        int row, qint64 journalId, const OperationResult &deactivate, const OperationResult &query);
    void retryLater(const Pending &p, int delayMs = -1); // -1: options.retryDelayMs
    // live: finished by this run (counts for the rate and the crash hook), not found in the journal.
    void finishRow(int row, BulkOutcome outcome, const OperationResult &r, const QString &message = {},
        bool live = false);
    void maybeFinish();
    void emitProgress();
    qint64 nowMs() const;

    Desk &m_desk;
    BulkManifest m_manifest;
    StaffSession m_manager;
    BulkVoidOptions m_options;
    State m_state = State::Idle;
    QList<BulkRowResult> m_results;
    QList<RowState> m_rowStates;
    QList<Pending> m_queue; // waiting to start, in file order
    QList<Pending> m_finalSettle; // uncertain rows to settle once the queue is done
    QHash<int, OperationResult> m_verifyBase; // row → its "already voided" answer, while the query runs
    int m_counts[9] = {}; // rows per BulkOutcome
    int m_inFlight = 0;
    int m_delayed = 0; // retries waiting on a timer
    int m_finishedThisRun = 0;
    int m_resumedDone = 0;
    int m_sentThisRun = 0;
    qint64 m_holdUntilMs = 0; // no new row before this (m_ownClock), after a request could not be sent
    bool m_settlePhase = false;
    bool m_finishedEmitted = false;
    core::TokenBucket m_bucket;
    QTimer m_wake;
    QElapsedTimer m_elapsed;
    QElapsedTimer m_ownClock;
};

} // namespace desk
