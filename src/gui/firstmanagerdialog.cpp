#include "firstmanagerdialog.h"

#include "ui_firstmanagerdialog.h"

namespace gui {

FirstManagerDialog::FirstManagerDialog(QWidget *parent)
    : QDialog(parent)
    , ui(std::make_unique<Ui::FirstManagerDialog>())
{
    ui->setupUi(this);
    connect(ui->buttonBox, &QDialogButtonBox::accepted, this, &FirstManagerDialog::accept);
    connect(ui->buttonBox, &QDialogButtonBox::rejected, this, &FirstManagerDialog::reject);
    ui->managerNameEdit->setFocus();
}

FirstManagerDialog::~FirstManagerDialog() = default;

void FirstManagerDialog::accept()
{
    const QString id = ui->managerIdEdit->text().trimmed();
    const QString name = ui->managerNameEdit->text().trimmed();
    const QString problem
        = desk::newStaffProblem(id, name, ui->managerPinEdit->text(), ui->managerPinAgainEdit->text());
    if (!problem.isEmpty()) {
        ui->firstManagerMessage->setText(problem);
        ui->managerPinEdit->clear();
        ui->managerPinAgainEdit->clear();
        ui->managerPinEdit->setFocus();
        return;
    }
    m_manager
        = desk::StaffMember { id, name, desk::Role::Manager, desk::hashPin(ui->managerPinEdit->text()) };
    ui->managerPinEdit->clear();
    ui->managerPinAgainEdit->clear();
    QDialog::accept();
}

} // namespace gui
