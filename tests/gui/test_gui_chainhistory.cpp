// The History page of a counter in chain mode (issue 18), driving the real window over a real session
// (journal file, simulator) and a real PostgreSQL 15 started for this test: the scope selector shows
// only in chain mode; 本店 / 全连锁 list the chain database's rows with their Shop and Counter columns
// and the hint about rows not pushed yet; CSV export follows the scope; settling is for this counter's
// own rows only; and with the server gone the page says so while 本柜台 keeps working.
#include "chainfixture.h"
#include "chainsettingsfor.h"
#include "guifixture.h"

#include "gui/historypage.h"
#include "history/chainconnection.h"

#include <QFile>
#include <QHeaderView>
#include <QPushButton>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>

using gui::JournalModel;
using guitest::GuiFixture;

class TestGuiChainHistory : public QObject
{
    Q_OBJECT

private:
    testsupport::ChainFixture m_chain;
    history::ChainCounterLogin m_login;

    // A pending use of `code` by c01 at `shop`'s counter `counter`, `minute` minutes ago.
    bool insert(const QString &shop, const QString &counter, const QString &code, int minute)
    {
        testsupport::ChainHistoryRow row { shop, counter, code, QStringLiteral("use"),
            QStringLiteral("PENDING") };
        row.staff = QStringLiteral("c01");
        row.minutesAgo = minute;
        return m_chain.insert(row);
    }

    desk::ChainSettings chain() const
    {
        return testsupport::chainSettingsFor(m_login, QStringLiteral("s1"), QStringLiteral("徐汇店"));
    }

    static QStringList codes(const JournalModel *model)
    {
        QStringList list;
        for (int r = 0; r < model->rowCount(); ++r)
            list << model->entryAt(r)->couponCode;
        return list;
    }

private Q_SLOTS:
    void initTestCase()
    {
        COUPONDESK_REQUIRE_POSTGRES();
        QVERIFY2(m_chain.start(), qPrintable(m_chain.errorString()));
        QVERIFY(
            m_chain.addCounter(QStringLiteral("s2"), QStringLiteral("静安店"), QStringLiteral("03")).ok());
        auto login = m_chain.addCounter(QStringLiteral("s1"), QStringLiteral("徐汇店"), QStringLiteral("01"));
        QVERIFY(login.ok());
        m_login = login.value();
        QVERIFY(insert(QStringLiteral("s1"), QStringLiteral("01"), QStringLiteral("SHOP-1"), 30));
        QVERIFY(insert(QStringLiteral("s2"), QStringLiteral("03"), QStringLiteral("OTHER-1"), 20));
        QVERIFY(insert(QStringLiteral("s2"), QStringLiteral("03"), QStringLiteral("OTHER-2"), 10));
    }

    void cleanupTestCase() { m_chain.close(); }

    void withoutAChainThereIsNoScope()
    {
        GuiFixture g;
        QVERIFY(g.open());
        g.window->showPage(gui::MainWindow::HistoryIndex);
        QVERIFY(!g.find<QComboBox>("scopeCombo")->isVisible());
        QVERIFY(!g.find<QLabel>("chainHintLabel")->isVisible());
        auto *table = g.find<QTableView>("historyTable");
        QVERIFY(table->isColumnHidden(JournalModel::ShopColumn));
        QVERIFY(table->isColumnHidden(JournalModel::CounterColumn));
    }

    void scopesShowTheChainsRows()
    {
        GuiFixture g;
        g.chain = chain();
        QVERIFY(g.open());
        g.window->showPage(gui::MainWindow::HistoryIndex);
        gui::HistoryPage *page = g.window->historyPage();
        JournalModel *model = page->model();
        auto *scope = g.find<QComboBox>("scopeCombo");
        auto *table = g.find<QTableView>("historyTable");
        auto *hint = g.find<QLabel>("chainHintLabel");
        auto *error = g.find<QLabel>("errorLabel");
        QVERIFY(scope->isVisible());
        QCOMPARE(scope->count(), 3);
        QCOMPARE(scope->currentIndex(), 0); // this counter's own journal first
        QCOMPARE(model->rowCount(), 0);
        QVERIFY(table->isColumnHidden(JournalModel::ShopColumn));

        scope->setCurrentIndex(2); // 全连锁
        QCOMPARE(codes(model),
            (QStringList { QStringLiteral("OTHER-2"), QStringLiteral("OTHER-1"), QStringLiteral("SHOP-1") }));
        QVERIFY2(error->text().isEmpty(), qPrintable(error->text()));
        QVERIFY(hint->isVisible());
        QVERIFY(!table->isColumnHidden(JournalModel::ShopColumn));
        QVERIFY(!table->isColumnHidden(JournalModel::CounterColumn));
        QCOMPARE(model->index(0, JournalModel::ShopColumn).data().toString(), QStringLiteral("静安店"));
        QCOMPARE(model->index(0, JournalModel::CounterColumn).data().toString(), QStringLiteral("03"));
        QVERIFY(g.find<QLabel>("countLabel")->text().contains(QLatin1Char('3')));

        // A PENDING row of another counter: visible, not settled from here.
        table->selectRow(0);
        QVERIFY(!g.find<QPushButton>("settleButton")->isEnabled());
        QVERIFY(!g.find<QPushButton>("manualSettleButton")->isEnabled());
        QVERIFY(g.find<QPushButton>("copyButton")->isEnabled());

        // The export follows the scope, and carries the shop.
        g.prompter.fileToSave = g.f.dir.filePath(QStringLiteral("chain.csv"));
        QTest::mouseClick(g.find<QPushButton>("exportButton"), Qt::LeftButton);
        QFile csv(g.prompter.fileToSave);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QVERIFY(lines.at(0).trimmed().endsWith(",shop_id,shop_name"));
        QVERIFY(lines.at(1).contains("OTHER-2"));
        QCOMPARE(lines.size(), 5); // header, three rows, and the empty rest after the last CRLF

        scope->setCurrentIndex(1); // 本店
        QCOMPARE(codes(model), QStringList { QStringLiteral("SHOP-1") });
        QCOMPARE(model->index(0, JournalModel::ShopColumn).data().toString(), QStringLiteral("徐汇店"));

        scope->setCurrentIndex(0); // back to 本柜台
        QCOMPARE(model->rowCount(), 0);
        QVERIFY(!hint->isVisible());
        QVERIFY(table->isColumnHidden(JournalModel::ShopColumn));
    }

    // The whole chain's history is not counted on the GUI thread: the label stops at the cap and says
    // "more than", and scrolling still fetches past the cap's count.
    void aLargeChainIsCountedUpToTheCap()
    {
        QSqlQuery bulk(m_chain.admin());
        QVERIFY2(
            bulk.exec(QStringLiteral(
                "INSERT INTO coupondesk.history (shop_id, counter_id, request_no, operation, coupon_code,"
                " state, settled_by, staff, created_at, updated_at)"
                " SELECT 's2', '03', 'BIG-' || i, 'use', 'BIG' || i, 'SUCCEEDED', 'response', 'c01',"
                " now() - interval '1 day' - i * interval '1 second', now()"
                " FROM generate_series(1, %1) i")
                          .arg(JournalModel::kCountCap + 1)),
            qPrintable(bulk.lastError().text()));
        {
            GuiFixture g;
            g.chain = chain();
            QVERIFY(g.open());
            g.window->showPage(gui::MainWindow::HistoryIndex);
            JournalModel *model = g.window->historyPage()->model();
            g.find<QComboBox>("scopeCombo")->setCurrentIndex(2); // 全连锁
            QVERIFY(model->totalIsCapped());
            const QString label = g.find<QLabel>("countLabel")->text();
            QVERIFY2(label.startsWith(QStringLiteral("More than 100")), qPrintable(label));
            QVERIFY(model->canFetchMore({}));
            const int first = model->rowCount();
            model->fetchMore({});
            QVERIFY(model->rowCount() > first);

            g.find<QComboBox>("scopeCombo")->setCurrentIndex(1); // 本店: one row, counted exactly
            QVERIFY(!model->totalIsCapped());
            QCOMPARE(model->totalCount(), 1);
        }
        QVERIFY(bulk.exec(QStringLiteral("DELETE FROM coupondesk.history WHERE request_no LIKE 'BIG-%'")));
    }

    // Last: it stops the server.
    void aServerThatIsGoneIsSaidInThePage()
    {
        GuiFixture g;
        g.chain = chain();
        QVERIFY(g.open());
        g.window->showPage(gui::MainWindow::HistoryIndex);
        auto *scope = g.find<QComboBox>("scopeCombo");
        auto *error = g.find<QLabel>("errorLabel");
        scope->setCurrentIndex(2);
        QCOMPARE(g.window->historyPage()->model()->rowCount(), 3);

        history::closeChainDatabase(m_chain.admin());
        m_chain.postgres().stop();
        scope->setCurrentIndex(1);
        QCOMPARE(g.window->historyPage()->model()->rowCount(), 0);
        QVERIFY2(error->text().startsWith(QStringLiteral("The chain database cannot be reached")),
            qPrintable(error->text()));
        QVERIFY(error->isVisible());

        scope->setCurrentIndex(0); // this counter's own history still works
        QVERIFY(error->text().isEmpty());
        QCOMPARE(g.window->historyPage()->model()->errorText(), QString());
    }
};

QTEST_MAIN(TestGuiChainHistory)
#include "test_gui_chainhistory.moc"
