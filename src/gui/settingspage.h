// Settings (manager PIN required once configured): merchant, keys, verification mode, counter,
// stocks, staff, language, sounds. Validated on save; "Test connection" checks signing,
// verification and clock skew against WeChat Pay.
#pragma once

#include "appcontext.h"

#include "desk/settings.h"

#include <QTemporaryDir>
#include <QWidget>

#include <memory>

namespace Ui {
class SettingsPage;
}

namespace gui {

class SettingsPage final : public QWidget
{
    Q_OBJECT
public:
    explicit SettingsPage(AppContext &context, QWidget *parent = nullptr);
    ~SettingsPage() override;

    bool isUnlocked() const { return m_unlocked; }
    void setUnlocked(bool unlocked);
    // Builds settings from the form; empty issues = acceptable (keys loaded and cross-checked).
    desk::Settings collect() const;
    QList<desk::SettingIssue> check(const desk::Settings &s) const;
    bool save(); // validates, writes, emits settingsSaved
    void testConnection();

Q_SIGNALS:
    void settingsSaved(const QString &path);
    void connectionTested(bool ok, const QString &report);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override; // the first start asks for the first manager

private:
    void load(const desk::Settings &s);
    void updateKeyChecks(); // loads the key files as named and shows beside each field what is wrong
    void updateMode();
    void addStock();
    void addStaffRow(const desk::StaffMember &m);
    void showIssues(const QList<desk::SettingIssue> &issues);
    void fillCombos();
    // No manager yet (and not demo mode): Settings stay locked until the first one is set up.
    bool needsFirstManager() const;
    void setUpFirstManager();

    std::unique_ptr<Ui::SettingsPage> ui;
    AppContext &m_ctx;
    desk::Settings m_loaded;
    bool m_unlocked = false;
    bool m_askedFirstManager = false;
    std::unique_ptr<QTemporaryDir> m_testDir;
    std::unique_ptr<desk::SecretStore> m_testSecrets;
    std::unique_ptr<desk::Session> m_testSession;
    std::optional<qint64> m_testSkew;
};

} // namespace gui
