// The Reports page (F6, issue 19) in the real window over the real stack: redemptions through the
// desk and the simulator, older rows written into the journal file, the manager's PIN, the filters
// changed with keyboard and mouse, the charts and the table compared with what was done, the unsettled
// banner and its settle button, and the exports read back (pdftotext, pdfinfo, the PNG).
#include "guifixture.h"

#include "gui/mainwindow.h"
#include "gui/reportchart.h"
#include "gui/reportspage.h"
#include "gui/reporttablemodel.h"
#include "gui/translations.h"

#include "desk/handoverservice.h"
#include "desk/money.h"
#include "desk/stockcatalog.h"
#include "history/journal.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateEdit>
#include <QGroupBox>
#include <QImage>
#include <QLineSeries>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QStackedBarSeries>
#include <QTableView>
#include <QTableWidget>
#include <QTranslator>

using namespace guitest;

namespace {

// The usable demo coupons of each stock, in the simulator's order.
QMap<QString, QStringList> usableByStock(desktest::Fixture &f)
{
    QMap<QString, QStringList> codes;
    for (const sim::DemoCode &c : f.simulator->demoCodes(8))
        if (c.note == QStringLiteral("可核销"))
            codes[c.stockId] << c.couponCode;
    return codes;
}

// Redeemed stock by stock and hour in the hour chart: {stock name → {"09:00" → count}}.
QMap<QString, QMap<QString, int>> hourBars(gui::ReportCharts *charts)
{
    QMap<QString, QMap<QString, int>> bars;
    QChart *chart = charts->hourView()->chart();
    const QList<QAbstractSeries *> series = chart->series();
    if (series.isEmpty())
        return bars;
    auto *stacked = qobject_cast<QStackedBarSeries *>(series.first());
    auto *axis = qobject_cast<QBarCategoryAxis *>(chart->axes(Qt::Horizontal).first());
    for (QBarSet *set : stacked->barSets())
        for (int i = 0; i < set->count(); ++i)
            if (set->at(i) > 0)
                bars[set->label()][axis->at(i)] = static_cast<int>(set->at(i));
    return bars;
}

QList<int> dayPoints(gui::ReportCharts *charts)
{
    QList<int> points;
    const QList<QAbstractSeries *> series = charts->dayView()->chart()->series();
    if (!series.isEmpty())
        for (const QPointF &p : qobject_cast<QLineSeries *>(series.first())->points())
            points << static_cast<int>(p.y());
    return points;
}

QString run(const QString &program, const QStringList &arguments)
{
    QProcess p;
    p.start(program, arguments);
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        return QStringLiteral("(%1 failed: %2)").arg(program, QString::fromUtf8(p.readAllStandardError()));
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace

class TestGuiReports : public QObject
{
    Q_OBJECT

    // Two redemptions of stock A and one of stock B now, through the desk and the simulator.
    void redeemToday(GuiFixture &g)
    {
        const auto codes = usableByStock(g.f);
        QVERIFY(codes.size() >= 2);
        m_stockA = codes.firstKey();
        m_stockB = std::next(codes.begin()).key();
        for (const QString &stock : { m_stockA, m_stockB }) { // looked up as the counter does at start
            bool known = false;
            g.f.session->stocks().fetch(
                stock, g.window.get(), [&](std::optional<desk::StockInfo> s) { known = s.has_value(); });
            QTRY_VERIFY(known);
        }
        for (const QString &code :
            { codes.value(m_stockA).at(0), codes.value(m_stockA).at(1), codes.value(m_stockB).at(0) })
            QCOMPARE(g.f.wait(g.f.session->desk().redeem(g.f.cashier(), code, g.f.stockOf(code))).outcome,
                desk::Outcome::Succeeded);
    }

    // Yesterday at this counter: stock A twice at 09:xx, stock B once at 15:40, one void at 16:00.
    void writeYesterday(GuiFixture &g)
    {
        const QDate yesterday = QDate::currentDate().addDays(-1);
        QList<history::JournalEntry> rows;
        const auto row = [&](history::Operation op, const QString &stock, QTime at) {
            history::JournalEntry e;
            e.operation = op;
            e.couponCode = QStringLiteral("9%1").arg(rows.size() + 1, 11, 10, QLatin1Char('0'));
            e.stockId = stock;
            e.requestNo = QStringLiteral("Y-%1").arg(rows.size() + 1);
            e.state = history::State::Succeeded;
            e.settledBy = history::SettledBy::Response;
            e.staff = QStringLiteral("c01");
            e.counterId = g.f.settings.counterId;
            e.createdAt = QDateTime(yesterday, at);
            e.attempts = 1;
            if (op == history::Operation::Deactivate)
                e.reason = QStringLiteral("issued by mistake");
            rows << e;
        };
        row(history::Operation::Use, m_stockA, QTime(9, 15));
        row(history::Operation::Use, m_stockA, QTime(9, 50));
        row(history::Operation::Use, m_stockB, QTime(15, 40));
        row(history::Operation::Deactivate, m_stockB, QTime(16, 0));
        QVERIFY(g.f.session->journal().insertBatch(rows).ok());
    }

    gui::ReportsPage *openReports(GuiFixture &g)
    {
        g.prompter.pin = QStringLiteral("2468");
        QTest::keyClick(g.window.get(), Qt::Key_F6);
        return g.window->currentPage() == MainWindow::ReportsIndex ? g.window->reportsPage() : nullptr;
    }

    static qint64 tableTotal(gui::ReportsPage *page, int column)
    {
        const gui::ReportTableModel *m = page->model();
        return m->data(m->index(m->rowCount() - 1, column), Qt::EditRole).toLongLong();
    }

    QString m_stockA;
    QString m_stockB;

private Q_SLOTS:
    void initTestCase() { Q_INIT_RESOURCE(coupondesk); }

    void f6NeedsAManagersPin()
    {
        GuiFixture g;
        QVERIFY(g.open());
        g.prompter.pin = QStringLiteral("0000");
        QTest::keyClick(g.window.get(), Qt::Key_F6);
        QCOMPARE(g.prompter.pinAsked, 1);
        QCOMPARE(g.window->currentPage(), int(MainWindow::RedeemIndex)); // a wrong PIN: not shown
        QCOMPARE(g.find<QListWidget>("navList")->currentRow(), int(MainWindow::RedeemIndex));
        g.prompter.pin = QStringLiteral("2468");
        QTest::keyClick(g.window.get(), Qt::Key_F6);
        QCOMPARE(g.prompter.pinAsked, 2);
        QCOMPARE(g.window->currentPage(), int(MainWindow::ReportsIndex));
        QTest::keyClick(g.window.get(), Qt::Key_F6); // already there: not asked again
        QCOMPARE(g.prompter.pinAsked, 2);
    }

    void filtersChangeChartsAndTableTogether()
    {
        GuiFixture g;
        QVERIFY(g.open());
        redeemToday(g);
        writeYesterday(g);
        gui::ReportsPage *page = openReports(g);
        QVERIFY(page);
        gui::ReportCharts *charts = page->charts();
        auto *period = g.find<QComboBox>("reportPeriodCombo", "reportsPage");
        QCOMPARE(period->currentData().toInt(), int(gui::ReportsPage::TodayPeriod));

        // Today: what the desk redeemed, all in this hour.
        QCOMPARE(tableTotal(page, gui::ReportTableModel::RedeemedColumn), qint64(3));
        const QString thisHour
            = QStringLiteral("%1:00").arg(QTime::currentTime().hour(), 2, 10, QLatin1Char('0'));
        auto bars = hourBars(charts);
        QCOMPARE(bars.size(), 2); // two stocks, stacked
        int inThisHour = 0;
        for (const auto &perHour : std::as_const(bars))
            inThisHour += perHour.value(thisHour);
        QCOMPARE(inThisHour, 3);
        QCOMPARE(dayPoints(charts), QList<int>({ 3 }));
        QCOMPARE(page->model()->rowCount(), 3); // two stocks and the total

        // Yesterday, with the keyboard: the journal's older rows, in both charts and the table.
        period->setFocus();
        QTest::keyClick(period, Qt::Key_Down);
        QCOMPARE(period->currentData().toInt(), int(gui::ReportsPage::YesterdayPeriod));
        QCOMPARE(tableTotal(page, gui::ReportTableModel::RedeemedColumn), qint64(3));
        QCOMPARE(tableTotal(page, gui::ReportTableModel::VoidedColumn), qint64(1));
        bars = hourBars(charts);
        const QString nameA = page->report().byStock.at(0).label;
        const QString nameB = page->report().byStock.at(1).label;
        QCOMPARE(bars.value(nameA), (QMap<QString, int> { { QStringLiteral("09:00"), 2 } }));
        QCOMPARE(bars.value(nameB), (QMap<QString, int> { { QStringLiteral("15:00"), 1 } }));
        auto *hourAxis
            = qobject_cast<QBarCategoryAxis *>(charts->hourView()->chart()->axes(Qt::Horizontal).first());
        QCOMPARE(hourAxis->count(), 7); // 09:00 to 15:00: the quiet hours between show as gaps
        QCOMPARE(dayPoints(charts), QList<int>({ 3 }));

        // By hour, with the mouse on the breakdown's list: the table's rows are the chart's hours.
        auto *breakdown = g.find<QComboBox>("reportBreakdownCombo", "reportsPage");
        breakdown->setCurrentIndex(breakdown->findData(int(desk::ReportBreakdown::Hour)));
        QCOMPARE(page->model()->rowCount(), 4); // 09, 15, 16 (the void) and the total
        QCOMPARE(
            page->model()->data(page->model()->index(0, gui::ReportTableModel::RedeemedColumn)).toString(),
            QStringLiteral("2"));
        QCOMPARE(
            page->model()->data(page->model()->index(1, gui::ReportTableModel::RedeemedColumn)).toString(),
            QStringLiteral("1"));
        QCOMPARE(page->model()->data(page->model()->index(2, gui::ReportTableModel::VoidedColumn)).toString(),
            QStringLiteral("1"));

        // A date range typed into the first day: yesterday and today, a line of two days.
        auto *from = g.find<QDateEdit>("reportFromDate", "reportsPage");
        auto *to = g.find<QDateEdit>("reportToDate", "reportsPage");
        QCOMPARE(from->date(), QDate::currentDate().addDays(-1)); // the fields show the period chosen
        to->setFocus();
        to->setSelectedSection(QDateTimeEdit::DaySection);
        if (QDate::currentDate().day() > 1)
            QTest::keyClick(to, Qt::Key_Up); // yesterday → today
        else
            to->setDate(QDate::currentDate()); // the day field does not step into the next month
        QCOMPARE(period->currentData().toInt(), int(gui::ReportsPage::RangePeriod));
        QCOMPARE(dayPoints(charts), QList<int>({ 3, 3 }));
        QCOMPARE(tableTotal(page, gui::ReportTableModel::RedeemedColumn), qint64(6));
        breakdown->setCurrentIndex(breakdown->findData(int(desk::ReportBreakdown::Day)));
        QCOMPARE(page->model()->rowCount(), 3);

        // By cashier: everything was c01's.
        breakdown->setCurrentIndex(breakdown->findData(int(desk::ReportBreakdown::Staff)));
        QCOMPARE(page->model()->rowCount(), 2);
        QVERIFY(page->model()->data(page->model()->index(0, 0)).toString().contains(QStringLiteral("c01")));

        // A redemption made while the page is open shows at once, in the table and the charts.
        QVERIFY(!g.find<QLabel>("reportUnsettledBanner", "reportsPage")->isVisible());
        QCOMPARE(g.f.wait(g.f.session->desk().redeem(
                              g.f.cashier(), usableByStock(g.f).value(m_stockB).at(1), m_stockB))
                     .outcome,
            desk::Outcome::Succeeded);
        QTRY_COMPARE(tableTotal(page, gui::ReportTableModel::RedeemedColumn), qint64(7));
        QCOMPARE(dayPoints(charts), QList<int>({ 3, 4 }));
        // The total's value is the report's, in yuan.
        QCOMPARE(page->model()
                     ->data(page->model()->index(
                         page->model()->rowCount() - 1, gui::ReportTableModel::ValueColumn))
                     .toString(),
            gui::ReportTableModel::valueText(page->report().total));
    }

    void thisShiftStartsAtTheLastHandover()
    {
        GuiFixture g;
        QVERIFY(g.open());
        const auto codes = usableByStock(g.f);
        const QDateTime now = QDateTime::currentDateTime();
        // The shift before: a redemption a minute ago, handed over half a minute ago.
        history::JournalEntry before;
        before.couponCode = QStringLiteral("900000000001");
        before.stockId = codes.firstKey();
        before.requestNo = QStringLiteral("BEFORE-1");
        before.state = history::State::Succeeded;
        before.settledBy = history::SettledBy::Response;
        before.staff = QStringLiteral("c01");
        before.counterId = g.f.settings.counterId;
        before.createdAt = now.addSecs(-60);
        QList<history::JournalEntry> rows { before };
        QVERIFY(g.f.session->journal().insertBatch(rows).ok());
        QVERIFY(
            g.f.session->handovers().endShift(QStringLiteral("c01"), g.f.manager(), now.addSecs(-30)).ok());
        // This shift: one redemption now.
        const QString code = codes.value(codes.firstKey()).at(0);
        QCOMPARE(g.f.wait(g.f.session->desk().redeem(g.f.cashier(), code, g.f.stockOf(code))).outcome,
            desk::Outcome::Succeeded);

        gui::ReportsPage *page = openReports(g);
        QVERIFY(page);
        QCOMPARE(tableTotal(page, gui::ReportTableModel::RedeemedColumn), qint64(2)); // today: both
        auto *period = g.find<QComboBox>("reportPeriodCombo", "reportsPage");
        period->setFocus();
        QTest::keyClick(period, Qt::Key_Up); // today → this shift
        QCOMPARE(period->currentData().toInt(), int(gui::ReportsPage::ShiftPeriod));
        QVERIFY(qAbs(page->report().query.from.secsTo(now.addSecs(-30))) <= 1); // where the handover ended
        QCOMPARE(tableTotal(page, gui::ReportTableModel::RedeemedColumn), qint64(1));
        int bars = 0;
        for (const auto &perHour : hourBars(page->charts()))
            for (int n : perHour)
                bars += n;
        QCOMPARE(bars, 1);
        QCOMPARE(g.find<QDateEdit>("reportFromDate", "reportsPage")->date(), now.date());
    }

    void unsettledRowsAreShownAndSettled()
    {
        GuiFixture g;
        QVERIFY(g.open(400));
        g.leaveRedemptionsUnanswered(100);
        const QString code = g.f.usable();
        g.redeem(code);
        QTRY_VERIFY_WITH_TIMEOUT(!g.panel("redeemPage")->isBusy(), 15000);
        gui::ReportsPage *page = openReports(g);
        QVERIFY(page);
        auto *banner = g.find<QLabel>("reportUnsettledBanner", "reportsPage");
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QStringLiteral("1 operation")), qPrintable(banner->text()));
        QCOMPARE(g.find<QTableWidget>("reportUnsettledTable", "reportsPage")->rowCount(), 1);
        QCOMPARE(g.find<QTableWidget>("reportUnsettledTable", "reportsPage")->item(0, 2)->text(), code);
        QCOMPARE(tableTotal(page, gui::ReportTableModel::UnsettledColumn), qint64(1));
        QCOMPARE(tableTotal(page, gui::ReportTableModel::RedeemedColumn), qint64(0));

        g.f.simulator->clearFaults(); // WeChat Pay answers again
        auto *settle = g.find<QPushButton>("reportSettleButton", "reportsPage");
        QVERIFY(settle->isEnabled());
        QVERIFY(settle->isVisible() && settle->height() > 0); // not squeezed away by the charts
        QVERIFY(g.find<QTableWidget>("reportUnsettledTable", "reportsPage")->height() > 40);
        QTest::mouseClick(settle, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(g.prompter.informed.size(), 1, 15000); // what settling found, as on History
        // what settling found, as on History
        QVERIFY2(!banner->isVisible(),
            qPrintable(g.prompter.informed.first() + QLatin1Char('|') + banner->text()));
        QCOMPARE(g.f.session->journal().query({}, 0, 1)->first().state, history::State::Succeeded);
        QCOMPARE(tableTotal(page, gui::ReportTableModel::RedeemedColumn), qint64(1));
        QCOMPARE(tableTotal(page, gui::ReportTableModel::UnsettledColumn), qint64(0));
        QVERIFY(!g.find<QGroupBox>("reportUnsettledGroup", "reportsPage")->isVisible());
        QCOMPARE(g.f.simulator->coupon(code)->state, QStringLiteral("USED"));
    }

    void exportsPdfPngAndExcel()
    {
        QTemporaryDir out;
        GuiFixture g;
        QVERIFY(g.open());
        redeemToday(g);
        gui::ReportsPage *page = openReports(g);
        QVERIFY(page);
        const QString nameA = page->report().byStock.at(0).label;

        // PDF: A4, the title, and stock A's line with its count.
        g.prompter.fileToSave = out.filePath(QStringLiteral("report.pdf"));
        QTest::mouseClick(g.find<QPushButton>("reportPdfButton", "reportsPage"), Qt::LeftButton);
        QVERIFY2(g.prompter.informed.last().contains(QStringLiteral("1 page")),
            qPrintable(g.prompter.informed.last()));
        if (const QString shots = qEnvironmentVariable("COUPONDESK_SCREENSHOTS"); !shots.isEmpty()) {
            QFile::remove(
                shots + QStringLiteral("/reports-export.pdf")); // to look at (copy overwrites nothing)
            QFile::copy(g.prompter.fileToSave, shots + QStringLiteral("/reports-export.pdf"));
        }
        const QString info = run(QStringLiteral("pdfinfo"), { g.prompter.fileToSave });
        QVERIFY2(info.contains(QStringLiteral("(A4)")), qPrintable(info));
        const QString text = run(QStringLiteral("pdftotext"),
            { QStringLiteral("-layout"), g.prompter.fileToSave, QStringLiteral("-") });
        QVERIFY2(text.contains(QStringLiteral("Coupon report")), qPrintable(text));
        // Stock A's row, from its name to the next row's (a long name wraps over its id): the first
        // number in it is the count, then the value as the table shows it.
        const int from = text.indexOf(nameA);
        const int to = text.indexOf(page->report().byStock.at(1).label, from);
        QVERIFY2(from >= 0 && to > from, qPrintable(text));
        const QString rowA = text.mid(from, to - from).simplified();
        QVERIFY2(rowA.contains(m_stockA), qPrintable(rowA));
        const QStringList tokens = rowA.split(QLatin1Char(' '));
        const auto count = std::find_if(tokens.begin(), tokens.end(), [](const QString &t) {
            return QRegularExpression(QStringLiteral("^\\d+$")).match(t).hasMatch();
        });
        QVERIFY2(count != tokens.end() && *count == QStringLiteral("2"), qPrintable(rowA));
        QVERIFY2(
            rowA.contains(gui::ReportTableModel::valueText(page->report().byStock.at(0))), qPrintable(rowA));
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("Total\\s+3\\s"))), qPrintable(text));

        // PNG: the charts as they are on the page, at their size.
        g.prompter.fileToSave = out.filePath(QStringLiteral("chart.png"));
        QTest::mouseClick(g.find<QPushButton>("reportPngButton", "reportsPage"), Qt::LeftButton);
        const QImage png(g.prompter.fileToSave);
        QVERIFY(!png.isNull());
        QCOMPARE(png.size(), page->charts()->size());
        int coloured = 0; // the bars and the line: not only white and grey
        for (int y = 0; y < png.height(); y += 2)
            for (int x = 0; x < png.width(); x += 2)
                coloured += QColor(png.pixel(x, y)).hsvSaturation() > 80 ? 1 : 0;
        QVERIFY2(coloured > 100, qPrintable(QString::number(coloured)));

        // Excel: written through the report service.
        g.prompter.fileToSave = out.filePath(QStringLiteral("report.xlsx"));
        QTest::mouseClick(g.find<QPushButton>("reportXlsxButton", "reportsPage"), Qt::LeftButton);
        QVERIFY2(g.prompter.informed.last().contains(QStringLiteral("sheet")),
            qPrintable(g.prompter.informed.last()));
        QVERIFY(QFileInfo(g.prompter.fileToSave).size() > 0);
    }

    // Pictures to look at (not checks): COUPONDESK_SCREENSHOTS=DIR saves the page in both languages.
    void screenshots_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
        QTest::newRow("en") << QStringLiteral("en");
    }
    void screenshots()
    {
        const QString dir = qEnvironmentVariable("COUPONDESK_SCREENSHOTS");
        if (dir.isEmpty())
            QSKIP("set COUPONDESK_SCREENSHOTS=DIR to save the Reports page's pictures");
        QFETCH(QString, language);
        std::vector<std::unique_ptr<QTranslator>> keep;
        QVERIFY(gui::installTranslations(language, keep));
        GuiFixture g;
        QVERIFY(g.open());
        redeemToday(g);
        writeYesterday(g);
        g.window->resize(1024, 720);
        gui::ReportsPage *page = openReports(g);
        QVERIFY(page);
        auto *period = g.find<QComboBox>("reportPeriodCombo", "reportsPage");
        period->setCurrentIndex(period->findData(int(gui::ReportsPage::WeekPeriod)));
        QApplication::processEvents();
        QVERIFY(g.window->grab().save(QStringLiteral("%1/reports-%2.png").arg(dir, language)));
        g.prompter.fileToSave = QStringLiteral("%1/reports-%2.pdf").arg(dir, language); // and on paper
        QTest::mouseClick(g.find<QPushButton>("reportPdfButton", "reportsPage"), Qt::LeftButton);
        QVERIFY(QFileInfo::exists(g.prompter.fileToSave));
    }
};

QTEST_MAIN(TestGuiReports)
#include "test_gui_reports.moc"
