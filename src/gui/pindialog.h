// PIN dialog: choose the manager (or the given person), type the PIN; wrong PINs count toward a lockout.
#pragma once

#include "desk/session.h"

#include <QDialog>

#include <memory>
#include <optional>

namespace Ui {
class PinDialog;
}

namespace gui {

class PinDialog final : public QDialog
{
    Q_OBJECT
public:
    // `people`: who may be chosen; empty = the managers.
    PinDialog(desk::Session &session, const QString &why, QWidget *parent = nullptr,
        const QList<desk::StaffMember> &people = {});
    ~PinDialog() override;
    std::optional<desk::StaffSession> session() const { return m_result; }

    void accept() override; // checks the PIN; stays open on a wrong one

private:
    std::unique_ptr<Ui::PinDialog> ui;
    desk::Session &m_session;
    std::optional<desk::StaffSession> m_result;
};

} // namespace gui
