#include "handoverflow.h"

#include "handoverdialog.h"
#include "pindialog.h"

#include "desk/handoverservice.h"
#include "desk/session.h"

#include <QDateTime>

namespace gui {

HandoverFlow::HandoverFlow(AppContext &context, std::function<desk::StaffSession()> onDuty, QWidget *window)
    : QObject(window)
    , m_ctx(context)
    , m_onDuty(std::move(onDuty))
    , m_window(window)
{
}

void HandoverFlow::endShift()
{
    if (!m_ctx.session || m_pin)
        return;
    const auto owner = m_ctx.session->staff().find(m_onDuty().member.id);
    if (!owner) {
        m_ctx.prompter->inform(m_window, tr("End shift"),
            tr("Nobody is on duty: choose who is on duty in the status bar, then end their shift."));
        return;
    }
    // Who may confirm: the managers, and the cashier themself when they have a PIN of their own.
    QList<desk::StaffMember> people;
    if (owner->role == desk::Role::Cashier && !owner->pinHash.isEmpty())
        people << *owner;
    people += m_ctx.session->staff().managers();
    auto *pin = new PinDialog(*m_ctx.session,
        tr("End %1's shift: the shift's totals are recorded and the slip printed. A manager's PIN, or the "
           "cashier's own.")
            .arg(owner->name.isEmpty() ? owner->id : owner->name),
        m_window, people);
    pin->setObjectName(QStringLiteral("handoverPinDialog"));
    pin->setWindowTitle(tr("End shift"));
    pin->setAttribute(Qt::WA_DeleteOnClose);
    const QString ownerId = owner->id;
    connect(pin, &QDialog::accepted, this, [this, pin, ownerId] {
        if (const auto confirmer = pin->session())
            confirmed(ownerId, *confirmer);
    });
    m_pin = pin;
    pin->open();
}

void HandoverFlow::confirmed(const QString &ownerId, const desk::StaffSession &confirmer)
{
    const auto owner = m_ctx.session->staff().find(ownerId);
    if (!owner || !desk::HandoverService::mayConfirm(*owner, confirmer)) {
        m_ctx.prompter->inform(m_window, tr("End shift"),
            tr("%1 cannot confirm this handover: a manager's PIN is needed, or the cashier's own.")
                .arg(confirmer.member.name));
        return;
    }
    auto ended = m_ctx.session->handovers().endShift(ownerId, confirmer, m_ctx.session->now());
    if (!ended) {
        const QString code = ended.error().code;
        m_ctx.prompter->inform(m_window, tr("End shift"),
            code == QLatin1String("ALREADY_HANDED_OVER")
                ? tr("This shift was handed over a moment ago in another window; see the past handovers "
                     "(Shift+F9).")
                : code == QLatin1String("CLOCK_BEHIND")
                ? tr("The computer's clock is behind the last handover. Check the clock, then try again.")
                : tr("The handover could not be recorded: %1").arg(ended.error().message));
        return;
    }
    openDialog(new HandoverDialog(m_ctx, *ended, m_window));
}

void HandoverFlow::showPast()
{
    if (!m_ctx.session)
        return;
    openDialog(new HandoverDialog(m_ctx, std::nullopt, m_window));
}

void HandoverFlow::openDialog(HandoverDialog *dialog)
{
    if (m_dialog)
        m_dialog->close();
    dialog->setObjectName(QStringLiteral("handoverDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    dialog->open();
}

} // namespace gui
