#include "desk_p.h"

#include "answers.h"
#include "couponcodes.h"
#include "crashpoints.h"
#include "entryresult.h"
#include "historymapping_p.h"
#include "logging.h"
#include "reconciler.h"
#include "requestnumbers.h"
#include "wechatpaymapping_p.h"
#include "writerequest.h"

#include <QCoreApplication>
#include <QMetaObject>

#include <algorithm>

namespace desk {

using namespace wechatpay;

QString outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Succeeded:
        return QStringLiteral("succeeded");
    case Outcome::Failed:
        return QStringLiteral("failed");
    case Outcome::Uncertain:
        return QStringLiteral("uncertain");
    case Outcome::Rejected:
        return QStringLiteral("rejected");
    }
    return {};
}

void Task::finish()
{
    m_finished = true;
    Q_EMIT finished(m_result);
}

void Task::finishLater()
{
    QMetaObject::invokeMethod(this, &Task::finish, Qt::QueuedConnection);
}

Desk::Desk(
    ApiClient &client, history::Journal &journal, const Clock &clock, DeskOptions options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_journal(journal)
    , m_clock(clock)
    , m_options(std::move(options))
    , m_reconciler(std::make_unique<Reconciler>(m_journal,
          Reconciler::Hooks { [this](qint64 id) { return m_activeRows.contains(id); },
              [this](const QString &code) { return m_activeCodes.contains(code); },
              [this](const history::JournalEntry &e, Task *task) { startSettling(e, task); } },
          this, m_options.reconcileIntervalMs))
{
    connect(m_reconciler.get(), &Reconciler::unsettledCountChanged, this, &Desk::unsettledCountChanged);
}

// Jobs still under way (a window closed mid-retry): their rows stay PENDING/UNCERTAIN in the journal
// and are settled at the next start. m_jobs frees the bookkeeping; the calls die with the client.
Desk::~Desk() = default;

QList<FieldError> Desk::checkRedeem(const QString &code, const QString &stockId, const QString &openid)
{
    QList<FieldError> e;
    if (auto f = busifavor::checkCouponCode(code))
        e << FieldError(*f);
    if (auto f = busifavor::checkStockId(stockId))
        e << FieldError(*f);
    if (auto f = busifavor::checkOpenId(openid, false))
        e << FieldError(*f);
    return e;
}

QList<FieldError> Desk::checkVoid(const QString &code, const QString &stockId, const QString &reason)
{
    QList<FieldError> e;
    if (auto f = busifavor::checkCouponCode(code))
        e << FieldError(*f);
    if (auto f = busifavor::checkStockId(stockId))
        e << FieldError(*f);
    if (auto f = busifavor::checkReason(reason, true))
        e << FieldError(*f);
    return e;
}

QList<FieldError> Desk::checkQuery(const QString &code, const QString &openid)
{
    QList<FieldError> e;
    if (auto f = busifavor::checkCouponCode(code))
        e << FieldError(*f);
    if (auto f = busifavor::checkOpenId(openid, true))
        e << FieldError(*f);
    return e;
}

QList<FieldError> Desk::checkStock(const QString &stockId)
{
    return toDesk(busifavor::StockQueryRequest { stockId }.validate());
}

QList<FieldError> Desk::checkReason(const QString &reason)
{
    if (auto f = busifavor::checkReason(reason, true))
        return { FieldError(*f) };
    return {};
}

std::optional<StaffMessage> Desk::checkStockId(const QString &stockId)
{
    if (const auto f = checkStock(stockId); !f.isEmpty())
        return fieldMessage(f.first());
    return std::nullopt;
}

Task *Desk::redeem(const StaffSession &staff, const QString &code, const QString &stockId,
    const QString &openid, const OrderAmounts &order)
{
    // The counter's code is tidied (a Chinese input method's full-width digits); a manager's void is taken as
    // typed.
    return startWrite(history::Operation::Use, staff, normalizeCode(code), stockId.trimmed(),
        openid.trimmed(), {}, {}, order);
}

Task *Desk::deactivate(
    const StaffSession &manager, const QString &code, const QString &stockId, const QString &reason)
{
    return startWrite(
        history::Operation::Deactivate, manager, code.trimmed(), stockId.trimmed(), {}, reason.trimmed());
}

Task *Desk::deactivate(const StaffSession &manager, const QString &code, const QString &stockId,
    const QString &reason, const DeactivateOptions &options)
{
    const QString openid = options.openid.trimmed();
    if (auto f = busifavor::checkOpenId(openid, false))
        return rejected(
            history::Operation::Deactivate, code.trimmed(), stockId.trimmed(), { FieldError(*f) });
    return startWrite(history::Operation::Deactivate, manager, code.trimmed(), stockId.trimmed(), openid,
        reason.trimmed(), options.batchId);
}

Task *Desk::returnCoupon(const StaffSession &manager, const QString &code, const QString &stockId)
{
    return startWrite(history::Operation::Return, manager, code.trimmed(), stockId.trimmed(), {}, {});
}

OperationResult Desk::refusal(
    Operation operation, const QString &code, const QString &stockId, const QList<FieldError> &fields)
{
    OperationResult r;
    r.operation = operation;
    r.outcome = Outcome::Rejected;
    r.couponCode = code;
    r.stockId = stockId;
    r.fieldErrors = fields;
    if (!fields.isEmpty()) {
        r.error = fieldsError(fields);
        r.message = fieldMessage(fields.first());
    }
    return r;
}

Task *Desk::rejected(history::Operation op, const QString &code, const QString &stockId, const Error &error,
    const StaffMessage &message)
{
    auto *task = new Task(this);
    task->m_result.operation = toDesk(op);
    task->m_result.outcome = Outcome::Rejected;
    task->m_result.couponCode = code;
    task->m_result.stockId = stockId;
    task->m_result.error = error;
    task->m_result.message = message;
    task->finishLater();
    return task;
}

Task *Desk::rejected(
    history::Operation op, const QString &code, const QString &stockId, const QList<FieldError> &fields)
{
    auto *task = new Task(this);
    task->m_result = refusal(toDesk(op), code, stockId, fields);
    task->finishLater();
    return task;
}

Task *Desk::startWrite(history::Operation op, const StaffSession &staff, const QString &code,
    const QString &stockId, const QString &openid, const QString &reason, const QString &batchId,
    const OrderAmounts &order)
{
    const QDateTime now = m_clock.now().toLocalTime();
    history::JournalEntry entry;
    entry.operation = op;
    entry.couponCode = code;
    entry.stockId = stockId;
    entry.openid = openid;
    entry.appid = m_options.appid;
    entry.reason = reason;
    entry.staff = staff.member.id;
    entry.counterId = m_options.counterId;
    entry.createdAt = now;
    entry.batchId = batchId;
    entry.orderFen = order.orderFen;
    entry.discountFen = order.discountFen;
    entry.attempts = 1; // the first send is counted in the same commit as the PENDING row
    entry.requestNo = makeRequestNumber(m_options.counterId, op, now);

    // The input is checked once, here, as the request that will be sent (the builder checks every field,
    // the configured appid included), plus the shop's own rule that a void says why. Forms ask first
    // (checkRedeem, checkVoid) to mark their fields; nothing a caller skips gets through.
    QList<busifavor::FieldError> fields = writeRequestBody(entry, now);
    if (op == history::Operation::Deactivate && reason.isEmpty())
        fields << *busifavor::checkReason(reason, true);
    if (!fields.isEmpty())
        return rejected(op, code, stockId, toDesk(fields));

    if (op != history::Operation::Use && !staff.isManager()) {
        StaffMessage m;
        m.headline = tr("A manager must confirm with the PIN");
        m.action = tr("Voiding and returning coupons need a manager's PIN.");
        return rejected(op, code, stockId,
            Error::make(ErrorKind::InvalidInput, QStringLiteral("MANAGER_REQUIRED"), m.headline), m);
    }
    if (m_activeCodes.contains(code)) {
        StaffMessage m;
        m.severity = Severity::Pending;
        m.headline = tr("This coupon is already being processed");
        m.action = tr("Wait for its result; it was not sent again.");
        return rejected(op, code, stockId,
            Error::make(ErrorKind::InvalidInput, QStringLiteral("IN_FLIGHT"), m.headline), m);
    }

    history::Result<qint64> inserted = history::Error::make(history::ErrorKind::Duplicate, QString());
    for (int tries = 0; tries < 5; ++tries) {
        if (tries > 0) { // the number is in the journal already: a new one (only the number changes)
            entry.requestNo = makeRequestNumber(m_options.counterId, op, now);
            static_cast<void>(writeRequestBody(entry, now));
        }
        auto r = m_journal.insertPending(entry);
        if (r.ok() || r.error().kind != history::ErrorKind::Duplicate) {
            inserted = r;
            break;
        }
    }
    if (!inserted.ok())
        return refusedInsert(op, code, stockId, inserted.error());
    Q_EMIT journalChanged(entry.id);

    auto *task = new Task(this);
    Job *job = addJob(entry, task);
    job->freshRow = true;
    qCInfo(lcDesk) << history::operationName(op) << "journaled as" << entry.requestNo << "by" << entry.staff;
    crashPoint("before-send");
    attempt(job);
    return task;
}

Task *Desk::refusedInsert(
    history::Operation op, const QString &code, const QString &stockId, const history::Error &error)
{
    const Error e
        = Error::make(ErrorKind::InvalidInput, history::errorKindName(error.kind).toUpper(), error.message);
    StaffMessage m;
    if (error.kind != history::ErrorKind::InFlight) {
        m.headline = tr("The history file cannot be written, so nothing was sent");
        m.action = error.message;
        return rejected(op, code, stockId, e, m);
    }
    m.severity = Severity::Pending;
    m.headline = tr("An earlier operation on this coupon is not confirmed yet");
    m.action = tr("It is being confirmed now; try again when it is settled. Nothing was sent.");
    auto rows = m_journal.inFlightFor(code);
    m_reconciler->enqueue(rows.ok() ? rows.value() : QList<history::JournalEntry> {});
    Task *t = rejected(op, code, stockId, e, m);
    if (rows.ok() && !rows.value().isEmpty())
        t->m_result.journalId = rows.value().first().id; // the row whose settling answers this
    return t;
}

void Desk::attempt(Job *job)
{
    const bool countedAtInsert = job->freshRow && job->attemptsThisRun == 0;
    if (!countedAtInsert)
        if (auto n = m_journal.incrementAttempts(job->entry.id); n.ok())
            job->entry.attempts = n.value();
    ++job->attemptsThisRun;
    if (job->task)
        job->task->m_result.attempts = job->entry.attempts;
    ApiCall *call = m_client.send(job->request);
    connect(call, &ApiCall::requestSent, this, [job] {
        job->mayHaveBeenSent = true;
        crashPoint("after-send");
    });
    connect(call, &ApiCall::finished, this, [this, job, call] { onAnswer(job, call); });
}

void Desk::observeSkew(const ApiResponse &r)
{
    if (r.clockSkewSecs)
        Q_EMIT clockSkewObserved(*r.clockSkewSecs);
    Q_EMIT wechatPayAnswered(r.httpStatus > 0); // any HTTP answer reached WeChat Pay; else the network failed
}

void Desk::onAnswer(Job *job, ApiCall *call)
{
    const ApiResponse r = call->response();
    call->deleteLater();
    observeSkew(r);
    const history::Operation op = job->entry.operation;
    const bool firstSendOfFreshRow = job->freshRow && job->attemptsThisRun == 1;
    const history::SettledBy by
        = firstSendOfFreshRow ? history::SettledBy::Response : history::SettledBy::Retry;

    Error e;
    if (r.ok()) {
        QString wechatTime;
        if (parseSuccess(op, r.body, wechatTime)) {
            crashPoint("after-reply");
            settleJob(job, history::State::Succeeded, {}, wechatTime, QString::fromLatin1(r.requestId), by,
                successMessage(op, wechatTime));
            return;
        }
        // Signed by WeChat Pay but not understood: the change may well have happened.
        e = Error::make(ErrorKind::Protocol, QStringLiteral("RESPONSE_MALFORMED"),
            tr("WeChat Pay's answer could not be read"));
        e.requestSent = true;
        e.httpStatus = r.httpStatus;
        e.requestId = QString::fromLatin1(r.requestId);
    } else {
        e = *r.error;
    }
    if (e.requestSent)
        job->mayHaveBeenSent = true;
    if (isRefusal(e))
        crashPoint("after-reply");

    switch (stepAfterError(e, SendFacts { firstSendOfFreshRow, job->mayHaveBeenSent, job->canQuery() })) {
    case AnswerStep::FailNotSent: {
        Error failed = e;
        failed.code = notSentCode(e.code);
        settleJob(
            job, history::State::Failed, failed, {}, {}, history::SettledBy::Response, errorMessage(op, e));
        return;
    }
    case AnswerStep::Fail:
        settleJob(job, history::State::Failed, e, {}, e.requestId, by, errorMessage(op, e));
        return;
    case AnswerStep::RetryLater:
        retryLater(job, e);
        return;
    case AnswerStep::ConfirmByQuery:
        markUncertain(job, e);
        confirmByQuery(job);
        return;
    case AnswerStep::LeaveUncertain: {
        Error manual = e;
        manual.message = tr(
            "WeChat Pay refused a repeat of an unconfirmed request (%1); without the customer's openid the "
            "program cannot tell whether the first one went through. Check the coupon in the WeChat Pay "
            "merchant platform.")
                             .arg(e.message);
        leaveUncertain(job, manual);
        return;
    }
    }
}

void Desk::markUncertain(Job *job, const Error &e)
{
    history::Outcome o;
    o.state = history::State::Uncertain;
    o.wechatCode = e.code;
    o.message = e.message;
    o.httpStatus = e.httpStatus;
    o.requestId = e.requestId;
    if (auto st = m_journal.markOutcome(job->entry.id, o); !st)
        qCWarning(lcDesk) << "cannot mark" << job->entry.requestNo << "uncertain:" << st.error().toString();
    job->entry.state = history::State::Uncertain;
    Q_EMIT journalChanged(job->entry.id);
    if (!job->uncertainMarked) {
        job->uncertainMarked = true;
        if (job->task && !job->task->m_pendingSent) {
            job->task->m_pendingSent = true;
            job->task->m_result.outcome = Outcome::Uncertain;
            job->task->m_result.error = e;
            job->task->m_result.message = uncertainMessage(job->entry.operation, e);
            Q_EMIT job->task->pending(job->task->m_result);
        }
    }
}

void Desk::retryLater(Job *job, const Error &e)
{
    markUncertain(job, e);
    switch (stepWhileOpen(m_options.retry, job->attemptsThisRun, job->canQuery())) {
    case AnswerStep::RetryLater: {
        const int delay = retryDelayMs(m_options.retry, job->attemptsThisRun, e);
        qCInfo(lcDesk) << job->entry.requestNo << "outcome unknown (" << e.code << ") - sending again in"
                       << delay << "ms";
        QTimer::singleShot(delay, this, [this, job] { attempt(job); });
        return;
    }
    case AnswerStep::ConfirmByQuery:
        confirmByQuery(job);
        return;
    default:
        leaveUncertain(job, e);
        return;
    }
}

void Desk::settleJob(Job *job, history::State state, const Error &error, const QString &wechatTime,
    const QString &requestId, history::SettledBy by, const StaffMessage &message)
{
    OperationResult local;
    OperationResult &result = job->task ? job->task->m_result : local;

    result.outcome = state == history::State::Succeeded ? Outcome::Succeeded : Outcome::Failed;
    result.wechatTime = wechatTime;
    result.requestId = requestId;
    result.error = error;
    result.message = message;
    result.attempts = job->entry.attempts;

    history::Outcome o;
    o.state = state;
    o.wechatTime = wechatTime;
    o.requestId = requestId;
    o.wechatCode = error.code;
    o.message = state == history::State::Succeeded ? QString() : error.message;
    o.httpStatus = error.httpStatus;
    o.settledBy = by;
    if (auto st = m_journal.markOutcome(job->entry.id, o); !st) {
        qCWarning(lcDesk) << "cannot record the outcome of" << job->entry.requestNo << ":"
                          << st.error().toString();
        if (auto now = m_journal.entry(job->entry.id); now.ok() && history::isSettled(now->state)) {
            // Another program instance settled it first: report what the journal holds.
            result.outcome = now->state == history::State::Succeeded ? Outcome::Succeeded : Outcome::Failed;
            result.wechatTime = now->wechatTime;
        } else {
            result.outcome = Outcome::Uncertain;
            result.message = uncertainMessage(job->entry.operation, error);
        }
    }
    Q_EMIT journalChanged(job->entry.id);
    qCInfo(lcDesk) << job->entry.requestNo << "settled:" << history::stateName(state) << "by"
                   << history::settledByName(by);
    finishJob(job);
}

void Desk::leaveUncertain(Job *job, const Error &error)
{
    markUncertain(job, error);
    if (job->task) {
        job->task->m_result.outcome = Outcome::Uncertain;
        job->task->m_result.error = error;
        StaffMessage m = uncertainMessage(job->entry.operation, error);
        m.action = tr("Recorded as not confirmed. The program keeps checking by itself; do not repeat it. "
                      "A manager can settle it from History.");
        job->task->m_result.message = m;
    }
    qCInfo(lcDesk) << job->entry.requestNo << "left uncertain:" << error.toString();
    finishJob(job);
}

void Desk::finishJob(Job *job)
{
    if (m_activeCodes.value(job->entry.couponCode) == job)
        m_activeCodes.remove(job->entry.couponCode);
    m_activeRows.remove(job->entry.id);
    if (job->task) {
        job->task->finish();
        if (job->isSettle)
            Q_EMIT settled(job->task->m_result);
    }
    const bool wasSettle = job->isSettle;
    const auto owned
        = std::find_if(m_jobs.cbegin(), m_jobs.cend(), [job](const auto &j) { return j.get() == job; });
    if (owned != m_jobs.cend())
        m_jobs.erase(owned); // frees the job
    m_reconciler->refreshUnsettledCount();
    if (wasSettle)
        m_reconciler->settlingEnded();
}

Desk::Job *Desk::addJob(const history::JournalEntry &entry, Task *task)
{
    auto job = std::make_unique<Job>();
    job->task = task;
    job->entry = entry;
    job->request = requestFor(entry);
    task->m_result.operation = toDesk(entry.operation);
    task->m_result.journalId = entry.id;
    task->m_result.couponCode = entry.couponCode;
    task->m_result.stockId = entry.stockId;
    task->m_result.requestNo = entry.requestNo;
    m_activeCodes.insert(entry.couponCode, job.get());
    m_activeRows.insert(entry.id);
    m_jobs.push_back(std::move(job));
    return m_jobs.back().get();
}

} // namespace desk
