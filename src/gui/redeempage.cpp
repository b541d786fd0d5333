#include "redeempage.h"

#include "ui_redeempage.h"

#include "desk/desk.h"

#include <QSettings>
#include <QShortcut>

namespace gui {

using desk::OperationResult;
using desk::Outcome;

RedeemPage::RedeemPage(AppContext &context, std::function<desk::StaffSession()> staffOnDuty, QWidget *parent)
    : QWidget(parent), ui(std::make_unique<Ui::RedeemPage>()), m_ctx(context), m_staffOnDuty(std::move(staffOnDuty))
{
    ui->setupUi(this);
    ui->busyBar->setVisible(false);
    clearResult(resultWidgets());
    ui->resultHeadline->setStyleSheet(QStringLiteral("font-size:22px;color:#9e9e9e;"));
    ui->resultHeadline->setText(tr("Ready — scan a coupon"));

    if (m_ctx.session) {
        for (const desk::StockRef &s : m_ctx.session->settings().stocks)
            ui->stockCombo->addItem(s.name.isEmpty() ? s.id : QStringLiteral("%1  (%2)").arg(s.name, s.id), s.id);
        const QString last = QSettings().value(QStringLiteral("gui/last_stock")).toString();
        const int i = ui->stockCombo->findData(last);
        if (i >= 0)
            ui->stockCombo->setCurrentIndex(i);
    }
    connect(ui->stockCombo, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue(QStringLiteral("gui/last_stock"), currentStock());
    });

    // A keyboard-wedge scanner types the code and sends Enter.
    connect(ui->couponCodeEdit, &QLineEdit::returnPressed, this, &RedeemPage::submit);
    connect(ui->openidEdit, &QLineEdit::returnPressed, this, &RedeemPage::submit);
    connect(ui->redeemButton, &QPushButton::clicked, this, &RedeemPage::submit);
    connect(ui->checkButton, &QPushButton::clicked, this, &RedeemPage::check);
    auto *checkShortcut = new QShortcut(QKeySequence(Qt::Key_F5), this);
    connect(checkShortcut, &QShortcut::activated, this, &RedeemPage::check);
    connect(ui->couponCodeEdit, &QLineEdit::textEdited, this, [this] { ui->couponCodeError->clear(); });

    ui->demoBox->setVisible(m_ctx.demo && !m_ctx.demoCoupons.isEmpty());
    for (const DemoCoupon &c : m_ctx.demoCoupons) {
        auto *item = new QListWidgetItem(QStringLiteral("%1\n  %2 · %3").arg(c.code, c.stockName, c.note), ui->demoCodesList);
        item->setData(Qt::UserRole, c.code);
        item->setData(Qt::UserRole + 1, c.stockId);
        item->setData(Qt::UserRole + 2, c.openid);
    }
    connect(ui->demoCodesList, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        ui->couponCodeEdit->setText(item->data(Qt::UserRole).toString());
        const int i = ui->stockCombo->findData(item->data(Qt::UserRole + 1));
        if (i >= 0)
            ui->stockCombo->setCurrentIndex(i);
        ui->openidEdit->setText(item->data(Qt::UserRole + 2).toString());
        focusCode();
    });
    if (m_ctx.session) {
        // An amber result turns green or red by itself when the background settling confirms it.
        connect(&m_ctx.session->desk(), &desk::Desk::settled, this, [this](const OperationResult &r) {
            if (r.journalId != 0 && r.journalId == m_shownJournalId && !isBusy())
                showResult(resultWidgets(), r.message, tr("Coupon %1 · request %2").arg(r.couponCode, r.requestNo));
        });
    }
    setEnabled(m_ctx.session != nullptr);
}

RedeemPage::~RedeemPage() = default;

ResultWidgets RedeemPage::resultWidgets() const
{
    return {ui->resultFrame, ui->resultHeadline, ui->resultAction, ui->resultDetail};
}

void RedeemPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        ui->retranslateUi(this);
    QWidget::changeEvent(event);
}

void RedeemPage::focusCode()
{
    ui->couponCodeEdit->setFocus(Qt::OtherFocusReason);
    ui->couponCodeEdit->selectAll();
}

bool RedeemPage::isBusy() const
{
    return m_task && !m_task->isFinished();
}

QString RedeemPage::currentStock() const
{
    return ui->stockCombo->currentData().toString();
}

bool RedeemPage::validateFields(bool needOpenid)
{
    ui->couponCodeError->clear();
    ui->stockError->clear();
    ui->openidError->clear();
    auto errors = desk::Desk::checkRedeem(ui->couponCodeEdit->text().trimmed(), currentStock(), ui->openidEdit->text().trimmed());
    if (needOpenid && ui->openidEdit->text().trimmed().isEmpty())
        errors << wechatpay::busifavor::FieldError{QStringLiteral("openid"), wechatpay::busifavor::FieldProblem::Missing, 128};
    for (const auto &e : errors) {
        const QString text = desk::fieldMessage(e).headline;
        if (e.field == QLatin1String("coupon_code"))
            ui->couponCodeError->setText(text);
        else if (e.field == QLatin1String("stock_id"))
            ui->stockError->setText(currentStock().isEmpty() ? tr("Add a stock in Settings first") : text);
        else if (e.field == QLatin1String("openid"))
            ui->openidError->setText(needOpenid ? tr("Checking a coupon needs the customer's openid") : text);
    }
    if (!errors.isEmpty()) {
        if (m_ctx.sound && m_ctx.session && m_ctx.session->settings().sounds)
            m_ctx.sound->failure();
        focusCode();
    }
    return errors.isEmpty();
}

void RedeemPage::setBusy(bool busy)
{
    ui->redeemButton->setEnabled(!busy);
    ui->checkButton->setEnabled(!busy);
    ui->busyBar->setVisible(busy);
}

void RedeemPage::submit()
{
    if (!m_ctx.session || isBusy())
        return;  // a second Enter while in flight does nothing
    if (!validateFields(false))
        return;
    clearResult(resultWidgets());
    setBusy(true);
    m_task = m_ctx.session->desk().redeem(m_staffOnDuty(), ui->couponCodeEdit->text().trimmed(), currentStock(),
                                          ui->openidEdit->text().trimmed());
    connect(m_task, &desk::Task::pending, this, [this](const OperationResult &r) {
        desk::StaffMessage m = r.message;
        showResult(resultWidgets(), m, tr("Coupon %1").arg(r.couponCode));
    });
    connect(m_task, &desk::Task::finished, this, [this](const OperationResult &r) {
        show(r);
        m_task->deleteLater();
        m_task = nullptr;
    });
}

void RedeemPage::check()
{
    if (!m_ctx.session || isBusy())
        return;
    if (!validateFields(true))
        return;
    clearResult(resultWidgets());
    setBusy(true);
    m_task = m_ctx.session->desk().queryCoupon(ui->couponCodeEdit->text().trimmed(), ui->openidEdit->text().trimmed());
    connect(m_task, &desk::Task::finished, this, [this](const OperationResult &r) {
        setBusy(false);
        if (r.coupon) {
            desk::StaffMessage m;
            m.severity = r.coupon->couponState == QLatin1String("SENDED") ? desk::Severity::Success : desk::Severity::Failure;
            m.headline = tr("%1: %2").arg(r.coupon->couponCode, desk::couponStateLabel(r.coupon->couponState));
            m.action = tr("%1 · valid %2 to %3").arg(r.coupon->stockName, r.coupon->availableStartTime.left(10), r.coupon->expireTime.left(10));
            showResult(resultWidgets(), m);
        } else {
            showResult(resultWidgets(), r.message);
        }
        m_task->deleteLater();
        m_task = nullptr;
        focusCode();
    });
}

void RedeemPage::show(const OperationResult &r)
{
    setBusy(false);
    m_shownJournalId = r.journalId;
    QString extra;
    if (r.outcome != Outcome::Rejected)
        extra = tr("Coupon %1 · request %2").arg(r.couponCode, r.requestNo);
    showResult(resultWidgets(), r.message, extra);
    if (!r.fieldErrors.isEmpty())
        validateFields(false);
    if (m_ctx.sound && m_ctx.session && m_ctx.session->settings().sounds) {
        if (r.outcome == Outcome::Succeeded)
            m_ctx.sound->success();
        else if (r.outcome != Outcome::Uncertain)
            m_ctx.sound->failure();
    }
    if (r.outcome == Outcome::Succeeded || r.outcome == Outcome::Failed)
        ui->couponCodeEdit->clear();
    ui->openidEdit->clear();
    focusCode();
    Q_EMIT operationFinished(r);
}

} // namespace gui
