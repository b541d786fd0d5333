#include "couponvalue.h"

#include "money.h"

#include <QCoreApplication>

namespace desk {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::CouponValue)
};

// 90 → "9", 88 → "8.8": the Chinese way of naming a discount (折).
QString zheText(int percentPaid)
{
    return percentPaid % 10 == 0 ? QString::number(percentPaid / 10)
                                 : QStringLiteral("%1.%2").arg(percentPaid / 10).arg(percentPaid % 10);
}

} // namespace

QString valueText(const CouponUseRule &rule)
{
    QString value;
    switch (rule.kind) {
    case CouponUseRule::Kind::Fixed:
        value = Text::tr("%1 off").arg(formatYuan(rule.discountAmountFen));
        break;
    case CouponUseRule::Kind::Discount:
        //: %1 is the Chinese discount name (9 for 90 % paid), %2 the percentage taken off (10)
        value = Text::tr("%1 zhe (%2% off)")
                    .arg(zheText(rule.discountPercent), QString::number(100 - rule.discountPercent));
        break;
    case CouponUseRule::Kind::Exchange:
        value = Text::tr("exchange price %1").arg(formatYuan(rule.exchangePriceFen));
        break;
    }
    if (rule.transactionMinimumFen > 0)
        value = Text::tr("%1 (orders from %2)").arg(value, formatYuan(rule.transactionMinimumFen));
    return value;
}

std::optional<QString> orderAmountProblem(const CouponUseRule &rule, qint64 orderFen)
{
    if (orderFen >= rule.transactionMinimumFen)
        return std::nullopt;
    return Text::tr("This order is %1, below the %2 this coupon needs")
        .arg(formatYuan(orderFen), formatYuan(rule.transactionMinimumFen));
}

qint64 discountFen(const CouponUseRule &rule, qint64 orderFen)
{
    switch (rule.kind) {
    case CouponUseRule::Kind::Fixed:
        return qMin(rule.discountAmountFen, orderFen);
    case CouponUseRule::Kind::Discount:
        // The share not paid, rounded half up to the fen (¥99.99 at 9折: ¥10.00 off).
        return (orderFen * (100 - rule.discountPercent) + 50) / 100;
    case CouponUseRule::Kind::Exchange:
        return qMax<qint64>(0, orderFen - rule.exchangePriceFen);
    }
    return 0;
}

qint64 dueFen(const CouponUseRule &rule, qint64 orderFen)
{
    return orderFen - discountFen(rule, orderFen);
}

QString tillText(const OperationResult &r)
{
    if (!r.stock || !r.stock->useRule)
        return {};
    QString text = QStringLiteral("%1 · %2").arg(r.stock->stockName, valueText(*r.stock->useRule));
    if (r.dueFen && r.orderFen)
        text = Text::tr("Collect %1 (order %2)").arg(formatYuan(*r.dueFen), formatYuan(*r.orderFen))
            + QLatin1Char('\n') + text;
    return text;
}

} // namespace desk
