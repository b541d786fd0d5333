// Settling: a row whose outcome is not known yet is confirmed by asking WeChat Pay for the coupon,
// one row now, every row (the Reconciler), or by a manager's hand.
#include "desk_p.h"

#include "answers.h"
#include "entryresult.h"
#include "historymapping_p.h"
#include "logging.h"
#include "reconciler.h"

namespace desk {

using namespace wechatpay;

void Desk::confirmByQuery(Job *job)
{
    job->queried = true;
    const QString appid = job->entry.appid.isEmpty() ? m_options.appid : job->entry.appid;
    busifavor::QueryCouponRequest q { job->entry.openid, job->entry.couponCode, appid };
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
    const history::Operation op = job->entry.operation;
    const QString requestId = QString::fromLatin1(r.requestId);
    qCInfo(lcDesk) << job->entry.requestNo << "settling by query: coupon state" << detail->couponState;

    const CouponStateVerdict verdict = readCouponState(op, detail.value(), job->entry.requestNo);
    switch (verdict.kind) {
    case CouponStateVerdict::Kind::Succeeded:
        settleJob(job, history::State::Succeeded, {}, verdict.wechatTime, requestId,
            history::SettledBy::Query, successMessage(op, verdict.wechatTime));
        return;
    case CouponStateVerdict::Kind::Failed: {
        const bool redeem = op == history::Operation::Use;
        const QString text = verdict.reason == QLatin1String("COUPON_USED")
            ? (redeem ? tr("Already redeemed by another request (%1)").arg(detail->useRequestNo)
                      : tr("The coupon has already been redeemed"))
            : verdict.reason == QLatin1String("COUPON_DEACTIVATED")
            ? (redeem ? tr("The coupon has been voided") : tr("Already voided by another request"))
            : tr("The coupon has expired");
        Error e = Error::make(ErrorKind::Http, QStringLiteral("COUPON_STATE"), text);
        e.detail.insert(QStringLiteral("reason"), verdict.reason);
        settleJob(
            job, history::State::Failed, e, {}, requestId, history::SettledBy::Query, errorMessage(op, e));
        return;
    }
    case CouponStateVerdict::Kind::NotAppliedYet:
        if (job->attemptsThisRun < m_options.retry.maxAttempts) {
            job->queried = false;
            attempt(job);
        } else {
            leaveUncertain(job,
                Error::make(ErrorKind::Http, QStringLiteral("NOT_APPLIED_YET"),
                    tr("WeChat Pay shows the coupon unchanged; the request will be sent again")));
        }
        return;
    case CouponStateVerdict::Kind::Unexpected:
        break;
    }
    leaveUncertain(job,
        Error::make(ErrorKind::Http, QStringLiteral("COUPON_STATE_UNEXPECTED"),
            tr("WeChat Pay reports the coupon as %1; check it in the merchant platform")
                .arg(detail->couponState)));
}

void Desk::startSettling(const history::JournalEntry &entry, Task *task)
{
    Job *job = addJob(entry, task);
    job->isSettle = true;
    job->mayHaveBeenSent = true; // an earlier run may have sent it
    job->uncertainMarked = entry.state == history::State::Uncertain;
    task->m_pendingSent = true; // the row is already known to be unconfirmed
    attempt(job);
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
        // What the row says, with no error: BulkVoidJob tells "answered from the journal" by that.
        task->m_result = resultFromEntry(entry.value());
        task->m_result.error = {};
        task->m_result.message = {};
        task->m_result.message.headline = tr("Already settled");
        task->finishLater();
        return task;
    }
    startSettling(entry.value(), task);
    return task;
}

Status Desk::settleManually(
    qint64 journalId, bool wentThrough, const StaffSession &manager, const QString &note)
{
    auto fail = [](const QString &message) {
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("MANUAL_SETTLE_REFUSED"), message);
    };
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
    qCInfo(lcDesk) << entry->requestNo << "settled by hand by" << manager.member.id
                   << (wentThrough ? "(went through)" : "(did not)");
    Q_EMIT journalChanged(journalId);
    m_reconciler->refreshUnsettledCount();
    return {};
}

Task *Desk::settleAll()
{
    return m_reconciler->settleAll();
}

int Desk::unsettledCount() const
{
    return m_reconciler->unsettledCount();
}
} // namespace desk
