// coupondesk-cli: what the workflow commands share (cmd_desk.cpp defines it; cmd_bulk.cpp and cmd_report.cpp
// use it).
#pragma once

#include "cli.h"
#include "demomode.h"

#include "desk/session.h"
#include "desk/settings.h"
#include "wechatpay/clock.h"

#include <QCommandLineParser>

#include <memory>

namespace cli {

// Everything a workflow command needs, kept alive for the command's run.
struct Runtime
{
    std::unique_ptr<demo::DemoEnvironment> demoEnv;
    wechatpay::SystemClock clock;
    std::unique_ptr<desk::SecretStore> secrets;
    std::unique_ptr<desk::Session> session;
};

// Opens the settings (--config, --demo or the default file) and a ready Session; an exit code. With
// `ready` false the Session is not started: nothing goes to WeChat Pay (reports read the journal only).
int openRuntime(const Context &ctx, Runtime &rt, bool ready = true);
// Spins an event loop until the task has finished.
desk::OperationResult waitFor(desk::Task *task);
// The person doing it: --staff, else the first cashier or manager; a manager's PIN from --pin or
// COUPONDESK_PIN. An exit code (Ok when `out` is filled).
int staffSession(Runtime &rt, const QCommandLineParser &p, bool needManager, desk::StaffSession &out);
// `id`'s PIN from --pin or COUPONDESK_PIN, checked (failures count toward the lockout). An exit code
// (Ok when `out` is filled).
int verifiedStaff(Runtime &rt, const QCommandLineParser &p, const QString &id, desk::StaffSession &out);
// Before a write: settle what an earlier run left unconfirmed (start-up rule).
void settleFirst(Runtime &rt);
// history and report: a read that failed, its message on one line. Config when the settings are what
// is wrong (no chain section, no password, a refused login, as `chain sync`), Usage for a shop the chain
// does not have (report --shop), else Failed.
int failRead(const desk::Error &e);

} // namespace cli
