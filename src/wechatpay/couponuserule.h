// A stock's coupon_use_rule (商家券 批次 / 券 详情): what the coupon is worth and from which order
// amount it may be used. Amounts are integers in fen (分), as the official schema has them.
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace wechatpay::busifavor {

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

    // nullopt when the object names none of the three kinds, or an amount is missing, not an
    // integer, or out of range (a display field must not fail the whole answer).
    static std::optional<CouponUseRule> fromJson(const QJsonObject &couponUseRule);
};

} // namespace wechatpay::busifavor
