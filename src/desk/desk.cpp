#include "desk.h"

#include "couponcodes.h"
#include "crashpoints.h"
#include "historymapping_p.h"
#include "logging.h"
#include "requestnumbers.h"

#include "wechatpay/certificates.h"

#include <QCoreApplication>
#include <QMetaObject>

namespace desk {

using namespace wechatpay;

namespace {

bool isDefiniteOnRetry(const Error &e)
{
    // The same body was refused for reasons that would have refused the first send as well.
    const CouponProblem p = couponProblem(e);
    return e.code == QLatin1String("PARAM_ERROR") || p == CouponProblem::WrongMerchant || p == CouponProblem::NotFound;
}

} // namespace

QString outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Succeeded: return QStringLiteral("succeeded");
    case Outcome::Failed: return QStringLiteral("failed");
    case Outcome::Uncertain: return QStringLiteral("uncertain");
    case Outcome::Rejected: return QStringLiteral("rejected");
    }
    return {};
}

struct Desk::Job {
    QPointer<Task> task;
    bool ownedByDesk = false;        // background settling: the desk deletes the task
    bool isSettle = false;           // settling an existing row (settle / settleAll / crash recovery)
    history::JournalEntry entry;
    ApiRequest request;
    int attemptsThisRun = 0;
    bool freshRow = false;           // written by this run: nothing can have been sent before
    bool mayHaveBeenSent = false;    // some attempt may have reached WeChat Pay
    bool uncertainMarked = false;
    bool queried = false;
    bool isRead = false;             // query / stock: not journaled
};

Desk::Desk(ApiClient &client, history::Journal &journal, const Clock &clock, DeskOptions options, QObject *parent)
    : QObject(parent), m_client(client), m_journal(journal), m_clock(clock), m_options(std::move(options))
{
    connect(&m_reconcileTimer, &QTimer::timeout, this, [this] {
        if (!m_settleAllTask && unsettledCount() > 0) {
            Task *t = settleAll();
            connect(t, &Task::finished, t, &QObject::deleteLater);
        }
    });
    if (m_options.reconcileIntervalMs > 0)
        m_reconcileTimer.start(m_options.reconcileIntervalMs);
}

Desk::~Desk()
{
    // Jobs still under way (a window closed mid-retry): their rows stay PENDING/UNCERTAIN in the
    // journal and are settled at the next start. Free the bookkeeping; the calls die with the client.
    const QList<Job *> jobs = m_activeCodes.values();
    qDeleteAll(QSet<Job *>(jobs.cbegin(), jobs.cend()));
}

QList<busifavor::FieldError> Desk::checkRedeem(const QString &code, const QString &stockId, const QString &openid)
{
    QList<busifavor::FieldError> e;
    if (auto f = busifavor::checkCouponCode(code)) e << *f;
    if (auto f = busifavor::checkStockId(stockId)) e << *f;
    if (auto f = busifavor::checkOpenId(openid, false)) e << *f;
    return e;
}

QList<busifavor::FieldError> Desk::checkVoid(const QString &code, const QString &stockId, const QString &reason)
{
    QList<busifavor::FieldError> e;
    if (auto f = busifavor::checkCouponCode(code)) e << *f;
    if (auto f = busifavor::checkStockId(stockId)) e << *f;
    if (auto f = busifavor::checkReason(reason, true)) e << *f;
    return e;
}

std::optional<StaffMessage> Desk::checkStockId(const QString &stockId)
{
    if (auto f = busifavor::checkStockId(stockId))
        return fieldMessage(*f);
    return std::nullopt;
}

Task *Desk::redeem(const StaffSession &staff, const QString &code, const QString &stockId,
    const QString &openid, const OrderAmounts &order)
{
    // The counter's code is tidied (a Chinese input method's full-width digits); a manager's void is taken as typed.
    return startWrite(history::Operation::Use, staff, normalizeCode(code), stockId.trimmed(),
        openid.trimmed(), {}, {}, order);
}

Task *Desk::deactivate(const StaffSession &manager, const QString &code, const QString &stockId, const QString &reason)
{
    return startWrite(
        history::Operation::Deactivate, manager, code.trimmed(), stockId.trimmed(), {}, reason.trimmed());
}

Task *Desk::deactivate(const StaffSession &manager, const QString &code, const QString &stockId, const QString &reason,
                       const DeactivateOptions &options)
{
    const QString openid = options.openid.trimmed();
    if (auto f = busifavor::checkOpenId(openid, false))
        return rejected(history::Operation::Deactivate, code.trimmed(), stockId.trimmed(),
            busifavor::toError({ *f }), fieldMessage(*f), { *f });
    return startWrite(history::Operation::Deactivate, manager, code.trimmed(), stockId.trimmed(), openid,
        reason.trimmed(), options.batchId);
}

Task *Desk::returnCoupon(const StaffSession &manager, const QString &code, const QString &stockId)
{
    return startWrite(history::Operation::Return, manager, code.trimmed(), stockId.trimmed(), {}, {});
}

Task *Desk::rejected(history::Operation op, const QString &code, const QString &stockId, const Error &error,
    const StaffMessage &message, const QList<busifavor::FieldError> &fields)
{
    auto *task = new Task(this);
    task->m_result.operation = toDesk(op);
    task->m_result.outcome = Outcome::Rejected;
    task->m_result.couponCode = code;
    task->m_result.stockId = stockId;
    task->m_result.error = error;
    task->m_result.message = message;
    task->m_result.fieldErrors = fields;
    // Queued, so every caller connects the same way whether or not anything was sent.
    QMetaObject::invokeMethod(task, [task] {
        task->m_finished = true;
        Q_EMIT task->finished(task->m_result);
    }, Qt::QueuedConnection);
    return task;
}

Task *Desk::startWrite(history::Operation op, const StaffSession &staff, const QString &code,
    const QString &stockId, const QString &openid, const QString &reason, const QString &batchId,
    const OrderAmounts &order)
{
    const QList<busifavor::FieldError> fields = op == history::Operation::Use
        ? checkRedeem(code, stockId, openid)
        : op == history::Operation::Deactivate ? checkVoid(code, stockId, reason)
                                               : checkRedeem(code, stockId, {});
    if (!fields.isEmpty())
        return rejected(op, code, stockId, busifavor::toError(fields), fieldMessage(fields.first()), fields);

    if (op != history::Operation::Use && !staff.isManager()) {
        StaffMessage m;
        m.headline = tr("A manager must confirm with the PIN");
        m.action = tr("Voiding and returning coupons need a manager's PIN.");
        return rejected(op, code, stockId, Error::make(ErrorKind::InvalidInput, QStringLiteral("MANAGER_REQUIRED"), m.headline), m);
    }
    if (m_activeCodes.contains(code)) {
        StaffMessage m;
        m.severity = Severity::Pending;
        m.headline = tr("This coupon is already being processed");
        m.action = tr("Wait for its result; it was not sent again.");
        return rejected(op, code, stockId, Error::make(ErrorKind::InvalidInput, QStringLiteral("IN_FLIGHT"), m.headline), m);
    }

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
    entry.attempts = 1;  // the first send is counted in the same commit as the PENDING row

    history::Result<qint64> inserted = history::Error::make(history::ErrorKind::Duplicate, QString());
    for (int tries = 0; tries < 5; ++tries) {
        entry.requestNo = makeRequestNumber(m_options.counterId, op, now);
        QList<busifavor::FieldError> bodyErrors;
        if (op == history::Operation::Use) {
            busifavor::UseCouponRequest r{code, stockId, m_options.appid, formatRfc3339(now, now.offsetFromUtc()), entry.requestNo, openid};
            bodyErrors = r.validate();
            entry.requestBody = r.toJson();
        } else if (op == history::Operation::Deactivate) {
            busifavor::DeactivateCouponRequest r{code, stockId, entry.requestNo, reason};
            bodyErrors = r.validate();
            entry.requestBody = r.toJson();
        } else {
            busifavor::ReturnCouponRequest r{code, stockId, entry.requestNo};
            bodyErrors = r.validate();
            entry.requestBody = r.toJson();
        }
        if (!bodyErrors.isEmpty())  // e.g. the configured appid is wrong
            return rejected(op, code, stockId, busifavor::toError(bodyErrors), fieldMessage(bodyErrors.first()), bodyErrors);
        auto r = m_journal.insertPending(entry);
        if (r.ok() || r.error().kind != history::ErrorKind::Duplicate) {
            inserted = r;
            break;
        }
    }
    if (!inserted.ok()) {
        StaffMessage m;
        if (inserted.error().kind == history::ErrorKind::InFlight) {
            m.severity = Severity::Pending;
            m.headline = tr("An earlier operation on this coupon is not confirmed yet");
            m.action = tr("It is being confirmed now; try again when it is settled. Nothing was sent.");
            auto rows = m_journal.inFlightFor(code);
            if (rows.ok())
                for (const history::JournalEntry &row : rows.value())
                    if (!m_activeRows.contains(row.id) && !m_settleQueue.contains(row.id))
                        m_settleQueue << row.id;
            QMetaObject::invokeMethod(this, [this] { runSettleQueue(); }, Qt::QueuedConnection);
            Error e = Error::make(ErrorKind::InvalidInput, history::errorKindName(inserted.error().kind).toUpper(),
                                  inserted.error().message);
            Task *t = rejected(op, code, stockId, e, m);
            if (rows.ok() && !rows.value().isEmpty())
                t->m_result.journalId = rows.value().first().id;  // the row whose settling answers this
            return t;
        } else {
            m.headline = tr("The history file cannot be written, so nothing was sent");
            m.action = inserted.error().message;
        }
        Error e = Error::make(ErrorKind::InvalidInput, history::errorKindName(inserted.error().kind).toUpper(), inserted.error().message);
        return rejected(op, code, stockId, e, m);
    }
    Q_EMIT journalChanged(entry.id);

    auto *task = new Task(this);
    auto *job = new Job;
    job->task = task;
    job->entry = entry;
    job->request = requestFor(entry);
    job->freshRow = true;
    task->m_result.operation = toDesk(op);
    task->m_result.journalId = entry.id;
    task->m_result.couponCode = code;
    task->m_result.stockId = stockId;
    task->m_result.requestNo = entry.requestNo;
    m_activeCodes.insert(code, job);
    m_activeRows.insert(entry.id);
    qCInfo(lcDesk) << history::operationName(op) << "journaled as" << entry.requestNo << "by" << entry.staff;
    crashPoint("before-send");
    attempt(job);
    return task;
}

ApiRequest Desk::requestFor(const history::JournalEntry &entry)
{
    const char *path = entry.operation == history::Operation::Use ? busifavor::kUsePath
        : entry.operation == history::Operation::Deactivate       ? busifavor::kDeactivatePath
                                                                  : busifavor::kReturnPath;
    return ApiRequest{"POST", QByteArray(path), entry.requestBody};
}

bool Desk::parseSuccess(history::Operation op, const QByteArray &body, QString &wechatTime)
{
    switch (op) {
    case history::Operation::Use: {
        auto r = busifavor::UseCouponResponse::fromJson(body);
        if (r) wechatTime = r->wechatpayUseTime;
        return r.ok();
    }
    case history::Operation::Deactivate: {
        auto r = busifavor::DeactivateCouponResponse::fromJson(body);
        if (r) wechatTime = r->wechatpayDeactivateTime;
        return r.ok();
    }
    case history::Operation::Return: {
        auto r = busifavor::ReturnCouponResponse::fromJson(body);
        if (r) wechatTime = r->wechatpayReturnTime;
        return r.ok();
    }
    case history::Operation::Query:
        return true;
    }
    return false;
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
    Q_EMIT wechatPayAnswered(r.httpStatus > 0);  // any HTTP answer reached WeChat Pay; else the network failed
}

void Desk::onAnswer(Job *job, ApiCall *call)
{
    const ApiResponse r = call->response();
    call->deleteLater();
    observeSkew(r);
    const history::Operation op = job->entry.operation;
    const bool firstSendOfFreshRow = job->freshRow && job->attemptsThisRun == 1;

    Error e;
    if (r.ok()) {
        QString wechatTime;
        if (parseSuccess(op, r.body, wechatTime)) {
            crashPoint("after-reply");
            settleJob(job, history::State::Succeeded, {}, wechatTime, QString::fromLatin1(r.requestId),
                firstSendOfFreshRow ? history::SettledBy::Response : history::SettledBy::Retry,
                successMessage(op, wechatTime));
            return;
        }
        // Signed by WeChat Pay but not understood: the change may well have happened.
        e = Error::make(ErrorKind::Protocol, QStringLiteral("RESPONSE_MALFORMED"), tr("WeChat Pay's answer could not be read"));
        e.requestSent = true;
        e.httpStatus = r.httpStatus;
        e.requestId = QString::fromLatin1(r.requestId);
    } else {
        e = *r.error;
    }
    if (e.requestSent)
        job->mayHaveBeenSent = true;

    const bool notSent = !e.requestSent
        && (e.kind == ErrorKind::InvalidInput || e.kind == ErrorKind::Key || e.kind == ErrorKind::Crypto
            || e.kind == ErrorKind::Network || e.kind == ErrorKind::Timeout || e.kind == ErrorKind::Tls
            || e.kind == ErrorKind::Cancelled);
    if (notSent && !job->mayHaveBeenSent) {
        Error failed = e;
        failed.code = QStringLiteral("NOT_SENT:") + e.code;
        settleJob(
            job, history::State::Failed, failed, {}, {}, history::SettledBy::Response, errorMessage(op, e));
        return;
    }
    if (notSent) {
        retryLater(job, e);
        return;
    }
    if (e.kind == ErrorKind::Http && e.httpStatus >= 400 && e.httpStatus < 500 && e.httpStatus != 429) {
        crashPoint("after-reply");
        if (firstSendOfFreshRow || isDefiniteOnRetry(e)) {
            settleJob(job, history::State::Failed, e, {}, e.requestId,
                firstSendOfFreshRow ? history::SettledBy::Response : history::SettledBy::Retry,
                errorMessage(op, e));
            return;
        }
        if (e.httpStatus == 401) {  // this retry was not accepted (e.g. clock): the first may have been
            retryLater(job, e);
            return;
        }
        if (!job->entry.openid.isEmpty() && !job->queried) {
            markUncertain(job, e);
            confirmByQuery(job);
            return;
        }
        Error manual = e;
        manual.message = tr("WeChat Pay refused a repeat of an unconfirmed request (%1); without the customer's openid the "
                            "program cannot tell whether the first one went through. Check the coupon in the WeChat Pay "
                            "merchant platform.").arg(e.message);
        leaveUncertain(job, manual);
        return;
    }
    retryLater(job, e);
}

void Desk::markUncertain(Job *job, const Error &e)
{
    if (job->isRead)
        return;
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
    const RetryPolicy &p = m_options.retry;
    if (job->attemptsThisRun < p.maxAttempts) {
        int delay = p.firstDelayMs;
        for (int i = 1; i < job->attemptsThisRun && delay < p.maxDelayMs; ++i)
            delay *= 2;
        delay = qMin(delay, p.maxDelayMs);
        if (e.httpStatus == 429)
            delay = qMax(delay, p.rateLimitDelayMs);
        qCInfo(lcDesk) << job->entry.requestNo << "outcome unknown (" << e.code << ") - sending again in" << delay << "ms";
        QTimer::singleShot(delay, this, [this, job] { attempt(job); });
        return;
    }
    if (!job->entry.openid.isEmpty() && !job->queried) {
        confirmByQuery(job);
        return;
    }
    leaveUncertain(job, e);
}

void Desk::confirmByQuery(Job *job)
{
    job->queried = true;
    const QString appid = job->entry.appid.isEmpty() ? m_options.appid : job->entry.appid;
    busifavor::QueryCouponRequest q{job->entry.openid, job->entry.couponCode, appid};
    if (!q.validate().isEmpty()) {
        leaveUncertain(job, busifavor::toError(q.validate()));
        return;
    }
    ApiCall *call = m_client.send(q.toApiRequest());
    connect(call, &ApiCall::finished, this, [this, job, call] { onQueryAnswer(job, call); });
}

void Desk::onQueryAnswer(Job *job, ApiCall *call)
{
    const ApiResponse r = call->response();
    call->deleteLater();
    observeSkew(r);
    if (!r.ok()) {
        leaveUncertain(job, *r.error);
        return;
    }
    auto detail = busifavor::CouponDetail::fromJson(r.body);
    if (!detail) {
        leaveUncertain(job, detail.error());
        return;
    }
    const QString state = detail->couponState;
    const QString ours = job->entry.requestNo;
    const history::Operation op = job->entry.operation;
    auto succeed = [&](const QString &time) {
        settleJob(job, history::State::Succeeded, {}, time, QString::fromLatin1(r.requestId),
            history::SettledBy::Query, successMessage(op, time));
    };
    auto fail = [&](const QString &reason, const QString &message) {
        Error e = Error::make(ErrorKind::Http, QStringLiteral("COUPON_STATE"), message);
        e.detail.insert(QStringLiteral("reason"), reason);
        settleJob(job, history::State::Failed, e, {}, QString::fromLatin1(r.requestId),
            history::SettledBy::Query, errorMessage(op, e));
    };
    auto resendOrWait = [&] {
        if (job->attemptsThisRun < m_options.retry.maxAttempts) {
            job->queried = false;
            attempt(job);
        } else {
            Error e = Error::make(ErrorKind::Http, QStringLiteral("NOT_APPLIED_YET"), tr("WeChat Pay shows the coupon unchanged; the request will be sent again"));
            leaveUncertain(job, e);
        }
    };
    qCInfo(lcDesk) << ours << "settling by query: coupon state" << state;

    switch (op) {
    case history::Operation::Use:
        if (state == QLatin1String("USED") && detail->useRequestNo == ours)
            return succeed(detail->useTime);
        if (state == QLatin1String("USED"))
            return fail(QStringLiteral("COUPON_USED"), tr("Already redeemed by another request (%1)").arg(detail->useRequestNo));
        if (state == QLatin1String("SENDED"))
            return resendOrWait();
        if (state == QLatin1String("EXPIRED"))
            return fail(QStringLiteral("COUPON_EXPIRED"), tr("The coupon has expired"));
        if (state == QLatin1String("DEACTIVATED"))
            return fail(QStringLiteral("COUPON_DEACTIVATED"), tr("The coupon has been voided"));
        break;
    case history::Operation::Deactivate:
        if (state == QLatin1String("DEACTIVATED") && detail->deactivateRequestNo == ours)
            return succeed(detail->deactivateTime);
        if (state == QLatin1String("DEACTIVATED"))
            return fail(QStringLiteral("COUPON_DEACTIVATED"), tr("Already voided by another request"));
        if (state == QLatin1String("SENDED"))
            return resendOrWait();
        if (state == QLatin1String("USED"))
            return fail(QStringLiteral("COUPON_USED"), tr("The coupon has already been redeemed"));
        if (state == QLatin1String("EXPIRED"))
            return fail(QStringLiteral("COUPON_EXPIRED"), tr("The coupon has expired"));
        break;
    case history::Operation::Return:
        if (state == QLatin1String("SENDED") && detail->returnRequestNo == ours)
            return succeed(detail->returnTime);
        if (state == QLatin1String("USED"))
            return resendOrWait();
        break;
    case history::Operation::Query:
        break;
    }
    leaveUncertain(job, Error::make(ErrorKind::Http, QStringLiteral("COUPON_STATE_UNEXPECTED"),
                                    tr("WeChat Pay reports the coupon as %1; check it in the merchant platform").arg(state)));
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

    if (!job->isRead) {
        history::Outcome o;
        o.state = state;
        o.wechatTime = wechatTime;
        o.requestId = requestId;
        o.wechatCode = error.code;
        o.message = state == history::State::Succeeded ? QString() : error.message;
        o.httpStatus = error.httpStatus;
        o.settledBy = by;
        if (auto st = m_journal.markOutcome(job->entry.id, o); !st) {
            qCWarning(lcDesk) << "cannot record the outcome of" << job->entry.requestNo << ":" << st.error().toString();
            if (auto now = m_journal.entry(job->entry.id); now.ok() && history::isSettled(now->state)) {
                // Another program instance settled it first: report what the journal holds.
                result.outcome
                    = now->state == history::State::Succeeded ? Outcome::Succeeded : Outcome::Failed;
                result.wechatTime = now->wechatTime;
            } else {
                result.outcome = Outcome::Uncertain;
                result.message = uncertainMessage(job->entry.operation, error);
            }
        }
        Q_EMIT journalChanged(job->entry.id);
        qCInfo(lcDesk) << job->entry.requestNo << "settled:" << history::stateName(state) << "by" << history::settledByName(by);
    }
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
        job->task->m_finished = true;
        Q_EMIT job->task->finished(job->task->m_result);
        if (job->isSettle && !job->isRead)
            Q_EMIT settled(job->task->m_result);
        if (job->ownedByDesk)
            job->task->deleteLater();
    }
    const bool wasSettle = job->isSettle;
    delete job;
    refreshUnsettledCount();
    if (wasSettle)
        QMetaObject::invokeMethod(this, [this] { runSettleQueue(); }, Qt::QueuedConnection);
}

Desk::Job *Desk::jobForEntry(const history::JournalEntry &entry, Task *task)
{
    auto *job = new Job;
    job->task = task;
    job->entry = entry;
    job->request = requestFor(entry);
    job->isSettle = true;
    job->mayHaveBeenSent = true;  // an earlier run may have sent it
    job->uncertainMarked = entry.state == history::State::Uncertain;
    task->m_result.operation = toDesk(entry.operation);
    task->m_result.journalId = entry.id;
    task->m_result.couponCode = entry.couponCode;
    task->m_result.stockId = entry.stockId;
    task->m_result.requestNo = entry.requestNo;
    task->m_pendingSent = true;  // the row is already known to be unconfirmed
    m_activeCodes.insert(entry.couponCode, job);
    m_activeRows.insert(entry.id);
    return job;
}

Task *Desk::settle(qint64 journalId)
{
    auto entry = m_journal.entry(journalId);
    if (!entry) {
        StaffMessage m;
        m.headline = tr("No such history row");
        return rejected(history::Operation::Query, {}, {},
            Error::make(ErrorKind::InvalidInput, QStringLiteral("NOT_FOUND"), entry.error().message), m);
    }
    if (m_activeRows.contains(journalId) || m_activeCodes.contains(entry->couponCode)) {
        StaffMessage m;
        m.severity = Severity::Pending;
        m.headline = tr("This row is being confirmed right now");
        return rejected(entry->operation, entry->couponCode, entry->stockId,
                        Error::make(ErrorKind::InvalidInput, QStringLiteral("IN_FLIGHT"), m.headline), m);
    }
    auto *task = new Task(this);
    if (history::isSettled(entry->state)) {
        task->m_result.operation = toDesk(entry->operation);
        task->m_result.journalId = entry->id;
        task->m_result.couponCode = entry->couponCode;
        task->m_result.requestNo = entry->requestNo;
        task->m_result.outcome
            = entry->state == history::State::Succeeded ? Outcome::Succeeded : Outcome::Failed;
        task->m_result.wechatTime = entry->wechatTime;
        task->m_result.message.headline = tr("Already settled");
        QMetaObject::invokeMethod(task, [task] {
            task->m_finished = true;
            Q_EMIT task->finished(task->m_result);
        }, Qt::QueuedConnection);
        return task;
    }
    Job *job = jobForEntry(entry.value(), task);
    attempt(job);
    return task;
}

wechatpay::Status Desk::settleManually(qint64 journalId, bool wentThrough, const StaffSession &manager, const QString &note)
{
    auto fail = [](const QString &message) { return Error::make(ErrorKind::InvalidInput, QStringLiteral("MANUAL_SETTLE_REFUSED"), message); };
    if (!manager.isManager())
        return fail(tr("Only a manager can settle a row by hand."));
    if (m_activeRows.contains(journalId))
        return fail(tr("This row is being confirmed right now"));
    auto entry = m_journal.entry(journalId);
    if (!entry)
        return fail(entry.error().message);
    if (history::isSettled(entry->state))
        return fail(tr("Already settled"));
    if (note.trimmed().isEmpty())
        return fail(tr("Write down how it was checked (e.g. \"merchant platform shows USED at 10:32\")."));
    history::Outcome o;
    o.state = wentThrough ? history::State::Succeeded : history::State::Failed;
    o.settledBy = history::SettledBy::Manual;
    o.wechatCode = wentThrough ? QString() : QStringLiteral("MANUAL");
    o.message = tr("Settled by hand by %1: %2").arg(manager.member.id, note.trimmed());
    if (auto st = m_journal.markOutcome(journalId, o); !st)
        return fail(st.error().message);
    if (auto st = m_journal.setNote(journalId, o.message); !st)
        qCWarning(lcDesk) << "cannot store the note of" << entry->requestNo << ":" << st.error().toString();
    qCInfo(lcDesk) << entry->requestNo << "settled by hand by" << manager.member.id << (wentThrough ? "(went through)" : "(did not)");
    Q_EMIT journalChanged(journalId);
    refreshUnsettledCount();
    return {};
}

Task *Desk::settleAll()
{
    if (m_settleAllTask)
        return m_settleAllTask;
    auto *task = new Task(this);
    task->m_result.operation = toDesk(history::Operation::Query);
    m_settleAllTask = task;
    m_settleAllTried = 0;
    auto rows = m_journal.unsettled();
    if (rows.ok())
        for (const history::JournalEntry &e : rows.value())
            if (!m_activeRows.contains(e.id) && !m_settleQueue.contains(e.id))
                m_settleQueue << e.id;
    qCInfo(lcDesk) << "settling" << m_settleQueue.size() << "unconfirmed row(s)";
    QMetaObject::invokeMethod(this, [this] { runSettleQueue(); }, Qt::QueuedConnection);
    return task;
}

void Desk::runSettleQueue()
{
    // One row at a time: settling is background work and must not crowd out the counter.
    for (const Job *j : std::as_const(m_activeCodes))
        if (j->isSettle && j->ownedByDesk)
            return;
    while (!m_settleQueue.isEmpty()) {
        const qint64 id = m_settleQueue.takeFirst();
        auto entry = m_journal.entry(id);
        if (!entry || history::isSettled(entry->state) || m_activeRows.contains(id) || m_activeCodes.contains(entry->couponCode))
            continue;
        ++m_settleAllTried;
        auto *task = new Task(this);
        Job *job = jobForEntry(entry.value(), task);
        job->ownedByDesk = true;
        attempt(job);
        return;
    }
    if (m_settleAllTask) {
        Task *t = m_settleAllTask;
        m_settleAllTask = nullptr;
        t->m_result.attempts = m_settleAllTried;
        const int left = unsettledCount();
        t->m_result.outcome = left == 0 ? Outcome::Succeeded : Outcome::Uncertain;
        t->m_result.message.severity = left == 0 ? Severity::Success : Severity::Pending;
        t->m_result.message.headline = left == 0 ? tr("Every operation is confirmed")
                                                 : tr("%n operation(s) still not confirmed", nullptr, left);
        t->m_finished = true;
        Q_EMIT t->finished(t->m_result);
    }
}

int Desk::unsettledCount() const
{
    // An indexed count: this runs after every operation, so the rows themselves are not loaded.
    const auto n = m_journal.unsettledCount();
    return n.ok() ? static_cast<int>(n.value()) : 0;
}

void Desk::refreshUnsettledCount()
{
    const int n = unsettledCount();
    if (n != m_unsettled) {
        m_unsettled = n;
        Q_EMIT unsettledCountChanged(n);
    }
}

Task *Desk::startRead(const ApiRequest &request, OperationResult seed,
                      std::function<std::optional<Error>(const QByteArray &, OperationResult &)> accept)
{
    auto *task = new Task(this);
    task->m_result = std::move(seed);
    task->m_result.operation = toDesk(history::Operation::Query);
    ApiCall *call = m_client.send(request);
    connect(call, &ApiCall::finished, this, [this, task, call, accept = std::move(accept)] {
        const ApiResponse r = call->response();
        call->deleteLater();
        observeSkew(r);
        OperationResult &res = task->m_result;
        res.requestId = QString::fromLatin1(r.requestId);
        std::optional<Error> error = r.error;
        if (!error)
            error = accept(r.body, res);  // fills the result; an error when the body cannot be read
        if (error) {
            res.outcome = Outcome::Failed;
            res.error = *error;
            res.message = errorMessage(history::Operation::Query, *error);
        } else {
            res.outcome = Outcome::Succeeded;
            res.message.severity = Severity::Success;
        }
        task->m_finished = true;
        Q_EMIT task->finished(res);
    });
    return task;
}

Task *Desk::queryCoupon(const QString &couponCode, const QString &openid)
{
    busifavor::QueryCouponRequest q{openid.trimmed(), couponCode.trimmed(), m_options.appid};
    const auto fields = q.validate();
    if (!fields.isEmpty())
        return rejected(history::Operation::Query, couponCode, {}, busifavor::toError(fields),
            fieldMessage(fields.first()), fields);
    OperationResult seed;
    seed.couponCode = q.couponCode;
    return startRead(q.toApiRequest(), seed, [](const QByteArray &body, OperationResult &res) -> std::optional<Error> {
        auto d = busifavor::CouponDetail::fromJson(body);
        if (!d)
            return d.error();
        res.coupon = d.value();
        res.stockId = d->stockId;
        res.message.headline = couponStateLabel(d->couponState);
        return std::nullopt;
    });
}

Task *Desk::stockInfo(const QString &stockId)
{
    busifavor::StockQueryRequest q{stockId.trimmed()};
    const auto fields = q.validate();
    if (!fields.isEmpty())
        return rejected(history::Operation::Query, {}, stockId, busifavor::toError(fields),
            fieldMessage(fields.first()), fields);
    OperationResult seed;
    seed.stockId = q.stockId;
    return startRead(q.toApiRequest(), seed, [](const QByteArray &body, OperationResult &res) -> std::optional<Error> {
        auto s = busifavor::StockInfo::fromJson(body);
        if (!s)
            return s.error();
        res.stock = s.value();
        res.message.headline = s->stockName;
        return std::nullopt;
    });
}

} // namespace desk
