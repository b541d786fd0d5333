// GUI tests of the counter as a busy shop uses it (issue 15): the stock is found without asking,
// a second scan during a slow answer waits its turn, an outage settled in the background shows the
// truth, full-width input is fixed, and the big area always shows the latest thing. Real window,
// scanner-style keyClicks + Enter, the whole stack against the in-process simulator.
#include "guifixture.h"

#include "gui/historypage.h"
#include "gui/journalmodel.h"
#include "gui/mainwindow.h"
#include "gui/redeempage.h"
#include "gui/translations.h"

#include "history/journal.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QInputMethodEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTest>

using namespace guitest;

namespace {

// An input method commits text (not key presses), as a Chinese IME does; then the Enter key.
void commitAndEnter(QLineEdit *edit, const QString &text)
{
    QInputMethodEvent commit;
    commit.setCommitString(text);
    QApplication::sendEvent(edit, &commit);
    QTest::keyClick(edit, Qt::Key_Return);
}

qint64 rowsFor(desktest::Fixture &f, const QString &code)
{
    history::JournalFilter filter;
    filter.codeExact = code;
    return f.session->journal().count(filter).value();
}

} // namespace

class TestGuiCounterFlow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { Q_INIT_RESOURCE(coupondesk); }

    void stockIsFoundWithoutAsking()
    {
        GuiFixture g;
        QVERIFY(g.open());
        QComboBox *stock = g.find<QComboBox>("stockCombo");
        QCOMPARE(stock->currentIndex(), 0);
        QCOMPARE(stock->currentData().toString(), QString()); // 自动 / Automatic by default
        const QString code = QStringLiteral("gift_card_007"); // a 咖啡兑换券 code no stock's pattern matches
        QSignalSpy finished(g.window->redeemPage(), &RedeemPage::operationFinished);
        g.scan(code);
        QVERIFY(finished.wait(10000));
        QCOMPARE(g.kind("redeemPage"), QStringLiteral("success"));
        QCOMPARE(g.f.simulator->coupon(code)->state, QStringLiteral("USED"));
        const auto r = finished.first().first().value<desk::OperationResult>();
        QCOMPARE(r.stockId, g.f.stockOf(code));
        QCOMPARE(rowsFor(g.f, code), qint64(r.triedStocks.size())); // each try journaled on its own
        QVERIFY(r.triedStocks.size() >= 2);
        QVERIFY(g.panel("redeemPage")->action().contains(QStringLiteral("咖啡兑换券")));
    }

    void secondScanDuringSlowAnswerWaitsItsTurn()
    {
        GuiFixture g;
        QVERIFY(g.open());
        sim::FaultSpec slow;
        slow.endpoint = QStringLiteral("use");
        slow.kind = sim::FaultKind::Delay;
        slow.delayMs = 600;
        slow.count = 1;
        g.f.simulator->addFault(slow);
        const QString first = g.f.usable(0), second = g.f.usable(1), third = g.f.usable(2);
        QLineEdit *edit = g.find<QLineEdit>("couponCodeEdit");
        QSignalSpy finished(g.window->redeemPage(), &RedeemPage::operationFinished);

        g.scan(first);
        QCOMPARE(edit->text(), QString()); // the code left the field at Enter
        // Not at once (a fast answer would only flash grey), but while the answer is slow:
        QVERIFY(!g.headline("redeemPage").contains(first));
        QTRY_VERIFY_WITH_TIMEOUT(g.headline("redeemPage").contains(first), 400); // "Processing …"
        QVERIFY(g.panel("redeemPage")->footer().contains(first));
        QVERIFY(!g.find<QPushButton>("checkButton")->isEnabled());
        g.scan(second); // ~30 ms later, while the first answer is pending
        QCOMPARE(edit->text(), QString());
        QVERIFY(!g.panel("redeemPage")->footer().isEmpty());
        QVERIFY(g.panel("redeemPage")->footer().contains(QStringLiteral("Next: %1").arg(second)));
        QCOMPARE(g.window->redeemPage()->queuedScans(), 1);
        QTest::keyClicks(edit, third.left(5)); // the cashier starts typing a third one

        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10000);
        QCOMPARE(finished.at(0).first().value<desk::OperationResult>().couponCode, first);
        QCOMPARE(finished.at(1).first().value<desk::OperationResult>().couponCode, second);
        QCOMPARE(g.f.simulator->coupon(first)->state, QStringLiteral("USED"));
        QCOMPARE(g.f.simulator->coupon(second)->state, QStringLiteral("USED"));
        QCOMPARE(edit->text(), third.left(5)); // nothing typed was selected away or cleared
        QTest::keyClicks(edit, third.mid(5));
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 10000);
        QCOMPARE(g.f.simulator->coupon(third)->state, QStringLiteral("USED"));
        QCOMPARE(g.kind("redeemPage"), QStringLiteral("success"));
        QVERIFY(g.panel("redeemPage")->footer().isEmpty());
        QVERIFY(g.find<QPushButton>("checkButton")->isEnabled());
    }

    void outageSettledInTheBackgroundShowsTheTruth()
    {
        GuiFixture g;
        QVERIFY(g.open(500));
        g.leaveRedemptionsUnanswered(4); // every attempt of the first run goes unanswered
        const QString code = g.f.usable(3);
        g.redeem(code);
        QTRY_VERIFY_WITH_TIMEOUT(!g.panel("redeemPage")->isBusy(), 15000);
        QCOMPARE(g.kind("redeemPage"), QStringLiteral("pending"));

        // Scanned again while unconfirmed: nothing new is sent; the earlier row is settled at once and
        // the page that asked shows its outcome when it arrives.
        g.scan(code);
        QTRY_COMPARE_WITH_TIMEOUT(g.kind("redeemPage"), QStringLiteral("success"), 15000);
        QCOMPARE(g.f.simulator->coupon(code)->state, QStringLiteral("USED"));
        QCOMPARE(rowsFor(g.f, code), qint64(1));

        // And the next scan is told this counter did it, in a success style, not turned away.
        const int successesBefore = g.sound.successes;
        g.scan(code);
        QTRY_VERIFY_WITH_TIMEOUT(
            g.headline("redeemPage").contains(QStringLiteral("This counter redeemed it at")), 10000);
        QCOMPARE(g.kind("redeemPage"), QStringLiteral("success"));
        QVERIFY(g.headline("redeemPage").contains(QStringLiteral("收银员小王")));
        QCOMPARE(g.sound.successes, successesBefore + 1);
    }

    void fullWidthScanIsConverted()
    {
        GuiFixture g;
        QVERIFY(g.open());
        const QString code = g.f.usable(4);
        QString fullWidth;
        for (const QChar c : code)
            fullWidth += QChar(c.unicode() - u'0' + 0xFF10); // a Chinese input method's ３９７８…
        QSignalSpy finished(g.window->redeemPage(), &RedeemPage::operationFinished);
        commitAndEnter(g.find<QLineEdit>("couponCodeEdit"),
            QStringLiteral(" ") + fullWidth + QStringLiteral("　")); // ideographic space too
        QVERIFY(finished.wait(10000));
        QCOMPARE(g.kind("redeemPage"), QStringLiteral("success"));
        QCOMPARE(g.f.simulator->coupon(code)->state, QStringLiteral("USED"));
        QVERIFY(g.find<QLabel>("couponCodeError")->text().isEmpty());
    }

    void badScanReplacesTheLastResult()
    {
        GuiFixture g;
        QVERIFY(g.open());
        QSignalSpy finished(g.window->redeemPage(), &RedeemPage::operationFinished);
        g.scan(g.f.usable(5));
        QVERIFY(finished.wait(10000));
        QCOMPARE(g.kind("redeemPage"), QStringLiteral("success"));
        QSignalSpy served(g.f.simulator.get(), &sim::Simulator::requestServed);

        commitAndEnter(g.find<QLineEdit>("couponCodeEdit"),
            QStringLiteral("AB") + QString::fromUtf8("\xF0\x9F\x8E\x81"));
        QCOMPARE(g.kind("redeemPage"), QStringLiteral("failure")); // the green result is gone
        QVERIFY(!g.find<QLabel>("couponCodeError")->text().isEmpty());
        g.find<QLineEdit>("couponCodeEdit")->clear();
        QTest::keyClick(g.find<QLineEdit>("couponCodeEdit"), Qt::Key_Return); // empty Enter
        QCOMPARE(g.kind("redeemPage"), QStringLiteral("failure"));
        QVERIFY(g.headline("redeemPage").contains(QStringLiteral("Coupon code")));
        g.scan(QString(40, QLatin1Char('7'))); // too long: told, not cut
        QVERIFY(g.headline("redeemPage").contains(QStringLiteral("too long")));
        QCOMPARE(served.count(), 0);
    }

    void f5WithoutOpenidShowsWhatTheCounterKnows()
    {
        GuiFixture g;
        QVERIFY(g.open());
        const QString code
            = QStringLiteral("gift_card_007"); // found automatically: a 404 from the first stock too
        QSignalSpy finished(g.window->redeemPage(), &RedeemPage::operationFinished);
        g.scan(code);
        QVERIFY(finished.wait(10000));
        QSignalSpy served(g.f.simulator.get(), &sim::Simulator::requestServed);
        QLineEdit *edit = g.find<QLineEdit>("couponCodeEdit");
        QTest::keyClicks(edit, code);
        QTest::keyClick(edit, Qt::Key_F5);
        QCOMPARE(g.kind("redeemPage"), QStringLiteral("info")); // never the redemption green
        QVERIFY(g.headline("redeemPage").contains(code));
        QVERIFY(g.headline("redeemPage").contains(QStringLiteral("Redeem · Succeeded (收银员小王)")));
        QVERIFY(!g.panel("redeemPage")->action().contains(QStringLiteral("Failed")));
        QVERIFY(g.panel("redeemPage")->action().contains(QStringLiteral("openid")));
        QCOMPARE(served.count(), 0); // answered from the journal, nothing sent
        QVERIFY(g.find<QLabel>("openidError")->text().isEmpty());

        // A code this counter has never seen.
        edit->clear();
        QTest::keyClicks(edit, g.f.usable(7));
        QTest::keyClick(edit, Qt::Key_F5);
        QCOMPARE(g.kind("redeemPage"), QStringLiteral("info"));
        QVERIFY(g.headline("redeemPage").contains(QStringLiteral("no record at this counter")));
    }

    void f5WithOpenidShowsTheLiveStateAsInformation()
    {
        GuiFixture g;
        QVERIFY(g.open());
        const QString code = g.f.usable(8);
        QTest::keyClicks(g.find<QLineEdit>("couponCodeEdit"), code);
        QTest::keyClicks(g.find<QLineEdit>("openidEdit"), g.f.openidOf(code));
        QTest::keyClick(g.find<QLineEdit>("openidEdit"), Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(g.kind("redeemPage"), QStringLiteral("info"), 10000);
        QVERIFY(g.headline("redeemPage").contains(QStringLiteral("Usable")));
        QCOMPARE(g.f.simulator->coupon(code)->state, QStringLiteral("SENDED")); // looking is not redeeming
    }

    void valueIsShownAndTheTillChecksTheOrder()
    {
        GuiFixture g;
        QVERIFY(g.open());
        QCheckBox *useAmount = g.find<QCheckBox>("amountCheck");
        useAmount->setChecked(true); // this shop checks order amounts (remembered)
        QLineEdit *code = g.find<QLineEdit>("couponCodeEdit");
        QLineEdit *amount = g.find<QLineEdit>("amountEdit");
        QVERIFY(amount->isVisible());
        QSignalSpy finished(g.window->redeemPage(), &RedeemPage::operationFinished);

        // Code, Tab, amount, Enter: ¥80 does not reach the 满100减20券's ¥100 → refused before sending.
        const QString first = g.f.usable(0);
        QTest::keyClicks(code, first);
        QTest::keyClick(code, Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), amount);
        QTest::keyClicks(amount, QStringLiteral("80"));
        QTest::keyClick(amount, Qt::Key_Return);
        QVERIFY(finished.wait(10000));
        QCOMPARE(g.kind("redeemPage"), QStringLiteral("failure"));
        QVERIFY(g.headline("redeemPage").contains(QStringLiteral("This order is ¥80.00, below the ¥100.00")));
        QCOMPARE(g.f.simulator->coupon(first)->state, QStringLiteral("SENDED"));

        // Typed before the scan: amount, Enter (back to the code field), then the scanner.
        QTest::mouseClick(amount, Qt::LeftButton);
        QTest::keyClicks(amount, QStringLiteral("128"));
        QTest::keyClick(amount, Qt::Key_Return);
        QCOMPARE(QApplication::focusWidget(), code);
        g.scan(first);
        QVERIFY(finished.wait(10000));
        QCOMPARE(g.kind("redeemPage"), QStringLiteral("success"));
        const QString action = g.panel("redeemPage")->action();
        QVERIFY2(action.contains(QStringLiteral("Collect ¥108.00")), qPrintable(action));
        QVERIFY(action.contains(QStringLiteral("满100减20券 · ¥20.00 off (orders from ¥100.00)")));
        QCOMPARE(amount->text(), QString()); // the next order starts empty
        history::JournalFilter f;
        f.codeExact = first;
        const history::JournalEntry row = g.f.session->journal().query(f, 0, 1).value().value(0);
        QCOMPARE(row.orderFen, std::optional<qint64>(12800)); // kept for the reports
        QCOMPARE(row.discountFen, std::optional<qint64>(2000));

        // A bad amount is an input error: nothing is sent.
        QTest::keyClicks(amount, QStringLiteral("12..5"));
        g.scan(g.f.usable(1));
        QCOMPARE(g.kind("redeemPage"), QStringLiteral("failure"));
        QVERIFY(!g.find<QLabel>("amountError")->text().isEmpty());
        QCOMPARE(g.f.simulator->coupon(g.f.usable(1))->state, QStringLiteral("SENDED"));
        useAmount->setChecked(false);
        QVERIFY(!amount->isVisible());
    }

    void historyFindsTheLastDigitsAndExportsAWorkbook()
    {
        GuiFixture g;
        QVERIFY(g.open());
        const QString code = g.f.usable(9);
        QSignalSpy finished(g.window->redeemPage(), &RedeemPage::operationFinished);
        g.scan(code);
        QVERIFY(finished.wait(10000));
        QTest::keyClick(g.window.get(), Qt::Key_F3);
        QTest::keyClicks(
            g.find<QLineEdit>("codeSearchEdit"), code.right(4)); // what a cashier reads off the phone
        QTRY_COMPARE(g.window->historyPage()->model()->rowCount(), 1);
        QCOMPARE(g.window->historyPage()->model()->entryAt(0)->couponCode, code);
        // WeChat Pay's time in the counter's clock, as the Time column (its own +08:00 text in the tooltip).
        JournalModel *model = g.window->historyPage()->model();
        const QModelIndex wechatTime = model->index(0, JournalModel::WechatTimeColumn);
        const QString raw = model->entryAt(0)->wechatTime;
        QCOMPARE(wechatTime.data(Qt::ToolTipRole).toString(), raw);
        QCOMPARE(wechatTime.data().toString(),
            QDateTime::fromString(raw, Qt::ISODate)
                .toLocalTime()
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));

        g.prompter.fileToSave = g.f.dir.filePath(QStringLiteral("history.xlsx"));
        QTest::mouseClick(g.find<QPushButton>("exportButton"), Qt::LeftButton);
        QTRY_COMPARE(g.prompter.informed.size(), 1);
        QVERIFY2(g.prompter.informed.first().startsWith(QStringLiteral("1 row(s) written")),
            qPrintable(g.prompter.informed.first()));
        QFile xlsx(g.prompter.fileToSave);
        QVERIFY(xlsx.open(QIODevice::ReadOnly));
        QVERIFY(xlsx.read(2) == "PK"); // a zip: an Excel workbook, not CSV text
    }

    void statusBarTellsTheTruthDuringAnOutage()
    {
        GuiFixture g;
        QVERIFY(g.open(500));
        QLabel *status = g.find<QLabel>("connectionLabel");
        QSignalSpy finished(g.window->redeemPage(), &RedeemPage::operationFinished);
        g.scan(g.f.usable(10));
        QVERIFY(finished.wait(10000));
        QVERIFY2(
            status->text().contains(QStringLiteral("WeChat Pay answered at")), qPrintable(status->text()));

        // The line goes down: every connection is dropped before an answer.
        sim::FaultSpec drop;
        drop.endpoint = QStringLiteral("*");
        drop.kind = sim::FaultKind::DropBefore;
        drop.count = 100;
        g.f.simulator->addFault(drop);
        g.scan(g.f.usable(11));
        QVERIFY(finished.wait(15000));
        QVERIFY2(status->text().contains(QStringLiteral("WeChat Pay unreachable since")),
            qPrintable(status->text()));

        // Back up: the next answered call says so.
        g.f.simulator->clearFaults();
        g.scan(g.f.usable(12));
        QVERIFY(finished.wait(10000));
        QTRY_VERIFY(status->text().contains(QStringLiteral("WeChat Pay answered at")));
    }

    void nothingIsCutOnA1024Screen_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
        QTest::newRow("en") << QStringLiteral("en");
    }

    // Many counters have a 1024×768 screen: every page fits, no button, label or hint is cut, and the
    // sidebar keeps its width whatever the pages show.
    void nothingIsCutOnA1024Screen()
    {
        QFETCH(QString, language);
        std::vector<std::unique_ptr<QTranslator>> keep;
        QVERIFY(gui::installTranslations(language, keep));
        GuiFixture g;
        QVERIFY(g.open());
        g.window->resize(1024, 720);
        QTRY_VERIFY(g.window->width() <= 1024); // the layouts' minimum fits the screen
        QListWidget *nav = g.find<QListWidget>("navList");
        const int navWidth = nav->width();
        QCOMPARE(nav->item(0)->text().contains(QStringLiteral("核销")), language == QStringLiteral("zh_CN"));
        const QFontMetrics navFont(nav->font());
        for (int i = 0; i < nav->count(); ++i)
            QVERIFY2(
                navFont.horizontalAdvance(nav->item(i)->text()) + nav->iconSize().width() + 24 <= navWidth,
                qPrintable(nav->item(i)->text()));

        auto checkNothingCut = [&](QWidget *root, const QString &where) {
            for (QAbstractButton *b : root->findChildren<QAbstractButton *>())
                if (b->isVisible() && !b->text().isEmpty())
                    QVERIFY2(b->width() >= b->sizeHint().width(),
                        qPrintable(where + QStringLiteral(": ") + b->text()));
            for (QLineEdit *e : root->findChildren<QLineEdit *>())
                if (e->isVisible() && !e->placeholderText().isEmpty())
                    QVERIFY2(
                        QFontMetrics(e->font()).horizontalAdvance(e->placeholderText()) + 16 <= e->width(),
                        qPrintable(where + QStringLiteral(": ") + e->placeholderText()));
            for (QLabel *l : root->findChildren<QLabel *>())
                if (l->isVisible() && !l->wordWrap() && !l->text().isEmpty()
                    && !l->text().startsWith(QLatin1Char('<')))
                    QVERIFY2(l->width() >= l->minimumSizeHint().width(),
                        qPrintable(where + QStringLiteral(": ") + l->text()));
        };
        g.prompter.pin = QStringLiteral("2468");
        for (int page = 0; page < nav->count(); ++page) {
            g.window->showPage(page);
            QApplication::processEvents();
            QCOMPARE(nav->width(), navWidth);
            checkNothingCut(g.window.get(), nav->item(page)->text());
            if (QTest::currentTestFailed())
                return;
        }
        // A long result does not move the sidebar either.
        g.window->showPage(MainWindow::RedeemIndex);
        QSignalSpy finished(g.window->redeemPage(), &RedeemPage::operationFinished);
        g.scan(QStringLiteral("000000000000"));
        QVERIFY(finished.wait(10000));
        QApplication::processEvents();
        QCOMPARE(nav->width(), navWidth);
        QVERIFY(g.window->width() <= 1024);
        checkNothingCut(g.window->statusBar(), QStringLiteral("status bar"));
        // The result panel got the height its text needs (it paints the text itself).
        QVERIFY(g.panel("redeemPage")->height() >= g.panel("redeemPage")->sizeHint().height());
    }

    void qtsOwnDialogsSpeakChinese()
    {
        // OK/Cancel, Yes/No and the file dialog come from Qt: its zh_CN translation must load too.
        std::vector<std::unique_ptr<QTranslator>> keep;
        QVERIFY(gui::installTranslations(QStringLiteral("zh_CN"), keep));
        {
            QDialogButtonBox box(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Yes);
            QVERIFY2(box.button(QDialogButtonBox::Cancel)->text().contains(QStringLiteral("取消")),
                qPrintable(box.button(QDialogButtonBox::Cancel)->text()));
            QVERIFY(box.button(QDialogButtonBox::Yes)->text().contains(QStringLiteral("是")));
        }
        QVERIFY(gui::installTranslations(QStringLiteral("en"), keep));
        QVERIFY(keep.empty());
        QDialogButtonBox english(QDialogButtonBox::Cancel);
        QVERIFY(english.button(QDialogButtonBox::Cancel)->text().contains(QStringLiteral("Cancel")));
    }
};

QTEST_MAIN(TestGuiCounterFlow)
#include "test_gui_counter_flow.moc"
