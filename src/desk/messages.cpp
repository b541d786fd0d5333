#include "messages.h"

#include "answers.h"

#include <QDateTime>

#include <QCoreApplication>

namespace desk {

namespace {

// A translation context lupdate recognises (a free Text::tr() would be filed under another context).
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::Messages)
};

QString technical(const Error &e)
{
    QString s;
    if (e.httpStatus)
        s += QStringLiteral("HTTP %1 ").arg(e.httpStatus);
    if (!e.code.isEmpty())
        s += e.code + QLatin1Char(' ');
    s += e.message;
    if (!e.requestId.isEmpty())
        s += QStringLiteral(" (Request-ID %1)").arg(e.requestId);
    return s.trimmed();
}

} // namespace

QString operationLabel(Operation operation)
{
    switch (operation) {
    case Operation::Use:
        return Text::tr("Redeem");
    case Operation::Deactivate:
        return Text::tr("Void");
    case Operation::Return:
        return Text::tr("Return");
    case Operation::Query:
        return Text::tr("Query");
    }
    return {};
}

QString stateLabel(State state)
{
    switch (state) {
    case State::Pending:
        return Text::tr("Sending");
    case State::Uncertain:
        return Text::tr("Not confirmed");
    case State::Succeeded:
        return Text::tr("Succeeded");
    case State::Failed:
        return Text::tr("Failed");
    }
    return {};
}

QString couponStateLabel(const QString &state)
{
    if (state == QLatin1String("SENDED"))
        return Text::tr("Usable");
    if (state == QLatin1String("USED"))
        return Text::tr("Redeemed");
    if (state == QLatin1String("EXPIRED"))
        return Text::tr("Expired");
    if (state == QLatin1String("DEACTIVATED"))
        return Text::tr("Voided");
    if (state == QLatin1String("DELETED"))
        return Text::tr("Deleted by the customer");
    return state; // newer states are shown as WeChat names them
}

QString journalReason(const HistoryRow &row)
{
    const bool notSent = isNotSent(row.wechatCode);
    const QString code = unmarkedCode(row.wechatCode);
    QString label;
    if (code == QLatin1String("NETWORK_ERROR"))
        label = Text::tr("Network failure: WeChat Pay could not be reached");
    else if (code == QLatin1String("CONNECT_TIMEOUT"))
        label = Text::tr("No connection to WeChat Pay in time");
    else if (code == QLatin1String("TIMEOUT"))
        label = Text::tr("WeChat Pay did not answer in time");
    else if (code == QLatin1String("PROXY_ERROR"))
        label = Text::tr("The proxy did not connect to WeChat Pay");
    else if (code == QLatin1String("TLS_FAILED"))
        label = Text::tr("The secure connection to WeChat Pay failed");
    else
        return row.message;
    return notSent ? Text::tr("%1 (nothing was sent)").arg(label) : label;
}

QString fieldLabel(const QString &field)
{
    if (field == QLatin1String("coupon_code"))
        return Text::tr("Coupon code");
    if (field == QLatin1String("stock_id"))
        return Text::tr("Stock");
    if (field == QLatin1String("openid"))
        return Text::tr("Customer openid");
    if (field == QLatin1String("appid"))
        return Text::tr("AppID");
    if (field == QLatin1String("deactivate_reason"))
        return Text::tr("Reason");
    if (field == QLatin1String("use_time"))
        return Text::tr("Redeem time");
    if (field == QLatin1String("order_amount"))
        return Text::tr("Order amount");
    return field;
}

StaffMessage fieldMessage(const FieldError &f)
{
    StaffMessage m;
    m.severity = Severity::Failure;
    const QString label = fieldLabel(f.field);
    switch (f.problem) {
    case FieldProblem::Missing:
        m.headline = Text::tr("%1 is required").arg(label);
        break;
    case FieldProblem::TooLong:
        m.headline = Text::tr("%1 is too long (at most %2 characters)").arg(label).arg(f.maxLength);
        break;
    case FieldProblem::BadCharacters:
        m.headline = f.field == QLatin1String("coupon_code")
            ? Text::tr("%1 may only contain letters, digits, spaces and - _ \\ / = |").arg(label)
            : Text::tr("%1 contains characters that are not allowed").arg(label);
        break;
    case FieldProblem::FourByteCharacter:
        m.headline = Text::tr("%1 must not contain emoji or rare characters").arg(label);
        break;
    case FieldProblem::ControlCharacter:
        m.headline = Text::tr("%1 must not contain line breaks or tabs").arg(label);
        break;
    case FieldProblem::BadFormat:
        m.headline = Text::tr("%1 is not in the right format").arg(label);
        break;
    }
    m.action = Text::tr("Correct the field and try again; nothing was sent.");
    return m;
}

CouponProblem couponProblem(const Error &e)
{
    const QString reason = e.detail.value(QLatin1String("reason")).toString();
    const QString code = e.code;
    const QString msg = e.message;
    if (reason == QLatin1String("COUPON_USED") || code == QLatin1String("COUPON_USED")
        || msg.contains(QStringLiteral("已核销")) || msg.contains(QStringLiteral("已使用"))
        || msg.contains(QStringLiteral("已被使用")))
        return CouponProblem::AlreadyUsed;
    if (reason == QLatin1String("COUPON_EXPIRED") || code == QLatin1String("COUPON_EXPIRED")
        || msg.contains(QStringLiteral("过期")))
        return CouponProblem::Expired;
    if (reason == QLatin1String("COUPON_DEACTIVATED") || code == QLatin1String("COUPON_DEACTIVATED")
        || msg.contains(QStringLiteral("已失效")))
        return CouponProblem::Deactivated;
    if (reason == QLatin1String("COUPON_NOT_YET_AVAILABLE") || msg.contains(QStringLiteral("未到可用时间"))
        || msg.contains(QStringLiteral("未生效")))
        return CouponProblem::NotYetValid;
    if (reason == QLatin1String("COUPON_NOT_USED") || msg.contains(QStringLiteral("未核销")))
        return CouponProblem::NotUsed;
    if (reason == QLatin1String("COUPON_NOT_SENDED"))
        return CouponProblem::NotSended;
    if (reason == QLatin1String("REQUEST_NO_CONFLICT"))
        return CouponProblem::RequestNoConflict;
    if (code == QLatin1String("NO_AUTH") || code == QLatin1String("NOAUTH"))
        return CouponProblem::WrongMerchant;
    if (code == QLatin1String("RESOURCE_NOT_EXISTS") || code == QLatin1String("NOT_FOUND"))
        return CouponProblem::NotFound;
    return CouponProblem::None;
}

StaffMessage successMessage(Operation operation, const QString &wechatTime)
{
    StaffMessage m;
    m.severity = Severity::Success;
    switch (operation) {
    case Operation::Use:
        m.headline = Text::tr("Coupon redeemed");
        break;
    case Operation::Deactivate:
        m.headline = Text::tr("Coupon voided");
        break;
    case Operation::Return:
        m.headline = Text::tr("Coupon returned to the customer");
        break;
    case Operation::Query:
        m.headline = Text::tr("Done");
        break;
    }
    // Staff read the counter's own clock: "14:03:07" today (the exact RFC 3339 stays in the journal).
    const QDateTime at = QDateTime::fromString(wechatTime, Qt::ISODate).toLocalTime();
    const QString shown = !at.isValid()     ? wechatTime
        : at.date() == QDate::currentDate() ? at.toString(QStringLiteral("HH:mm:ss"))
                                            : at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m.action = wechatTime.isEmpty() ? QString() : Text::tr("WeChat Pay time: %1").arg(shown);
    return m;
}

StaffMessage uncertainMessage(Operation operation, const Error &e)
{
    StaffMessage m;
    m.severity = Severity::Pending;
    m.headline = Text::tr("Result not confirmed yet — checking with WeChat Pay…");
    switch (e.kind) {
    case ErrorKind::Timeout:
        m.action = Text::tr("The network timed out. Do not repeat the %1; the program confirms it by itself.")
                       .arg(operationLabel(operation));
        break;
    case ErrorKind::Verification:
        m.action = Text::tr("WeChat Pay's answer could not be verified. Do not repeat the %1; the program "
                            "confirms it by itself.")
                       .arg(operationLabel(operation));
        break;
    default:
        m.action
            = Text::tr("Do not repeat the %1; the program confirms it by itself and updates this result.")
                  .arg(operationLabel(operation));
        break;
    }
    m.detail = technical(e);
    return m;
}

StaffMessage errorMessage(Operation operation, const Error &e)
{
    StaffMessage m;
    m.severity = Severity::Failure;
    m.detail = technical(e);
    const bool redeem = operation == Operation::Use;

    switch (e.kind) {
    case ErrorKind::InvalidInput:
        m.headline = Text::tr("Check the input");
        m.action = e.message;
        return m;
    case ErrorKind::Key:
    case ErrorKind::Crypto:
        m.headline = Text::tr("The merchant key or certificate cannot be used");
        m.action = Text::tr("Ask the manager to check the key files in Settings.");
        return m;
    case ErrorKind::Tls:
        m.headline = Text::tr("Secure connection to WeChat Pay failed");
        m.action = Text::tr("Check the network and this computer's date and time; nothing was sent.");
        return m;
    case ErrorKind::Network:
        if (e.code == QLatin1String("PROXY_ERROR")) { // the message names the proxy, never its password
            m.headline = Text::tr("Cannot reach WeChat Pay through the proxy");
            m.action
                = Text::tr("%1. Ask the manager to check the proxy in Settings (Advanced); nothing was sent.")
                      .arg(e.message);
            return m;
        }
        m.headline = Text::tr("Cannot reach WeChat Pay");
        m.action = Text::tr("Check the network cable or Wi-Fi and try again; nothing was sent.");
        return m;
    case ErrorKind::Timeout:
        m.headline = Text::tr("Cannot reach WeChat Pay");
        m.action = Text::tr("Check the network cable or Wi-Fi and try again; nothing was sent.");
        return m;
    case ErrorKind::Cancelled:
        m.headline = Text::tr("Cancelled");
        return m;
    case ErrorKind::Verification:
    case ErrorKind::Protocol:
        m.headline = Text::tr("WeChat Pay's answer could not be trusted");
        m.action = Text::tr("Ask the manager to check the verification settings.");
        return m;
    case ErrorKind::Http:
        break;
    }

    switch (couponProblem(e)) {
    case CouponProblem::AlreadyUsed:
        m.headline = redeem ? Text::tr("Coupon already redeemed — do not redeem it again")
                            : Text::tr("The coupon has already been redeemed");
        m.action = redeem ? Text::tr("Ask the customer for another coupon.")
                          : Text::tr("A redeemed coupon cannot be voided; use Return after a refund.");
        return m;
    case CouponProblem::Expired:
        m.headline = Text::tr("The coupon has expired");
        m.action = Text::tr("Ask the customer for another coupon.");
        return m;
    case CouponProblem::NotYetValid:
        m.headline = Text::tr("This coupon cannot be used yet");
        m.action = Text::tr(
            "Ask the customer to come back when the coupon becomes valid."); // Redeemer adds from when
        return m;
    case CouponProblem::Deactivated:
        m.headline = Text::tr("The coupon has been voided");
        m.action = Text::tr("It can no longer be used.");
        return m;
    case CouponProblem::NotUsed:
        m.headline = Text::tr("The coupon has not been redeemed, so it cannot be returned");
        return m;
    case CouponProblem::NotSended:
        m.headline = Text::tr("Only an unused coupon can be voided");
        return m;
    case CouponProblem::WrongMerchant:
        m.headline = Text::tr("This coupon does not belong to this shop's merchant account");
        m.action = Text::tr(
            "Check the coupon and the stock; only the merchant that created the stock may use it.");
        return m;
    case CouponProblem::NotFound:
        m.headline = e.message.contains(QStringLiteral("批次")) ? Text::tr("Unknown stock")
                                                                : Text::tr("Coupon code not found");
        m.action = Text::tr("Check the coupon code and the stock, then try again.");
        return m;
    case CouponProblem::RequestNoConflict:
        m.headline = Text::tr("Request number already used for another request");
        m.action = Text::tr("Try again; a new request number is made each time.");
        return m;
    case CouponProblem::None:
        break;
    }

    if (e.code == QLatin1String("SIGN_ERROR")) {
        if (e.message.contains(QStringLiteral("timestamp")) || e.message.contains(QStringLiteral("5分钟"))) {
            m.headline = Text::tr("This computer's clock differs from WeChat Pay's by more than 5 minutes");
            m.action = Text::tr("Correct the computer's date and time, then try again.");
        } else {
            m.headline = Text::tr("WeChat Pay refused the signature");
            m.action = Text::tr("Ask the manager to check the merchant id, certificate serial and private "
                                "key (coupondesk-cli sign helps).");
        }
        return m;
    }
    if (e.code == QLatin1String("PARAM_ERROR")) {
        const QString field = e.field.startsWith(QLatin1Char('/')) ? e.field.mid(1) : e.field;
        m.headline = field.isEmpty() ? Text::tr("WeChat Pay refused a field")
                                     : Text::tr("WeChat Pay refused: %1").arg(fieldLabel(field));
        m.action = e.message;
        return m;
    }
    if (e.code == QLatin1String("RATELIMIT_EXCEEDED") || e.code == QLatin1String("RATE_LIMITED")
        || e.httpStatus == 429) {
        m.headline = Text::tr("Too many requests right now");
        m.action = Text::tr("Wait a few seconds and try again.");
        return m;
    }
    if (e.httpStatus >= 500) {
        m.headline = Text::tr("WeChat Pay is busy");
        m.action = Text::tr("Try again in a moment.");
        return m;
    }
    // Unknown codes: WeChat's own words.
    m.headline = e.message.isEmpty() ? Text::tr("WeChat Pay refused the request") : e.message;
    m.action = e.code.isEmpty() ? QString() : Text::tr("WeChat Pay code: %1").arg(e.code);
    return m;
}

} // namespace desk
