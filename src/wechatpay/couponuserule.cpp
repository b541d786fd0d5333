#include "couponuserule.h"

#include <cmath>

namespace wechatpay::busifavor {

namespace {

// A JSON number that is a whole amount in [min, max]; JSON numbers are doubles, exact up to 2^53.
std::optional<qint64> amount(const QJsonObject &o, const char *key, qint64 min, qint64 max)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (d != std::floor(d) || d < static_cast<double>(min) || d > static_cast<double>(max))
        return std::nullopt;
    return static_cast<qint64>(d);
}

constexpr qint64 kMaxFen = 100'000'000'00; // far above any coupon; guards against nonsense

} // namespace

std::optional<CouponUseRule> CouponUseRule::fromJson(const QJsonObject &rule)
{
    CouponUseRule r;
    const QJsonObject fixed = rule.value(QLatin1String("fixed_normal_coupon")).toObject();
    const QJsonObject discount = rule.value(QLatin1String("discount_coupon")).toObject();
    const QJsonObject exchange = rule.value(QLatin1String("exchange_coupon")).toObject();
    const QJsonObject *chosen = nullptr;
    if (!fixed.isEmpty()) {
        chosen = &fixed;
        r.kind = Kind::Fixed;
        const auto a = amount(fixed, "discount_amount", 1, kMaxFen);
        if (!a)
            return std::nullopt;
        r.discountAmountFen = *a;
    } else if (!discount.isEmpty()) {
        chosen = &discount;
        r.kind = Kind::Discount;
        const auto p = amount(discount, "discount_percent", 1, 99);
        if (!p)
            return std::nullopt;
        r.discountPercent = static_cast<int>(*p);
    } else if (!exchange.isEmpty()) {
        chosen = &exchange;
        r.kind = Kind::Exchange;
        const auto a = amount(exchange, "exchange_price", 0, kMaxFen);
        if (!a)
            return std::nullopt;
        r.exchangePriceFen = *a;
    } else {
        return std::nullopt;
    }
    if (chosen->contains(QLatin1String("transaction_minimum"))) {
        const auto m = amount(*chosen, "transaction_minimum", 0, kMaxFen);
        if (!m)
            return std::nullopt;
        r.transactionMinimumFen = *m;
    }
    r.useMethod = rule.value(QLatin1String("use_method")).toString();
    const QJsonObject avail = rule.value(QLatin1String("coupon_available_time")).toObject();
    r.availableBeginTime = avail.value(QLatin1String("available_begin_time")).toString();
    r.availableEndTime = avail.value(QLatin1String("available_end_time")).toString();
    return r;
}

} // namespace wechatpay::busifavor
