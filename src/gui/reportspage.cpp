#include "reportspage.h"

#include "reportchart.h"
#include "reportexports.h"
#include "reporttablemodel.h"
#include "reportunsettled.h"

#include "ui_reportspage.h"

#include "desk/desk.h"
#include "desk/reportservice.h"

#include <QHeaderView>

namespace gui {

namespace {

enum ScopeChoice { CounterScope, ShopScope, ChosenShopScope, ChainScope };

} // namespace

ReportsPage::ReportsPage(AppContext &context, QWidget *parent)
    : QWidget(parent)
    , ui(std::make_unique<Ui::ReportsPage>())
    , m_ctx(context)
    , m_model(std::make_unique<ReportTableModel>())
{
    ui->setupUi(this);
    m_charts = new ReportCharts(ui->reportChartsHolder);
    m_charts->setObjectName(QStringLiteral("reportCharts"));
    ui->reportChartsLayout->addWidget(m_charts);
    m_exports = std::make_unique<ReportExports>(m_ctx, this, *m_charts, *m_model);
    m_unsettled = new ReportUnsettled(
        m_ctx, this, ui->reportUnsettledGroup, ui->reportUnsettledTable, ui->reportSettleButton);
    ui->reportTable->setModel(m_model.get());
    ui->reportTable->verticalHeader()->setVisible(false);
    ui->reportTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    ui->reportTable->horizontalHeader()->setSectionResizeMode(
        ReportTableModel::NameColumn, QHeaderView::Stretch);
    ui->reportUnsettledTable->verticalHeader()->setVisible(false);
    ui->reportUnsettledTable->horizontalHeader()->setStretchLastSection(true);
    ui->splitter->setStretchFactor(0, 3);
    ui->splitter->setStretchFactor(1, 2);
    ui->reportUnsettledBanner->hide();
    ui->reportErrorLabel->hide(); // shown with a reason only: an empty one would push the charts down
    ui->reportUnsettledGroup->hide();
    ui->reportShopCombo->hide();
    const QDate today = QDate::currentDate();
    ui->reportFromDate->setDate(today);
    ui->reportToDate->setDate(today);
    fillCombos();
    if (!m_ctx.session) {
        setEnabled(false);
        return;
    }
    // Only a counter in a chain has anything but its own rows to count.
    ui->reportScopeCombo->setVisible(m_ctx.session->history().hasChain());
    connect(ui->reportPeriodCombo, &QComboBox::currentIndexChanged, this, &ReportsPage::periodChosen);
    connect(ui->reportFromDate, &QDateEdit::dateChanged, this, &ReportsPage::rangeEdited);
    connect(ui->reportToDate, &QDateEdit::dateChanged, this, &ReportsPage::rangeEdited);
    connect(ui->reportScopeCombo, &QComboBox::currentIndexChanged, this, &ReportsPage::scopeChosen);
    connect(ui->reportShopCombo, &QComboBox::currentIndexChanged, this, &ReportsPage::refresh);
    connect(
        ui->reportBreakdownCombo, &QComboBox::currentIndexChanged, this, [this] { showReport(m_report); });
    connect(m_unsettled, &ReportUnsettled::settled, this, &ReportsPage::refresh);
    connect(ui->reportXlsxButton, &QPushButton::clicked, this, [this] { m_exports->toXlsx(m_report); });
    connect(ui->reportPdfButton, &QPushButton::clicked, this,
        [this] { m_exports->toPdf(m_report, pageTexts()); });
    connect(ui->reportPngButton, &QPushButton::clicked, this, [this] { m_exports->toPng(m_report); });
    connect(&m_ctx.session->desk(), &desk::Desk::journalChanged, this, &ReportsPage::refresh);
}

ReportsPage::~ReportsPage() = default;

void ReportsPage::fillCombos()
{
    const int period = ui->reportPeriodCombo->currentIndex();
    const int scope = ui->reportScopeCombo->currentIndex();
    const int by = ui->reportBreakdownCombo->currentIndex();
    QSignalBlocker b1(ui->reportPeriodCombo), b2(ui->reportScopeCombo), b3(ui->reportBreakdownCombo);
    ui->reportPeriodCombo->clear();
    ui->reportPeriodCombo->addItem(tr("This shift"), int(ShiftPeriod));
    ui->reportPeriodCombo->addItem(tr("Today"), int(TodayPeriod));
    ui->reportPeriodCombo->addItem(tr("Yesterday"), int(YesterdayPeriod));
    ui->reportPeriodCombo->addItem(tr("This week"), int(WeekPeriod));
    ui->reportPeriodCombo->addItem(tr("Date range"), int(RangePeriod));
    ui->reportPeriodCombo->setCurrentIndex(period < 0 ? int(TodayPeriod) : period);
    ui->reportScopeCombo->clear();
    ui->reportScopeCombo->addItem(tr("Only this counter"), int(CounterScope));
    ui->reportScopeCombo->addItem(tr("This shop"), int(ShopScope));
    ui->reportScopeCombo->addItem(tr("One shop"), int(ChosenShopScope));
    ui->reportScopeCombo->addItem(tr("Whole chain"), int(ChainScope));
    ui->reportScopeCombo->setCurrentIndex(qMax(0, scope));
    const bool chain = m_ctx.session && m_ctx.session->history().hasChain();
    ui->reportBreakdownCombo->clear();
    ui->reportBreakdownCombo->addItem(tr("By stock"), int(desk::ReportBreakdown::Stock));
    ui->reportBreakdownCombo->addItem(tr("By cashier"), int(desk::ReportBreakdown::Staff));
    ui->reportBreakdownCombo->addItem(tr("By hour"), int(desk::ReportBreakdown::Hour));
    ui->reportBreakdownCombo->addItem(tr("By day"), int(desk::ReportBreakdown::Day));
    if (chain)
        ui->reportBreakdownCombo->addItem(tr("By shop"), int(desk::ReportBreakdown::Shop));
    ui->reportBreakdownCombo->setCurrentIndex(qMax(0, by));
}

void ReportsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        ui->retranslateUi(this);
        fillCombos();
        showReport(m_report);
    }
    QWidget::changeEvent(event);
}

void ReportsPage::periodChosen()
{
    if (ui->reportPeriodCombo->currentData().toInt() != RangePeriod) {
        // The date fields show the days of the period chosen; typing in them makes it a date range.
        if (const auto q = query()) {
            QSignalBlocker b1(ui->reportFromDate), b2(ui->reportToDate);
            ui->reportFromDate->setDate(q->from.date());
            ui->reportToDate->setDate(q->to.addMSecs(-1).date());
        }
    }
    refresh();
}

void ReportsPage::rangeEdited()
{
    QSignalBlocker block(ui->reportPeriodCombo);
    ui->reportPeriodCombo->setCurrentIndex(ui->reportPeriodCombo->findData(int(RangePeriod)));
    refresh();
}

void ReportsPage::scopeChosen()
{
    ui->reportShopCombo->setVisible(ui->reportScopeCombo->currentData().toInt() == ChosenShopScope);
    refresh();
}

bool ReportsPage::loadShops()
{
    // Every shop registered in the chain, not only those with rows in the period: a manager choosing
    // a shop expects the chain's shops. Read again at each refresh (a shop may join meanwhile); the
    // shop chosen stays chosen.
    const auto shops = m_ctx.session->reports().chainShops();
    if (!shops) {
        setError(shops.error().message);
        return false;
    }
    const auto label = [](const desk::ChainShop &shop) { return shop.name.isEmpty() ? shop.id : shop.name; };
    QComboBox *combo = ui->reportShopCombo;
    bool same = combo->count() == shops->size();
    for (int i = 0; same && i < combo->count(); ++i)
        same = combo->itemData(i).toString() == shops->at(i).id && combo->itemText(i) == label(shops->at(i));
    if (!same) { // refilled only when it changed: not under a manager's open list
        const QString chosen = combo->currentData().toString();
        QSignalBlocker block(combo);
        combo->clear();
        for (const desk::ChainShop &shop : shops.value())
            combo->addItem(label(shop), shop.id);
        combo->setCurrentIndex(qMax(0, combo->findData(chosen)));
    }
    if (shops->isEmpty()) {
        setError(tr("The chain database has no shops registered yet, so there is no shop to choose. "
                    "Counters are registered with coupondesk-cli chain add-counter."));
        return false;
    }
    return true;
}

desk::Result<desk::ReportQuery> ReportsPage::query() const
{
    const QDateTime now = QDateTime::currentDateTime();
    desk::ReportQuery q;
    switch (ui->reportPeriodCombo->currentData().toInt()) {
    case ShiftPeriod: {
        // Since this counter's last handover (else since midnight): the period the slip will count.
        // The shift ends on a whole second, before `now`'s: a second later, so that a redemption made
        // this very second shows at once (refresh follows the journal), not at the next one.
        auto shift = m_ctx.session->handovers().currentShift(now.addSecs(1));
        if (!shift)
            return shift.error();
        q = shift.value();
        break;
    }
    case YesterdayPeriod:
        q = desk::periodQuery(desk::ReportPeriod::Yesterday, now);
        break;
    case WeekPeriod:
        q = desk::periodQuery(desk::ReportPeriod::ThisWeek, now);
        break;
    case RangePeriod:
        q = desk::dayRangeQuery(ui->reportFromDate->date(), ui->reportToDate->date());
        break;
    default:
        q = desk::periodQuery(desk::ReportPeriod::Today, now);
        break;
    }
    switch (
        ui->reportScopeCombo->isHidden() ? int(CounterScope) : ui->reportScopeCombo->currentData().toInt()) {
    case ShopScope:
        q.scope = desk::HistoryScope::Shop;
        break;
    case ChosenShopScope:
        q.scope = desk::HistoryScope::Chain;
        q.shopId = ui->reportShopCombo->currentData().toString();
        break;
    case ChainScope:
        q.scope = desk::HistoryScope::Chain;
        break;
    default:
        q.scope = desk::HistoryScope::Counter;
        break;
    }
    return q;
}

void ReportsPage::refresh()
{
    // Hidden while the counter works: MainWindow::showPage refreshes it when it is shown.
    if (!m_ctx.session || !isVisible())
        return;
    if (!ui->reportScopeCombo->isHidden() && ui->reportScopeCombo->currentData().toInt() == ChosenShopScope
        && !loadShops()) {
        showReport(desk::Report {});
        return;
    }
    const auto q = query();
    if (!q) {
        setError(q.error().message);
        showReport(desk::Report {});
        return;
    }
    auto built = m_ctx.session->reports().build(q.value());
    setError(built ? QString() : built.error().message);
    showReport(built ? built.value() : desk::Report {});
}

void ReportsPage::setError(const QString &text)
{
    ui->reportErrorLabel->setText(text);
    ui->reportErrorLabel->setVisible(!text.isEmpty());
}

void ReportsPage::showReport(const desk::Report &report)
{
    if (&report != &m_report)
        m_report = report;
    const auto by = desk::ReportBreakdown(ui->reportBreakdownCombo->currentData().toInt());
    m_charts->setReport(m_report);
    m_model->setReport(m_report, by);
    const desk::ReportLine &t = m_report.total;
    ui->reportUnsettledBanner->setVisible(m_report.hasUnsettled());
    ui->reportUnsettledBanner->setText(
        tr("%n operation(s) in this report have no final result yet: the counts "
           "may still change. Settle them below.",
            nullptr, static_cast<int>(t.unsettled)));
    ui->reportTotalLabel->setText(
        tr("%n redeemed · value at the till: %1", nullptr, static_cast<int>(t.redeemed))
            .arg(ReportTableModel::valueText(t)));
    ui->reportValueNoteLabel->setVisible(t.valueUnknown > 0);
    ui->reportValueNoteLabel->setText(
        tr("The value at the till is not known for %n redemption(s) (percentage or exchange coupons "
           "redeemed without the order amount): the values shown leave them out.",
            nullptr, static_cast<int>(t.valueUnknown)));
    const bool any = m_report.query.from.isValid();
    ui->reportXlsxButton->setEnabled(any);
    ui->reportPdfButton->setEnabled(any);
    ui->reportPngButton->setEnabled(any);
    m_unsettled->show(m_report.unsettled);
    Q_EMIT reportShown();
}

QString ReportsPage::scopeText() const
{
    switch (m_report.query.scope) {
    case desk::HistoryScope::Counter:
        return tr("Counter %1").arg(m_ctx.session ? m_ctx.session->settings().counterId : QString());
    case desk::HistoryScope::Shop:
        return tr("This shop");
    case desk::HistoryScope::Chain:
        return m_report.query.shopId.isEmpty() ? tr("Whole chain")
                                               : tr("Shop %1").arg(ui->reportShopCombo->currentText());
    }
    return {};
}

ReportPageTexts ReportsPage::pageTexts() const
{
    ReportPageTexts texts;
    texts.scope = scopeText();
    texts.breakdown = ui->reportBreakdownCombo->currentText();
    texts.totals = ui->reportTotalLabel->text();
    if (m_report.hasUnsettled())
        texts.notes << ui->reportUnsettledBanner->text();
    if (m_report.total.valueUnknown > 0)
        texts.notes << ui->reportValueNoteLabel->text();
    return texts;
}

} // namespace gui
