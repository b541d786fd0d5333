#include "reportchart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QDateTimeAxis>
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

void clear(QChart *chart)
{
    chart->removeAllSeries(); // deletes them
    const QList<QAbstractAxis *> axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        chart->removeAxis(axis);
        delete axis;
    }
}

// A count axis with whole numbers only, from 0.
QValueAxis *countAxis(qint64 highest)
{
    auto *axis = new QValueAxis;
    const int top = static_cast<int>(qMax<qint64>(highest, 1));
    int step = 1;
    while (top / step > 5)
        step *= top / step > 25 ? 5 : 2;
    axis->setRange(0, ((top + step - 1) / step) * step);
    axis->setTickCount(((top + step - 1) / step) + 1);
    axis->setLabelFormat(QStringLiteral("%d"));
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
    clear(chart);
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
    auto *x = new QBarCategoryAxis;
    x->append(hours);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    QValueAxis *y = countAxis(highest);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    chart->legend()->setVisible(true);
}

void ReportCharts::fillDays()
{
    QChart *chart = m_dayView->chart();
    clear(chart);
    chart->setTitle(tr("Redemptions per day"));
    const QList<desk::ReportLine> &days = m_report.byDay;
    if (days.isEmpty())
        return;
    auto *series = new QLineSeries;
    series->setName(tr("Redeemed"));
    series->setPointsVisible(true); // a period of one day is one point
    qint64 highest = 0;
    for (const desk::ReportLine &day : days)
        highest = qMax(highest, day.redeemed);
    const QDate first = QDate::fromString(days.constFirst().key, Qt::ISODate);
    const QDate last = QDate::fromString(days.constLast().key, Qt::ISODate);
    const qint64 span = first.daysTo(last);
    QAbstractAxis *x = nullptr;
    if (span <= 0) { // one day: one point over its date
        series->append(0, static_cast<qreal>(days.constFirst().redeemed));
        auto *category = new QBarCategoryAxis;
        category->append(first.isValid() ? first.toString(QStringLiteral("M-d")) : days.constFirst().label);
        x = category;
    } else {
        // A time axis, not a category per day: a month's days would not fit side by side as labels.
        // At most 8 ticks, each on a midnight: every `step` days, the axis ending on a tick.
        for (const desk::ReportLine &day : days)
            series->append(
                static_cast<qreal>(QDate::fromString(day.key, Qt::ISODate).startOfDay().toMSecsSinceEpoch()),
                static_cast<qreal>(day.redeemed));
        const qint64 step = (span + 6) / 7;
        const qint64 intervals = (span + step - 1) / step;
        auto *time = new QDateTimeAxis;
        time->setFormat(QStringLiteral("M-d"));
        time->setRange(first.startOfDay(), first.addDays(step * intervals).startOfDay());
        time->setTickCount(static_cast<int>(intervals) + 1);
        x = time;
    }
    chart->addSeries(series);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    QValueAxis *y = countAxis(highest);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    chart->legend()->setVisible(false); // one line: the title says what it is
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
