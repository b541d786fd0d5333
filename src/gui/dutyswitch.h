// Who is on duty (the status bar's staff selector). A cashier with a PIN goes on duty only after
// typing it (the PIN dialog, with the lockout of desk::StaffDirectory); without a PIN, choosing
// the name is enough, as before. Managers go on duty as before; their PIN is asked per action.
#pragma once

#include "appcontext.h"

#include "desk/staff.h"

#include <QObject>
#include <QPointer>

class QComboBox;

namespace gui {

class PinDialog;

class DutySwitch final : public QObject
{
    Q_OBJECT
public:
    // Fills `combo` with the staff and watches it. `combo` must outlive this object (a sibling child).
    DutySwitch(AppContext &context, QComboBox *combo, QObject *parent = nullptr);

    // The person on duty; "counter" when nobody has gone on duty yet.
    desk::StaffSession onDuty() const;

    static bool needsPin(const desk::StaffMember &m)
    {
        return m.role == desk::Role::Cashier && !m.pinHash.isEmpty();
    }

Q_SIGNALS:
    void onDutyChanged();

private:
    void chosen(int index);
    void setIndexQuietly(int index);

    AppContext &m_ctx;
    QComboBox *m_combo;
    int m_current = -1; // the combo index of the person on duty, -1: nobody
    QPointer<PinDialog> m_dialog;
};

} // namespace gui
