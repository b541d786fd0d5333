// What a coupon is worth, in words for the till, and the till's own check of an order against it
// (WeChat Pay does not know the order: a 满100减20 coupon redeemed on an ¥80 order goes through).
#pragma once

#include "coupondetail.h"
#include "desk.h"

#include <QString>

#include <optional>

namespace desk {

// "¥20.00 off (orders from ¥100.00)" / "9 zhe (10% off)" / "exchange price ¥1.00"; in Chinese
// 减 ¥20.00（满 ¥100.00 可用） / 9折（优惠 10%） / 兑换价 ¥1.00.
QString valueText(const CouponUseRule &rule);

// The refusal, when the order is below the coupon's minimum ("本单 ¥80.00 未满 ¥100.00，不能使用此券").
std::optional<QString> orderAmountProblem(const CouponUseRule &rule, qint64 orderFen);
// What the coupon takes off this order (never more than the order), and what is left to collect.
qint64 discountFen(const CouponUseRule &rule, qint64 orderFen);
qint64 dueFen(const CouponUseRule &rule, qint64 orderFen);

// For a redemption's result: "满100减20券 · ¥20.00 off (orders from ¥100.00)", with "Collect ¥60.00"
// first when the order amount was given. Empty when the stock's value is not known.
QString tillText(const OperationResult &result);

} // namespace desk
