// The settings file the coupondesk-cli tests hand the real binary: the simulator's client settings
// (keys, its address), the journal in the test's folder and the usual two people; `adjust` changes
// anything else (timeouts, a chain section) before it is saved. Header-only: tests linking desk and
// the simulator include it.
#pragma once

#include "desk/settings.h"
#include "desk/staff.h"
#include "simulator/simulator.h"

#include <QDir>
#include <QString>

#include <functional>

namespace testsupport {

// 小王 (c01, cashier, no PIN) and 店长 (m01, manager, PIN `managerPin`; 1,000 PBKDF2 rounds: fast).
inline QList<desk::StaffMember> cliStaff(const QString &managerPin = QStringLiteral("8642"))
{
    return { { QStringLiteral("c01"), QStringLiteral("小王"), desk::Role::Cashier, {} },
        { QStringLiteral("m01"), QStringLiteral("店长"), desk::Role::Manager,
            desk::hashPin(managerPin, 1000) } };
}

// <dir>/client.ini, with the journal at <dir>/history.sqlite; empty when it could not be written.
inline QString writeCliSettings(sim::Simulator &simulator, const QString &dir,
    const QList<desk::StaffMember> &staff, const std::function<void(desk::Settings &)> &adjust = {})
{
    const QString ini = QDir(dir).filePath(QStringLiteral("client.ini"));
    if (!simulator.writeClientConfig(ini).ok())
        return {};
    auto loaded = desk::Settings::load(ini);
    if (!loaded.ok())
        return {};
    desk::Settings settings = loaded.value();
    settings.historyDb = QDir(dir).filePath(QStringLiteral("history.sqlite"));
    settings.staff = staff;
    if (adjust)
        adjust(settings);
    return settings.save(ini).ok() ? ini : QString();
}

} // namespace testsupport
