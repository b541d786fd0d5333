// The Reports page's parts on their own (issue 19), over hand-made desk::Reports: the table model
// (under QAbstractItemModelTester; the value at the till said honestly), the charts (stacks and gaps),
// and the A4 PDF of a long table (every page has the header; read back with pdftotext and pdfinfo).
#include "gui/reportchart.h"
#include "gui/reportpdf.h"
#include "gui/reporttablemodel.h"

#include <QAbstractItemModelTester>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QProcess>
#include <QRegularExpression>
#include <QStackedBarSeries>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>

namespace {

desk::ReportLine line(
    const QString &key, const QString &label, qint64 redeemed, qint64 valueFen, qint64 valueUnknown = 0)
{
    desk::ReportLine l;
    l.key = key;
    l.label = label;
    l.redeemed = redeemed;
    l.valueFen = valueFen;
    l.valueUnknown = valueUnknown;
    return l;
}

QString run(const QString &program, const QStringList &arguments)
{
    QProcess p;
    p.start(program, arguments);
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        return QStringLiteral("(%1 failed)").arg(program);
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace

class TestGuiReportParts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void valueAtTheTillIsSaidHonestly_data()
    {
        QTest::addColumn<qint64>("redeemed");
        QTest::addColumn<qint64>("valueFen");
        QTest::addColumn<qint64>("unknown");
        QTest::addColumn<QString>("text");
        QTest::newRow("every value known")
            << qint64(3) << qint64(6000) << qint64(0) << QStringLiteral("¥60.00");
        QTest::newRow("nothing redeemed") << qint64(0) << qint64(0) << qint64(0) << QStringLiteral("¥0.00");
        QTest::newRow("some values unknown")
            << qint64(3) << qint64(2000) << qint64(2) << QStringLiteral("¥20.00 + 2 unknown");
        QTest::newRow("no value known")
            << qint64(2) << qint64(0) << qint64(2) << QStringLiteral("unknown (2)");
    }
    void valueAtTheTillIsSaidHonestly()
    {
        QFETCH(qint64, redeemed);
        QFETCH(qint64, valueFen);
        QFETCH(qint64, unknown);
        QFETCH(QString, text);
        // English without a catalogue: "%n unknown" is the source text itself.
        const QString shown = gui::ReportTableModel::valueText(line({}, {}, redeemed, valueFen, unknown));
        QCOMPARE(shown, text);
    }

    void tableHasTheBreakdownAndATotalRow()
    {
        desk::Report report;
        report.byStock = { line(QStringLiteral("1001"), QStringLiteral("满20减5"), 2, 1000),
            line(QStringLiteral("1002"), QString(), 1, 0, 1) };
        report.byHour = { line(QStringLiteral("09"), QStringLiteral("09:00–10:00"), 3, 1000, 1) };
        report.total = line({}, {}, 3, 1000, 1);
        report.total.voided = 1;
        gui::ReportTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setReport(report, desk::ReportBreakdown::Stock);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.data(model.index(0, 0), Qt::DisplayRole).toString(), QStringLiteral("满20减5 (1001)"));
        QCOMPARE(model.data(model.index(1, 0), Qt::DisplayRole).toString(), QStringLiteral("1002"));
        QCOMPARE(model.data(model.index(1, gui::ReportTableModel::ValueColumn), Qt::DisplayRole).toString(),
            QStringLiteral("unknown (1)"));
        QVERIFY(model.data(model.index(1, gui::ReportTableModel::ValueColumn), Qt::ToolTipRole).isValid());
        QVERIFY(model.isTotalRow(2));
        QCOMPARE(model.data(model.index(2, 0), Qt::DisplayRole).toString(), QStringLiteral("Total"));
        QCOMPARE(model.data(model.index(2, gui::ReportTableModel::VoidedColumn), Qt::EditRole).toLongLong(),
            qint64(1));
        QVERIFY(model.data(model.index(2, 0), Qt::FontRole).value<QFont>().bold());
        model.setReport(report, desk::ReportBreakdown::Hour);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.headerData(0, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("Hour"));
        QCOMPARE(model.data(model.index(0, 0), Qt::DisplayRole).toString(), QStringLiteral("09:00–10:00"));
    }

    void hourBarsAreStackedByStockWithQuietHoursAsGaps()
    {
        desk::Report report;
        report.byStock = { line(QStringLiteral("1001"), QStringLiteral("A"), 3, 0),
            line(QStringLiteral("1002"), QStringLiteral("B"), 1, 0) };
        report.hourByStock = { { 9, QStringLiteral("1001"), 2 }, { 9, QStringLiteral("1002"), 1 },
            { 12, QStringLiteral("1001"), 1 } };
        report.byDay = { line(QStringLiteral("2026-12-05"), QStringLiteral("2026-12-05"), 4, 0) };
        gui::ReportCharts charts;
        charts.resize(900, 300);
        charts.setReport(report);
        QChart *chart = charts.hourView()->chart();
        QCOMPARE(chart->series().size(), 1);
        auto *series = qobject_cast<QStackedBarSeries *>(chart->series().first());
        QVERIFY(series);
        QCOMPARE(series->count(), 2);
        QCOMPARE(series->barSets().at(0)->label(), QStringLiteral("A"));
        QCOMPARE(series->barSets().at(0)->count(), 4); // 09:00 to 12:00
        QCOMPARE(series->barSets().at(0)->at(0), 2.0);
        QCOMPARE(series->barSets().at(0)->at(3), 1.0);
        QCOMPARE(series->barSets().at(1)->at(0), 1.0);
        QCOMPARE(series->barSets().at(1)->at(1), 0.0);
        auto *axis = qobject_cast<QBarCategoryAxis *>(chart->axes(Qt::Horizontal).first());
        QCOMPARE(axis->categories(),
            QStringList({ QStringLiteral("09:00"), QStringLiteral("10:00"), QStringLiteral("11:00"),
                QStringLiteral("12:00") }));
        QCOMPARE(charts.dayView()->chart()->series().size(), 1);

        charts.setReport(desk::Report {}); // nothing: no bars, no stale ones
        QVERIFY(charts.hourView()->chart()->series().isEmpty());
        QCOMPARE(axis->count(), 0);
        QCOMPARE(charts.hourView()->chart()->axes().size(), 2); // the same axes again: none drawn twice
        QCOMPARE(charts.render(QSize(400, 200)).size(), QSize(400, 200));
    }

    void dayLineHasEveryPointWhollyInsideThePlot()
    {
        // A week over the end of a month: none on the first day, the busiest in the middle.
        desk::Report report;
        const QDate first(2026, 11, 30);
        for (int d = 0; d < 7; ++d) {
            const QString day = first.addDays(d).toString(Qt::ISODate);
            report.byDay << line(day, day, d == 0 ? 0 : d == 3 ? 4 : 2, 0);
        }
        gui::ReportCharts charts;
        charts.resize(900, 300);
        charts.show();
        QVERIFY(QTest::qWaitForWindowExposed(&charts));
        charts.setReport(report);
        QChart *chart = charts.dayView()->chart();
        QCOMPARE(chart->series().size(), 1);
        auto *series = qobject_cast<QLineSeries *>(chart->series().first());
        QVERIFY(series);
        QCOMPARE(series->count(), 7);
        auto *axis = qobject_cast<QCategoryAxis *>(chart->axes(Qt::Horizontal).first());
        QVERIFY(axis);
        // The labels are days, every second one (seven would not fit), the last on the last day.
        QCOMPARE(axis->categoriesLabels(),
            QStringList({ QStringLiteral("11-30"), QStringLiteral("12-2"), QStringLiteral("12-4"),
                QStringLiteral("12-6") }));
        QCOMPARE(axis->endValue(QStringLiteral("12-6")), series->at(6).x());
        // The axes reach past the first and the last day, under zero and over the busiest day: no point
        // sits on the plot's edge, and the counts' ticks stay on whole numbers.
        QVERIFY(axis->min() < series->at(0).x());
        QVERIFY(axis->max() > series->at(6).x());
        auto *counts = qobject_cast<QValueAxis *>(chart->axes(Qt::Vertical).first());
        QVERIFY(counts);
        QVERIFY(counts->min() < 0 && counts->max() > 4);
        QCOMPARE(counts->tickAnchor(), 0.0);
        QCOMPARE(counts->tickInterval(), 1.0);
        QCoreApplication::sendPostedEvents(chart, QEvent::LayoutRequest);
        const QRectF plot = chart->plotArea();
        QVERIFY(plot.width() > 0);
        const qreal r = series->markerSize() / 2;
        for (const QPointF &p : series->points()) {
            const QPointF at = chart->mapToPosition(p, series);
            QVERIFY2(at.x() - r >= plot.left() && at.x() + r <= plot.right() && at.y() - r >= plot.top()
                    && at.y() + r <= plot.bottom(),
                qPrintable(
                    QStringLiteral("day %1 (%2) at %3,%4 with a marker of %5 in the plot %6,%7 to %8,%9")
                        .arg(p.x())
                        .arg(p.y())
                        .arg(at.x())
                        .arg(at.y())
                        .arg(2 * r)
                        .arg(plot.left())
                        .arg(plot.top())
                        .arg(plot.right())
                        .arg(plot.bottom())));
        }

        report.byDay = { report.byDay.at(2) }; // one day: in the middle, between the days around it
        charts.setReport(report);
        QCOMPARE(axis->categoriesLabels(),
            QStringList({ QStringLiteral("12-1"), QStringLiteral("12-2"), QStringLiteral("12-3") }));
        series = qobject_cast<QLineSeries *>(chart->series().first()); // a new one
        QCOMPARE(series->count(), 1);
        QVERIFY(axis->min() < series->at(0).x() && axis->max() > series->at(0).x());

        // Four years, labelled a year apart: the labels say the year, so none repeats and none is lost.
        report.byDay = { line(QStringLiteral("2021-01-01"), QString(), 1, 0),
            line(QStringLiteral("2024-12-31"), QString(), 3, 0) };
        charts.setReport(report);
        QCOMPARE(axis->categoriesLabels(),
            QStringList({ QStringLiteral("2021-1-1"), QStringLiteral("2022-1-1"), QStringLiteral("2023-1-1"),
                QStringLiteral("2024-1-1"), QStringLiteral("2024-12-31") }));
    }

    void longTablesGoOnOverA4PagesWithTheirHeader()
    {
        desk::Report report;
        for (int i = 0; i < 150; ++i)
            report.byStaff << line(QStringLiteral("s%1").arg(i, 3, 10, QLatin1Char('0')),
                QStringLiteral("Cashier %1").arg(i), i, i * 100);
        report.total = line({}, {}, 11175, 1117500);
        gui::ReportTableModel model;
        model.setReport(report, desk::ReportBreakdown::Staff);
        gui::ReportDocument doc;
        doc.title = QStringLiteral("Coupon report");
        doc.facts << QStringLiteral("Period: 2026-12-05");
        doc.notes << QStringLiteral("1 operation(s) in this report have no final result yet");
        doc.chart = QImage(800, 300, QImage::Format_ARGB32);
        doc.chart.fill(Qt::blue);
        doc.table = &model;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("long.pdf"));
        QString error;
        const int pages = gui::writeReportPdf(path, doc, &error);
        QVERIFY2(pages >= 3, qPrintable(error));
        const QString info = run(QStringLiteral("pdfinfo"), { path });
        QVERIFY2(info.contains(QStringLiteral("(A4)")), qPrintable(info));
        QVERIFY2(info.contains(QRegularExpression(QStringLiteral("Pages:\\s+%1\\n").arg(pages))),
            qPrintable(info));
        for (int p = 1; p <= pages; ++p) {
            const QString text = run(QStringLiteral("pdftotext"),
                { QStringLiteral("-f"), QString::number(p), QStringLiteral("-l"), QString::number(p),
                    QStringLiteral("-layout"), path, QStringLiteral("-") });
            QVERIFY2(text.contains(QStringLiteral("Redeemed")), qPrintable(text)); // the header on each page
        }
        const QString all
            = run(QStringLiteral("pdftotext"), { QStringLiteral("-layout"), path, QStringLiteral("-") });
        QVERIFY(all.contains(QStringLiteral("Coupon report")));
        QVERIFY(all.contains(QStringLiteral("Cashier 149 (s149)")));
        QVERIFY(all.contains(QStringLiteral("11175")));

        // Nothing is left behind when the file cannot be written.
        QCOMPARE(gui::writeReportPdf(dir.filePath(QStringLiteral("no/such/dir/x.pdf")), doc, &error), 0);
        QVERIFY(!error.isEmpty());
    }
};

QTEST_MAIN(TestGuiReportParts)
#include "test_gui_reportparts.moc"
