// Ending a shift from the main window (交班, F9): whose shift (the person on duty), a PIN (a manager's,
// or the cashier's own when they have one), the handover recorded through desk, then the summary
// dialog to print the slip. Shift+F9 opens the past handovers for a reprint, without ending anything.
#pragma once

#include "appcontext.h"
#include "handoverdialog.h"

#include "desk/staff.h"

#include <QDialog>
#include <QObject>
#include <QPointer>

#include <functional>

class QWidget;

namespace gui {

class HandoverFlow final : public QObject
{
    Q_OBJECT
public:
    HandoverFlow(AppContext &context, std::function<desk::StaffSession()> onDuty, QWidget *window);

    void endShift(); // opens the PIN dialog (object name handoverPinDialog)
    void showPast(); // the handover dialog on the newest past handover
    HandoverDialog *dialog() const { return m_dialog; }

private:
    void confirmed(const QString &ownerId, const desk::StaffSession &confirmer);
    void openDialog(HandoverDialog *dialog);

    AppContext &m_ctx;
    std::function<desk::StaffSession()> m_onDuty;
    QWidget *m_window;
    QPointer<QDialog> m_pin;
    QPointer<HandoverDialog> m_dialog;
};

} // namespace gui
