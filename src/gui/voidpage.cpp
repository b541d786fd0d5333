#include "voidpage.h"

#include "ui_voidpage.h"

#include "chaintrail.h"

#include "desk/desk.h"

namespace gui {

using desk::OperationResult;

VoidPage::VoidPage(AppContext &context, QWidget *parent)
    : QWidget(parent)
    , ui(std::make_unique<Ui::VoidPage>())
    , m_ctx(context)
{
    ui->setupUi(this);
    ui->managerLabel->setText(tr("Voiding and returning need a manager's PIN each time. Every action is "
                                 "recorded with the manager's name."));
    if (m_ctx.session)
        for (const desk::StockRef &s : m_ctx.session->settings().stocks)
            ui->voidStockCombo->addItem(
                s.name.isEmpty() ? s.id : QStringLiteral("%1  (%2)").arg(s.name, s.id), s.id);
    connect(ui->reasonEdit, &QLineEdit::textChanged, this, &VoidPage::updateCounter);
    connect(ui->voidButton, &QPushButton::clicked, this, [this] { run(true); });
    connect(ui->returnButton, &QPushButton::clicked, this, [this] { run(false); });
    connect(ui->bulkButton, &QPushButton::clicked, this, &VoidPage::bulkVoidRequested);
    connect(
        ui->voidCodeEdit, &QLineEdit::returnPressed, ui->reasonEdit, [this] { ui->reasonEdit->setFocus(); });
    connect(ui->reasonEdit, &QLineEdit::returnPressed, this, [this] { run(true); });
    updateCounter();
    setEnabled(m_ctx.session != nullptr);
}

VoidPage::~VoidPage() = default;

void VoidPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        ui->retranslateUi(this);
        updateCounter();
    }
    QWidget::changeEvent(event);
}

QString VoidPage::currentStock() const
{
    return ui->voidStockCombo->currentData().toString();
}

void VoidPage::focusCode()
{
    ui->voidCodeEdit->setFocus(Qt::OtherFocusReason);
}

void VoidPage::updateCounter()
{
    const int n = static_cast<int>(ui->reasonEdit->text().size());
    ui->reasonCounter->setText(QStringLiteral("%1/64").arg(n));
    ui->reasonCounter->setStyleSheet(n > 64 ? QStringLiteral("color:#c62828;font-weight:bold;") : QString());
}

void VoidPage::run(bool isVoid)
{
    if (!m_ctx.session || (m_task && !m_task->isFinished()))
        return;
    ui->voidCodeError->clear();
    ui->reasonError->clear();
    const QString code = ui->voidCodeEdit->text().trimmed();
    const QString reason = ui->reasonEdit->text().trimmed();
    const auto errors = isVoid ? desk::Desk::checkVoid(code, currentStock(), reason)
                               : desk::Desk::checkRedeem(code, currentStock(), {});
    for (const auto &e : errors) {
        if (e.field == QLatin1String("coupon_code"))
            ui->voidCodeError->setText(desk::fieldMessage(e).headline);
        else if (e.field == QLatin1String("deactivate_reason"))
            ui->reasonError->setText(desk::fieldMessage(e).headline);
        else
            ui->voidCodeError->setText(desk::fieldMessage(e).headline);
    }
    if (!errors.isEmpty())
        return;

    const QString stockName = m_ctx.session->settings().stockName(currentStock());
    const QString what = isVoid
        ? tr("Void coupon %1 of %2?\nReason: %3\nThe customer will no longer be able to use it. This cannot "
             "be undone.")
              .arg(code, stockName, reason)
        : tr("Return coupon %1 of %2 to the customer?\nIt becomes usable again until its original expiry.")
              .arg(code, stockName);
    auto manager = m_ctx.prompter->managerPin(this, *m_ctx.session, what);
    if (!manager)
        return;
    if (!m_ctx.prompter->confirm(this, isVoid ? tr("Void coupon") : tr("Return coupon"),
            what + QLatin1Char('\n') + tr("Confirmed by %1.").arg(manager->member.name)))
        return;

    ui->resultPanel->clear();
    ui->resultPanel->setBusy(true);
    ui->voidButton->setEnabled(false);
    ui->returnButton->setEnabled(false);
    m_task = isVoid ? m_ctx.session->desk().deactivate(*manager, code, currentStock(), reason)
                    : m_ctx.session->desk().returnCoupon(*manager, code, currentStock());
    connect(m_task, &desk::Task::pending, this,
        [this](const OperationResult &r) { ui->resultPanel->showMessage(r.message); });
    connect(m_task, &desk::Task::finished, this, [this](const OperationResult &r) {
        ui->resultPanel->setBusy(false);
        ui->voidButton->setEnabled(true);
        ui->returnButton->setEnabled(true);
        const QString extra
            = r.requestNo.isEmpty() ? QString() : tr("Coupon %1 · request %2").arg(r.couponCode, r.requestNo);
        ui->resultPanel->showMessage(r.message, extra);
        explainFromChain(this, m_ctx.session, r, [this, r, extra](const QString &line) {
            if (m_task || ui->resultPanel->headline() != r.message.headline)
                return; // the big area shows something else by now
            desk::StaffMessage withLine = r.message;
            withLine.action = r.message.action.isEmpty() ? line : line + QLatin1Char('\n') + r.message.action;
            ui->resultPanel->showMessage(withLine, extra);
        });
        if (m_ctx.sound && m_ctx.session->settings().sounds)
            r.outcome == desk::Outcome::Succeeded ? m_ctx.sound->success() : m_ctx.sound->failure();
        if (r.outcome == desk::Outcome::Succeeded) {
            ui->voidCodeEdit->clear();
            ui->reasonEdit->clear();
        }
        m_task->deleteLater();
        m_task = nullptr;
        focusCode();
        Q_EMIT operationFinished(r);
    });
}

} // namespace gui
