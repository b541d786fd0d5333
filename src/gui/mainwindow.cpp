#include "mainwindow.h"

#include "bulkvoiddialog.h"
#include "dutyswitch.h"
#include "handoverflow.h"
#include "historypage.h"
#include "redeempage.h"
#include "reportspage.h"
#include "settingspage.h"
#include "voidpage.h"

#include "ui_mainwindow.h"

#include "desk/chainlink.h"
#include "desk/versioninfo.h"

#include <QComboBox>
#include <QFontMetrics>
#include <QIcon>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QShortcut>
#include <QStatusBar>
#include <QToolButton>

namespace gui {

MainWindow::MainWindow(AppContext &context, QWidget *parent)
    : QMainWindow(parent)
    , ui(std::make_unique<Ui::MainWindow>())
    , m_ctx(context)
{
    ui->setupUi(this);
    setWindowIcon(QIcon(QStringLiteral(":/icons/coupondesk.svg")));
    m_redeem = new RedeemPage(
        m_ctx, [this] { return staffOnDuty(); }, this);
    m_void = new VoidPage(m_ctx, this);
    m_history = new HistoryPage(m_ctx, this);
    m_settings = new SettingsPage(m_ctx, this);
    m_reports = new ReportsPage(m_ctx, this);
    m_redeem->setObjectName(QStringLiteral("redeemPage"));
    m_void->setObjectName(QStringLiteral("voidPage"));
    m_history->setObjectName(QStringLiteral("historyPage"));
    m_settings->setObjectName(QStringLiteral("settingsPage"));
    m_reports->setObjectName(QStringLiteral("reportsPage"));
    ui->pages->addWidget(m_redeem);
    ui->pages->addWidget(m_void);
    ui->pages->addWidget(m_history);
    ui->pages->addWidget(m_settings);
    ui->pages->addWidget(m_reports);
    connect(m_settings, &SettingsPage::settingsSaved, this, &MainWindow::settingsSaved);
    connect(m_void, &VoidPage::bulkVoidRequested, this, &MainWindow::bulkVoidRequested);
    connect(m_void, &VoidPage::bulkVoidRequested, this, &MainWindow::openBulkVoid);

    buildNavigation();
    buildStatusBar();
    ui->demoBanner->setVisible(m_ctx.demo);
    ui->unsettledBanner->setVisible(false);

    if (m_ctx.session) {
        desk::Desk &d = m_ctx.session->desk();
        connect(&d, &desk::Desk::unsettledCountChanged, this, &MainWindow::updateUnsettled);
        // The status bar tells the truth: the last call's outcome, not a flag set once at start.
        connect(&d, &desk::Desk::clockSkewObserved, this, [this](qint64 s) {
            m_skew = s;
            m_status.observeSkew(s);
        });
        connect(&d, &desk::Desk::wechatPayAnswered, &m_status,
            [this](bool reached) { m_status.observeCall(reached); });
        connect(&d, &desk::Desk::unsettledCountChanged, &m_status, &desk::ConnectionStatus::setUnsettled);
        connect(m_ctx.session, &desk::Session::ready, &m_status, [this] { m_status.setReady(true); });
        connect(m_ctx.session, &desk::Session::failed, &m_status,
            [this](const desk::Error &e) { m_status.setReady(false, e.message); });
        connect(&m_status, &desk::ConnectionStatus::changed, this, &MainWindow::updateStatus);
        if (desk::ChainLink *chain = m_ctx.session->chain())
            connect(chain, &desk::ChainLink::statusChanged, this, &MainWindow::updateStatus);
        m_status.setReady(m_ctx.session->isReady());
        m_status.setUnsettled(d.unsettledCount());
        updateUnsettled(d.unsettledCount());
        showPage(RedeemIndex);
    } else {
        showPage(SettingsIndex); // first run: configure (or restart with --demo)
    }
    retranslate();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildNavigation()
{
    const char *icons[] = { ":/icons/redeem.svg", ":/icons/void.svg", ":/icons/history.svg",
        ":/icons/settings.svg", ":/icons/reports.svg" };
    // F1–F4, then F6 for Reports: F5 checks a coupon on the Redeem page.
    const Qt::Key keys[] = { Qt::Key_F1, Qt::Key_F2, Qt::Key_F3, Qt::Key_F4, Qt::Key_F6 };
    for (int i = 0; i < 5; ++i) {
        // The same picture when selected: Qt's generated "selected" icon is tinted and washes out on the
        // green.
        QIcon icon;
        icon.addFile(QString::fromLatin1(icons[i]), QSize(), QIcon::Normal);
        icon.addFile(QString::fromLatin1(icons[i]), QSize(), QIcon::Selected);
        auto *item = new QListWidgetItem(icon, QString(), ui->navList);
        item->setSizeHint(QSize(180, 64));
        auto *shortcut = new QShortcut(QKeySequence(keys[i]), this);
        connect(shortcut, &QShortcut::activated, this, [this, i] { showPage(i); });
    }
    connect(ui->navList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && ui->pages->currentIndex() != row)
            showPage(row);
    });
}

// One width per language, wide enough for the longest entry: it never changes with what the pages show.
void MainWindow::fitNavigation()
{
    ui->navList->ensurePolished(); // the style sheet's font size
    const QFontMetrics fm(ui->navList->font());
    int widest = 0;
    for (int i = 0; i < ui->navList->count(); ++i)
        widest = qMax(widest, fm.horizontalAdvance(ui->navList->item(i)->text()));
    const int width = qMax(180, widest + ui->navList->iconSize().width() + 48);
    ui->navList->setFixedWidth(width);
    for (int i = 0; i < ui->navList->count(); ++i)
        ui->navList->item(i)->setSizeHint(QSize(width, 64));
}

void MainWindow::buildStatusBar()
{
    m_modeLabel = new QLabel(this);
    m_merchantLabel = new QLabel(this);
    m_connectionLabel = new QLabel(this);
    m_skewLabel = new QLabel(this);
    m_chainLabel = new QLabel(this);
    m_chainLabel->setObjectName(QStringLiteral("chainLabel"));
    m_chainLabel->setVisible(false);
    m_staffCombo = new QComboBox(this);
    m_modeLabel->setObjectName(QStringLiteral("statusModeLabel"));
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    m_skewLabel->setObjectName(QStringLiteral("skewLabel"));
    m_staffCombo->setObjectName(QStringLiteral("staffCombo"));
    m_duty = new DutySwitch(m_ctx, m_staffCombo, this); // a cashier with a PIN types it to go on duty
    statusBar()->addWidget(m_modeLabel);
    statusBar()->addWidget(m_merchantLabel);
    statusBar()->addWidget(m_staffCombo);
    // The shift handover (交班): F9 ends the shift of the person on duty; Shift+F9 shows past ones.
    m_handovers = new HandoverFlow(
        m_ctx, [this] { return staffOnDuty(); }, this);
    m_endShiftButton = new QToolButton(this);
    m_endShiftButton->setObjectName(QStringLiteral("endShiftButton"));
    m_endShiftButton->setPopupMode(QToolButton::MenuButtonPopup);
    m_endShiftButton->setMenu(new QMenu(m_endShiftButton));
    m_endShiftButton->setEnabled(m_ctx.session != nullptr);
    connect(m_endShiftButton, &QToolButton::clicked, m_handovers, &HandoverFlow::endShift);
    statusBar()->addWidget(m_endShiftButton);
    auto *endShift = new QShortcut(QKeySequence(Qt::Key_F9), this);
    connect(endShift, &QShortcut::activated, m_handovers, &HandoverFlow::endShift);
    auto *pastShifts = new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F9), this);
    connect(pastShifts, &QShortcut::activated, m_handovers, &HandoverFlow::showPast);
    auto *about = new QToolButton(this);
    about->setObjectName(QStringLiteral("aboutButton"));
    about->setIcon(
        QIcon(QStringLiteral(":/icons/result-info.svg"))); // an icon, not ⓘ (a box without the glyph's font)
    about->setToolTip(tr("About CouponDesk (F12)"));
    about->setAutoRaise(true);
    connect(about, &QToolButton::clicked, this, &MainWindow::showAbout);
    auto *aboutShortcut = new QShortcut(QKeySequence(Qt::Key_F12), this);
    connect(aboutShortcut, &QShortcut::activated, this, &MainWindow::showAbout);
    statusBar()->addPermanentWidget(m_skewLabel);
    statusBar()->addPermanentWidget(m_chainLabel);
    statusBar()->addPermanentWidget(m_connectionLabel);
    statusBar()->addPermanentWidget(about);
}

void MainWindow::openBulkVoid()
{
    if (!m_ctx.session)
        return;
    auto manager = m_ctx.prompter->managerPin(this, *m_ctx.session, tr("Bulk void needs a manager's PIN."));
    if (!manager)
        return;
    auto *dialog = new BulkVoidDialog(m_ctx, *manager, this);
    dialog->setObjectName(QStringLiteral("bulkVoidDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

QString MainWindow::aboutText() const
{
    return tr(
        "<h3>CouponDesk %1</h3><p>Redeem, void and track WeChat Pay merchant coupons at the counter.</p>"
        "<p>MIT License · Qt %2 · %3</p><p>Keys: F1 Redeem · F2 Void/Return · F3 History · F4 Settings · "
        "F5 Check coupon · F6 Reports · F9 End shift (Shift+F9 past handovers) · F12 About</p>")
        .arg(desk::versionInfo().program, desk::versionInfo().qt, desk::versionInfo().crypto);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About CouponDesk"), aboutText());
}

desk::StaffSession MainWindow::staffOnDuty() const
{
    return m_duty->onDuty();
}

void MainWindow::showPage(int index)
{
    if (index == ReportsIndex && currentPage() != ReportsIndex && !reportsAllowed()) {
        ui->navList->setCurrentRow(currentPage()); // the page stays where it was
        return;
    }
    ui->pages->setCurrentIndex(index);
    ui->navList->setCurrentRow(index);
    if (index == RedeemIndex)
        m_redeem->focusCode();
    else if (index == VoidIndex)
        m_void->focusCode();
    else if (index == HistoryIndex)
        m_history->refresh();
    else if (index == ReportsIndex)
        m_reports->refresh();
}

// Reports are for managers: the PIN each time the page is opened, as for bulk void.
bool MainWindow::reportsAllowed()
{
    return m_ctx.session
        && m_ctx.prompter->managerPin(this, *m_ctx.session, tr("Reports need a manager's PIN.")).has_value();
}

int MainWindow::currentPage() const
{
    return ui->pages->currentIndex();
}

void MainWindow::updateUnsettled(int count)
{
    m_unsettled = count;
    updateStatus();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        ui->retranslateUi(this);
        retranslate();
    } else if (event->type() == QEvent::ActivationChange && isActiveWindow() && m_ctx.session) {
        m_ctx.session->warmUp(); // staff came back to the counter: no handshake at the next scan
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslate()
{
    const QString names[] = { tr("Redeem  F1"), tr("Void / Return  F2"), tr("History  F3"),
        tr("Settings  F4"), tr("Reports  F6") };
    for (int i = 0; i < ui->navList->count() && i < 5; ++i)
        ui->navList->item(i)->setText(names[i]);
    fitNavigation();
    setWindowTitle(m_ctx.demo ? tr("CouponDesk — DEMO") : tr("CouponDesk"));
    m_endShiftButton->setText(tr("End shift  F9"));
    m_endShiftButton->menu()->clear();
    m_endShiftButton->menu()->addAction(
        tr("Past handovers…  Shift+F9"), m_handovers, &HandoverFlow::showPast);
    if (m_ctx.demo)
        ui->demoBanner->setText(
            tr("DEMO — practice mode on the built-in simulator; no real coupons are touched. Manager PIN: %1")
                .arg(m_ctx.demoManagerPin));
    m_modeLabel->setText(m_ctx.demo ? tr("DEMO") : (m_ctx.session ? tr("LIVE") : tr("NOT CONFIGURED")));
    m_modeLabel->setStyleSheet(m_ctx.demo
            ? QStringLiteral("background:#f5c518;color:black;font-weight:bold;padding:2px 8px;")
            : QStringLiteral("background:#07c160;color:white;font-weight:bold;padding:2px 8px;"));
    if (m_ctx.session) {
        const desk::Settings &s = m_ctx.session->settings();
        m_merchantLabel->setText(tr("Merchant %1 · Counter %2 · On duty:").arg(s.mchid, s.counterId));
    } else {
        m_merchantLabel->setText(tr("Not configured: fill in Settings, or start with --demo"));
    }
    updateStatus();
}

namespace {

// A style sheet set again re-polishes the widget and lays the window out anew, even when it is the
// same (QLabel::setText, by contrast, returns early on the same text): the status bar is updated
// after every call, so a style sheet is set only when it changes (with HistoryPage::refresh's
// laziness: counter_bench p50 13.6 → 9.3 ms a scan).
void restyle(QWidget *widget, const QString &styleSheet)
{
    if (widget->styleSheet() != styleSheet)
        widget->setStyleSheet(styleSheet);
}

} // namespace

void MainWindow::updateStatus()
{
    const desk::StatusLine line = m_status.line();
    m_connectionLabel->setText(QStringLiteral("● ") + line.text);
    restyle(m_connectionLabel,
        line.healthy ? QStringLiteral("color:#1b5e20;") : QStringLiteral("color:#c62828;font-weight:bold;"));
    if (desk::ChainLink *chain = m_ctx.session ? m_ctx.session->chain() : nullptr) {
        const desk::ChainStatus chainStatus = chain->status();
        m_chainLabel->setVisible(true);
        m_chainLabel->setText(desk::chainStatusText(chainStatus));
        m_chainLabel->setToolTip(desk::chainStatusToolTip(chainStatus));
        restyle(m_chainLabel,
            desk::chainStatusHealthy(chainStatus) ? QString()
                                                  : QStringLiteral("color:#c62828;font-weight:bold;"));
    }
    if (m_skew) {
        const qint64 a = *m_skew < 0 ? -*m_skew : *m_skew;
        m_skewLabel->setText(
            tr("Clock %1%2 s").arg(*m_skew >= 0 ? QStringLiteral("+") : QString()).arg(*m_skew));
        restyle(m_skewLabel, a > 120 ? QStringLiteral("color:#c62828;font-weight:bold;") : QString());
    }
    ui->unsettledBanner->setVisible(m_unsettled > 0);
    ui->unsettledBanner->setText(
        tr("%n operation(s) not confirmed yet — the program keeps checking; see History.", nullptr,
            m_unsettled));
}

} // namespace gui
