#include "messages.h"

#include <QCoreApplication>

namespace desk {

using namespace wechatpay;
using history::Operation;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("desk::Messages", text);
}

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
    case Operation::Use: return tr("Redeem");
    case Operation::Deactivate: return tr("Void");
    case Operation::Return: return tr("Return");
    case Operation::Query: return tr("Query");
    }
    return {};
}

QString couponStateLabel(const QString &state)
{
    if (state == QLatin1String("SENDED")) return tr("Usable");
    if (state == QLatin1String("USED")) return tr("Redeemed");
    if (state == QLatin1String("EXPIRED")) return tr("Expired");
    if (state == QLatin1String("DEACTIVATED")) return tr("Voided");
    if (state == QLatin1String("DELETED")) return tr("Deleted by the customer");
    return state;  // newer states are shown as WeChat names them
}

QString fieldLabel(const QString &field)
{
    if (field == QLatin1String("coupon_code")) return tr("Coupon code");
    if (field == QLatin1String("stock_id")) return tr("Stock");
    if (field == QLatin1String("openid")) return tr("Customer openid");
    if (field == QLatin1String("appid")) return tr("AppID");
    if (field == QLatin1String("deactivate_reason")) return tr("Reason");
    if (field == QLatin1String("use_time")) return tr("Redeem time");
    return field;
}

StaffMessage fieldMessage(const busifavor::FieldError &f)
{
    StaffMessage m;
    m.severity = Severity::Failure;
    const QString label = fieldLabel(f.field);
    switch (f.problem) {
    case busifavor::FieldProblem::Missing: m.headline = tr("%1 is required").arg(label); break;
    case busifavor::FieldProblem::TooLong: m.headline = tr("%1 is too long (at most %2 characters)").arg(label).arg(f.maxLength); break;
    case busifavor::FieldProblem::BadCharacters:
        m.headline = f.field == QLatin1String("coupon_code")
            ? tr("%1 may only contain letters, digits, spaces and - _ \\ / = |").arg(label)
            : tr("%1 contains characters that are not allowed").arg(label);
        break;
    case busifavor::FieldProblem::FourByteCharacter: m.headline = tr("%1 must not contain emoji or rare characters").arg(label); break;
    case busifavor::FieldProblem::ControlCharacter: m.headline = tr("%1 must not contain line breaks or tabs").arg(label); break;
    case busifavor::FieldProblem::BadFormat: m.headline = tr("%1 is not in the right format").arg(label); break;
    }
    m.action = tr("Correct the field and try again; nothing was sent.");
    return m;
}

CouponProblem couponProblem(const Error &e)
{
    const QString reason = e.detail.value(QLatin1String("reason")).toString();
    const QString code = e.code;
    const QString msg = e.message;
    if (reason == QLatin1String("COUPON_USED") || code == QLatin1String("COUPON_USED") || msg.contains(QStringLiteral("已核销"))
        || msg.contains(QStringLiteral("已使用")) || msg.contains(QStringLiteral("已被使用")))
        return CouponProblem::AlreadyUsed;
    if (reason == QLatin1String("COUPON_EXPIRED") || code == QLatin1String("COUPON_EXPIRED") || msg.contains(QStringLiteral("过期")))
        return CouponProblem::Expired;
    if (reason == QLatin1String("COUPON_DEACTIVATED") || code == QLatin1String("COUPON_DEACTIVATED") || msg.contains(QStringLiteral("已失效")))
        return CouponProblem::Deactivated;
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
    case Operation::Use: m.headline = tr("Coupon redeemed"); break;
    case Operation::Deactivate: m.headline = tr("Coupon voided"); break;
    case Operation::Return: m.headline = tr("Coupon returned to the customer"); break;
    case Operation::Query: m.headline = tr("Done"); break;
    }
    m.action = wechatTime.isEmpty() ? QString() : tr("WeChat Pay time: %1").arg(wechatTime);
    return m;
}

StaffMessage uncertainMessage(Operation operation, const Error &e)
{
    StaffMessage m;
    m.severity = Severity::Pending;
    m.headline = tr("Result not confirmed yet — checking with WeChat Pay…");
    switch (e.kind) {
    case ErrorKind::Timeout: m.action = tr("The network timed out. Do not repeat the %1; the program confirms it by itself.").arg(operationLabel(operation)); break;
    case ErrorKind::Verification: m.action = tr("WeChat Pay's answer could not be verified. Do not repeat the %1; the program confirms it by itself.").arg(operationLabel(operation)); break;
    default: m.action = tr("Do not repeat the %1; the program confirms it by itself and updates this result.").arg(operationLabel(operation)); break;
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
        m.headline = tr("Check the input");
        m.action = e.message;
        return m;
    case ErrorKind::Key:
    case ErrorKind::Crypto:
        m.headline = tr("The merchant key or certificate cannot be used");
        m.action = tr("Ask the manager to check the key files in Settings.");
        return m;
    case ErrorKind::Tls:
        m.headline = tr("Secure connection to WeChat Pay failed");
        m.action = tr("Check the network and this computer's date and time; nothing was sent.");
        return m;
    case ErrorKind::Network:
    case ErrorKind::Timeout:
        m.headline = tr("Cannot reach WeChat Pay");
        m.action = tr("Check the network cable or Wi-Fi and try again; nothing was sent.");
        return m;
    case ErrorKind::Cancelled:
        m.headline = tr("Cancelled");
        return m;
    case ErrorKind::Verification:
    case ErrorKind::Protocol:
        m.headline = tr("WeChat Pay's answer could not be trusted");
        m.action = tr("Ask the manager to check the verification settings.");
        return m;
    case ErrorKind::Http:
        break;
    }

    switch (couponProblem(e)) {
    case CouponProblem::AlreadyUsed:
        m.headline = redeem ? tr("Coupon already redeemed — do not redeem it again") : tr("The coupon has already been redeemed");
        m.action = redeem ? tr("Ask the customer for another coupon.") : tr("A redeemed coupon cannot be voided; use Return after a refund.");
        return m;
    case CouponProblem::Expired:
        m.headline = tr("The coupon has expired");
        m.action = tr("Ask the customer for another coupon.");
        return m;
    case CouponProblem::Deactivated:
        m.headline = tr("The coupon has been voided");
        m.action = tr("It can no longer be used.");
        return m;
    case CouponProblem::NotUsed:
        m.headline = tr("The coupon has not been redeemed, so it cannot be returned");
        return m;
    case CouponProblem::NotSended:
        m.headline = tr("Only an unused coupon can be voided");
        return m;
    case CouponProblem::WrongMerchant:
        m.headline = tr("This coupon does not belong to this shop's merchant account");
        m.action = tr("Check the coupon and the stock; only the merchant that created the stock may use it.");
        return m;
    case CouponProblem::NotFound:
        m.headline = e.message.contains(QStringLiteral("批次")) ? tr("Unknown stock") : tr("Coupon code not found");
        m.action = tr("Check the coupon code and the stock, then try again.");
        return m;
    case CouponProblem::RequestNoConflict:
        m.headline = tr("Request number already used for another request");
        m.action = tr("Try again; a new request number is made each time.");
        return m;
    case CouponProblem::None:
        break;
    }

    if (e.code == QLatin1String("SIGN_ERROR")) {
        if (e.message.contains(QStringLiteral("timestamp")) || e.message.contains(QStringLiteral("5分钟"))) {
            m.headline = tr("This computer's clock differs from WeChat Pay's by more than 5 minutes");
            m.action = tr("Correct the computer's date and time, then try again.");
        } else {
            m.headline = tr("WeChat Pay refused the signature");
            m.action = tr("Ask the manager to check the merchant id, certificate serial and private key (coupondesk-cli sign helps).");
        }
        return m;
    }
    if (e.code == QLatin1String("PARAM_ERROR")) {
        const QString field = e.field.startsWith(QLatin1Char('/')) ? e.field.mid(1) : e.field;
        m.headline = field.isEmpty() ? tr("WeChat Pay refused a field") : tr("WeChat Pay refused: %1").arg(fieldLabel(field));
        m.action = e.message;
        return m;
    }
    if (e.code == QLatin1String("RATELIMIT_EXCEEDED") || e.code == QLatin1String("RATE_LIMITED") || e.httpStatus == 429) {
        m.headline = tr("Too many requests right now");
        m.action = tr("Wait a few seconds and try again.");
        return m;
    }
    if (e.httpStatus >= 500) {
        m.headline = tr("WeChat Pay is busy");
        m.action = tr("Try again in a moment.");
        return m;
    }
    // Unknown codes: WeChat's own words.
    m.headline = e.message.isEmpty() ? tr("WeChat Pay refused the request") : e.message;
    m.action = e.code.isEmpty() ? QString() : tr("WeChat Pay code: %1").arg(e.code);
    return m;
}

} // namespace desk
