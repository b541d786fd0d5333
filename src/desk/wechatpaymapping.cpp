// The one place the protocol layer's values become desk's (result.h, fielderror.h,
// coupondetail.h): field by field, enums by value with the values checked at compile time.
#include "coupondetail.h"
#include "result.h"
#include "wechatpaymapping_p.h"

#include "wechatpay/busifavor.h"
#include "wechatpay/result.h"

namespace desk {

namespace {

namespace wp = wechatpay;
namespace bf = wechatpay::busifavor;

template<typename A, typename B> constexpr bool sameValue(A a, B b)
{
    return static_cast<int>(a) == static_cast<int>(b);
}

static_assert(sameValue(ErrorKind::InvalidInput, wp::ErrorKind::InvalidInput));
static_assert(sameValue(ErrorKind::Key, wp::ErrorKind::Key));
static_assert(sameValue(ErrorKind::Crypto, wp::ErrorKind::Crypto));
static_assert(sameValue(ErrorKind::Network, wp::ErrorKind::Network));
static_assert(sameValue(ErrorKind::Timeout, wp::ErrorKind::Timeout));
static_assert(sameValue(ErrorKind::Tls, wp::ErrorKind::Tls));
static_assert(sameValue(ErrorKind::Http, wp::ErrorKind::Http));
static_assert(sameValue(ErrorKind::Verification, wp::ErrorKind::Verification));
static_assert(sameValue(ErrorKind::Protocol, wp::ErrorKind::Protocol));
static_assert(sameValue(ErrorKind::Cancelled, wp::ErrorKind::Cancelled));

static_assert(sameValue(FieldProblem::Missing, bf::FieldProblem::Missing));
static_assert(sameValue(FieldProblem::TooLong, bf::FieldProblem::TooLong));
static_assert(sameValue(FieldProblem::BadCharacters, bf::FieldProblem::BadCharacters));
static_assert(sameValue(FieldProblem::FourByteCharacter, bf::FieldProblem::FourByteCharacter));
static_assert(sameValue(FieldProblem::ControlCharacter, bf::FieldProblem::ControlCharacter));
static_assert(sameValue(FieldProblem::BadFormat, bf::FieldProblem::BadFormat));

using RuleKind = CouponUseRule::Kind;
using WpRuleKind = bf::CouponUseRule::Kind;
static_assert(sameValue(RuleKind::Fixed, WpRuleKind::Fixed));
static_assert(sameValue(RuleKind::Discount, WpRuleKind::Discount));
static_assert(sameValue(RuleKind::Exchange, WpRuleKind::Exchange));

// The way back, only to print an error with the protocol layer's one formatter.
wp::Error toWechatpay(const Error &e)
{
    wp::Error w;
    w.kind = static_cast<wp::ErrorKind>(e.kind);
    w.httpStatus = e.httpStatus;
    w.code = e.code;
    w.message = e.message;
    w.requestId = e.requestId;
    w.field = e.field;
    w.detail = e.detail;
    w.requestSent = e.requestSent;
    return w;
}

std::optional<CouponUseRule> toDesk(const std::optional<bf::CouponUseRule> &rule)
{
    if (!rule)
        return std::nullopt;
    return CouponUseRule(*rule);
}

} // namespace

Error::Error(const wp::Error &e)
    : kind(static_cast<ErrorKind>(e.kind))
    , httpStatus(e.httpStatus)
    , code(e.code)
    , message(e.message)
    , requestId(e.requestId)
    , field(e.field)
    , detail(e.detail)
    , requestSent(e.requestSent)
{
}

Error Error::make(ErrorKind kind, QString code, QString message)
{
    Error e;
    e.kind = kind;
    e.code = std::move(code);
    e.message = std::move(message);
    return e;
}

QString Error::toString() const
{
    return toWechatpay(*this).toString();
}

QString errorKindName(ErrorKind kind)
{
    return wp::errorKindName(static_cast<wp::ErrorKind>(kind));
}

FieldError::FieldError(const bf::FieldError &e)
    : field(e.field)
    , problem(static_cast<FieldProblem>(e.problem))
    , maxLength(e.maxLength)
{
}

QList<FieldError> toDesk(const QList<bf::FieldError> &fields)
{
    return QList<FieldError>(fields.cbegin(), fields.cend());
}

Error fieldsError(const QList<FieldError> &fields)
{
    QList<bf::FieldError> theirs;
    for (const FieldError &f : fields)
        theirs << bf::FieldError { f.field, static_cast<bf::FieldProblem>(f.problem), f.maxLength };
    return bf::toError(theirs);
}

CouponUseRule::CouponUseRule(const bf::CouponUseRule &r)
    : kind(static_cast<Kind>(r.kind))
    , discountAmountFen(r.discountAmountFen)
    , discountPercent(r.discountPercent)
    , exchangePriceFen(r.exchangePriceFen)
    , transactionMinimumFen(r.transactionMinimumFen)
    , useMethod(r.useMethod)
    , availableBeginTime(r.availableBeginTime)
    , availableEndTime(r.availableEndTime)
{
}

CouponDetail::CouponDetail(const bf::CouponDetail &d)
    : couponCode(d.couponCode)
    , stockId(d.stockId)
    , stockName(d.stockName)
    , couponState(d.couponState)
    , belongMerchant(d.belongMerchant)
    , availableStartTime(d.availableStartTime)
    , expireTime(d.expireTime)
    , receiveTime(d.receiveTime)
    , useRequestNo(d.useRequestNo)
    , useTime(d.useTime)
    , returnRequestNo(d.returnRequestNo)
    , returnTime(d.returnTime)
    , deactivateRequestNo(d.deactivateRequestNo)
    , deactivateTime(d.deactivateTime)
    , deactivateReason(d.deactivateReason)
    , useRule(toDesk(d.useRule))
    , raw(d.raw)
{
}

StockInfo::StockInfo(const bf::StockInfo &s)
    : stockId(s.stockId)
    , stockName(s.stockName)
    , belongMerchant(s.belongMerchant)
    , stockState(s.stockState)
    , stockType(s.stockType)
    , couponCodeMode(s.couponCodeMode)
    , goodsName(s.goodsName)
    , comment(s.comment)
    , availableBeginTime(s.availableBeginTime)
    , availableEndTime(s.availableEndTime)
    , useRule(toDesk(s.useRule))
    , raw(s.raw)
{
}

} // namespace desk
