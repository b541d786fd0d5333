#include "answers.h"

#include "desk.h"

#include <QtGlobal>

namespace desk {

using namespace wechatpay;

namespace {
// Marks a FAILED row whose request never left (journal wechat_code "NOT_SENT:<code>"): sent again.
const QLatin1String kNotSent("NOT_SENT:");
} // namespace

bool parseSuccess(history::Operation op, const QByteArray &body, QString &wechatTime)
{
    switch (op) {
    case history::Operation::Use: {
        auto r = busifavor::UseCouponResponse::fromJson(body);
        if (r)
            wechatTime = r->wechatpayUseTime;
        return r.ok();
    }
    case history::Operation::Deactivate: {
        auto r = busifavor::DeactivateCouponResponse::fromJson(body);
        if (r)
            wechatTime = r->wechatpayDeactivateTime;
        return r.ok();
    }
    case history::Operation::Return: {
        auto r = busifavor::ReturnCouponResponse::fromJson(body);
        if (r)
            wechatTime = r->wechatpayReturnTime;
        return r.ok();
    }
    case history::Operation::Query:
        return true;
    }
    return false;
}

bool certainlyNotSent(const Error &e)
{
    return !e.requestSent
        && (e.kind == ErrorKind::InvalidInput || e.kind == ErrorKind::Key || e.kind == ErrorKind::Crypto
            || e.kind == ErrorKind::Network || e.kind == ErrorKind::Timeout || e.kind == ErrorKind::Tls
            || e.kind == ErrorKind::Cancelled);
}

bool isRefusal(const Error &e)
{
    return e.kind == ErrorKind::Http && e.httpStatus >= 400 && e.httpStatus < 500 && e.httpStatus != 429;
}

bool isDefiniteOnRetry(const Error &e)
{
    // The same body was refused for reasons that would have refused the first send as well.
    const CouponProblem p = couponProblem(e);
    return e.code == QLatin1String("PARAM_ERROR") || p == CouponProblem::WrongMerchant
        || p == CouponProblem::NotFound;
}

AnswerStep stepAfterError(const Error &e, const SendFacts &facts)
{
    if (certainlyNotSent(e))
        return facts.mayHaveBeenSent ? AnswerStep::RetryLater : AnswerStep::FailNotSent;
    if (isRefusal(e)) {
        if (facts.firstSendOfFreshRow || isDefiniteOnRetry(e))
            return AnswerStep::Fail;
        if (e.httpStatus == 401) // this retry was not accepted (e.g. clock): the first may have been
            return AnswerStep::RetryLater;
        return facts.canQuery ? AnswerStep::ConfirmByQuery : AnswerStep::LeaveUncertain;
    }
    return AnswerStep::RetryLater;
}

AnswerStep stepWhileOpen(const RetryPolicy &policy, int attemptsThisRun, bool canQuery)
{
    if (attemptsThisRun < policy.maxAttempts)
        return AnswerStep::RetryLater;
    return canQuery ? AnswerStep::ConfirmByQuery : AnswerStep::LeaveUncertain;
}

int retryDelayMs(const RetryPolicy &p, int attemptsThisRun, const Error &e)
{
    int delay = p.firstDelayMs;
    for (int i = 1; i < attemptsThisRun && delay < p.maxDelayMs; ++i)
        delay *= 2;
    delay = qMin(delay, p.maxDelayMs);
    if (e.httpStatus == 429)
        delay = qMax(delay, p.rateLimitDelayMs);
    return delay;
}

QString notSentCode(const QString &code)
{
    return kNotSent + code;
}

bool isNotSent(const QString &wechatCode)
{
    return wechatCode.startsWith(kNotSent);
}

QString unmarkedCode(const QString &wechatCode)
{
    return isNotSent(wechatCode) ? wechatCode.mid(kNotSent.size()) : wechatCode;
}

CouponStateVerdict readCouponState(
    history::Operation op, const busifavor::CouponDetail &d, const QString &ours)
{
    using Kind = CouponStateVerdict::Kind;
    const QString &state = d.couponState;
    auto succeeded = [](const QString &time) { return CouponStateVerdict { Kind::Succeeded, time, {} }; };
    auto failed = [](const char *reason) {
        return CouponStateVerdict { Kind::Failed, {}, QString::fromLatin1(reason) };
    };
    const CouponStateVerdict notYet { Kind::NotAppliedYet, {}, {} };
    switch (op) {
    case history::Operation::Use:
        if (state == QLatin1String("USED"))
            return d.useRequestNo == ours ? succeeded(d.useTime) : failed("COUPON_USED");
        if (state == QLatin1String("SENDED"))
            return notYet;
        if (state == QLatin1String("EXPIRED"))
            return failed("COUPON_EXPIRED");
        if (state == QLatin1String("DEACTIVATED"))
            return failed("COUPON_DEACTIVATED");
        break;
    case history::Operation::Deactivate:
        if (state == QLatin1String("DEACTIVATED"))
            return d.deactivateRequestNo == ours ? succeeded(d.deactivateTime) : failed("COUPON_DEACTIVATED");
        if (state == QLatin1String("SENDED"))
            return notYet;
        if (state == QLatin1String("USED"))
            return failed("COUPON_USED");
        if (state == QLatin1String("EXPIRED"))
            return failed("COUPON_EXPIRED");
        break;
    case history::Operation::Return:
        if (state == QLatin1String("SENDED") && d.returnRequestNo == ours)
            return succeeded(d.returnTime);
        if (state == QLatin1String("USED"))
            return notYet;
        break;
    case history::Operation::Query:
        break;
    }
    return {};
}

} // namespace desk
