#include "dutyswitch.h"

#include "pindialog.h"

#include <QComboBox>
#include <QSignalBlocker>

namespace gui {

DutySwitch::DutySwitch(AppContext &context, QComboBox *combo, QObject *parent)
    : QObject(parent)
    , m_ctx(context)
    , m_combo(combo)
{
    if (!m_ctx.session)
        return;
    const QList<desk::StaffMember> &staff = m_ctx.session->staff().members();
    {
        QSignalBlocker block(m_combo);
        for (const desk::StaffMember &m : staff)
            m_combo->addItem(QStringLiteral("%1 (%2)").arg(m.name, m.id), m.id);
        // On duty at start: the first person who needs no PIN to go on duty.
        for (int i = 0; i < staff.size() && m_current < 0; ++i)
            if (!needsPin(staff.at(i)))
                m_current = i;
        m_combo->setCurrentIndex(m_current);
    }
    connect(m_combo, &QComboBox::currentIndexChanged, this, &DutySwitch::chosen);
}

desk::StaffSession DutySwitch::onDuty() const
{
    if (m_ctx.session && m_current >= 0)
        if (auto s = m_ctx.session->staff().signIn(m_combo->itemData(m_current).toString()))
            return *s;
    return desk::StaffSession {
        desk::StaffMember { QStringLiteral("counter"), QString(), desk::Role::Cashier, {} }, false
    };
}

void DutySwitch::setIndexQuietly(int index)
{
    QSignalBlocker block(m_combo);
    m_combo->setCurrentIndex(index);
}

void DutySwitch::chosen(int index)
{
    if (index == m_current || index < 0 || !m_ctx.session)
        return;
    const auto member = m_ctx.session->staff().find(m_combo->itemData(index).toString());
    if (!member)
        return;
    if (!needsPin(*member)) {
        m_current = index;
        Q_EMIT onDutyChanged();
        return;
    }
    // Stays with the person on duty until the PIN is right.
    setIndexQuietly(m_current);
    if (m_dialog)
        m_dialog->reject();
    m_dialog = new PinDialog(*m_ctx.session, tr("%1 goes on duty with their PIN.").arg(member->name),
        m_combo->window(), { *member });
    m_dialog->setObjectName(QStringLiteral("dutyPinDialog"));
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &QDialog::accepted, this, [this, index] {
        m_current = index;
        setIndexQuietly(index);
        Q_EMIT onDutyChanged();
    });
    m_dialog->open();
}

} // namespace gui
