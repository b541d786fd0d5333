// The Reports page's parts on their own (issue 19), over hand-made desk::Reports: the table model
// (under QAbstractItemModelTester; the value at the till said honestly), the charts (stacks and gaps),
// and the A4 PDF of a long table (every page has the header; read back with pdftotext and pdfinfo).
#include "gui/reportchart.h"
#include "gui/reportpdf.h"
#include "gui/reporttablemodel.h"

#include <QAbstractItemModelTester>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QProcess>
#include <QRegularExpression>
#include <QStackedBarSeries>
#include <QTemporaryDir>
#include <QTest>

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
