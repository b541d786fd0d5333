// The Reports page's charts (Qt Charts): redemptions per hour of the day as bars stacked by stock, and
// redemptions per day over the period as a line. Both are redrawn from a desk::Report, so they show
// what the table below them shows.
#pragma once

#include "desk/report.h"

#include <QWidget>

class QBarCategoryAxis;
class QCategoryAxis;
class QChart;
class QChartView;
class QValueAxis;

namespace gui {

class ReportCharts final : public QWidget
{
    Q_OBJECT
public:
    explicit ReportCharts(QWidget *parent = nullptr);

    void setReport(const desk::Report &report);

    QChartView *hourView() const { return m_hourView; }
    QChartView *dayView() const { return m_dayView; }
    // Both charts as one picture at `size` (for the PNG and the PDF), drawn anew, not grabbed from the
    // screen: the same picture whatever the window's size.
    QImage render(const QSize &size) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void fillHours();
    void fillDays();

    QChartView *m_hourView = nullptr;
    QChartView *m_dayView = nullptr;
    // The axes stay; only the series are replaced (axes removed and added again between two layouts
    // were drawn over each other by Qt Charts 6.4).
    QBarCategoryAxis *m_hourAxis = nullptr;
    QValueAxis *m_hourCounts = nullptr;
    QCategoryAxis *m_dayAxis = nullptr;
    QValueAxis *m_dayCounts = nullptr;
    desk::Report m_report;
};

} // namespace gui
