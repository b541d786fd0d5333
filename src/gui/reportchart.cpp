#include "reportchart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QHash>
#include <QImage>
#include <QLineSeries>
#include <QPainter>
#include <QStackedBarSeries>
#include <QValueAxis>

namespace gui {

namespace {

QChartView *makeView(const QString &objectName, QWidget *parent)
{
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation); // what is shown is what the numbers are, at once
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto *view = new QChartView(chart, parent);
    view->setObjectName(objectName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(230);
    return view;
}

// Whole numbers only, from 0, at most about 6 ticks.
void setCounts(QValueAxis *axis, qint64 highest)
{
    const int top = static_cast<int>(qMax<qint64>(highest, 1));
    int step = 1;
    while (top / step > 5)
        step *= top / step > 25 ? 5 : 2;
    axis->setRange(0, ((top + step - 1) / step) * step);
    axis->setTickCount(((top + step - 1) / step) + 1);
}

// Room for a point's marker above the highest count and below zero (a line's points would be halved by
// the plot's edges), the ticks staying on the whole numbers setCounts chose.
void padForMarkers(QValueAxis *axis)
{
    const qreal low = axis->min(), high = axis->max();
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval((high - low) / qMax(1, axis->tickCount() - 1));
    const qreal pad = (high - low) * 0.05;
    axis->setRange(low - pad, high + pad);
}

QValueAxis *countAxis(QChart *chart)
{
    auto *axis = new QValueAxis;
    axis->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(axis, Qt::AlignLeft);
    setCounts(axis, 1);
    return axis;
}

} // namespace

ReportCharts::ReportCharts(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_hourView = makeView(QStringLiteral("hourChartView"), this);
    m_dayView = makeView(QStringLiteral("dayChartView"), this);
    m_hourAxis = new QBarCategoryAxis;
    m_hourView->chart()->addAxis(m_hourAxis, Qt::AlignBottom);
    m_hourCounts = countAxis(m_hourView->chart());
    m_dayAxis = new QCategoryAxis;
    m_dayAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue); // a label under its day
    m_dayView->chart()->addAxis(m_dayAxis, Qt::AlignBottom);
    m_dayCounts = countAxis(m_dayView->chart());
    layout->addWidget(m_hourView, 3);
    layout->addWidget(m_dayView, 2);
    fillHours();
    fillDays();
}

void ReportCharts::setReport(const desk::Report &report)
{
    m_report = report;
    fillHours();
    fillDays();
}

void ReportCharts::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        fillHours();
        fillDays();
    }
    QWidget::changeEvent(event);
}

void ReportCharts::fillHours()
{
    QChart *chart = m_hourView->chart();
    chart->removeAllSeries(); // deletes them
    m_hourAxis->clear();
    setCounts(m_hourCounts, 1);
    chart->setTitle(tr("Redemptions per hour, by stock"));
    const QList<desk::HourStockCount> &cells = m_report.hourByStock;
    // Every hour from the first to the last with a redemption, so a quiet hour shows as a gap.
    int first = 24, last = -1;
    for (const desk::HourStockCount &c : cells) {
        first = qMin(first, c.hour);
        last = qMax(last, c.hour);
    }
    if (last < 0) {
        chart->setTitle(tr("Redemptions per hour, by stock: none in this period"));
        return;
    }
    QStringList hours;
    for (int h = first; h <= last; ++h)
        hours << QStringLiteral("%1:00").arg(h, 2, 10, QLatin1Char('0'));
    QHash<QString, QString> names;
    for (const desk::ReportLine &s : m_report.byStock)
        names.insert(s.key, s.label.isEmpty() ? s.key : s.label);
    QHash<QString, QBarSet *> sets;
    QList<QBarSet *> order; // by stock id, as the report lists them
    qint64 highest = 0;
    QList<qint64> perHour(last - first + 1, 0);
    for (const desk::HourStockCount &c : cells) {
        QBarSet *&set = sets[c.stockId];
        if (!set) {
            set = new QBarSet(names.value(c.stockId, c.stockId));
            for (int i = 0; i < hours.size(); ++i)
                set->append(0);
            order << set;
        }
        set->replace(c.hour - first, set->at(c.hour - first) + static_cast<qreal>(c.redeemed));
        perHour[c.hour - first] += c.redeemed;
        highest = qMax(highest, perHour[c.hour - first]);
    }
    std::sort(order.begin(), order.end(), [&](QBarSet *a, QBarSet *b) { return sets.key(a) < sets.key(b); });
    auto *series = new QStackedBarSeries;
    series->append(order);
    chart->addSeries(series);
    m_hourAxis->append(hours);
    series->attachAxis(m_hourAxis);
    setCounts(m_hourCounts, highest);
    series->attachAxis(m_hourCounts);
    chart->legend()->setVisible(true);
}

void ReportCharts::fillDays()
{
    QChart *chart = m_dayView->chart();
    chart->removeAllSeries();
    chart->setTitle(tr("Redemptions per day"));
    chart->legend()->setVisible(false); // one line: the title says what it is
    const QList<desk::ReportLine> &days = m_report.byDay;
    const QDate first
        = days.isEmpty() ? QDate::currentDate() : QDate::fromString(days.constFirst().key, Qt::ISODate);
    const QDate last = days.isEmpty() ? first : QDate::fromString(days.constLast().key, Qt::ISODate);
    // x is a day's number counted from `first`. At most 5 labelled days, every `step` days, the axis
    // ending on a label (a week's days would not fit side by side as labels). One day: in the middle
    // of the days around it. The axis reaches half a day past the first and the last labelled day, so
    // that the first and last points and their markers lie wholly inside the plot, not halved by its
    // edges.
    const qint64 span = first.isValid() && last.isValid() ? first.daysTo(last) : 0;
    const qint64 step = qMax<qint64>(1, (span + 3) / 4);
    const qint64 intervals = span == 0 ? 2 : (span + step - 1) / step;
    const qint64 start = span == 0 ? -1 : 0;
    const qreal min = static_cast<qreal>(start) - 0.5;
    const qreal max = static_cast<qreal>(start + step * intervals) + 0.5;
    const QStringList labels = m_dayAxis->categoriesLabels();
    for (const QString &label : labels)
        m_dayAxis->remove(label);
    m_dayAxis->setStartValue(min);
    // QCategoryAxis drops a repeated label, and over a year "M-d" can repeat: the year is said then.
    const QString format = step * intervals >= 365 ? QStringLiteral("yyyy-M-d") : QStringLiteral("M-d");
    for (qint64 i = 0; i <= intervals; ++i) {
        const qint64 day = start + i * step;
        m_dayAxis->append(first.addDays(day).toString(format), static_cast<qreal>(day));
    }
    m_dayAxis->setRange(min, max);
    setCounts(m_dayCounts, 1);
    padForMarkers(m_dayCounts);
    if (days.isEmpty())
        return;
    auto *series = new QLineSeries;
    series->setName(tr("Redeemed"));
    series->setPointsVisible(true); // a period of one day is one point
    qint64 highest = 0;
    for (const desk::ReportLine &day : days) {
        const QDate date = QDate::fromString(day.key, Qt::ISODate);
        series->append(static_cast<qreal>(first.daysTo(date)), static_cast<qreal>(day.redeemed));
        highest = qMax(highest, day.redeemed);
    }
    chart->addSeries(series);
    series->attachAxis(m_dayAxis);
    setCounts(m_dayCounts, highest);
    padForMarkers(m_dayCounts);
    series->attachAxis(m_dayCounts);
}

QImage ReportCharts::render(const QSize &size) const
{
    // A chart lays out its new title, series and axes on a posted event: a report set just now (a filter
    // changed, then Export at once) is drawn as it is, not as it was.
    QCoreApplication::sendPostedEvents(m_hourView->chart(), QEvent::LayoutRequest);
    QCoreApplication::sendPostedEvents(m_dayView->chart(), QEvent::LayoutRequest);
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    const int hourWidth = size.width() * 3 / 5;
    m_hourView->render(&painter, QRectF(0, 0, hourWidth, size.height()), QRect(), Qt::IgnoreAspectRatio);
    m_dayView->render(&painter, QRectF(hourWidth, 0, size.width() - hourWidth, size.height()), QRect(),
        Qt::IgnoreAspectRatio);
    return image;
}

} // namespace gui
