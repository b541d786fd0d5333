// Test support: a Session (the real protocol stack, journal file and Desk) against an in-process simulator.
#pragma once

#include "simharness.h"

#include "desk/session.h"
#include "desk/settings.h"

#include <QSignalSpy>
#include <QTemporaryDir>

namespace desktest {

struct Fixture
{
    wechatpay::SystemClock systemClock;
    wechatpay::OffsetClock clientClock { systemClock }; // this computer's clock; tests may move it
    std::unique_ptr<sim::Simulator> simulator;
    QTemporaryDir dir;
    desk::Settings settings;
    std::unique_ptr<desk::FileSecretStore> secrets;
    std::unique_ptr<desk::Session> session;
    desk::WarmthOptions warmth; // used by Session::warmUp(), which only the tests that need it call

    // totalTimeoutMs small so hang faults finish fast; retries quick and deterministic in count.
    bool open(sim::SimulatorOptions options = {}, int totalTimeoutMs = 2000)
    {
        simulator = simtest::startSimulator(std::move(options));
        if (!simulator || !dir.isValid())
            return false;
        const QString ini = dir.filePath(QStringLiteral("client.ini"));
        if (!simulator->writeClientConfig(ini).ok())
            return false;
        auto loaded = desk::Settings::load(ini);
        if (!loaded) {
            qWarning("settings: %s", qPrintable(loaded.error().toString()));
            return false;
        }
        settings = loaded.value();
        settings.historyDb = dir.filePath(QStringLiteral("history.sqlite"));
        settings.totalTimeoutMs = totalTimeoutMs;
        settings.connectTimeoutMs = qMin(totalTimeoutMs, 1000);
        settings.staff = {
            { QStringLiteral("c01"), QStringLiteral("收银员小王"), desk::Role::Cashier, {} },
            { QStringLiteral("m01"), QStringLiteral("王店长"), desk::Role::Manager,
                desk::hashPin(QStringLiteral("2468"), 1000) },
        };
        return reopen();
    }

    bool reopen()
    {
        session.reset();
        secrets = std::make_unique<desk::FileSecretStore>(dir.path());
        desk::SessionOptions o;
        o.retry.firstDelayMs = 5;
        o.retry.maxDelayMs = 20;
        o.retry.rateLimitDelayMs = 20;
        o.reconcileIntervalMs = 0;
        o.warmth = warmth;
        auto s = desk::Session::open(settings, *secrets, clientClock, o);
        if (!s) {
            qWarning("session: %s", qPrintable(s.error().toString()));
            return false;
        }
        session = std::move(s.value());
        QSignalSpy ready(session.get(), &desk::Session::ready);
        session->start();
        return session->isReady() || ready.wait(10000);
    }

    desk::StaffSession cashier() { return *session->staff().signIn(QStringLiteral("c01")); }
    desk::StaffSession manager()
    {
        return *session->verifyPin(QStringLiteral("m01"), QStringLiteral("2468")).session;
    }

    // Waits for the task's end and returns its result.
    desk::OperationResult wait(desk::Task *task, int ms = 20000)
    {
        QSignalSpy spy(task, &desk::Task::finished);
        if (!task->isFinished() && !spy.wait(ms))
            qFatal("the task did not finish");
        return task->result();
    }

    // The index-th coupon the demo seed offers as usable ("可核销"), all stocks together.
    QString usable(int index = 0)
    {
        int i = 0;
        for (const sim::DemoCode &c : simulator->demoCodes(60))
            if (c.note == QStringLiteral("可核销") && i++ == index)
                return c.couponCode;
        qFatal("not enough usable demo coupons");
        return {};
    }
    QString noted(const QString &fragment)
    {
        for (const sim::DemoCode &c : simulator->demoCodes(1))
            if (c.note.contains(fragment))
                return c.couponCode;
        qFatal("no demo coupon noted %s", qPrintable(fragment));
        return {};
    }
    QString withState(const QString &state)
    {
        for (const sim::CouponTruth &c : simulator->coupons())
            if (c.state == state)
                return c.couponCode;
        return {};
    }
    QString stockOf(const QString &code) { return simulator->coupon(code)->stockId; }
    QString openidOf(const QString &code) { return simulator->coupon(code)->openid; }
};

} // namespace desktest
