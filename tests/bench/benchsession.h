// A desk::Session for the benchmark programs (header-only): opened from the settings wechatpay-sim
// wrote, started, and ready (certificates downloaded) before anything is measured.
#pragma once

#include "benchbasics.h"

#include "desk/session.h"
#include "desk/settings.h"
#include "wechatpay/clock.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace benchutil {

// Exits with a message when the session cannot be opened or does not become ready within 30 s.
inline std::unique_ptr<desk::Session> openReadySession(const char *program, const desk::Settings &settings,
    const QString &configPath, const desk::SessionOptions &options)
{
    static wechatpay::SystemClock clock; // the session keeps a reference to it
    const desk::FileSecretStore secrets(QFileInfo(configPath).absolutePath());
    auto opened = desk::Session::open(settings, secrets, clock, options);
    if (!opened)
        failBench(program, opened.error().toString());
    std::unique_ptr<desk::Session> session = std::move(opened.value());
    QEventLoop loop;
    QObject::connect(session.get(), &desk::Session::ready, &loop, &QEventLoop::quit);
    QObject::connect(session.get(), &desk::Session::failed, &loop,
        [program](const desk::Error &e) { failBench(program, e.toString()); });
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    session->start();
    if (!session->isReady())
        loop.exec();
    if (!session->isReady())
        failBench(program, QStringLiteral("the session did not become ready"));
    return session;
}

} // namespace benchutil
