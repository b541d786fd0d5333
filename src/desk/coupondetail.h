// What WeChat Pay says about one coupon and one stock, as desk's callers read it (desk's own
// types, made from the protocol layer's in wechatpaymapping.cpp; field names as in the API).
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace wechatpay::busifavor {
struct CouponUseRule;
struct CouponDetail;
struct StockInfo;
} // namespace wechatpay::busifavor

namespace desk {

// A stock's coupon_use_rule: what the coupon is worth and from which order amount it may be used.
// Amounts are integers in fen (分), as the official schema has them.
struct CouponUseRule
{
    enum class Kind { Fixed, Discount, Exchange }; // fixed_normal_coupon | discount_coupon | exchange_coupon
    Kind kind = Kind::Fixed;
    qint64 discountAmountFen = 0; // fixed: taken off the order
    int discountPercent = 0; // discount: the share paid, 88 = 八八折 (pay 88 %)
    qint64 exchangePriceFen = 0; // exchange: what the customer pays for the goods
    qint64 transactionMinimumFen = 0; // the order must reach this (0 = any order)
    QString useMethod; // OFF_LINE, MINI_PROGRAMS, SELF_CONSUME, PAYMENT_CODE
    QString availableBeginTime; // coupon_available_time, RFC 3339 (may be empty)
    QString availableEndTime;

    CouponUseRule() = default;
    CouponUseRule(const wechatpay::busifavor::CouponUseRule &rule); // NOLINT(google-explicit-constructor)
};

struct CouponDetail
{
    QString couponCode;
    QString stockId;
    QString stockName;
    QString couponState; // SENDED, USED, EXPIRED, DELETED, DEACTIVATED, or anything newer
    QString belongMerchant;
    QString availableStartTime;
    QString expireTime;
    QString receiveTime;
    QString useRequestNo;
    QString useTime;
    QString returnRequestNo;
    QString returnTime;
    QString deactivateRequestNo;
    QString deactivateTime;
    QString deactivateReason;
    std::optional<CouponUseRule> useRule; // nullopt when absent or unreadable
    QJsonObject raw; // the answer as WeChat Pay wrote it

    CouponDetail() = default;
    CouponDetail(const wechatpay::busifavor::CouponDetail &detail); // NOLINT(google-explicit-constructor)
};

struct StockInfo
{
    QString stockId;
    QString stockName;
    QString belongMerchant;
    QString stockState; // UNAUDIT, RUNNING, STOPED, PAUSED…
    QString stockType; // NORMAL, DISCOUNT, EXCHANGE
    QString couponCodeMode; // WECHATPAY_MODE, MERCHANT_API, MERCHANT_UPLOAD
    QString goodsName;
    QString comment;
    QString availableBeginTime;
    QString availableEndTime;
    std::optional<CouponUseRule> useRule; // what a coupon is worth; nullopt when absent or unreadable
    QJsonObject raw;

    StockInfo() = default;
    StockInfo(const wechatpay::busifavor::StockInfo &info); // NOLINT(google-explicit-constructor)
};

} // namespace desk
