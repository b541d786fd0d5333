// The first start: before Settings can be changed, the shop sets up its first manager (id, name,
// PIN typed twice). The PIN is stored only as a desk::hashPin() hash.
#pragma once

#include "desk/staff.h"

#include <QDialog>

#include <memory>

namespace Ui {
class FirstManagerDialog;
}

namespace gui {

class FirstManagerDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit FirstManagerDialog(QWidget *parent = nullptr);
    ~FirstManagerDialog() override;

    desk::StaffMember manager() const { return m_manager; } // after accepted()

    void accept() override; // stays open, saying what to fix, until the fields are right

private:
    std::unique_ptr<Ui::FirstManagerDialog> ui;
    desk::StaffMember m_manager;
};

} // namespace gui
