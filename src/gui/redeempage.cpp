#include "redeempage.h"

#include "ui_redeempage.h"

#include "chaintrail.h"

#include "desk/chainlink.h"
#include "desk/chainmessages.h"
#include "desk/couponcodes.h"
#include "desk/couponvalue.h"
#include "desk/desk.h"
#include "desk/money.h"

#include <QSettings>
#include <QShortcut>

namespace gui {

using desk::OperationResult;
using desk::Outcome;

namespace {

// QLabel::clear() re-lays-out the window even when the label is empty already.
void clearLabel(QLabel *label)
{
    if (!label->text().isEmpty())
        label->clear();
}

} // namespace

RedeemPage::RedeemPage(AppContext &context, std::function<desk::StaffSession()> staffOnDuty, QWidget *parent)
    : QWidget(parent)
    , ui(std::make_unique<Ui::RedeemPage>())
    , m_ctx(context)
    , m_staffOnDuty(std::move(staffOnDuty))
{
    ui->setupUi(this);
    ui->resultPanel->showNeutral(tr("Ready — scan a coupon"));
    m_processingShown.setSingleShot(true);
    m_processingShown.setInterval(100);
    connect(&m_processingShown, &QTimer::timeout, this, [this] {
        if (!isBusy())
            return;
        ui->resultPanel->showNeutral(tr("Processing %1…").arg(m_current));
        ui->checkButton->setEnabled(false);
        updateQueueLabel();
    });

    // Automatic first: the cashier cannot know which stock a customer's code belongs to.
    ui->stockCombo->addItem(tr("Automatic"), QString());
    if (m_ctx.session)
        for (const desk::StockRef &s : m_ctx.session->settings().stocks)
            ui->stockCombo->addItem(
                s.name.isEmpty() ? s.id : QStringLiteral("%1  (%2)").arg(s.name, s.id), s.id);

    // A keyboard-wedge scanner types the code and sends Enter.
    connect(ui->couponCodeEdit, &QLineEdit::returnPressed, this, &RedeemPage::submit);
    connect(ui->openidEdit, &QLineEdit::returnPressed, this, &RedeemPage::submit);
    connect(ui->redeemButton, &QPushButton::clicked, this, &RedeemPage::submit);
    connect(ui->checkButton, &QPushButton::clicked, this, &RedeemPage::check);
    auto *checkShortcut = new QShortcut(QKeySequence(Qt::Key_F5), this);
    connect(checkShortcut, &QShortcut::activated, this, &RedeemPage::check);
    connect(ui->couponCodeEdit, &QLineEdit::textEdited, this, [this](const QString &text) {
        clearLabel(ui->couponCodeError);
        if (text.size() == 1) // the first character of a scan: make sure a connection is ready for its Enter
            m_ctx.session->warmUp();
    });

    // The order amount (optional; the page remembers whether this shop uses it). Tab from the code
    // reaches it; typed before the scan, Enter takes the cashier back to the code field.
    setTabOrder(ui->couponCodeEdit, ui->amountEdit);
    setTabOrder(ui->amountEdit, ui->stockCombo);
    showAmountField(QSettings().value(QStringLiteral("gui/check_order_amount"), false).toBool());
    connect(ui->amountCheck, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(QStringLiteral("gui/check_order_amount"), on);
        showAmountField(on);
    });
    connect(ui->amountEdit, &QLineEdit::textEdited, this, [this] { clearLabel(ui->amountError); });
    connect(ui->amountEdit, &QLineEdit::returnPressed, this, [this] {
        if (ui->couponCodeEdit->text().trimmed().isEmpty())
            focusCode();
        else
            submit();
    });

    ui->demoBox->setVisible(m_ctx.demo && !m_ctx.demoCoupons.isEmpty());
    for (const DemoCoupon &c : m_ctx.demoCoupons) {
        auto *item = new QListWidgetItem(
            QStringLiteral("%1\n  %2 · %3").arg(c.code, c.stockName, c.note), ui->demoCodesList);
        item->setData(Qt::UserRole, c.code);
        item->setData(Qt::UserRole + 2, c.openid);
    }
    connect(ui->demoCodesList, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        ui->couponCodeEdit->setText(item->data(Qt::UserRole).toString());
        ui->openidEdit->setText(item->data(Qt::UserRole + 2).toString());
        focusCode();
    });
    if (m_ctx.session) {
        // An amber result turns green or red by itself when the background settling confirms it.
        connect(&m_ctx.session->desk(), &desk::Desk::settled, this, &RedeemPage::showSettled);
    }
    setEnabled(m_ctx.session != nullptr);
}

RedeemPage::~RedeemPage() = default;

void RedeemPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        ui->retranslateUi(this);
        ui->stockCombo->setItemText(0, tr("Automatic"));
    }
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

QString RedeemPage::stockLabel(const QString &stockId) const
{
    const QString name = m_ctx.session ? m_ctx.session->settings().stockName(stockId) : QString();
    return name.isEmpty() ? stockId : name;
}

bool RedeemPage::validateFields(const QString &code, bool lookup)
{
    return showFieldErrors(
        desk::Desk::checkRedeem(code, currentStock(), ui->openidEdit->text().trimmed()), lookup);
}

bool RedeemPage::showFieldErrors(QList<desk::FieldError> errors, bool lookup)
{
    clearLabel(ui->couponCodeError);
    clearLabel(ui->stockError);
    clearLabel(ui->openidError);
    const bool automatic
        = currentStock().isEmpty() && m_ctx.session && !m_ctx.session->settings().stocks.isEmpty();
    if (automatic || lookup) // F5 and automatic redeem need no stock
        errors.removeIf([](const desk::FieldError &e) { return e.field == QLatin1String("stock_id"); });
    QString headline;
    QString action;
    clearLabel(ui->amountError);
    const QString amount = ui->amountEdit->text().trimmed();
    if (!lookup && amountShown() && !amount.isEmpty() && !desk::parseYuan(amount)) {
        ui->amountError->setText(tr("Type the order amount in yuan, e.g. 128.00"));
        headline = tr("The order amount \"%1\" is not an amount").arg(amount);
        action = tr("Correct it (or empty the field) and scan again; nothing was sent.");
    }
    for (const auto &e : errors) {
        const desk::StaffMessage m = desk::fieldMessage(e);
        QString text = m.headline;
        if (e.field == QLatin1String("coupon_code"))
            ui->couponCodeError->setText(text);
        else if (e.field == QLatin1String("stock_id"))
            ui->stockError->setText(text = tr("Add the shop's stocks in Settings first"));
        else if (e.field == QLatin1String("openid"))
            ui->openidError->setText(text);
        if (headline.isEmpty()) {
            headline = text;
            action = m.action;
        }
    }
    const bool ok = errors.isEmpty() && ui->amountError->text().isEmpty();
    if (!ok)
        showInputProblem(headline, action);
    return ok;
}

void RedeemPage::showInputProblem(const QString &headline, const QString &action)
{
    // The big area always shows the latest thing: a bad scan must not leave the last green result up.
    desk::StaffMessage m;
    m.severity = desk::Severity::Failure;
    m.headline = headline;
    m.action = action;
    ui->resultPanel->showMessage(m);
    m_shownJournalId = 0;
    if (m_ctx.sound && m_ctx.session && m_ctx.session->settings().sounds)
        m_ctx.sound->failure();
    focusCode();
}

void RedeemPage::setBusy(bool busy)
{
    ui->resultPanel->setBusy(busy);
    if (!busy)
        ui->checkButton->setEnabled(true); // greyed only once "Processing …" shows (check() refuses anyway)
}

void RedeemPage::submit()
{
    if (!m_ctx.session)
        return;
    const QString code = desk::normalizeCode(ui->couponCodeEdit->text());
    if (code.isEmpty() && (isBusy() || !m_queue.isEmpty()))
        return; // a scanner's stray second Enter while busy is no input error
    if (!validateFields(code, false))
        return;
    const QString amount = amountShown() ? ui->amountEdit->text().trimmed() : QString();
    const Scan scan { code, currentStock(), ui->openidEdit->text().trimmed(),
        amount.isEmpty() ? std::nullopt : desk::parseYuan(amount) };
    // The code leaves the field at once: the field is ready for the next scan (and the next order).
    ui->couponCodeEdit->clear();
    ui->openidEdit->clear();
    ui->amountEdit->clear();
    if (isBusy() || !m_queue.isEmpty()) {
        m_queue << scan;
        updateQueueLabel();
        return;
    }
    start(scan);
}

bool RedeemPage::warnHeldElsewhere(const Scan &scan)
{
    desk::ChainLink *chain = m_ctx.session->chain();
    const std::optional<desk::ChainSighting> open
        = chain ? chain->openElsewhere(scan.code) : std::optional<desk::ChainSighting>();
    if (!open || m_warnedElsewhere == scan.code) {
        m_warnedElsewhere.clear();
        return false;
    }
    // Scans of the same code already waiting were made before the warning: only a scan after it
    // counts as the cashier's decision to send anyway.
    m_warnedElsewhere = scan.code;
    m_queue.removeIf([&scan](const Scan &queued) { return queued.code == scan.code; });
    m_shownJournalId = 0;
    ui->resultPanel->showMessage(desk::heldElsewhereMessage(*open), tr("Coupon %1").arg(scan.code));
    if (m_ctx.sound && m_ctx.session->settings().sounds)
        m_ctx.sound->failure();
    return true;
}

void RedeemPage::start(const Scan &scan)
{
    if (warnHeldElsewhere(scan)) {
        if (!m_queue.isEmpty())
            start(m_queue.takeFirst());
        updateQueueLabel();
        return;
    }
    m_current = scan.code;
    setBusy(true);
    m_processingShown.start();
    m_task = m_ctx.session->redeemer().redeem(
        m_staffOnDuty(), scan.code, scan.stockId, scan.openid, scan.orderFen);
    connect(m_task, &desk::Task::pending, this, [this](const OperationResult &r) {
        m_processingShown.stop();
        m_shownJournalId = r.journalId;
        ui->resultPanel->showMessage(r.message, tr("Coupon %1").arg(r.couponCode));
    });
    connect(m_task, &desk::Task::finished, this, [this](const OperationResult &r) {
        m_task->deleteLater();
        m_task = nullptr;
        m_current.clear();
        m_processingShown.stop();
        show(r);
        if (!m_queue.isEmpty()) {
            // Queued, so this answer's signal handlers all run before the next scan starts.
            QMetaObject::invokeMethod(
                this,
                [this] {
                    if (!isBusy() && !m_queue.isEmpty())
                        start(m_queue.takeFirst());
                },
                Qt::QueuedConnection);
        } else {
            setBusy(false);
        }
        updateQueueLabel();
    });
}

void RedeemPage::check()
{
    if (!m_ctx.session || isBusy() || !m_queue.isEmpty())
        return;
    const QString code = desk::normalizeCode(ui->couponCodeEdit->text());
    if (!validateFields(code, true))
        return;
    const QString openid = ui->openidEdit->text().trimmed();
    if (openid.isEmpty()) {
        // A cashier never has the openid: show what this counter knows, at once, without a request.
        m_shownJournalId = 0;
        ui->resultPanel->showMessage(m_ctx.session->describeCoupon(code));
        focusCode();
        return;
    }
    ui->resultPanel->clear();
    setBusy(true);
    m_task = m_ctx.session->desk().queryCoupon(code, openid);
    connect(m_task, &desk::Task::finished, this, [this](const OperationResult &r) {
        setBusy(false);
        m_shownJournalId = 0;
        if (r.coupon) {
            // Information, never the redemption green.
            desk::StaffMessage m;
            m.severity = desk::Severity::Info;
            m.headline
                = tr("%1: %2").arg(r.coupon->couponCode, desk::couponStateLabel(r.coupon->couponState));
            m.action = tr("%1 · valid %2 to %3")
                           .arg(r.coupon->stockName, r.coupon->availableStartTime.left(10),
                               r.coupon->expireTime.left(10));
            ui->resultPanel->showMessage(m);
        } else {
            ui->resultPanel->showMessage(r.message);
        }
        m_task->deleteLater();
        m_task = nullptr;
        focusCode();
    });
}

void RedeemPage::show(const OperationResult &r)
{
    m_shownJournalId = r.journalId;
    if (r.journalId != 0 && (r.outcome == Outcome::Uncertain || r.outcome == Outcome::Rejected))
        m_watched.insert(
            r.journalId); // unconfirmed, or waiting for an earlier unconfirmed row: show its settling
    QString extra;
    desk::StaffMessage m = r.message;
    if (r.outcome != Outcome::Rejected && !r.stockId.isEmpty())
        extra = tr("Coupon %1 · %2").arg(r.couponCode, stockLabel(r.stockId));
    if (r.outcome == Outcome::Succeeded) // what the coupon is worth, for the till
        if (const QString till = desk::tillText(r); !till.isEmpty())
            m.action = m.action.isEmpty() ? till : till + QLatin1Char('\n') + m.action;
    if (r.outcome != Outcome::Rejected && !r.requestNo.isEmpty()) // small print, for the manager
        m.detail
            = QStringList { m.detail, tr("Request %1").arg(r.requestNo) }.join(QLatin1Char('\n')).trimmed();
    ui->resultPanel->showMessage(m, extra);
    if (!r.fieldErrors.isEmpty())
        showFieldErrors(r.fieldErrors, false);
    if (m_ctx.sound && m_ctx.session && m_ctx.session->settings().sounds) {
        if (r.outcome == Outcome::Succeeded)
            m_ctx.sound->success();
        else if (r.outcome != Outcome::Uncertain)
            m_ctx.sound->failure();
    }
    rememberResult(r);
    explainFromChain(this, m_ctx.session, r, [this, r, m, extra](const QString &line) {
        if (m_shownJournalId != r.journalId || isBusy())
            return; // the big area shows something else by now
        desk::StaffMessage withLine = m;
        withLine.action = m.action.isEmpty() ? line : line + QLatin1Char('\n') + m.action;
        ui->resultPanel->showMessage(withLine, extra);
    });
    // Never select or clear what the cashier may be typing for the next coupon. Where the field has
    // the focus already there is nothing to do (and repainting it costs 0.5 ms of the result's paint).
    if (!ui->couponCodeEdit->hasFocus())
        ui->couponCodeEdit->setFocus(Qt::OtherFocusReason);
    Q_EMIT operationFinished(r);
}

void RedeemPage::showSettled(const OperationResult &r)
{
    if (r.journalId == 0 || !m_watched.remove(r.journalId))
        return;
    if (!isBusy() && m_queue.isEmpty()) {
        m_shownJournalId = r.journalId;
        ui->resultPanel->showMessage(
            r.message, tr("Coupon %1 · confirmed later · request %2").arg(r.couponCode, r.requestNo));
        if (m_ctx.sound && m_ctx.session && m_ctx.session->settings().sounds
            && r.outcome == Outcome::Succeeded)
            m_ctx.sound->success();
    }
    rememberResult(r);
    updateQueueLabel();
}

void RedeemPage::rememberResult(const OperationResult &r)
{
    m_previous = tr("Last: %1 — %2").arg(r.couponCode, r.message.headline);
}

void RedeemPage::showAmountField(bool shown)
{
    ui->amountCheck->setChecked(shown);
    ui->amountLabel->setVisible(shown);
    ui->amountEdit->setVisible(shown);
    ui->amountError->setVisible(shown);
    if (!shown)
        ui->amountEdit->clear();
}

bool RedeemPage::amountShown() const
{
    return ui->amountCheck->isChecked();
}

void RedeemPage::updateQueueLabel()
{
    QStringList lines;
    if (!m_current.isEmpty())
        lines << tr("Processing: %1").arg(m_current);
    if (!m_queue.isEmpty()) {
        QStringList codes;
        for (const Scan &s : std::as_const(m_queue))
            codes << s.code;
        lines << tr("Next: %1").arg(codes.join(QStringLiteral(", ")));
    }
    if (!m_current.isEmpty() && !m_previous.isEmpty())
        lines << m_previous;
    ui->resultPanel->setFooter(lines.join(QLatin1Char('\n')));
}

} // namespace gui
