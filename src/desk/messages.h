// What staff read: every protocol outcome becomes a short headline and what to do next.
#pragma once

#include "fielderror.h"
#include "historyrow.h"
#include "result.h"

#include <QString>

namespace desk {

enum class Severity { Success, Failure, Pending, Info }; // Info: a lookup, never an operation's result

struct StaffMessage
{
    Severity severity = Severity::Failure;
    QString headline; // e.g. 券已核销，请勿重复核销
    QString action; // e.g. 请顾客出示其他券
    QString detail; // WeChat's code and message or the technical reason, for the manager
};

// The coupon-state reason behind a 4xx, when it can be told (WeChat's code, detail.reason, message).
enum class CouponProblem {
    None,
    AlreadyUsed,
    Expired,
    Deactivated,
    NotUsed,
    NotSended,
    WrongMerchant,
    NotFound,
    RequestNoConflict,
    NotYetValid
};
CouponProblem couponProblem(const Error &error);

StaffMessage successMessage(Operation operation, const QString &wechatTime);
StaffMessage errorMessage(Operation operation, const Error &error);
StaffMessage uncertainMessage(Operation operation, const Error &error);
StaffMessage fieldMessage(const FieldError &error); // a form field's complaint
QString fieldLabel(const QString &field);
QString operationLabel(Operation operation);
QString stateLabel(
    State state); // Succeeded / Failed / Not confirmed / Sending (成功 / 失败 / 未确认 / 发送中)
QString couponStateLabel(const QString &couponState);
// A journal row's reason in the UI language: our own network/timeout/TLS failures are labelled from
// their code (the raw system text, e.g. "Connection refused", stays in the row for the detail);
// WeChat Pay's refusals keep WeChat's message.
QString journalReason(const HistoryRow &row);

} // namespace desk
