// What WeChat Pay's answers to a write mean: the shop's protocol rules as pure functions over the
// answer and a few facts about the row (no network, no journal, no timers). Desk acts on them.
#pragma once

#include "result.h"

#include "history/journal.h"
#include "wechatpay/busifavor.h"

#include <QByteArray>
#include <QString>

namespace desk {

struct RetryPolicy;

// The next step for a write whose answer was not a readable success.
enum class AnswerStep {
    Fail, // a definite refusal: the row is settled FAILED
    FailNotSent, // nothing can have reached WeChat Pay: settled FAILED, code NOT_SENT:<code>
    RetryLater, // the outcome is open: send the same body again after a pause
    ConfirmByQuery, // a repeat was refused: ask the coupon's state (the openid is known)
    LeaveUncertain, // nothing more to try in this run: journaled UNCERTAIN, settled later or by hand
};

// What the desk knows about the row when an answer arrives.
struct SendFacts
{
    bool firstSendOfFreshRow = false; // this run wrote the row and this answer is to its first send
    bool mayHaveBeenSent = false; // this or an earlier attempt may have reached WeChat Pay
    bool canQuery = false; // the openid is known and this run has not queried yet
};

// A verified 2xx body of `op` as WeChat Pay documents it; `wechatTime` gets its time. Query: always.
bool parseSuccess(history::Operation op, const QByteArray &body, QString &wechatTime);

// The request certainly did not leave this computer (failed before or while connecting).
bool certainlyNotSent(const Error &error);

// WeChat Pay refused the request itself: a 4xx other than 429 (which only asks to slow down).
bool isRefusal(const Error &error);

// A refusal of a repeated body that would have refused the first send as well (bad parameters,
// another merchant's coupon, no such coupon): definite even though an earlier send may have gone.
bool isDefiniteOnRetry(const Error &error);

// The step after an error answer (or none) to a send. A 4xx other than 429 to the first send of a
// fresh row is definite; to a repeat it may be the first send's own effect ("already used"), so the
// coupon's state decides (by query) or a manager does. 401 to a repeat, 429, 5xx, timeouts and
// unverifiable answers leave the outcome open.
AnswerStep stepAfterError(const Error &error, const SendFacts &facts);

// While the outcome is open: send again while this run has sends left, then ask, then leave it.
AnswerStep stepWhileOpen(const RetryPolicy &policy, int attemptsThisRun, bool canQuery);

// The pause before the next send: firstDelayMs doubled per send so far, at most maxDelayMs, and
// after a 429 at least rateLimitDelayMs.
int retryDelayMs(const RetryPolicy &policy, int attemptsThisRun, const Error &error);

// Journal codes of rows settled FAILED because nothing was sent.
QString notSentCode(const QString &code);
bool isNotSent(const QString &wechatCode);
// The code under the "nothing was sent" mark (the code itself when unmarked).
QString unmarkedCode(const QString &wechatCode);

// What the coupon's state (queried after an unclear write) says about our request.
struct CouponStateVerdict
{
    enum class Kind {
        Succeeded, // the coupon shows our request number: it went through (at wechatTime)
        Failed, // the coupon is in a state our request can no longer change (reason)
        NotAppliedYet, // unchanged: our request did not take effect; it may be sent again
        Unexpected, // anything else: a manager checks the merchant platform
    };
    Kind kind = Kind::Unexpected;
    QString wechatTime; // Succeeded
    QString reason; // Failed: COUPON_USED, COUPON_EXPIRED or COUPON_DEACTIVATED
};
CouponStateVerdict readCouponState(
    history::Operation op, const wechatpay::busifavor::CouponDetail &coupon, const QString &ourRequestNo);

} // namespace desk
