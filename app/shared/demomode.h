// Demo mode for both programs (composition-root code, shared by app/coupondesk and app/coupondesk-cli):
// an in-process simulator with the demo seed, a settings file pointing at it, demo staff.
#pragma once

#include "simulator/simulator.h"

#include "desk/result.h"

#include <QString>

#include <memory>

namespace demo {

inline constexpr char kManagerPin[] = "1234"; // shown on the DEMO banner; demo data only

class DemoEnvironment
{
public:
    // dataDir: where the demo keeps its simulator state, settings and history (default: a "demo"
    // folder under the program's data location; COUPONDESK_DEMO_DIR overrides).
    static desk::Result<std::unique_ptr<DemoEnvironment>> start(QString dataDir = {});
    ~DemoEnvironment();

    QString settingsPath() const { return m_settingsPath; }
    QString dataDir() const { return m_dataDir; }
    sim::Simulator &simulator() { return *m_simulator; }

private:
    DemoEnvironment() = default;
    QString m_dataDir;
    QString m_settingsPath;
    std::unique_ptr<sim::Simulator> m_simulator;
};

QString defaultDemoDir();

} // namespace demo
