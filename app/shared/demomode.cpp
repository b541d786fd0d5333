#include "demomode.h"

#include "desk/settings.h"
#include "desk/staff.h"

#include <QDir>
#include <QStandardPaths>

namespace demo {

QString defaultDemoDir()
{
    const QByteArray env = qgetenv("COUPONDESK_DEMO_DIR");
    if (!env.isEmpty())
        return QString::fromLocal8Bit(env);
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
}

DemoEnvironment::~DemoEnvironment() = default;

desk::Result<std::unique_ptr<DemoEnvironment>> DemoEnvironment::start(QString dataDir)
{
    if (dataDir.isEmpty())
        dataDir = defaultDemoDir();
    if (!QDir().mkpath(dataDir + QStringLiteral("/simulator")))
        return desk::Error::make(desk::ErrorKind::InvalidInput, QStringLiteral("DEMO_DIR"),
            QStringLiteral("cannot create the demo folder %1").arg(dataDir));
    std::unique_ptr<DemoEnvironment> env(new DemoEnvironment);
    env->m_dataDir = dataDir;
    sim::SimulatorOptions o;
    o.dataDir = dataDir + QStringLiteral("/simulator");
    env->m_simulator = std::make_unique<sim::Simulator>(o);
    if (auto st = env->m_simulator->start(); !st)
        return desk::Error(st.error());

    // The simulator listens on a new port each time: rewrite the settings, keep demo staff and history.
    env->m_settingsPath = dataDir + QStringLiteral("/coupondesk-demo.ini");
    if (auto st = env->m_simulator->writeClientConfig(env->m_settingsPath); !st)
        return desk::Error(st.error());
    auto settings = desk::Settings::load(env->m_settingsPath);
    if (!settings)
        return settings.error();
    desk::Settings s = settings.value();
    s.historyDb = dataDir + QStringLiteral("/history.sqlite");
    s.staff = {
        { QStringLiteral("c01"), QStringLiteral("收银员小王"), desk::Role::Cashier, {} },
        { QStringLiteral("c02"), QStringLiteral("收银员小李"), desk::Role::Cashier, {} },
        { QStringLiteral("m01"), QStringLiteral("王店长"), desk::Role::Manager,
            desk::hashPin(QString::fromLatin1(kManagerPin)) },
    };
    if (auto st = s.save(env->m_settingsPath); !st)
        return st.error();
    return env;
}

} // namespace demo
