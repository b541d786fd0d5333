#include "reportspage.h"

#include "journalmodel.h"
#include "reportchart.h"
#include "reportpdf.h"
#include "reporttablemodel.h"

#include "ui_reportspage.h"

#include "desk/desk.h"
#include "desk/reportservice.h"

#include <QDir>
#include <QHeaderView>
#include <QImage>
#include <QStandardPaths>

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
    connect(ui->reportSettleButton, &QPushButton::clicked, this, &ReportsPage::settleListed);
    connect(ui->reportXlsxButton, &QPushButton::clicked, this, &ReportsPage::exportXlsx);
    connect(ui->reportPdfButton, &QPushButton::clicked, this, &ReportsPage::exportPdf);
    connect(ui->reportPngButton, &QPushButton::clicked, this, &ReportsPage::exportPng);
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
    QComboBox *combo = ui->reportShopCombo;
    bool same = combo->count() == shops->size();
    for (int i = 0; same && i < combo->count(); ++i)
        same = combo->itemData(i).toString() == shops->at(i).id
            && combo->itemText(i) == (shops->at(i).name.isEmpty() ? shops->at(i).id : shops->at(i).name);
    if (!same) { // refilled only when it changed: not under a manager's open list
        const QString chosen = combo->currentData().toString();
        QSignalBlocker block(combo);
        combo->clear();
        for (const desk::ChainShop &shop : shops.value())
            combo->addItem(shop.name.isEmpty() ? shop.id : shop.name, shop.id);
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
    showUnsettled();
    Q_EMIT reportShown();
}

void ReportsPage::showUnsettled()
{
    const QList<desk::HistoryRow> &rows = m_report.unsettled;
    ui->reportUnsettledGroup->setVisible(!rows.isEmpty());
    QTableWidget *table = ui->reportUnsettledTable;
    table->clear();
    table->setColumnCount(6);
    table->setHorizontalHeaderLabels(
        { tr("Time"), tr("Operation"), tr("Coupon code"), tr("Stock"), tr("Cashier"), tr("State") });
    table->setRowCount(static_cast<int>(rows.size()));
    int own = 0;
    for (int r = 0; r < rows.size(); ++r) {
        const desk::HistoryRow &e = rows.at(r);
        const QStringList cells { e.createdAt.toString(QStringLiteral("MM-dd HH:mm:ss")),
            JournalModel::operationLabel(e.operation), e.couponCode, e.stockId,
            e.shopId.isEmpty() ? e.staff
                               : QStringLiteral("%1 · %2 · %3").arg(e.shopName, e.counterId, e.staff),
            JournalModel::stateLabel(e.state) };
        for (int c = 0; c < cells.size(); ++c)
            table->setItem(r, c, new QTableWidgetItem(cells.at(c)));
        own += e.id > 0 && e.shopId.isEmpty() ? 1 : 0;
    }
    table->resizeColumnsToContents();
    // Only this counter settles its rows, from its own journal (a chain row has no id here).
    ui->reportSettleButton->setEnabled(own > 0 && m_settling == 0);
    ui->reportSettleButton->setToolTip(own == int(rows.size())
            ? tr("Ask WeChat Pay how each of this counter's unsettled operations ended")
            : tr("Only this counter's own rows are settled here; the others are settled at their counter"));
}

void ReportsPage::settleListed()
{
    if (!m_ctx.session || m_settling > 0)
        return;
    m_settled.clear();
    QList<qint64> ids;
    for (const desk::HistoryRow &e : std::as_const(m_report.unsettled))
        if (e.id > 0 && e.shopId.isEmpty())
            ids << e.id;
    if (ids.isEmpty())
        return;
    ui->reportSettleButton->setEnabled(false);
    m_settling = static_cast<int>(ids.size());
    for (qint64 id : std::as_const(ids)) {
        // The History page's "settle now", row by row: the same desk path, the same messages.
        desk::Task *t = m_ctx.session->desk().settle(id);
        connect(t, &desk::Task::finished, this, [this, t](const desk::OperationResult &r) {
            t->deleteLater();
            m_settled << r.message.headline + QLatin1Char(' ') + r.message.action;
            if (--m_settling > 0)
                return;
            refresh();
            m_ctx.prompter->inform(this, tr("Settle now"), m_settled.join(QLatin1Char('\n')));
        });
    }
}

QString ReportsPage::periodText() const
{
    const desk::ReportQuery &q = m_report.query;
    const QDateTime last = q.to.addMSecs(-1);
    const auto midnight = [](const QDateTime &t) { return t.time() == QTime(0, 0); };
    if (midnight(q.from) && midnight(q.to)) {
        const QString first = q.from.date().toString(Qt::ISODate);
        return q.from.date() == last.date()
            ? first
            : first + QStringLiteral(" – ") + last.date().toString(Qt::ISODate);
    }
    const QString format = QStringLiteral("yyyy-MM-dd HH:mm");
    return q.from.toString(format) + QStringLiteral(" – ") + q.to.toString(format);
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

QString ReportsPage::suggestedFile(const QString &suffix) const
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
        .filePath(QStringLiteral("coupondesk-report-%1.%2")
                      .arg(m_report.query.from.date().toString(QStringLiteral("yyyyMMdd")), suffix));
}

void ReportsPage::exportXlsx()
{
    const QString path = m_ctx.prompter->saveFileName(
        this, tr("Export report"), suggestedFile(QStringLiteral("xlsx")), tr("Excel workbook (*.xlsx)"));
    if (path.isEmpty())
        return;
    auto sheets = m_ctx.session->reports().exportXlsx(m_report, path);
    m_ctx.prompter->inform(this, tr("Export report"),
        sheets ? tr("%n sheet(s) written to %1", nullptr, sheets.value()).arg(path) : sheets.error().message);
}

void ReportsPage::exportPdf()
{
    const QString path = m_ctx.prompter->saveFileName(
        this, tr("Export report"), suggestedFile(QStringLiteral("pdf")), tr("PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    ReportDocument doc;
    doc.title = tr("Coupon report");
    doc.facts << tr("Period: %1").arg(periodText()) << tr("Scope: %1").arg(scopeText())
              << tr("Breakdown: %1").arg(ui->reportBreakdownCombo->currentText())
              << tr("Made: %1").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")))
              << ui->reportTotalLabel->text();
    if (m_report.hasUnsettled())
        doc.notes << ui->reportUnsettledBanner->text();
    if (m_report.total.valueUnknown > 0)
        doc.notes << ui->reportValueNoteLabel->text();
    doc.chart = m_charts->render(m_charts->size() * 2); // twice the screen's pixels: sharp on paper
    doc.table = m_model.get();
    QString error;
    const int pages = writeReportPdf(path, doc, &error);
    m_ctx.prompter->inform(this, tr("Export report"),
        pages > 0 ? tr("%n page(s) written to %1", nullptr, pages).arg(path) : error);
}

void ReportsPage::exportPng()
{
    const QString path = m_ctx.prompter->saveFileName(
        this, tr("Export chart"), suggestedFile(QStringLiteral("png")), tr("PNG image (*.png)"));
    if (path.isEmpty())
        return;
    const bool saved = m_charts->render(m_charts->size()).save(path, "PNG");
    m_ctx.prompter->inform(this, tr("Export chart"),
        saved ? tr("The chart was written to %1").arg(path) : tr("Cannot write %1").arg(path));
}

} // namespace gui
