#include "bulkvoid.h"

#include "answers.h"
#include "crashpoints.h"
#include "entryresult.h"
#include "logging.h"

#include <QHash>

#include <algorithm>
#include <optional>

namespace desk {

using namespace wechatpay;

namespace {

// Journal notes on a FAILED "already deactivated" row, so a later run classifies it without
// depending on WeChat's wording: claimed (a query is to confirm it), verified <request no> <time>,
// unverified (no openid to check it with).
constexpr char kNoteAlreadyVoided[] = "bulk:already-voided";
constexpr char kNoteClaimed[] = "bulk:already-voided:claimed";
constexpr char kNoteVerified[] = "bulk:already-voided:verified";
constexpr char kNoteUnverified[] = "bulk:already-voided:unverified";

bool isBusy(const Error &e)
{
    return e.code == QLatin1String("IN_FLIGHT") || e.code == QLatin1String("IN-FLIGHT");
}

} // namespace

BulkVoidJob::BulkVoidJob(
    Desk &desk, BulkManifest manifest, StaffSession manager, BulkVoidOptions options, QObject *parent)
    : QObject(parent)
    , m_desk(desk)
    , m_manifest(std::move(manifest))
    , m_manager(std::move(manager))
    , m_options(std::move(options))
    , m_bucket(0, 1, 0)
{
    m_options.concurrency = std::clamp(m_options.concurrency, 1, 64);
    m_ownClock.start();
    m_bucket = core::TokenBucket(m_options.ratePerSec,
        std::max(1.0, std::min<double>(m_options.concurrency, m_options.ratePerSec)), nowMs());
    m_results.resize(m_manifest.rows.size());
    m_rowStates.resize(m_manifest.rows.size());
    m_counts[static_cast<int>(BulkOutcome::Pending)] = static_cast<int>(m_manifest.rows.size());
    for (qsizetype i = 0; i < m_manifest.rows.size(); ++i) {
        const BulkRow &row = m_manifest.rows.at(i);
        BulkRowResult &r = m_results[i];
        r.line = row.line;
        r.couponCode = row.couponCode;
        r.stockId = row.stockId;
    }
    m_wake.setSingleShot(true);
    connect(&m_wake, &QTimer::timeout, this, [this] { pump(); });
}

BulkVoidJob::~BulkVoidJob() = default;

qint64 BulkVoidJob::nowMs() const
{
    return m_options.monotonicMs ? m_options.monotonicMs() : m_ownClock.elapsed();
}

void BulkVoidJob::setState(State s)
{
    if (m_state == s)
        return;
    m_state = s;
    Q_EMIT stateChanged(s);
}

void BulkVoidJob::start()
{
    if (m_state != State::Idle)
        return;
    m_elapsed.start();
    setState(State::Running);
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!m_manager.isManager()) {
                for (int i = 0; i < m_results.size(); ++i)
                    if (m_results.at(i).outcome == BulkOutcome::Pending) {
                        OperationResult r;
                        r.operation = Operation::Deactivate;
                        finishRow(
                            i, BulkOutcome::NotStarted, r, tr("Voiding coupons needs a manager's PIN."));
                    }
                maybeFinish();
                return;
            }
            planFromJournal();
            pump();
        },
        Qt::QueuedConnection);
}

void BulkVoidJob::pause()
{
    if (m_state == State::Running || m_state == State::Settling)
        setState(State::Paused);
}

void BulkVoidJob::resume()
{
    if (m_state != State::Paused)
        return;
    setState(m_settlePhase ? State::Settling : State::Running);
    pump();
}

void BulkVoidJob::cancel()
{
    if (m_state == State::Finished || m_state == State::Cancelling)
        return;
    const bool wasIdle = m_state == State::Idle;
    setState(State::Cancelling);
    if (wasIdle) {
        m_elapsed.start();
        QMetaObject::invokeMethod(
            this, [this] { maybeFinish(); }, Qt::QueuedConnection);
        return;
    }
    maybeFinish();
}

void BulkVoidJob::planFromJournal()
{
    // Every journal row of this batch, by coupon: what an earlier run already did.
    QHash<QString, QList<history::JournalEntry>> byCoupon;
    history::JournalFilter filter;
    filter.batchId = m_manifest.jobId;
    filter.operation = history::Operation::Deactivate;
    for (int offset = 0;; offset += history::Journal::kMaxPageSize) {
        auto page = m_desk.journal().query(filter, offset, history::Journal::kMaxPageSize);
        if (!page) {
            qCWarning(lcDesk) << "bulk job" << m_manifest.jobId
                              << "cannot read the journal:" << page.error().toString();
            break;
        }
        for (const history::JournalEntry &e : page.value())
            byCoupon[e.couponCode + QChar(0x1F) + e.stockId] << e;
        if (page->size() < history::Journal::kMaxPageSize)
            break;
    }
    if (!byCoupon.isEmpty())
        qCInfo(lcDesk) << "bulk job" << m_manifest.jobId << "resumes:" << byCoupon.size()
                       << "coupon(s) already in the journal";

    for (int i = 0; i < m_manifest.rows.size(); ++i) {
        const BulkRow &row = m_manifest.rows.at(i);
        OperationResult skipped;
        skipped.operation = Operation::Deactivate;
        skipped.outcome = Outcome::Rejected;
        skipped.couponCode = row.couponCode;
        skipped.stockId = row.stockId;
        if (row.status == BulkRowStatus::Invalid) {
            skipped.error = Error::make(ErrorKind::InvalidInput, QStringLiteral("FIELD_INVALID"),
                row.errors.join(QStringLiteral("; ")));
            finishRow(i, BulkOutcome::SkippedInvalid, skipped, row.errors.join(QStringLiteral("; ")));
            continue;
        }
        if (row.status == BulkRowStatus::Duplicate) {
            skipped.error = Error::make(ErrorKind::InvalidInput, QStringLiteral("DUPLICATE"), QString());
            finishRow(i, BulkOutcome::SkippedDuplicate, skipped,
                tr("Same coupon as line %1").arg(row.duplicateOfLine));
            continue;
        }
        QList<history::JournalEntry> rows = byCoupon.value(row.couponCode + QChar(0x1F) + row.stockId);
        std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.id < b.id; });
        if (rows.isEmpty()) {
            m_queue << Pending { i, Action::Send, 0 };
            continue;
        }
        const auto succeeded = std::find_if(
            rows.cbegin(), rows.cend(), [](const auto &e) { return e.state == history::State::Succeeded; });
        const auto open = std::find_if(
            rows.cbegin(), rows.cend(), [](const auto &e) { return !history::isSettled(e.state); });
        const history::JournalEntry &latest = rows.last();
        if (succeeded != rows.cend()) {
            ++m_resumedDone;
            finishRow(i, BulkOutcome::Voided, resultFromEntry(*succeeded));
        } else if (open != rows.cend()) {
            m_queue << Pending { i, Action::Settle, open->id };
        } else if (isNotSent(latest.wechatCode)) {
            m_queue << Pending { i, Action::Send, 0 }; // nothing was sent for it: safe to send anew
        } else if (latest.note.startsWith(QLatin1String(kNoteVerified))) {
            ++m_resumedDone;
            const QStringList parts = latest.note.split(QLatin1Char(' ')); // note, request number, time
            OperationResult r = resultFromEntry(latest);
            r.wechatTime = parts.value(2);
            finishRow(i, BulkOutcome::AlreadyVoided, r,
                tr("Already voided (verified: deactivated by request %1)").arg(parts.value(1)));
        } else {
            const OperationResult r = resultFromEntry(latest);
            const bool alreadyVoided = latest.note.startsWith(QLatin1String(kNoteAlreadyVoided))
                || couponProblem(r.error) == CouponProblem::Deactivated;
            if (alreadyVoided && !row.openid.isEmpty()) {
                m_verifyBase.insert(i, r);
                m_queue << Pending { i, Action::Verify, latest.id };
            } else {
                ++m_resumedDone;
                if (alreadyVoided)
                    finishRow(i, BulkOutcome::AlreadyVoidedUnverified, r,
                        tr("Already voided (not verified: no openid)"));
                else
                    finishRow(i, BulkOutcome::Failed, r);
            }
        }
    }
    emitProgress();
}

void BulkVoidJob::pump()
{
    if (m_state != State::Running && m_state != State::Settling) {
        maybeFinish();
        return;
    }
    if (!m_queue.isEmpty() && m_ownClock.elapsed() < m_holdUntilMs) {
        if (!m_wake.isActive() || m_wake.remainingTime() > m_holdUntilMs - m_ownClock.elapsed())
            m_wake.start(static_cast<int>(m_holdUntilMs - m_ownClock.elapsed()) + 1);
        return;
    }
    while (m_inFlight < m_options.concurrency && !m_queue.isEmpty()) {
        const qint64 now = nowMs();
        if (!m_bucket.tryTake(now)) {
            m_wake.start(static_cast<int>(std::clamp<qint64>(m_bucket.msUntilToken(now), 1, 60000)));
            return;
        }
        startOne(m_queue.takeFirst());
    }
    maybeFinish();
}

void BulkVoidJob::startOne(const Pending &p)
{
    const BulkRow &row = m_manifest.rows.at(p.row);
    Pending run = p;
    if (run.action == Action::Send) {
        // Look once more: a row of this batch for the coupon (another instance, an earlier try) wins,
        // unless all there is are failures where nothing was sent.
        // By code alone: with batch_id in the filter SQLite picks the batch index and reads every row
        // of the job for each coupon (quadratic over a big file); a coupon has only a few rows.
        history::JournalFilter f;
        f.codeExact = row.couponCode;
        if (auto rows = m_desk.journal().query(f, 0, 1000); rows.ok()) {
            std::optional<history::JournalEntry> latest; // rows come newest first
            for (const history::JournalEntry &e : rows.value()) {
                if (e.batchId != m_manifest.jobId || e.operation != history::Operation::Deactivate
                    || e.stockId != row.stockId)
                    continue;
                if (!latest)
                    latest = e;
                if (e.state == history::State::Succeeded) {
                    finishRow(p.row, BulkOutcome::Voided, resultFromEntry(e), {}, true);
                    return;
                }
                if (!history::isSettled(e.state)) {
                    run = Pending { p.row, Action::Settle, e.id };
                    break;
                }
            }
            if (run.action == Action::Send && latest && !isNotSent(latest->wechatCode)) {
                onDeactivateFinished(p.row, resultFromEntry(*latest), false);
                return;
            }
        }
    }

    ++m_inFlight;
    Task *task = nullptr;
    switch (run.action) {
    case Action::Send:
        ++m_sentThisRun;
        task = m_desk.deactivate(m_manager, row.couponCode, row.stockId, row.reason,
            DeactivateOptions { m_manifest.jobId, row.openid });
        break;
    case Action::Settle:
        task = m_desk.settle(run.journalId);
        break;
    case Action::Verify:
        task = m_desk.queryCoupon(row.couponCode, row.openid);
        break;
    }
    const bool finalSettle = m_settlePhase;
    connect(task, &Task::finished, this, [this, task, run, finalSettle](const OperationResult &result) {
        task->deleteLater();
        --m_inFlight;
        if (run.action == Action::Verify) {
            onVerifyFinished(run.row, run.journalId, m_verifyBase.take(run.row), result);
        } else if (result.outcome == Outcome::Rejected && isBusy(result.error)) {
            RowState &st = m_rowStates[run.row];
            if (++st.busyTries <= m_options.busyRetries) {
                retryLater(run);
            } else {
                finishRow(run.row, BulkOutcome::Failed, result,
                    tr("Another operation on this coupon is not confirmed yet; run the job again later."),
                    true);
            }
        } else {
            OperationResult r = result;
            if (run.action == Action::Settle && r.outcome == Outcome::Failed && r.error.code.isEmpty()) {
                // "Already settled" by someone else: the journal has the facts.
                if (auto e = m_desk.journal().entry(run.journalId); e.ok())
                    r = resultFromEntry(e.value());
            }
            onDeactivateFinished(run.row, r, finalSettle);
        }
        pump();
    });
}

void BulkVoidJob::retryLater(const Pending &p, int delayMs)
{
    ++m_delayed;
    QTimer::singleShot(delayMs < 0 ? m_options.retryDelayMs : delayMs, this, [this, p] {
        --m_delayed;
        m_queue.prepend(p);
        pump();
    });
}

void BulkVoidJob::onDeactivateFinished(int row, const OperationResult &r, bool finalSettle)
{
    switch (r.outcome) {
    case Outcome::Succeeded:
        finishRow(row, BulkOutcome::Voided, r, {}, true);
        return;
    case Outcome::Uncertain:
        if (finalSettle || m_state == State::Cancelling)
            finishRow(row, BulkOutcome::Uncertain, r, {}, true);
        else
            m_finalSettle << Pending { row, Action::Settle, r.journalId };
        return;
    case Outcome::Rejected:
        finishRow(row, BulkOutcome::Failed, r, {}, true);
        return;
    case Outcome::Failed:
        break;
    }
    if (isNotSent(r.error.code)) {
        // Nothing went out (network down, laptop just woke up…): safe to send anew, after a pause
        // during which no other row starts either.
        RowState &st = m_rowStates[row];
        if (++st.notSentTries <= m_options.notSentRetries && m_state != State::Cancelling) {
            const int delay = static_cast<int>(
                std::min<qint64>(qint64(m_options.retryDelayMs) << (st.notSentTries - 1), 30000));
            m_holdUntilMs = std::max(m_holdUntilMs, m_ownClock.elapsed() + delay);
            retryLater(Pending { row, Action::Send, 0 }, delay);
            return;
        }
        finishRow(row, BulkOutcome::Failed, r,
            tr("Could not be sent (%1); running the job again sends it.").arg(r.message.headline), true);
        return;
    }
    if (couponProblem(r.error) == CouponProblem::Deactivated) {
        const BulkRow &b = m_manifest.rows.at(row);
        if (!b.openid.isEmpty()) {
            if (r.journalId)
                (void)m_desk.journal().setNote(r.journalId, QLatin1String(kNoteClaimed));
            m_verifyBase.insert(row, r);
            m_queue.prepend(Pending { row, Action::Verify, r.journalId });
            return;
        }
        if (r.journalId)
            (void)m_desk.journal().setNote(r.journalId, QLatin1String(kNoteUnverified));
        finishRow(row, BulkOutcome::AlreadyVoidedUnverified, r,
            tr("Already voided (not verified: no openid)"), true);
        return;
    }
    finishRow(row, BulkOutcome::Failed, r, {}, true);
}

void BulkVoidJob::onVerifyFinished(
    int row, qint64 journalId, const OperationResult &deactivate, const OperationResult &query)
{
    if (query.outcome == Outcome::Succeeded && query.coupon) {
        const QString state = query.coupon->couponState;
        if (state == QLatin1String("DEACTIVATED")) {
            if (journalId)
                (void)m_desk.journal().setNote(journalId,
                    QLatin1String(kNoteVerified) + QLatin1Char(' ') + query.coupon->deactivateRequestNo
                        + QLatin1Char(' ') + query.coupon->deactivateTime);
            OperationResult r = deactivate;
            r.wechatTime = query.coupon->deactivateTime;
            finishRow(row, BulkOutcome::AlreadyVoided, r,
                tr("Already voided (verified: deactivated by request %1)")
                    .arg(query.coupon->deactivateRequestNo),
                true);
            return;
        }
        finishRow(row, BulkOutcome::Failed, deactivate,
            tr("WeChat Pay refused the void as already voided, but the coupon shows as %1")
                .arg(couponStateLabel(state)),
            true);
        return;
    }
    finishRow(row, BulkOutcome::AlreadyVoidedUnverified, deactivate,
        tr("Already voided (not verified: %1)").arg(query.message.headline), true);
}

void BulkVoidJob::finishRow(
    int row, BulkOutcome outcome, const OperationResult &r, const QString &message, bool live)
{
    BulkRowResult &res = m_results[row];
    if (res.outcome != BulkOutcome::Pending)
        return;
    res.outcome = outcome;
    res.requestNo = r.requestNo;
    res.wechatTime = r.wechatTime;
    res.journalId = r.journalId;
    if (outcome != BulkOutcome::Voided)
        res.code = r.error.code;
    if (!message.isEmpty())
        res.message = message;
    else if (outcome == BulkOutcome::Voided)
        res.message = r.message.headline.isEmpty() ? tr("Coupon voided") : r.message.headline;
    else
        res.message = r.message.detail.isEmpty() || r.message.headline == r.message.detail
            ? r.message.headline
            : r.message.headline + QStringLiteral(" — ") + r.message.detail;
    static_assert(static_cast<int>(BulkOutcome::NotStarted) == 8, "m_counts has one slot per BulkOutcome");
    ++m_counts[static_cast<int>(outcome)];
    --m_counts[static_cast<int>(BulkOutcome::Pending)];
    Q_EMIT rowFinished(row, r);
    if (live) {
        ++m_finishedThisRun;
        emitProgress();
        crashAfterRows(m_finishedThisRun);
    }
}

void BulkVoidJob::maybeFinish()
{
    if (m_finishedEmitted || m_state == State::Idle || m_inFlight > 0 || m_delayed > 0)
        return;
    if (m_state == State::Paused)
        return;
    if (m_state != State::Cancelling) {
        if (!m_queue.isEmpty())
            return; // waiting for a token
        if (!m_settlePhase && !m_finalSettle.isEmpty()) {
            // Every row has been tried: settle the unclear ones once more (same request numbers).
            m_settlePhase = true;
            m_queue = m_finalSettle;
            m_finalSettle.clear();
            setState(State::Settling);
            QMetaObject::invokeMethod(
                this, [this] { pump(); }, Qt::QueuedConnection);
            return;
        }
    }
    const bool cancelled = m_state == State::Cancelling;
    // Rows sent earlier whose outcome is still open stay uncertain (journaled; Desk settles them later).
    for (const Pending &p : m_finalSettle + m_queue) {
        if (p.action == Action::Settle && m_results.at(p.row).outcome == BulkOutcome::Pending) {
            auto e = m_desk.journal().entry(p.journalId);
            finishRow(
                p.row, BulkOutcome::Uncertain, e.ok() ? resultFromEntry(e.value()) : OperationResult {});
        }
    }
    for (auto it = m_verifyBase.cbegin(); it != m_verifyBase.cend(); ++it)
        finishRow(it.key(), BulkOutcome::AlreadyVoidedUnverified, it.value(),
            tr("Already voided (not verified: the job was cancelled)"));
    m_verifyBase.clear();
    for (int i = 0; i < m_results.size(); ++i) {
        if (m_results.at(i).outcome == BulkOutcome::Pending) {
            OperationResult r;
            r.operation = Operation::Deactivate;
            r.couponCode = m_results.at(i).couponCode;
            r.stockId = m_results.at(i).stockId;
            finishRow(i, BulkOutcome::NotStarted, r,
                tr("Not started: the job was cancelled; running it again continues here."));
        }
    }
    m_queue.clear();
    m_finalSettle.clear();
    m_finishedEmitted = true;
    m_wake.stop();
    BulkSummary s = summary();
    s.cancelled = cancelled;
    if (s.allDone() && !m_options.manifestPath.isEmpty()) {
        m_manifest.completedAt = QDateTime::currentDateTime();
        if (auto st = m_manifest.save(m_options.manifestPath); !st)
            qCWarning(lcDesk) << "bulk job" << m_manifest.jobId << ":" << st.error().message;
    }
    qCInfo(lcDesk) << "bulk job" << m_manifest.jobId << "finished:" << s.voided << "voided," << s.failed
                   << "failed," << s.uncertain << "uncertain in" << s.elapsedMs << "ms";
    emitProgress();
    setState(State::Finished);
    Q_EMIT finished(s);
}

BulkSummary BulkVoidJob::summary() const
{
    BulkSummary s;
    s.jobId = m_manifest.jobId;
    s.total = static_cast<int>(m_results.size());
    for (const BulkRowResult &r : m_results) {
        switch (r.outcome) {
        case BulkOutcome::Voided:
            ++s.voided;
            break;
        case BulkOutcome::AlreadyVoided:
            ++s.alreadyVoided;
            break;
        case BulkOutcome::AlreadyVoidedUnverified:
            ++s.alreadyVoidedUnverified;
            break;
        case BulkOutcome::Failed:
            ++s.failed;
            break;
        case BulkOutcome::Uncertain:
            ++s.uncertain;
            break;
        case BulkOutcome::SkippedInvalid:
            ++s.skippedInvalid;
            break;
        case BulkOutcome::SkippedDuplicate:
            ++s.skippedDuplicate;
            break;
        case BulkOutcome::NotStarted:
            ++s.notStarted;
            break;
        case BulkOutcome::Pending:
            break;
        }
    }
    s.cancelled = m_state == State::Cancelling;
    s.resumedDone = m_resumedDone;
    s.sentThisRun = m_sentThisRun;
    s.elapsedMs = m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
    return s;
}

void BulkVoidJob::emitProgress()
{
    auto n = [this](BulkOutcome o) { return m_counts[static_cast<int>(o)]; };
    const int done = n(BulkOutcome::Voided) + n(BulkOutcome::AlreadyVoided);
    const int failed = n(BulkOutcome::AlreadyVoidedUnverified) + n(BulkOutcome::Failed)
        + n(BulkOutcome::Uncertain) + n(BulkOutcome::NotStarted);
    const int remaining = n(BulkOutcome::Pending);
    const qint64 ms = m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
    const double rate = ms > 0 ? m_finishedThisRun * 1000.0 / static_cast<double>(ms) : 0.0;
    Q_EMIT progress(done, failed, remaining, rate);
}

} // namespace desk
