// The Reports page of a counter in chain mode (issue 19), in the real window over a real session and a
// real PostgreSQL 15 started for this test: the scopes this shop, one shop (chosen from every shop
// registered in the chain, rows or none) and the whole chain count the chain database's rows, in the
// table, by shop, and in the bars; another counter's unsettled row is listed but not settled from here;
// a chain without shops and a server that is gone are said on the page.
#include "chainfixture.h"
#include "chainsettingsfor.h"
#include "guifixture.h"

#include "gui/reportchart.h"
#include "gui/reportspage.h"
#include "gui/reporttablemodel.h"
#include "history/chainconnection.h"

#include <QApplication>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QPushButton>
#include <QSqlError>
#include <QSqlQuery>
#include <QStackedBarSeries>
#include <QTableWidget>

using guitest::GuiFixture;

class TestGuiChainReports : public QObject
{
    Q_OBJECT

private:
    testsupport::ChainFixture m_chain;
    history::ChainCounterLogin m_login;

    // A use of a stock S1 coupon by c01 at `shop`'s counter `counter`, `minutesAgo` minutes ago.
    bool insert(const QString &shop, const QString &counter, const QString &code, const QString &state,
        int minutesAgo)
    {
        testsupport::ChainHistoryRow row { shop, counter, code, QStringLiteral("use"), state };
        row.staff = QStringLiteral("c01");
        row.stockId = QStringLiteral("S1");
        row.minutesAgo = minutesAgo;
        return m_chain.insert(row);
    }

    desk::ChainSettings chain() const
    {
        return testsupport::chainSettingsFor(m_login, QStringLiteral("s1"), QStringLiteral("徐汇店"));
    }

    static qint64 total(gui::ReportsPage *page, int column)
    {
        const gui::ReportTableModel *m = page->model();
        return m->data(m->index(m->rowCount() - 1, column), Qt::EditRole).toLongLong();
    }

    static int bars(gui::ReportsPage *page)
    {
        int sum = 0;
        const QList<QAbstractSeries *> series = page->charts()->hourView()->chart()->series();
        if (!series.isEmpty())
            for (QBarSet *set : qobject_cast<QStackedBarSeries *>(series.first())->barSets())
                for (int i = 0; i < set->count(); ++i)
                    sum += static_cast<int>(set->at(i));
        return sum;
    }

private Q_SLOTS:
    void initTestCase()
    {
        COUPONDESK_REQUIRE_POSTGRES();
        Q_INIT_RESOURCE(coupondesk);
        QVERIFY2(m_chain.start(), qPrintable(m_chain.errorString()));
        QVERIFY(
            m_chain.addCounter(QStringLiteral("s2"), QStringLiteral("静安店"), QStringLiteral("03")).ok());
        auto login = m_chain.addCounter(QStringLiteral("s1"), QStringLiteral("徐汇店"), QStringLiteral("01"));
        QVERIFY(login.ok());
        m_login = login.value();
        // 浦东店: registered, but nothing done there yet.
        QVERIFY(
            m_chain.addCounter(QStringLiteral("s3"), QStringLiteral("浦东店"), QStringLiteral("05")).ok());
        // This shop: two redemptions; 静安店: three and one still unsettled.
        QVERIFY(insert(QStringLiteral("s1"), QStringLiteral("01"), QStringLiteral("A1"),
            QStringLiteral("SUCCEEDED"), 2));
        QVERIFY(insert(QStringLiteral("s1"), QStringLiteral("01"), QStringLiteral("A2"),
            QStringLiteral("SUCCEEDED"), 1));
        for (int i = 1; i <= 3; ++i)
            QVERIFY(insert(QStringLiteral("s2"), QStringLiteral("03"), QStringLiteral("B%1").arg(i),
                QStringLiteral("SUCCEEDED"), i));
        QVERIFY(insert(QStringLiteral("s2"), QStringLiteral("03"), QStringLiteral("B9"),
            QStringLiteral("UNCERTAIN"), 1));
    }

    void cleanupTestCase() { m_chain.close(); }

    void scopesCountTheChainsRows()
    {
        GuiFixture g;
        g.chain = chain();
        QVERIFY(g.open());
        g.prompter.pin = QStringLiteral("2468");
        QTest::keyClick(g.window.get(), Qt::Key_F6);
        QCOMPARE(g.window->currentPage(), int(gui::MainWindow::ReportsIndex));
        gui::ReportsPage *page = g.window->reportsPage();
        auto *scope = g.find<QComboBox>("reportScopeCombo", "reportsPage");
        auto *shop = g.find<QComboBox>("reportShopCombo", "reportsPage");
        auto *breakdown = g.find<QComboBox>("reportBreakdownCombo", "reportsPage");
        auto *error = g.find<QLabel>("reportErrorLabel", "reportsPage");
        QVERIFY(scope->isVisible());
        QCOMPARE(scope->count(), 4);
        QVERIFY(breakdown->findData(int(desk::ReportBreakdown::Shop)) >= 0); // by shop: chain mode only
        QCOMPARE(total(page, gui::ReportTableModel::RedeemedColumn), qint64(0)); // this counter's journal

        scope->setCurrentIndex(3); // 全连锁
        QVERIFY2(!error->isVisible(), qPrintable(error->text()));
        QCOMPARE(total(page, gui::ReportTableModel::RedeemedColumn), qint64(5));
        QCOMPARE(total(page, gui::ReportTableModel::UnsettledColumn), qint64(1));
        QCOMPARE(bars(page), 5);
        QVERIFY(g.find<QLabel>("reportUnsettledBanner", "reportsPage")->isVisible());
        auto *unsettled = g.find<QTableWidget>("reportUnsettledTable", "reportsPage");
        QCOMPARE(unsettled->rowCount(), 1);
        QVERIFY(unsettled->item(0, 4)->text().contains(QStringLiteral("静安店")));
        QVERIFY(
            !g.find<QPushButton>("reportSettleButton", "reportsPage")->isEnabled()); // settled at its counter
        breakdown->setCurrentIndex(breakdown->findData(int(desk::ReportBreakdown::Shop)));
        QCOMPARE(page->model()->rowCount(), 3);
        QCOMPARE(page->model()->data(page->model()->index(0, 0)).toString(), QStringLiteral("徐汇店 (s1)"));
        QCOMPARE(page->model()->data(page->model()->index(1, 0)).toString(), QStringLiteral("静安店 (s2)"));
        QCOMPARE(
            page->model()->data(page->model()->index(1, gui::ReportTableModel::RedeemedColumn)).toString(),
            QStringLiteral("3"));

        scope->setCurrentIndex(1); // 本店
        QCOMPARE(total(page, gui::ReportTableModel::RedeemedColumn), qint64(2));
        QCOMPARE(bars(page), 2);
        QVERIFY(!shop->isVisible());

        scope->setCurrentIndex(2); // one shop, chosen from every shop of the chain, by name in pinyin order
        QVERIFY(shop->isVisible());
        QCOMPARE(shop->count(), 3);
        QCOMPARE(shop->itemText(0), QStringLiteral("静安店")); // jing (by code point it would be last)
        QCOMPARE(shop->itemText(1), QStringLiteral("浦东店")); // no rows in the period, listed all the same
        QCOMPARE(shop->itemData(1).toString(), QStringLiteral("s3"));
        QCOMPARE(shop->itemText(2), QStringLiteral("徐汇店")); // xu
        shop->setCurrentIndex(shop->findData(QStringLiteral("s3")));
        QVERIFY2(!error->isVisible(), qPrintable(error->text()));
        QCOMPARE(page->report().query.shopId, QStringLiteral("s3"));
        QCOMPARE(total(page, gui::ReportTableModel::RedeemedColumn), qint64(0));
        shop->setCurrentIndex(shop->findData(QStringLiteral("s2")));
        QCOMPARE(shop->currentText(), QStringLiteral("静安店"));
        QCOMPARE(page->report().query.shopId, QStringLiteral("s2"));
        QCOMPARE(total(page, gui::ReportTableModel::RedeemedColumn), qint64(3));
        QCOMPARE(bars(page), 3);
        page->refresh(); // the shop chosen stays chosen when the report is made again
        QCOMPARE(shop->currentText(), QStringLiteral("静安店"));
        QCOMPARE(page->report().query.shopId, QStringLiteral("s2"));
        QCOMPARE(total(page, gui::ReportTableModel::RedeemedColumn), qint64(3));
        if (const QString dir = qEnvironmentVariable("COUPONDESK_SCREENSHOTS");
            !dir.isEmpty()) { // to look at
            g.window->resize(1024, 720);
            QApplication::processEvents();
            QVERIFY(g.window->grab().save(dir + QStringLiteral("/reports-chain.png")));
        }
    }

    // Last: it empties the chain database, then stops its server.
    void noShopsAndAServerThatIsGoneAreSaid()
    {
        GuiFixture g;
        g.chain = chain();
        QVERIFY(g.open());
        g.prompter.pin = QStringLiteral("2468");
        QTest::keyClick(g.window.get(), Qt::Key_F6);
        gui::ReportsPage *page = g.window->reportsPage();
        auto *scope = g.find<QComboBox>("reportScopeCombo", "reportsPage");
        auto *shop = g.find<QComboBox>("reportShopCombo", "reportsPage");
        auto *error = g.find<QLabel>("reportErrorLabel", "reportsPage");
        scope->setCurrentIndex(2);
        QCOMPARE(shop->count(), 3);

        QSqlQuery wipe(m_chain.admin()); // as the superuser: no shop is registered any more
        QVERIFY2(
            wipe.exec(QStringLiteral("DELETE FROM coupondesk.history")), qPrintable(wipe.lastError().text()));
        QVERIFY2(wipe.exec(QStringLiteral("DELETE FROM coupondesk.counters")),
            qPrintable(wipe.lastError().text()));
        page->refresh();
        QCOMPARE(shop->count(), 0);
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("no shops registered")), qPrintable(error->text()));
        QCOMPARE(total(page, gui::ReportTableModel::RedeemedColumn), qint64(0));

        history::closeChainDatabase(m_chain.admin());
        m_chain.postgres().stop();
        page->refresh();
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().startsWith(QStringLiteral("The chain database cannot be reached")),
            qPrintable(error->text()));

        scope->setCurrentIndex(0); // this counter's own report still works
        QVERIFY(!error->isVisible());
    }
};

QTEST_MAIN(TestGuiChainReports)
#include "test_gui_chainreports.moc"
