// Reports (F6, managers): what was redeemed, voided, returned, failed and is still unsettled in a
// period (this shift, today, yesterday, this week, a date range) and a scope (this counter; in chain
// mode this shop, a chosen shop or the whole chain), by stock, cashier, hour, day or shop. Charts above,
// the table below; both follow the filters at once. Unsettled rows are listed with a button that settles
// this counter's own (reportunsettled.h). Exports: Excel, PDF (A4), the charts as PNG (reportexports.h).
// "One shop" is chosen from every shop registered in the chain. The manager PIN is asked by MainWindow
// before the page is shown. "This shift" is the handover's (HandoverService::currentShift): since this
// counter's last handover.
#pragma once

#include "appcontext.h"

#include "desk/report.h"

#include <QWidget>

#include <memory>

namespace Ui {
class ReportsPage;
}

namespace gui {

class ReportCharts;
class ReportExports;
struct ReportPageTexts;
class ReportTableModel;
class ReportUnsettled;

class ReportsPage final : public QWidget
{
    Q_OBJECT
public:
    enum PeriodChoice { ShiftPeriod, TodayPeriod, YesterdayPeriod, WeekPeriod, RangePeriod };

    explicit ReportsPage(AppContext &context, QWidget *parent = nullptr);
    ~ReportsPage() override;

    // Builds the report for the filters again (when shown, and when the journal changes while shown).
    void refresh();
    const desk::Report &report() const { return m_report; }
    ReportCharts *charts() const { return m_charts; }
    ReportTableModel *model() const { return m_model.get(); }

Q_SIGNALS:
    void reportShown(); // after each build, with the charts and the table updated

protected:
    void changeEvent(QEvent *event) override;

private:
    void fillCombos();
    void periodChosen();
    void rangeEdited();
    void scopeChosen();
    bool loadShops(); // the chain's shops into the shop list; false (and why, shown) when there are none
    desk::Result<desk::ReportQuery> query() const; // the filters' period and scope
    void showReport(const desk::Report &report);
    void setError(const QString &text); // "" hides the line
    QString scopeText() const;
    ReportPageTexts pageTexts() const; // for the PDF: the page's words as shown

    std::unique_ptr<Ui::ReportsPage> ui;
    AppContext &m_ctx;
    ReportCharts *m_charts = nullptr;
    std::unique_ptr<ReportTableModel> m_model;
    std::unique_ptr<ReportExports> m_exports;
    ReportUnsettled *m_unsettled = nullptr; // a child
    desk::Report m_report;
};

} // namespace gui
