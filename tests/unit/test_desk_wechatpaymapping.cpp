// desk's own result, field-error, coupon and stock types made from the protocol layer's
// (wechatpaymapping.cpp): every field carried, enums by meaning, one formatter for errors; and the
// checks desk offers its callers (Desk::check…, Desk::refusal) agree with what a write refuses.
#include "desk/coupondetail.h"
#include "desk/desk.h"
#include "desk/fielderror.h"
#include "desk/result.h"

#include "wechatpay/busifavor.h"
#include "wechatpay/result.h"

#include <QTest>

namespace wp = wechatpay;
namespace bf = wechatpay::busifavor;

class TestDeskWechatpayMapping : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void errorKeepsEveryField()
    {
        wp::Error w
            = wp::Error::make(wp::ErrorKind::Http, QStringLiteral("COUPON_USED"), QStringLiteral("已核销"));
        w.httpStatus = 403;
        w.requestId = QStringLiteral("req-1");
        w.field = QStringLiteral("coupon_code");
        w.detail.insert(QStringLiteral("reason"), QStringLiteral("USED"));
        w.requestSent = true;
        const desk::Error d = w;
        QCOMPARE(d.kind, desk::ErrorKind::Http);
        QCOMPARE(d.httpStatus, 403);
        QCOMPARE(d.code, QStringLiteral("COUPON_USED"));
        QCOMPARE(d.message, QStringLiteral("已核销"));
        QCOMPARE(d.requestId, QStringLiteral("req-1"));
        QCOMPARE(d.field, QStringLiteral("coupon_code"));
        QCOMPARE(d.detail, w.detail);
        QVERIFY(d.requestSent);
        QCOMPARE(d.toString(), w.toString()); // one formatter, the protocol layer's
    }

    void errorKindsKeepTheirMeaning()
    {
        const QList<std::pair<wp::ErrorKind, desk::ErrorKind>> kinds {
            { wp::ErrorKind::InvalidInput, desk::ErrorKind::InvalidInput },
            { wp::ErrorKind::Key, desk::ErrorKind::Key },
            { wp::ErrorKind::Crypto, desk::ErrorKind::Crypto },
            { wp::ErrorKind::Network, desk::ErrorKind::Network },
            { wp::ErrorKind::Timeout, desk::ErrorKind::Timeout },
            { wp::ErrorKind::Tls, desk::ErrorKind::Tls },
            { wp::ErrorKind::Http, desk::ErrorKind::Http },
            { wp::ErrorKind::Verification, desk::ErrorKind::Verification },
            { wp::ErrorKind::Protocol, desk::ErrorKind::Protocol },
            { wp::ErrorKind::Cancelled, desk::ErrorKind::Cancelled },
        };
        QSet<QString> names;
        for (const auto &[theirs, ours] : kinds) {
            QCOMPARE(desk::Error(wp::Error::make(theirs, {}, {})).kind, ours);
            QCOMPARE(desk::errorKindName(ours), wp::errorKindName(theirs));
            names << desk::errorKindName(ours);
        }
        QCOMPARE(names.size(), kinds.size());
    }

    void resultPassesUp()
    {
        const wp::Result<int> failed = wp::Error::make(wp::ErrorKind::Timeout, QStringLiteral("T"), {});
        const desk::Result<int> up = failed;
        QVERIFY(!up.ok());
        QCOMPARE(up.error().kind, desk::ErrorKind::Timeout);
        const desk::Result<int> fine = wp::Result<int>(5);
        QCOMPARE(fine.value(), 5);
    }

    void fieldErrorsAndTheirMessage()
    {
        const auto badCode = bf::checkCouponCode(QStringLiteral("a#b"));
        QVERIFY(badCode.has_value());
        const QList<bf::FieldError> theirs { *badCode,
            bf::FieldError { QStringLiteral("deactivate_reason"), bf::FieldProblem::TooLong, 64 } };
        const desk::FieldError first = theirs.first();
        QCOMPARE(first.field, QStringLiteral("coupon_code"));
        QCOMPARE(first.problem, desk::FieldProblem::BadCharacters);
        const desk::FieldError second = theirs.last();
        QCOMPARE(second.problem, desk::FieldProblem::TooLong);
        QCOMPARE(second.maxLength, 64);

        const desk::OperationResult r = desk::Desk::refusal(
            desk::Operation::Deactivate, QStringLiteral("a#b"), QStringLiteral("100088"), { first, second });
        QCOMPARE(r.outcome, desk::Outcome::Rejected);
        QCOMPARE(r.fieldErrors.size(), 2);
        QCOMPARE(r.error.toString(), wp::Error(bf::toError(theirs)).toString());
        QCOMPARE(r.message.headline, desk::fieldMessage(first).headline);
        QVERIFY(!r.message.headline.isEmpty());
    }

    void couponAndStockDetails()
    {
        auto coupon = bf::CouponDetail::fromJson(QStringLiteral(
            R"({"coupon_code":"C1","stock_id":"100088","stock_name":"满100减20","coupon_state":"USED","belong_merchant":"m1","available_start_time":"2026-01-01T00:00:00+08:00","expire_time":"2026-12-31T23:59:59+08:00","receive_time":"2026-02-01T10:00:00+08:00","use_request_no":"U1","use_time":"2026-03-01T10:00:00+08:00","coupon_use_rule":{"fixed_normal_coupon":{"discount_amount":2000,"transaction_minimum":10000},"use_method":"OFF_LINE"}})")
                                                     .toUtf8());
        QVERIFY(coupon.ok());
        const desk::CouponDetail c = coupon.value();
        QCOMPARE(c.couponCode, QStringLiteral("C1"));
        QCOMPARE(c.stockId, QStringLiteral("100088"));
        QCOMPARE(c.stockName, QStringLiteral("满100减20"));
        QCOMPARE(c.couponState, QStringLiteral("USED"));
        QCOMPARE(c.belongMerchant, coupon->belongMerchant);
        QCOMPARE(c.availableStartTime, coupon->availableStartTime);
        QCOMPARE(c.expireTime, coupon->expireTime);
        QCOMPARE(c.receiveTime, coupon->receiveTime);
        QCOMPARE(c.useRequestNo, QStringLiteral("U1"));
        QCOMPARE(c.useTime, coupon->useTime);
        QCOMPARE(c.raw, coupon->raw);
        QVERIFY(c.useRule.has_value());
        QCOMPARE(c.useRule->kind, desk::CouponUseRule::Kind::Fixed);
        QCOMPARE(c.useRule->discountAmountFen, 2000);
        QCOMPARE(c.useRule->transactionMinimumFen, 10000);
        QCOMPARE(c.useRule->useMethod, QStringLiteral("OFF_LINE"));

        auto stock = bf::StockInfo::fromJson(QStringLiteral(
            R"({"stock_id":"100089","stock_name":"咖啡券","stock_state":"RUNNING","stock_type":"DISCOUNT","coupon_code_mode":"MERCHANT_UPLOAD","goods_name":"拿铁","comment":"c","coupon_use_rule":{"discount_coupon":{"discount_percent":88},"coupon_available_time":{"available_begin_time":"2026-01-01T00:00:00+08:00","available_end_time":"2026-12-31T23:59:59+08:00"}}})")
                                                 .toUtf8());
        QVERIFY(stock.ok());
        const desk::StockInfo s = stock.value();
        QCOMPARE(s.stockId, QStringLiteral("100089"));
        QCOMPARE(s.stockName, QStringLiteral("咖啡券"));
        QCOMPARE(s.stockState, stock->stockState);
        QCOMPARE(s.stockType, stock->stockType);
        QCOMPARE(s.couponCodeMode, QStringLiteral("MERCHANT_UPLOAD"));
        QCOMPARE(s.goodsName, stock->goodsName);
        QCOMPARE(s.comment, stock->comment);
        QCOMPARE(s.availableBeginTime, stock->availableBeginTime);
        QCOMPARE(s.availableEndTime, QStringLiteral("2026-12-31T23:59:59+08:00"));
        QCOMPARE(s.raw, stock->raw);
        QVERIFY(s.useRule.has_value());
        QCOMPARE(s.useRule->kind, desk::CouponUseRule::Kind::Discount);
        QCOMPARE(s.useRule->discountPercent, 88);
        QCOMPARE(s.useRule->availableEndTime, stock->useRule->availableEndTime);
    }

    void checksDeskOffers()
    {
        QVERIFY(desk::Desk::checkQuery(QStringLiteral("C1"), QStringLiteral("o-1")).isEmpty());
        const auto query = desk::Desk::checkQuery(QStringLiteral("C1"), {});
        QCOMPARE(query.size(), 1);
        QCOMPARE(query.first().field, QStringLiteral("openid"));
        QCOMPARE(query.first().problem, desk::FieldProblem::Missing);
        QVERIFY(desk::Desk::checkStock(QStringLiteral("100088")).isEmpty());
        QCOMPARE(desk::Desk::checkStock({}).size(), 1);
        QCOMPARE(desk::Desk::checkReason({}).value(0).field, QStringLiteral("deactivate_reason"));
        QCOMPARE(desk::Desk::checkReason(QString(65, QLatin1Char('x'))).value(0).problem,
            desk::FieldProblem::TooLong);
        QVERIFY(desk::Desk::checkReason(QStringLiteral("发错了")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDeskWechatpayMapping)
#include "test_desk_wechatpaymapping.moc"
