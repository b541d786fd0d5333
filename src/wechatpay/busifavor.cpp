#include "busifavor.h"

#include "certificates.h"
#include "jsonwriter.h"
#include "signing.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace wechatpay::busifavor {

namespace {

bool isAsciiAlnum(char16_t c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z');
}

// Common checks for every text field: control characters and 4-byte UTF-8 are refused.
std::optional<FieldError> checkText(const QString &field, const QString &value, bool required, int maxLength)
{
    if (value.isEmpty())
        return required ? std::optional<FieldError>(FieldError { field, FieldProblem::Missing, maxLength })
                        : std::nullopt;
    for (const QChar c : value) {
        if (c.isSurrogate())
            return FieldError { field, FieldProblem::FourByteCharacter, maxLength };
        if (c.unicode() < 0x20 || c.unicode() == 0x7F || (c.unicode() >= 0x80 && c.unicode() < 0xA0)
            || c.unicode() == 0x2028 || c.unicode() == 0x2029)
            return FieldError { field, FieldProblem::ControlCharacter, maxLength };
    }
    if (value.size() > maxLength)
        return FieldError { field, FieldProblem::TooLong, maxLength };
    return std::nullopt;
}

template<typename Pred>
std::optional<FieldError> checkCharset(
    const QString &field, const QString &value, bool required, int maxLength, Pred allowed)
{
    if (auto e = checkText(field, value, required, maxLength))
        return e;
    for (const QChar c : value)
        if (!allowed(c.unicode()))
            return FieldError { field, FieldProblem::BadCharacters, maxLength };
    return std::nullopt;
}

void add(QList<FieldError> &errors, std::optional<FieldError> e)
{
    if (e)
        errors.append(*e);
}

Result<QJsonObject> parseObject(QByteArrayView body)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return Error::make(ErrorKind::Protocol, QStringLiteral("RESPONSE_MALFORMED"),
            QStringLiteral("WeChat Pay answered with JSON that cannot be read"));
    return doc.object();
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

Error missing(const char *field)
{
    Error e = Error::make(ErrorKind::Protocol, QStringLiteral("RESPONSE_FIELD_MISSING"),
        QStringLiteral("WeChat Pay's answer lacks %1").arg(QLatin1String(field)));
    e.field = QLatin1String(field);
    return e;
}

ApiRequest post(const char *path, QByteArray body)
{
    return ApiRequest { "POST", QByteArray(path), std::move(body) };
}

} // namespace

std::optional<FieldError> checkCouponCode(const QString &value)
{
    // digits, ASCII letters, space, - _ \ / = | (merchant-uploaded codes); 1–32
    return checkCharset(QStringLiteral("coupon_code"), value, true, 32, [](char16_t c) {
        return isAsciiAlnum(c) || c == u' ' || c == u'-' || c == u'_' || c == u'\\' || c == u'/' || c == u'='
            || c == u'|';
    });
}

std::optional<FieldError> checkStockId(const QString &value)
{
    return checkCharset(
        QStringLiteral("stock_id"), value, true, 20, [](char16_t c) { return isAsciiAlnum(c); });
}

std::optional<FieldError> checkAppId(const QString &value)
{
    return checkCharset(QStringLiteral("appid"), value, true, 32,
        [](char16_t c) { return isAsciiAlnum(c) || c == u'_' || c == u'-'; });
}

std::optional<FieldError> checkOpenId(const QString &value, bool required)
{
    return checkCharset(QStringLiteral("openid"), value, required, 128,
        [](char16_t c) { return isAsciiAlnum(c) || c == u'_' || c == u'-'; });
}

std::optional<FieldError> checkRequestNo(const QString &field, const QString &value, int maxLength)
{
    return checkCharset(field, value, true, maxLength,
        [](char16_t c) { return isAsciiAlnum(c) || c == u'_' || c == u'-' || c == u'|' || c == u'*'; });
}

std::optional<FieldError> checkUseTime(const QString &value)
{
    if (auto e = checkText(QStringLiteral("use_time"), value, true, 32))
        return e;
    if (!parseRfc3339(value).isValid())
        return FieldError { QStringLiteral("use_time"), FieldProblem::BadFormat, 32 };
    return std::nullopt;
}

std::optional<FieldError> checkReason(const QString &value, bool required)
{
    return checkText(QStringLiteral("deactivate_reason"), value, required, 64);
}

Error toError(const QList<FieldError> &errors)
{
    Error e = Error::make(ErrorKind::InvalidInput, QStringLiteral("FIELD_INVALID"), QString());
    QStringList parts;
    for (const FieldError &f : errors) {
        QString what;
        switch (f.problem) {
        case FieldProblem::Missing:
            what = QStringLiteral("is required");
            break;
        case FieldProblem::TooLong:
            what = QStringLiteral("is longer than %1 characters").arg(f.maxLength);
            break;
        case FieldProblem::BadCharacters:
            what = QStringLiteral("contains characters that are not allowed");
            break;
        case FieldProblem::FourByteCharacter:
            what = QStringLiteral("contains emoji or other 4-byte characters");
            break;
        case FieldProblem::ControlCharacter:
            what = QStringLiteral("contains control characters");
            break;
        case FieldProblem::BadFormat:
            what = QStringLiteral("is not in the expected format");
            break;
        }
        parts << f.field + QLatin1Char(' ') + what;
    }
    e.message = parts.join(QStringLiteral("; "));
    if (!errors.isEmpty())
        e.field = errors.first().field;
    return e;
}

// ------------------------------------------------------------------ use

QList<FieldError> UseCouponRequest::validate() const
{
    QList<FieldError> e;
    add(e, checkCouponCode(couponCode));
    add(e, checkStockId(stockId));
    add(e, checkAppId(appid));
    add(e, checkUseTime(useTime));
    add(e, checkRequestNo(QStringLiteral("use_request_no"), useRequestNo, 32));
    add(e, checkOpenId(openid, false));
    return e;
}

QByteArray UseCouponRequest::toJson() const
{
    return JsonWriter()
        .field("coupon_code", couponCode)
        .field("stock_id", stockId)
        .field("appid", appid)
        .field("use_time", useTime)
        .field("use_request_no", useRequestNo)
        .optionalField("openid", openid)
        .finish();
}

ApiRequest UseCouponRequest::toApiRequest() const
{
    return post(kUsePath, toJson());
}

Result<UseCouponResponse> UseCouponResponse::fromJson(QByteArrayView body)
{
    auto o = parseObject(body);
    if (!o)
        return o.error();
    UseCouponResponse r { str(*o, "stock_id"), str(*o, "openid"), str(*o, "wechatpay_use_time") };
    if (r.wechatpayUseTime.isEmpty())
        return missing("wechatpay_use_time");
    return r;
}

// ------------------------------------------------------------------ deactivate

QList<FieldError> DeactivateCouponRequest::validate() const
{
    QList<FieldError> e;
    add(e, checkCouponCode(couponCode));
    add(e, checkStockId(stockId));
    add(e, checkRequestNo(QStringLiteral("deactivate_request_no"), deactivateRequestNo, 128));
    add(e, checkReason(deactivateReason, false));
    return e;
}

QByteArray DeactivateCouponRequest::toJson() const
{
    return JsonWriter()
        .field("coupon_code", couponCode)
        .field("stock_id", stockId)
        .field("deactivate_request_no", deactivateRequestNo)
        .optionalField("deactivate_reason", deactivateReason)
        .finish();
}

ApiRequest DeactivateCouponRequest::toApiRequest() const
{
    return post(kDeactivatePath, toJson());
}

Result<DeactivateCouponResponse> DeactivateCouponResponse::fromJson(QByteArrayView body)
{
    auto o = parseObject(body);
    if (!o)
        return o.error();
    DeactivateCouponResponse r { str(*o, "wechatpay_deactivate_time") };
    if (r.wechatpayDeactivateTime.isEmpty())
        return missing("wechatpay_deactivate_time");
    return r;
}

// ------------------------------------------------------------------ return

QList<FieldError> ReturnCouponRequest::validate() const
{
    QList<FieldError> e;
    add(e, checkCouponCode(couponCode));
    add(e, checkStockId(stockId));
    add(e, checkRequestNo(QStringLiteral("return_request_no"), returnRequestNo, 128));
    return e;
}

QByteArray ReturnCouponRequest::toJson() const
{
    return JsonWriter()
        .field("coupon_code", couponCode)
        .field("stock_id", stockId)
        .field("return_request_no", returnRequestNo)
        .finish();
}

ApiRequest ReturnCouponRequest::toApiRequest() const
{
    return post(kReturnPath, toJson());
}

Result<ReturnCouponResponse> ReturnCouponResponse::fromJson(QByteArrayView body)
{
    auto o = parseObject(body);
    if (!o)
        return o.error();
    ReturnCouponResponse r { str(*o, "wechatpay_return_time") };
    if (r.wechatpayReturnTime.isEmpty())
        return missing("wechatpay_return_time");
    return r;
}

// ------------------------------------------------------------------ query coupon

QList<FieldError> QueryCouponRequest::validate() const
{
    QList<FieldError> e;
    add(e, checkOpenId(openid, true));
    add(e, checkCouponCode(couponCode));
    add(e, checkAppId(appid));
    return e;
}

QByteArray QueryCouponRequest::path() const
{
    return "/v3/marketing/busifavor/users/" + encodePathSegment(openid) + "/coupons/"
        + encodePathSegment(couponCode) + "/appids/" + encodePathSegment(appid);
}

ApiRequest QueryCouponRequest::toApiRequest() const
{
    return ApiRequest { "GET", path(), {} };
}

Result<CouponDetail> CouponDetail::fromJson(QByteArrayView body)
{
    auto o = parseObject(body);
    if (!o)
        return o.error();
    CouponDetail d;
    d.couponCode = str(*o, "coupon_code");
    d.stockId = str(*o, "stock_id");
    d.stockName = str(*o, "stock_name");
    d.couponState = str(*o, "coupon_state");
    d.belongMerchant = str(*o, "belong_merchant");
    d.availableStartTime = str(*o, "available_start_time");
    d.expireTime = str(*o, "expire_time");
    d.receiveTime = str(*o, "receive_time");
    d.useRequestNo = str(*o, "use_request_no");
    d.useTime = str(*o, "use_time");
    d.returnRequestNo = str(*o, "return_request_no");
    d.returnTime = str(*o, "return_time");
    d.deactivateRequestNo = str(*o, "deactivate_request_no");
    d.deactivateTime = str(*o, "deactivate_time");
    d.deactivateReason = str(*o, "deactivate_reason");
    d.useRule = CouponUseRule::fromJson(o->value(QLatin1String("coupon_use_rule")).toObject());
    d.raw = *o;
    if (d.couponState.isEmpty())
        return missing("coupon_state");
    return d;
}

// ------------------------------------------------------------------ stock

QList<FieldError> StockQueryRequest::validate() const
{
    QList<FieldError> e;
    add(e, checkStockId(stockId));
    return e;
}

QByteArray StockQueryRequest::path() const
{
    return "/v3/marketing/busifavor/stocks/" + encodePathSegment(stockId);
}

ApiRequest StockQueryRequest::toApiRequest() const
{
    return ApiRequest { "GET", path(), {} };
}

Result<StockInfo> StockInfo::fromJson(QByteArrayView body)
{
    auto o = parseObject(body);
    if (!o)
        return o.error();
    StockInfo s;
    s.stockId = str(*o, "stock_id");
    s.stockName = str(*o, "stock_name");
    s.belongMerchant = str(*o, "belong_merchant");
    s.stockState = str(*o, "stock_state");
    s.stockType = str(*o, "stock_type");
    s.couponCodeMode = str(*o, "coupon_code_mode");
    s.goodsName = str(*o, "goods_name");
    s.comment = str(*o, "comment");
    const QJsonObject avail = o->value(QLatin1String("coupon_use_rule"))
                                  .toObject()
                                  .value(QLatin1String("coupon_available_time"))
                                  .toObject();
    s.availableBeginTime = str(avail, "available_begin_time");
    s.availableEndTime = str(avail, "available_end_time");
    s.useRule = CouponUseRule::fromJson(o->value(QLatin1String("coupon_use_rule")).toObject());
    s.raw = *o;
    if (s.stockName.isEmpty())
        return missing("stock_name");
    return s;
}

} // namespace wechatpay::busifavor
