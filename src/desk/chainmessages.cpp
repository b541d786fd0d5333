#include "chainmessages.h"

#include <QCoreApplication>

namespace desk {

namespace {

// A translation context lupdate recognises (a free Text::tr() would be filed under another context).
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::ChainMessages)
};

// The operation whose success explains the refusal, if any.
std::optional<Operation> explainingOperation(const OperationResult &r)
{
    if (r.outcome != Outcome::Failed)
        return std::nullopt;
    switch (couponProblem(r.error)) {
    case CouponProblem::AlreadyUsed:
        return Operation::Use;
    case CouponProblem::Deactivated:
        return Operation::Deactivate;
    default:
        return std::nullopt;
    }
}

QString place(const ChainSighting &s)
{
    const QString shop = s.shopName.isEmpty() ? s.shopId : s.shopName;
    if (s.staff.isEmpty())
        return Text::tr("%1 counter %2").arg(shop, s.counterId);
    return Text::tr("%1 counter %2 (%3)").arg(shop, s.counterId, s.staff);
}

QString when(const QDateTime &at)
{
    return at.toLocalTime().toString(QStringLiteral("MM-dd HH:mm"));
}

} // namespace

bool wantsChainTrail(const OperationResult &result)
{
    return explainingOperation(result).has_value();
}

QString chainTrailLine(const OperationResult &result, const QList<ChainSighting> &trail)
{
    const std::optional<Operation> op = explainingOperation(result);
    if (!op)
        return {};
    const ChainSighting *newest = nullptr;
    for (const ChainSighting &s : trail) {
        if (s.couponCode != result.couponCode || s.operation != *op || s.state != State::Succeeded)
            continue;
        if (!newest || s.createdAt > newest->createdAt)
            newest = &s;
    }
    if (!newest)
        return {};
    if (*op == Operation::Use)
        return Text::tr("Redeemed on %1 at %2").arg(when(newest->createdAt), place(*newest));
    return Text::tr("Voided on %1 at %2").arg(when(newest->createdAt), place(*newest));
}

StaffMessage heldElsewhereMessage(const ChainSighting &open)
{
    StaffMessage m;
    m.severity = Severity::Failure;
    m.headline = Text::tr("Another counter is still redeeming this coupon — not sent");
    m.action = Text::tr("%1 has been waiting for WeChat Pay since %2. If this is another purchase, "
                        "scan the code again to redeem it here.")
                   .arg(place(open), when(open.createdAt));
    m.detail = Text::tr("Request %1 is %2 there").arg(open.requestNo, stateName(open.state));
    return m;
}

} // namespace desk
