// Typed busifavor (商家券) calls: use, deactivate, return, query one user coupon, query a stock.
// Field rules are those of wechatpay-apiv3.md §3; nothing is sent while a field is wrong.
#pragma once

#include "couponuserule.h"
#include "httpclient.h"
#include "result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace wechatpay::busifavor {

enum class FieldProblem {
    Missing, // empty but required
    TooLong, // more than maxLength characters
    BadCharacters, // outside the field's character set
    FourByteCharacter, // needs 4 bytes in UTF-8 (most emoji): APIv3 refuses those
    ControlCharacter, // tabs, newlines and other control characters
    BadFormat, // e.g. use_time not RFC 3339 with an offset
};

struct FieldError
{
    QString field; // JSON field name, e.g. "coupon_code"
    FieldProblem problem = FieldProblem::Missing;
    int maxLength = 0; // for TooLong
};

// Per-field checks, usable by forms before a request exists.
std::optional<FieldError> checkCouponCode(const QString &value);
std::optional<FieldError> checkStockId(const QString &value);
std::optional<FieldError> checkAppId(const QString &value);
std::optional<FieldError> checkOpenId(const QString &value, bool required);
std::optional<FieldError> checkRequestNo(const QString &field, const QString &value, int maxLength);
std::optional<FieldError> checkUseTime(const QString &value);
std::optional<FieldError> checkReason(const QString &value, bool required);

Error toError(const QList<FieldError> &errors); // ErrorKind::InvalidInput, field = first field

struct UseCouponRequest
{
    QString couponCode;
    QString stockId;
    QString appid;
    QString useTime; // RFC 3339 with offset
    QString useRequestNo;
    QString openid; // optional
    QList<FieldError> validate() const;
    QByteArray toJson() const; // fields in the documented order, compact, UTF-8
    ApiRequest toApiRequest() const;
};
struct UseCouponResponse
{
    QString stockId;
    QString openid;
    QString wechatpayUseTime;
    static Result<UseCouponResponse> fromJson(QByteArrayView body);
};

struct DeactivateCouponRequest
{
    QString couponCode;
    QString stockId;
    QString deactivateRequestNo;
    QString deactivateReason; // optional for WeChat; ≤ 64 characters, no 4-byte UTF-8
    QList<FieldError> validate() const;
    QByteArray toJson() const;
    ApiRequest toApiRequest() const;
};
struct DeactivateCouponResponse
{
    QString wechatpayDeactivateTime;
    static Result<DeactivateCouponResponse> fromJson(QByteArrayView body);
};

struct ReturnCouponRequest
{
    QString couponCode;
    QString stockId;
    QString returnRequestNo;
    QList<FieldError> validate() const;
    QByteArray toJson() const;
    ApiRequest toApiRequest() const;
};
struct ReturnCouponResponse
{
    QString wechatpayReturnTime;
    static Result<ReturnCouponResponse> fromJson(QByteArrayView body);
};

struct QueryCouponRequest
{
    QString openid;
    QString couponCode;
    QString appid;
    QList<FieldError> validate() const;
    QByteArray path() const; // percent-encoded path parameters
    ApiRequest toApiRequest() const;
};

// Unknown coupon_state strings and extra fields are tolerated (kept in `raw`).
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
    QJsonObject raw;
    static Result<CouponDetail> fromJson(QByteArrayView body);
};

struct StockQueryRequest
{
    QString stockId;
    QList<FieldError> validate() const;
    QByteArray path() const;
    ApiRequest toApiRequest() const;
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
    static Result<StockInfo> fromJson(QByteArrayView body);
};

inline constexpr char kUsePath[] = "/v3/marketing/busifavor/coupons/use";
inline constexpr char kDeactivatePath[] = "/v3/marketing/busifavor/coupons/deactivate";
inline constexpr char kReturnPath[] = "/v3/marketing/busifavor/coupons/return";

} // namespace wechatpay::busifavor
