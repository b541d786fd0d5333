// GUI test support: a main window over the real stack (desk, journal file, signed HTTP to the
// in-process simulator), a prompter that answers modal questions as the test says, and widgets
// found by object name. Shared by the GUI tests.
#pragma once

#include "../integration/desk/deskfixture.h"

#include "gui/appcontext.h"
#include "gui/mainwindow.h"
#include "gui/resultpanel.h"

#include <QComboBox>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QTest>

namespace guitest {

using namespace gui;

// Answers the modal questions the way the test says.
class ScriptedPrompter final : public Prompter
{
public:
    QString pin; // typed into the manager PIN dialog
    QString managerId = QStringLiteral("m01");
    bool confirmAnswer = true;
    int pinAsked = 0;
    int confirmations = 0;
    QStringList confirmTexts; // every question asked, in order
    QStringList informed;
    QString fileToSave;

    bool confirm(QWidget *, const QString &, const QString &text) override
    {
        ++confirmations;
        confirmTexts << text;
        return confirmAnswer;
    }
    void inform(QWidget *, const QString &, const QString &text) override { informed << text; }
    int choice = 0;
    QString typed = QStringLiteral("checked in the merchant platform");
    int choose(QWidget *, const QString &, const QString &, const QStringList &) override { return choice; }
    QString text(QWidget *, const QString &, const QString &) override { return typed; }
    std::optional<desk::StaffSession> managerPin(QWidget *, desk::Session &session, const QString &) override
    {
        ++pinAsked;
        auto r = session.verifyPin(managerId, pin);
        return r.check == desk::StaffDirectory::Check::Ok ? r.session : std::nullopt;
    }
    QString saveFileName(QWidget *, const QString &, const QString &, const QString &) override
    {
        return fileToSave;
    }
    QString fileToOpen; // what the file dialog "chooses" (empty: cancelled)
    QString openFileName(QWidget *, const QString &, const QString &) override { return fileToOpen; }
};

class CountingSound final : public SoundCue
{
public:
    int successes = 0;
    int failures = 0;
    void success() override { ++successes; }
    void failure() override { ++failures; }
};

struct GuiFixture
{
    desktest::Fixture f;
    ScriptedPrompter prompter;
    CountingSound sound;
    AppContext ctx;
    std::unique_ptr<MainWindow> window;
    QList<desk::StaffMember> extraStaff; // added to the fixture's staff before the window opens
    bool withoutStaff = false; // the fixture's own staff (m01, c01) left out
    desk::ChainSettings chain; // chain mode when set (the window opens on a session with it)

    bool open(int timeoutMs = 2000, sim::SimulatorOptions options = {})
    {
        if (!f.open(std::move(options), timeoutMs))
            return false;
        if (!extraStaff.isEmpty() || withoutStaff || chain.isEnabled()) {
            if (withoutStaff)
                f.settings.staff.clear();
            f.settings.staff += extraStaff;
            f.settings.chain = chain;
            if (!f.reopen())
                return false;
        }
        ctx.session = f.session.get();
        ctx.settingsPath = f.dir.filePath(QStringLiteral("client.ini"));
        ctx.prompter = &prompter;
        ctx.sound = &sound;
        if (!f.settings.save(ctx.settingsPath).ok())
            return false;
        window = std::make_unique<MainWindow>(ctx);
        window->show();
        return QTest::qWaitForWindowExposed(window.get());
    }
    template<typename T> T *find(const char *name, const char *page = nullptr)
    {
        QObject *root = page ? window->findChild<QWidget *>(QString::fromLatin1(page)) : window.get();
        T *w = root ? root->findChild<T *>(QString::fromLatin1(name)) : nullptr;
        if (!w)
            qFatal("no widget %s", name);
        return w;
    }
    QString kind(const char *pageName) { return panel(pageName)->kindName(); }
    QString headline(const char *pageName) { return panel(pageName)->headline(); }
    gui::ResultPanel *panel(const char *pageName) { return find<gui::ResultPanel>("resultPanel", pageName); }
    void scan(const QString &code)
    {
        QLineEdit *edit = find<QLineEdit>("couponCodeEdit");
        QTest::keyClicks(edit, code);
        QTest::keyClick(edit, Qt::Key_Return);
    }
    void chooseStock(const QString &stockId)
    {
        QComboBox *c = find<QComboBox>("stockCombo");
        c->setCurrentIndex(c->findData(stockId));
    }
    // The next `count` redemption attempts get no answer: the client times out and the row stays
    // PENDING until a later settle.
    void leaveRedemptionsUnanswered(int count)
    {
        sim::FaultSpec hang;
        hang.endpoint = QStringLiteral("use");
        hang.kind = sim::FaultKind::Hang;
        hang.count = count;
        f.simulator->addFault(hang);
    }
    // A cashier's redemption: the code's stock chosen, then the code scanned.
    void redeem(const QString &code)
    {
        chooseStock(f.stockOf(code));
        scan(code);
    }
};

} // namespace guitest
