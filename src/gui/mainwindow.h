// The window a cashier keeps open all day: Redeem (F1), Void & Return (F2), History (F3), Settings (F4),
// and for managers Reports (F6, after a manager's PIN).
#pragma once

#include "appcontext.h"

#include "desk/connectionstatus.h"

#include <QMainWindow>

#include <memory>

class QComboBox;
class QLabel;
class QToolButton;

namespace Ui {
class MainWindow;
}

namespace gui {

class DutySwitch;
class HandoverFlow;
class HistoryPage;
class RedeemPage;
class ReportsPage;
class SettingsPage;
class VoidPage;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    enum Page { RedeemIndex = 0, VoidIndex, HistoryIndex, SettingsIndex, ReportsIndex };

    explicit MainWindow(AppContext &context, QWidget *parent = nullptr);
    ~MainWindow() override;

    void showPage(int index);
    int currentPage() const;
    desk::StaffSession staffOnDuty() const;
    QString aboutText() const;
    void openBulkVoid(); // manager PIN, then the bulk void dialog
    void showAbout();
    HandoverFlow *handovers() const { return m_handovers; } // End shift (F9), past handovers (Shift+F9)

    RedeemPage *redeemPage() const { return m_redeem; }
    VoidPage *voidPage() const { return m_void; }
    HistoryPage *historyPage() const { return m_history; }
    SettingsPage *settingsPage() const { return m_settings; }
    ReportsPage *reportsPage() const { return m_reports; }

Q_SIGNALS:
    void settingsSaved(const QString &path);
    void bulkVoidRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildNavigation();
    bool reportsAllowed(); // asks for a manager's PIN
    void fitNavigation();
    void buildStatusBar();
    void updateUnsettled(int count);
    void retranslate();
    void updateStatus(); // the status bar and the unsettled banner (after every call: only what changed)

    std::unique_ptr<Ui::MainWindow> ui;
    AppContext &m_ctx;
    RedeemPage *m_redeem = nullptr;
    VoidPage *m_void = nullptr;
    HistoryPage *m_history = nullptr;
    SettingsPage *m_settings = nullptr;
    ReportsPage *m_reports = nullptr;
    QLabel *m_modeLabel = nullptr;
    QLabel *m_merchantLabel = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QLabel *m_chainLabel = nullptr; // chain mode only: the chain database's state
    QLabel *m_skewLabel = nullptr;
    QComboBox *m_staffCombo = nullptr;
    DutySwitch *m_duty = nullptr;
    HandoverFlow *m_handovers = nullptr;
    QToolButton *m_endShiftButton = nullptr;
    int m_unsettled = 0;
    std::optional<qint64> m_skew;
    desk::ConnectionStatus m_status;
};

} // namespace gui
