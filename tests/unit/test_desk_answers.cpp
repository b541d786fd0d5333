// What WeChat Pay's answers mean (desk/answers.h): one table row per rule, no network. Breaking a
// rule in answers.cpp fails the row that states it.
#include "desk/answers.h"
#include "desk/desk.h"

#include <QTest>

using desk::AnswerStep;
using desk::CouponStateVerdict;
using history::Operation;
using wechatpay::Error;
using wechatpay::ErrorKind;

Q_DECLARE_METATYPE(desk::AnswerStep)
Q_DECLARE_METATYPE(CouponStateVerdict::Kind)
Q_DECLARE_METATYPE(history::Operation)

namespace {

// An HTTP answer WeChat Pay gave (so it reached WeChat Pay), with its code and detail.reason.
Error http(int status, const char *code, const char *reason = nullptr)
{
    Error e = Error::make(ErrorKind::Http, QString::fromLatin1(code), QStringLiteral("refused"));
    e.httpStatus = status;
    e.requestSent = true;
    if (reason)
        e.detail.insert(QStringLiteral("reason"), QString::fromLatin1(reason));
    return e;
}

// A failure without an HTTP answer; `sent`: the request may have reached WeChat Pay.
Error transport(ErrorKind kind, bool sent)
{
    Error e = Error::make(kind, QStringLiteral("X"), QStringLiteral("no answer"));
    e.requestSent = sent;
    return e;
}

desk::RetryPolicy policy()
{
    desk::RetryPolicy p;
    p.maxAttempts = 4;
    p.firstDelayMs = 1000;
    p.maxDelayMs = 8000;
    p.rateLimitDelayMs = 3000;
    return p;
}

} // namespace

class TestDeskAnswers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stepAfterError_data()
    {
        QTest::addColumn<Error>("error");
        QTest::addColumn<bool>("firstSendOfFreshRow");
        QTest::addColumn<bool>("mayHaveBeenSent");
        QTest::addColumn<bool>("canQuery");
        QTest::addColumn<AnswerStep>("step");

        // A refusal of the first send of a fresh row is the answer: nothing else can have been applied.
        QTest::newRow("already used on the first send is a definite failure")
            << http(403, "RULE_LIMIT", "COUPON_USED") << true << true << true << AnswerStep::Fail;
        QTest::newRow("expired on the first send is a definite failure")
            << http(403, "RULE_LIMIT", "COUPON_EXPIRED") << true << true << false << AnswerStep::Fail;
        QTest::newRow("401 to the first send is a definite failure (nothing was applied)")
            << http(401, "SIGN_ERROR") << true << true << true << AnswerStep::Fail;

        // A refusal of a repeat may be the first send's own effect ("already used" by us).
        QTest::newRow("already used on a repeat asks the coupon's state when the openid is known")
            << http(403, "RULE_LIMIT", "COUPON_USED") << false << true << true << AnswerStep::ConfirmByQuery;
        QTest::newRow("already used on a repeat without an openid is left to a manager")
            << http(403, "RULE_LIMIT", "COUPON_USED") << false << true << false << AnswerStep::LeaveUncertain;
        QTest::newRow("already voided on a repeat asks the coupon's state") << http(400, "INVALID_REQUEST",
            "COUPON_DEACTIVATED") << false << true << true << AnswerStep::ConfirmByQuery;

        // Refusals that would have refused the first send too are definite on a repeat.
        QTest::newRow("PARAM_ERROR on a repeat is a definite failure")
            << http(400, "PARAM_ERROR") << false << true << true << AnswerStep::Fail;
        QTest::newRow("another merchant's coupon (NO_AUTH) on a repeat is a definite failure")
            << http(403, "NO_AUTH") << false << true << true << AnswerStep::Fail;
        QTest::newRow("an unknown coupon (RESOURCE_NOT_EXISTS) on a repeat is a definite failure")
            << http(404, "RESOURCE_NOT_EXISTS") << false << true << true << AnswerStep::Fail;
        QTest::newRow("NOT_FOUND on a repeat is a definite failure")
            << http(404, "NOT_FOUND") << false << true << false << AnswerStep::Fail;

        // 401 to a repeat: this send was not accepted (clock, key), the first may have been.
        QTest::newRow("401 to a repeat is sent again")
            << http(401, "SIGN_ERROR") << false << true << true << AnswerStep::RetryLater;

        // 429 only asks to slow down: never a refusal, not even on the first send.
        QTest::newRow("429 to the first send is sent again")
            << http(429, "RATELIMIT_EXCEEDED") << true << true << true << AnswerStep::RetryLater;
        QTest::newRow("429 to a repeat is sent again")
            << http(429, "RATELIMIT_EXCEEDED") << false << true << false << AnswerStep::RetryLater;

        // 5xx and answers that cannot be trusted leave the outcome open.
        QTest::newRow("500 is sent again")
            << http(500, "SYSTEM_ERROR") << true << true << true << AnswerStep::RetryLater;
        QTest::newRow("503 is sent again")
            << http(503, "SERVICE_UNAVAILABLE") << true << true << false << AnswerStep::RetryLater;
        QTest::newRow("an unverifiable 2xx is sent again (it may have been applied)")
            << transport(ErrorKind::Verification, true) << true << true << false << AnswerStep::RetryLater;
        QTest::newRow("a verified but malformed 2xx is sent again")
            << transport(ErrorKind::Protocol, true) << true << true << false << AnswerStep::RetryLater;

        // Nothing left this computer: fail as not sent, unless an earlier attempt may have gone.
        QTest::newRow("connection refused before anything was sent fails as not sent")
            << transport(ErrorKind::Network, false) << true << false << true << AnswerStep::FailNotSent;
        QTest::newRow("a connect timeout before anything was sent fails as not sent")
            << transport(ErrorKind::Timeout, false) << true << false << true << AnswerStep::FailNotSent;
        QTest::newRow("a TLS failure fails as not sent")
            << transport(ErrorKind::Tls, false) << true << false << false << AnswerStep::FailNotSent;
        QTest::newRow("a signing failure (key) fails as not sent")
            << transport(ErrorKind::Key, false) << true << false << false << AnswerStep::FailNotSent;
        QTest::newRow("a cancelled call that never left fails as not sent")
            << transport(ErrorKind::Cancelled, false) << true << false << false << AnswerStep::FailNotSent;
        QTest::newRow("not sent this time, but an earlier attempt may have gone: sent again")
            << transport(ErrorKind::Network, false) << false << true << true << AnswerStep::RetryLater;
        QTest::newRow("a timeout after the request left is sent again")
            << transport(ErrorKind::Timeout, true) << true << true << false << AnswerStep::RetryLater;
        QTest::newRow("a reset after the request left is sent again")
            << transport(ErrorKind::Network, true) << true << true << false << AnswerStep::RetryLater;
    }
    void stepAfterError()
    {
        QFETCH(Error, error);
        QFETCH(bool, firstSendOfFreshRow);
        QFETCH(bool, mayHaveBeenSent);
        QFETCH(bool, canQuery);
        QFETCH(AnswerStep, step);
        QCOMPARE(
            desk::stepAfterError(error, desk::SendFacts { firstSendOfFreshRow, mayHaveBeenSent, canQuery }),
            step);
    }

    void refusalsAndDefiniteRefusals_data()
    {
        QTest::addColumn<Error>("error");
        QTest::addColumn<bool>("refusal");
        QTest::addColumn<bool>("definiteOnRetry");
        QTest::newRow("a 4xx is a refusal") << http(403, "RULE_LIMIT", "COUPON_USED") << true << false;
        QTest::newRow("429 is not a refusal") << http(429, "RATELIMIT_EXCEEDED") << false << false;
        QTest::newRow("5xx is not a refusal") << http(500, "SYSTEM_ERROR") << false << false;
        QTest::newRow("a transport failure is not a refusal")
            << transport(ErrorKind::Network, true) << false << false;
        QTest::newRow("PARAM_ERROR is definite on a repeat") << http(400, "PARAM_ERROR") << true << true;
        QTest::newRow("NO_AUTH is definite on a repeat") << http(403, "NO_AUTH") << true << true;
        QTest::newRow("RESOURCE_NOT_EXISTS is definite on a repeat")
            << http(404, "RESOURCE_NOT_EXISTS") << true << true;
        QTest::newRow("expired is not definite on a repeat")
            << http(403, "RULE_LIMIT", "COUPON_EXPIRED") << true << false;
        QTest::newRow("a request number conflict is not definite on a repeat")
            << http(400, "INVALID_REQUEST", "REQUEST_NO_CONFLICT") << true << false;
    }
    void refusalsAndDefiniteRefusals()
    {
        QFETCH(Error, error);
        QFETCH(bool, refusal);
        QFETCH(bool, definiteOnRetry);
        QCOMPARE(desk::isRefusal(error), refusal);
        QCOMPARE(desk::isDefiniteOnRetry(error), definiteOnRetry);
    }

    void stepWhileOpen_data()
    {
        QTest::addColumn<int>("attemptsThisRun");
        QTest::addColumn<bool>("canQuery");
        QTest::addColumn<AnswerStep>("step");
        QTest::newRow("sends left: send again") << 1 << true << AnswerStep::RetryLater;
        QTest::newRow("the last send left: send again") << 3 << false << AnswerStep::RetryLater;
        QTest::newRow("no sends left, openid known: ask") << 4 << true << AnswerStep::ConfirmByQuery;
        QTest::newRow("no sends left, no openid (or asked already): leave it open")
            << 4 << false << AnswerStep::LeaveUncertain;
    }
    void stepWhileOpen()
    {
        QFETCH(int, attemptsThisRun);
        QFETCH(bool, canQuery);
        QFETCH(AnswerStep, step);
        QCOMPARE(desk::stepWhileOpen(policy(), attemptsThisRun, canQuery), step);
    }

    void retryDelay_data()
    {
        QTest::addColumn<int>("attemptsThisRun");
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<int>("delayMs");
        QTest::newRow("after the first send: the first delay") << 1 << 500 << 1000;
        QTest::newRow("then doubled") << 2 << 500 << 2000;
        QTest::newRow("and doubled again") << 3 << 0 << 4000;
        QTest::newRow("up to the longest delay") << 4 << 503 << 8000;
        QTest::newRow("never beyond it") << 9 << 503 << 8000;
        QTest::newRow("after a 429: at least the rate-limit delay") << 1 << 429 << 3000;
        QTest::newRow("after a 429: the backoff when it is longer") << 4 << 429 << 8000;
    }
    void retryDelay()
    {
        QFETCH(int, attemptsThisRun);
        QFETCH(int, httpStatus);
        QFETCH(int, delayMs);
        Error e = http(httpStatus, "X");
        QCOMPARE(desk::retryDelayMs(policy(), attemptsThisRun, e), delayMs);
    }

    void parseSuccess_data()
    {
        QTest::addColumn<Operation>("op");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("wechatTime");
        const QString t = QStringLiteral("2026-12-05T10:32:00+08:00");
        QTest::newRow("a use answer carries wechatpay_use_time")
            << Operation::Use
            << QByteArray(
                   R"({"stock_id":"100088","openid":"o1","wechatpay_use_time":"2026-12-05T10:32:00+08:00"})")
            << true << t;
        QTest::newRow("a use answer without its time is not a success")
            << Operation::Use << QByteArray(R"({"stock_id":"100088"})") << false << QString();
        QTest::newRow("a use answer with the void's time is not a success")
            << Operation::Use << QByteArray(R"({"wechatpay_deactivate_time":"2026-12-05T10:32:00+08:00"})")
            << false << QString();
        QTest::newRow("a void answer carries wechatpay_deactivate_time")
            << Operation::Deactivate
            << QByteArray(R"({"wechatpay_deactivate_time":"2026-12-05T10:32:00+08:00"})") << true << t;
        QTest::newRow("a return answer carries wechatpay_return_time")
            << Operation::Return << QByteArray(R"({"wechatpay_return_time":"2026-12-05T10:32:00+08:00"})")
            << true << t;
        QTest::newRow("an empty body (202) is not a success")
            << Operation::Return << QByteArray() << false << QString();
        QTest::newRow("a body that is not JSON is not a success")
            << Operation::Use << QByteArray("{\"wechatpay_use") << false << QString();
        QTest::newRow("a read needs no fields") << Operation::Query << QByteArray("{}") << true << QString();
    }
    void parseSuccess()
    {
        QFETCH(Operation, op);
        QFETCH(QByteArray, body);
        QFETCH(bool, ok);
        QFETCH(QString, wechatTime);
        QString time;
        QCOMPARE(desk::parseSuccess(op, body, time), ok);
        QCOMPARE(time, wechatTime);
    }

    void couponState_data()
    {
        QTest::addColumn<Operation>("op");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>(
            "requestNoOnCoupon"); // the use / deactivate / return request number the coupon shows
        QTest::addColumn<CouponStateVerdict::Kind>("kind");
        QTest::addColumn<QString>("reason");
        using K = CouponStateVerdict::Kind;
        const QString ours = QStringLiteral("OURS");
        const QString other = QStringLiteral("OTHER");
        QTest::newRow("use: USED by our request went through")
            << Operation::Use << QStringLiteral("USED") << ours << K::Succeeded << QString();
        QTest::newRow("use: USED by another request failed")
            << Operation::Use << QStringLiteral("USED") << other << K::Failed
            << QStringLiteral("COUPON_USED");
        QTest::newRow("use: still SENDED was not applied yet")
            << Operation::Use << QStringLiteral("SENDED") << QString() << K::NotAppliedYet << QString();
        QTest::newRow("use: EXPIRED failed") << Operation::Use << QStringLiteral("EXPIRED") << QString()
                                             << K::Failed << QStringLiteral("COUPON_EXPIRED");
        QTest::newRow("use: DEACTIVATED failed")
            << Operation::Use << QStringLiteral("DEACTIVATED") << QString() << K::Failed
            << QStringLiteral("COUPON_DEACTIVATED");
        QTest::newRow("use: an unknown state is for a manager")
            << Operation::Use << QStringLiteral("DELETED") << QString() << K::Unexpected << QString();
        QTest::newRow("void: DEACTIVATED by our request went through")
            << Operation::Deactivate << QStringLiteral("DEACTIVATED") << ours << K::Succeeded << QString();
        QTest::newRow("void: DEACTIVATED by another request failed")
            << Operation::Deactivate << QStringLiteral("DEACTIVATED") << other << K::Failed
            << QStringLiteral("COUPON_DEACTIVATED");
        QTest::newRow("void: still SENDED was not applied yet")
            << Operation::Deactivate << QStringLiteral("SENDED") << QString() << K::NotAppliedYet
            << QString();
        QTest::newRow("void: USED failed") << Operation::Deactivate << QStringLiteral("USED") << QString()
                                           << K::Failed << QStringLiteral("COUPON_USED");
        QTest::newRow("void: EXPIRED failed") << Operation::Deactivate << QStringLiteral("EXPIRED")
                                              << QString() << K::Failed << QStringLiteral("COUPON_EXPIRED");
        QTest::newRow("return: SENDED with our return request went through")
            << Operation::Return << QStringLiteral("SENDED") << ours << K::Succeeded << QString();
        QTest::newRow("return: SENDED by another return is for a manager")
            << Operation::Return << QStringLiteral("SENDED") << other << K::Unexpected << QString();
        QTest::newRow("return: still USED was not applied yet")
            << Operation::Return << QStringLiteral("USED") << QString() << K::NotAppliedYet << QString();
        QTest::newRow("return: EXPIRED is for a manager")
            << Operation::Return << QStringLiteral("EXPIRED") << QString() << K::Unexpected << QString();
    }
    void couponState()
    {
        QFETCH(Operation, op);
        QFETCH(QString, state);
        QFETCH(QString, requestNoOnCoupon);
        QFETCH(CouponStateVerdict::Kind, kind);
        QFETCH(QString, reason);
        wechatpay::busifavor::CouponDetail d;
        d.couponState = state;
        const QString time = QStringLiteral("2026-12-05T10:32:00+08:00");
        // Only the operation's own request number and time are filled: the others must not count.
        if (op == Operation::Use) {
            d.useRequestNo = requestNoOnCoupon;
            d.useTime = time;
        } else if (op == Operation::Deactivate) {
            d.deactivateRequestNo = requestNoOnCoupon;
            d.deactivateTime = time;
        } else {
            d.returnRequestNo = requestNoOnCoupon;
            d.returnTime = time;
        }
        const CouponStateVerdict v = desk::readCouponState(op, d, QStringLiteral("OURS"));
        QCOMPARE(v.kind, kind);
        QCOMPARE(v.reason, reason);
        QCOMPARE(v.wechatTime, kind == CouponStateVerdict::Kind::Succeeded ? time : QString());
    }

    void theirRequestNumberOnAnotherFieldDoesNotCount()
    {
        // A use is ours only by use_request_no, whatever the other request numbers say.
        wechatpay::busifavor::CouponDetail d;
        d.couponState = QStringLiteral("USED");
        d.useRequestNo = QStringLiteral("OTHER");
        d.returnRequestNo = QStringLiteral("OURS");
        d.deactivateRequestNo = QStringLiteral("OURS");
        QCOMPARE(desk::readCouponState(Operation::Use, d, QStringLiteral("OURS")).kind,
            CouponStateVerdict::Kind::Failed);
    }

    void notSentCodes()
    {
        QCOMPARE(desk::notSentCode(QStringLiteral("CONNECTION_REFUSED")),
            QStringLiteral("NOT_SENT:CONNECTION_REFUSED"));
        QVERIFY(desk::isNotSent(desk::notSentCode(QStringLiteral("X"))));
        QVERIFY(!desk::isNotSent(QStringLiteral("SYSTEM_ERROR")));
        QVERIFY(!desk::isNotSent(QString()));
    }
};

QTEST_GUILESS_MAIN(TestDeskAnswers)
#include "test_desk_answers.moc"
