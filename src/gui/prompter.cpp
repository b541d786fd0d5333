#include "appcontext.h"

#include "pindialog.h"

#include <QAbstractButton>
#include <QApplication>
#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>

namespace gui {

bool DialogPrompter::confirm(QWidget *parent, const QString &title, const QString &text)
{
    return QMessageBox::question(parent, title, text, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
        == QMessageBox::Yes;
}

void DialogPrompter::inform(QWidget *parent, const QString &title, const QString &text)
{
    QMessageBox::information(parent, title, text);
}

int DialogPrompter::choose(
    QWidget *parent, const QString &title, const QString &text, const QStringList &choices)
{
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::Cancel, parent);
    QList<QAbstractButton *> buttons;
    for (const QString &c : choices)
        buttons.append(box.addButton(c, QMessageBox::AcceptRole));
    box.exec();
    return static_cast<int>(buttons.indexOf(box.clickedButton()));
}

QString DialogPrompter::text(QWidget *parent, const QString &title, const QString &label)
{
    return QInputDialog::getText(parent, title, label);
}

std::optional<desk::StaffSession> DialogPrompter::managerPin(
    QWidget *parent, desk::Session &session, const QString &why)
{
    PinDialog dialog(session, why, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.session();
}

QString DialogPrompter::saveFileName(
    QWidget *parent, const QString &title, const QString &suggested, const QString &filter)
{
    return QFileDialog::getSaveFileName(parent, title, suggested, filter);
}

QString DialogPrompter::openFileName(QWidget *parent, const QString &title, const QString &filter)
{
    return QFileDialog::getOpenFileName(parent, title, QString(), filter);
}

void BeepSoundCue::success()
{
    QApplication::beep();
}

void BeepSoundCue::failure()
{
    QApplication::beep();
    QApplication::beep();
}

} // namespace gui
