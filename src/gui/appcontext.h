// What the windows need from the outside, passed in by the composition root (app/coupondesk).
#pragma once

#include "desk/session.h"
#include "desk/staff.h"

#include <QList>
#include <QString>

#include <functional>

class QWidget;

namespace gui {

// A coupon to try in demo mode (the app fills this from the simulator; gui does not know it).
struct DemoCoupon
{
    QString code;
    QString stockId;
    QString stockName;
    QString openid;
    QString note; // e.g. 可核销, 已核销
};

// Modal questions go through this, so tests can answer them.
class Prompter
{
public:
    virtual ~Prompter() = default;
    virtual bool confirm(QWidget *parent, const QString &title, const QString &text) = 0;
    virtual void inform(QWidget *parent, const QString &title, const QString &text) = 0;
    // One of `choices` (its index), or -1 when cancelled.
    virtual int choose(QWidget *parent, const QString &title, const QString &text, const QStringList &choices)
        = 0;
    // A line of text, or empty when cancelled.
    virtual QString text(QWidget *parent, const QString &title, const QString &label) = 0;
    // Returns a manager session after a PIN check, or nothing (cancelled / refused / locked out).
    virtual std::optional<desk::StaffSession> managerPin(
        QWidget *parent, desk::Session &session, const QString &why)
        = 0;
    // A file to save to / open; empty when cancelled.
    virtual QString saveFileName(
        QWidget *parent, const QString &title, const QString &suggested, const QString &filter)
        = 0;
    virtual QString openFileName(QWidget *parent, const QString &title, const QString &filter) = 0;
};

// The real dialogs.
class DialogPrompter final : public Prompter
{
public:
    bool confirm(QWidget *parent, const QString &title, const QString &text) override;
    void inform(QWidget *parent, const QString &title, const QString &text) override;
    int choose(
        QWidget *parent, const QString &title, const QString &text, const QStringList &choices) override;
    QString text(QWidget *parent, const QString &title, const QString &label) override;
    std::optional<desk::StaffSession> managerPin(
        QWidget *parent, desk::Session &session, const QString &why) override;
    QString saveFileName(
        QWidget *parent, const QString &title, const QString &suggested, const QString &filter) override;
    QString openFileName(QWidget *parent, const QString &title, const QString &filter) override;
};

// Audible cues (can be turned off in Settings).
class SoundCue
{
public:
    virtual ~SoundCue() = default;
    virtual void success() = 0;
    virtual void failure() = 0;
};

class BeepSoundCue final : public SoundCue
{
public:
    void success() override;
    void failure() override;
};

struct AppContext
{
    desk::Session *session = nullptr; // null until the program is configured
    QString settingsPath;
    bool demo = false;
    QList<DemoCoupon> demoCoupons;
    QString demoManagerPin; // shown on the DEMO banner
    Prompter *prompter = nullptr;
    SoundCue *sound = nullptr;
};

} // namespace gui
