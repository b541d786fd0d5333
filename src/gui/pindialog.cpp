#include "pindialog.h"

#include "ui_pindialog.h"

#include <QPushButton>

namespace gui {

PinDialog::PinDialog(
    desk::Session &session, const QString &why, QWidget *parent, const QList<desk::StaffMember> &people)
    : QDialog(parent)
    , ui(std::make_unique<Ui::PinDialog>())
    , m_session(session)
{
    ui->setupUi(this);
    ui->whyLabel->setText(why);
    for (const desk::StaffMember &m : people.isEmpty() ? session.staff().managers() : people)
        ui->managerCombo->addItem(QStringLiteral("%1 (%2)").arg(m.name, m.id), m.id);
    if (!people.isEmpty()) { // e.g. a cashier going on duty
        setWindowTitle(tr("PIN"));
        ui->managerLabel->setText(tr("&Staff"));
    }
    connect(ui->buttonBox, &QDialogButtonBox::accepted, this, &PinDialog::accept);
    connect(ui->buttonBox, &QDialogButtonBox::rejected, this, &PinDialog::reject);
    if (ui->managerCombo->count() == 0) {
        ui->pinMessage->setText(tr("No manager is set up. Add one in Settings."));
        ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(false);
    }
    ui->pinEdit->setFocus();
}

PinDialog::~PinDialog() = default;

void PinDialog::accept()
{
    const QString id = ui->managerCombo->currentData().toString();
    auto r = m_session.verifyPin(id, ui->pinEdit->text());
    ui->pinEdit->clear();
    switch (r.check) {
    case desk::StaffDirectory::Check::Ok:
        m_result = r.session;
        QDialog::accept();
        return;
    case desk::StaffDirectory::Check::WrongPin:
        ui->pinMessage->setText(
            tr("Wrong PIN. %n attempt(s) left before a 5-minute lockout.", nullptr, r.attemptsLeft));
        break;
    case desk::StaffDirectory::Check::LockedOut:
        ui->pinMessage->setText(
            tr("Too many wrong PINs: locked for %1 more minute(s).").arg((r.lockedForSecs + 59) / 60));
        break;
    case desk::StaffDirectory::Check::NoPinSet:
        ui->pinMessage->setText(tr("This manager has no PIN yet; set one in Settings."));
        break;
    case desk::StaffDirectory::Check::UnknownStaff:
        ui->pinMessage->setText(tr("Unknown manager."));
        break;
    }
    ui->pinEdit->setFocus();
}

} // namespace gui
