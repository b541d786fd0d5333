// GUI tests: real widgets found by object name, driven with the keyboard, against the in-process
// simulator through the whole stack (desk, journal file, signed HTTP).
#include "../integration/desk/bulkseed.h"
#include "guifixture.h"

#include "gui/bulkvoiddialog.h"

#include "gui/historypage.h"
#include "gui/mainwindow.h"
#include "gui/redeempage.h"
#include "gui/resultpanel.h"
#include "gui/settingspage.h"
#include "gui/voidpage.h"

#include "history/journal.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTcpServer>
#include <QTest>
#include <QToolButton>

using namespace guitest;

class TestGuiCounter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { Q_INIT_RESOURCE(coupondesk); }

    void scanAndEnterRedeems()
    {
        GuiFixture g;
        QVERIFY(g.open());
        QCOMPARE(g.window->currentPage(), int(MainWindow::RedeemIndex));
        QCOMPARE(QApplication::focusWidget(), g.find<QLineEdit>("couponCodeEdit")); // focus on start
        const QString code = g.f.usable();
        g.chooseStock(g.f.stockOf(code));
        QSignalSpy finished(g.window->redeemPage(), &RedeemPage::operationFinished);
        QElapsedTimer enterToResult;
        enterToResult.start();
        g.scan(code);
        QVERIFY(finished.wait(10000));
        qInfo("Enter to result on the simulator: %lld ms (figure, not a check)",
            static_cast<long long>(enterToResult.elapsed()));
        QCOMPARE(g.kind("redeemPage"), QStringLiteral("success"));
        QVERIFY(g.headline("redeemPage").contains(QStringLiteral("Coupon redeemed")));
        QCOMPARE(g.sound.successes, 1);
        QCOMPARE(g.find<QLineEdit>("couponCodeEdit")->text(), QString()); // ready for the next scan
        QCOMPARE(QApplication::focusWidget(), g.find<QLineEdit>("couponCodeEdit"));
        QCOMPARE(g.f.simulator->coupon(code)->state, QStringLiteral("USED"));

        // and it is in History
        QTest::keyClick(g.window.get(), Qt::Key_F3);
        QCOMPARE(g.window->currentPage(), int(MainWindow::HistoryIndex));
        QTest::keyClicks(
            g.find<QLineEdit>("codeSearchEdit"), code.right(4)); // the last digits, as a cashier reads them
        QTRY_VERIFY(g.window->historyPage()->model()->rowCount() >= 1);
        bool found = false;
        for (int r = 0; r < g.window->historyPage()->model()->rowCount(); ++r)
            found = found || g.window->historyPage()->model()->entryAt(r)->couponCode == code;
        QVERIFY(found);
    }

    void usedCouponShowsRed()
    {
        GuiFixture g;
        QVERIFY(g.open());
        const QString code = g.f.noted(QStringLiteral("已核销"));
        g.redeem(code);
        QTRY_COMPARE(g.kind("redeemPage"), QStringLiteral("failure"));
        QVERIFY(g.headline("redeemPage").contains(QStringLiteral("already redeemed")));
        QCOMPARE(g.sound.failures, 1);
    }

    void badInputIsMarkedAndNothingSent()
    {
        GuiFixture g;
        QVERIFY(g.open());
        QSignalSpy served(g.f.simulator.get(), &sim::Simulator::requestServed);
        g.scan(QStringLiteral("12'; DROP TABLE journal;--"));
        QVERIFY(!g.find<QLabel>("couponCodeError")->text().isEmpty());
        QCOMPARE(served.count(), 0);
        QCOMPARE(g.f.session->journal().count({}).value(), qint64(0));
    }

    void secondEnterWhileBusyDoesNothing()
    {
        GuiFixture g;
        QVERIFY(g.open());
        sim::FaultSpec slow;
        slow.endpoint = QStringLiteral("use");
        slow.kind = sim::FaultKind::Delay;
        slow.delayMs = 400;
        g.f.simulator->addFault(slow);
        const QString code = g.f.usable();
        g.redeem(code);
        QVERIFY(g.panel("redeemPage")->isBusy());
        QTest::keyClick(g.find<QLineEdit>("couponCodeEdit"), Qt::Key_Return);
        QTest::keyClick(g.find<QLineEdit>("couponCodeEdit"), Qt::Key_Return);
        QTRY_COMPARE(g.kind("redeemPage"), QStringLiteral("success"));
        QCOMPARE(g.f.session->journal().count({}).value(), qint64(1));
    }

    void timeoutShowsAmberThenSettles()
    {
        GuiFixture g;
        QVERIFY(g.open(500));
        g.leaveRedemptionsUnanswered(4); // every attempt of the first run, each until the 500 ms timeout
        const QString code = g.f.usable();
        g.redeem(code);
        QTRY_COMPARE(g.kind("redeemPage"), QStringLiteral("pending"));
        QVERIFY(g.headline("redeemPage").contains(QStringLiteral("checking")));
        QTRY_VERIFY_WITH_TIMEOUT(!g.panel("redeemPage")->isBusy(), 15000);
        QCOMPARE(g.kind("redeemPage"), QStringLiteral("pending")); // still unconfirmed after the retries
        QTRY_VERIFY(g.find<QLabel>("unsettledBanner")->isVisible());
        QCOMPARE(g.f.session->journal().query({}, 0, 1)->first().state, history::State::Uncertain);
        // The background settling confirms it; the amber result turns green by itself.
        desk::Task *t = g.f.session->desk().settleAll();
        QSignalSpy done(t, &desk::Task::finished);
        QVERIFY(done.wait(10000));
        QTRY_COMPARE(g.kind("redeemPage"), QStringLiteral("success"));
        QTRY_VERIFY(!g.find<QLabel>("unsettledBanner")->isVisible());
        QCOMPARE(g.f.simulator->coupon(code)->state, QStringLiteral("USED"));
    }

    void historyShowsScansMadeWhileItWasHidden()
    {
        // The History page reads the journal when it is shown, not behind every scan at the counter.
        GuiFixture g;
        QVERIFY(g.open());
        QTest::keyClick(g.window.get(), Qt::Key_F3);
        QCOMPARE(g.window->historyPage()->model()->rowCount(), 0);
        QTest::keyClick(g.window.get(), Qt::Key_F1);
        const QString code = g.f.usable(2);
        QSignalSpy finished(g.window->redeemPage(), &RedeemPage::operationFinished);
        g.scan(code);
        QVERIFY(finished.wait(10000));
        QCoreApplication::processEvents(); // whatever the scan left queued has run
        QCOMPARE(g.window->historyPage()->model()->rowCount(), 0); // not re-read behind the scan
        QTest::keyClick(g.window.get(), Qt::Key_F3); // read when shown, at once
        QCOMPARE(g.window->historyPage()->model()->rowCount(), 1);
        QCOMPARE(g.window->historyPage()->model()->entryAt(0)->couponCode, code);
    }

    void historySettleByHand()
    {
        GuiFixture g;
        QVERIFY(g.open(400));
        g.leaveRedemptionsUnanswered(100);
        const QString code = g.f.usable();
        g.redeem(code);
        QTRY_VERIFY_WITH_TIMEOUT(!g.panel("redeemPage")->isBusy(), 15000);
        QTest::keyClick(g.window.get(), Qt::Key_F3);
        QTRY_VERIFY(g.window->historyPage()->model()->rowCount() == 1);
        g.find<QTableView>("historyTable")->selectRow(0);
        QPushButton *byHand = g.find<QPushButton>("manualSettleButton");
        QVERIFY(byHand->isEnabled());
        g.prompter.pin = QStringLiteral("2468");
        g.prompter.choice = 1; // "it did not go through"
        QTest::mouseClick(byHand, Qt::LeftButton);
        QTRY_COMPARE(g.f.session->journal().query({}, 0, 1)->first().state, history::State::Failed);
        QCOMPARE(g.f.session->journal().query({}, 0, 1)->first().settledBy, history::SettledBy::Manual);
        QTRY_VERIFY(!g.find<QLabel>("unsettledBanner")->isVisible());
    }

    void voidNeedsTheRightPin()
    {
        GuiFixture g;
        QVERIFY(g.open());
        QTest::keyClick(g.window.get(), Qt::Key_F2);
        QCOMPARE(g.window->currentPage(), int(MainWindow::VoidIndex));
        const QString code = g.f.usable();
        QComboBox *stock = g.find<QComboBox>("voidStockCombo");
        stock->setCurrentIndex(stock->findData(g.f.stockOf(code)));
        QTest::keyClicks(g.find<QLineEdit>("voidCodeEdit"), code);
        g.find<QLineEdit>("reasonEdit")
            ->setText(QStringLiteral("活动配置错误")); // an input method, not key presses
        QCOMPARE(g.find<QLabel>("reasonCounter")->text(), QStringLiteral("6/64"));

        g.prompter.pin = QStringLiteral("0000");
        QTest::mouseClick(g.find<QPushButton>("voidButton"), Qt::LeftButton);
        QCOMPARE(g.prompter.pinAsked, 1);
        QCOMPARE(g.f.session->journal().count({}).value(), qint64(0)); // refused: nothing sent
        QCOMPARE(g.f.simulator->coupon(code)->state, QStringLiteral("SENDED"));

        g.prompter.pin = QStringLiteral("2468");
        QTest::mouseClick(g.find<QPushButton>("voidButton"), Qt::LeftButton);
        QCOMPARE(g.prompter.confirmations, 1);
        QTRY_COMPARE(g.kind("voidPage"), QStringLiteral("success"));
        QCOMPARE(g.f.simulator->coupon(code)->state, QStringLiteral("DEACTIVATED"));
        auto rows = g.f.session->journal().query({}, 0, 10);
        QCOMPARE(rows->first().staff, QStringLiteral("m01"));
    }

    void emojiReasonRefused()
    {
        GuiFixture g;
        QVERIFY(g.open());
        g.window->showPage(MainWindow::VoidIndex);
        QTest::keyClicks(g.find<QLineEdit>("voidCodeEdit"), g.f.usable());
        g.find<QLineEdit>("reasonEdit")->setText(QString::fromUtf8("发错了\xF0\x9F\x98\x80"));
        g.prompter.pin = QStringLiteral("2468");
        QTest::mouseClick(g.find<QPushButton>("voidButton"), Qt::LeftButton);
        QVERIFY(g.find<QLabel>("reasonError")->text().contains(QStringLiteral("emoji")));
        QCOMPARE(g.prompter.pinAsked, 0);
    }

    void settingsRejectMismatchedKeyAndCertificate()
    {
        GuiFixture g;
        QVERIFY(g.open());
        QTest::keyClick(g.window.get(), Qt::Key_F4);
        SettingsPage *page = g.window->settingsPage();
        QVERIFY(!page->isUnlocked()); // a manager PIN is needed first
        g.prompter.pin = QStringLiteral("2468");
        QTest::mouseClick(g.find<QPushButton>("unlockButton"), Qt::LeftButton);
        QVERIFY(page->isUnlocked());

        // A certificate made for another key.
        auto otherKey = wechatpay::PrivateKey::generateRsa(2048).value();
        const QString certPath = g.f.dir.filePath(QStringLiteral("other_cert.pem"));
        QFile cf(certPath);
        QVERIFY(cf.open(QIODevice::WriteOnly));
        cf.write(wechatpay::Certificate::createSelfSigned(otherKey, {}).value().toPem());
        cf.close();
        QLineEdit *cert = g.find<QLineEdit>("certEdit");
        cert->setText(certPath);
        QSignalSpy saved(page, &SettingsPage::settingsSaved);
        QTest::mouseClick(g.find<QPushButton>("saveButton"), Qt::LeftButton);
        QCOMPARE(saved.count(), 0);
        QVERIFY2(g.find<QLabel>("settingsMessage")->text().contains(QStringLiteral("does not belong")),
            qPrintable(g.find<QLabel>("settingsMessage")->text()));

        // Back to the right certificate: saved, and the serial is read from it.
        cert->setText(g.f.settings.certFile);
        QTest::mouseClick(g.find<QPushButton>("saveButton"), Qt::LeftButton);
        QCOMPARE(saved.count(), 1);
        QVERIFY(g.find<QLabel>("certSerialLabel")->text().startsWith(g.f.simulator->merchantCertSerial()));

        QSignalSpy tested(page, &SettingsPage::connectionTested);
        QTest::mouseClick(g.find<QPushButton>("testConnectionButton"), Qt::LeftButton);
        QVERIFY(tested.wait(10000));
        QVERIFY2(tested.first().at(0).toBool(), qPrintable(tested.first().at(1).toString()));
        QVERIFY(tested.first().at(1).toString().contains(QStringLiteral("verified")));
        QVERIFY(
            tested.first().at(1).toString().contains(QStringLiteral("Network: the system's proxy settings")));

        // The proxy, under Advanced: a wrong one is named in the test's answer; garbage is refused.
        quint16 closedPort = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            closedPort = probe.serverPort();
        }
        g.find<QLineEdit>("proxyEdit")->setText(QStringLiteral("http://127.0.0.1:%1").arg(closedPort));
        tested.clear();
        QTest::mouseClick(g.find<QPushButton>("testConnectionButton"), Qt::LeftButton);
        QVERIFY(tested.wait(15000));
        const QString proxyReport = tested.first().at(1).toString();
        QVERIFY2(!tested.first().at(0).toBool(), qPrintable(proxyReport));
        QVERIFY2(proxyReport.contains(QStringLiteral("Network: proxy 127.0.0.1:%1").arg(closedPort)),
            qPrintable(proxyReport));
        g.find<QLineEdit>("proxyEdit")->setText(QStringLiteral("the office proxy"));
        QTest::mouseClick(g.find<QPushButton>("saveButton"), Qt::LeftButton);
        QCOMPARE(saved.count(), 1);
        QVERIFY2(g.find<QLabel>("settingsMessage")->text().contains(QStringLiteral("http://host:port")),
            qPrintable(g.find<QLabel>("settingsMessage")->text()));
    }

    void bulkVoidFromAFile()
    {
        GuiFixture g;
        sim::SimulatorOptions o;
        o.seedJson = bulktest::bulkSeedJson(30);
        QVERIFY(g.open(2000, o));
        QByteArray csv = bulktest::bulkCsv(1, 30);
        csv += "BAD CODE 😀," + bulktest::kBulkStock.toUtf8() + "\r\n";
        const QString file = g.f.dir.filePath(QStringLiteral("void.csv"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(csv);
        out.close();

        g.prompter.pin = QStringLiteral("2468");
        g.window->showPage(MainWindow::VoidIndex);
        QTest::mouseClick(g.find<QPushButton>("bulkButton"), Qt::LeftButton);
        auto *dialog = g.window->findChild<BulkVoidDialog *>(QStringLiteral("bulkVoidDialog"));
        QVERIFY(dialog);
        dialog->findChild<QLineEdit *>(QStringLiteral("bulkReasonEdit"))->setText(QStringLiteral("批次发错"));
        dialog->loadFile(file);
        QCOMPARE(dialog->preview().validCount(), 30);
        QCOMPARE(dialog->preview().invalidCount(), 1);
        auto *startButton = dialog->findChild<QPushButton *>(QStringLiteral("bulkStartButton"));
        QVERIFY(!startButton->isEnabled()); // nothing is sent while the file has errors…
        dialog->findChild<QCheckBox *>(QStringLiteral("bulkExcludeCheck"))->setChecked(true);
        QVERIFY(startButton->isEnabled()); // …unless they are excluded
        QSignalSpy finished(dialog, &BulkVoidDialog::jobFinished);
        QTest::mouseClick(startButton, Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        const auto summary = finished.first().first().value<desk::BulkSummary>();
        QCOMPARE(summary.voided, 30);
        QCOMPARE(summary.skippedInvalid, 1);
        for (int i = 1; i <= 30; ++i)
            QCOMPARE(g.f.simulator->coupon(bulktest::bulkCode(i))->state, QStringLiteral("DEACTIVATED"));
        QVERIFY(dialog->findChild<QPushButton *>(QStringLiteral("bulkReportButton"))->isEnabled());
        dialog->close();
    }

    void settingsCheckKeyFilesAtOnceAndKeepAddressesUnderAdvanced()
    {
        GuiFixture g;
        QVERIFY(g.open());
        QTest::keyClick(g.window.get(), Qt::Key_F4);
        SettingsPage *page = g.window->settingsPage();
        g.prompter.pin = QStringLiteral("2468");
        QTest::mouseClick(g.find<QPushButton>("unlockButton"), Qt::LeftButton);
        QVERIFY(page->isUnlocked());
        // The configured files load and belong together.
        QLabel *keyStatus = g.find<QLabel>("privateKeyStatus");
        QLabel *certStatus = g.find<QLabel>("certStatus");
        QLabel *pubStatus = g.find<QLabel>("publicKeyStatus");
        QCOMPARE(keyStatus->text(), QStringLiteral("Private key loaded."));
        QVERIFY2(certStatus->text().startsWith(QStringLiteral("Matches the private key")),
            qPrintable(certStatus->text()));

        // A certificate made for another key, chosen in the file dialog: said at once, before saving.
        auto otherKey = wechatpay::PrivateKey::generateRsa(2048).value();
        const QString otherCert = g.f.dir.filePath(QStringLiteral("other_cert.pem"));
        QFile cf(otherCert);
        QVERIFY(cf.open(QIODevice::WriteOnly));
        cf.write(wechatpay::Certificate::createSelfSigned(otherKey, {}).value().toPem());
        cf.close();
        g.prompter.fileToOpen = otherCert;
        QTest::mouseClick(g.find<QPushButton>("certBrowse"), Qt::LeftButton);
        QCOMPARE(QDir::fromNativeSeparators(g.find<QLineEdit>("certEdit")->text()), otherCert);
        QVERIFY2(certStatus->text().contains(QStringLiteral("Does not belong to this private key")),
            qPrintable(certStatus->text()));
        g.prompter.fileToOpen = g.f.settings.certFile;
        QTest::mouseClick(g.find<QPushButton>("certBrowse"), Qt::LeftButton);
        QVERIFY2(certStatus->text().startsWith(QStringLiteral("Matches the private key")),
            qPrintable(certStatus->text()));
        QVERIFY(g.find<QLabel>("certSerialLabel")->text().startsWith(g.f.simulator->merchantCertSerial()));

        // A typed path that does not load: said when Enter is pressed.
        QLineEdit *keyEdit = g.find<QLineEdit>("privateKeyEdit");
        keyEdit->clear();
        QTest::keyClicks(keyEdit, g.f.dir.filePath(QStringLiteral("missing_key.pem")));
        QTest::keyClick(keyEdit, Qt::Key_Return);
        QVERIFY(keyStatus->text() != QStringLiteral("Private key loaded."));
        QVERIFY(!keyStatus->text().isEmpty());
        // The WeChat Pay public key file: a certificate is not a public key; the public key is.
        g.prompter.fileToOpen = g.f.settings.certFile;
        QTest::mouseClick(g.find<QPushButton>("publicKeyBrowse"), Qt::LeftButton);
        QVERIFY(!pubStatus->text().isEmpty());
        QVERIFY(pubStatus->text() != QStringLiteral("WeChat Pay public key loaded."));
        const QString pubPath = g.f.dir.filePath(QStringLiteral("pub_key.pem"));
        QFile pf(pubPath);
        QVERIFY(pf.open(QIODevice::WriteOnly));
        pf.write(g.f.simulator->merchantCertificate().publicKey().toPem());
        pf.close();
        g.prompter.fileToOpen = pubPath;
        QTest::mouseClick(g.find<QPushButton>("publicKeyBrowse"), Qt::LeftButton);
        QCOMPARE(pubStatus->text(), QStringLiteral("WeChat Pay public key loaded."));
        keyEdit->setText(g.f.settings.privateKeyFile);
        g.find<QLineEdit>("publicKeyEdit")->setText(g.f.settings.publicKeyFile);

        // Addresses and timeouts wait under "Advanced", folded away until opened.
        QWidget *advanced = g.find<QWidget>("advancedBox");
        QVERIFY(advanced->isHidden());
        QTest::mouseClick(g.find<QToolButton>("advancedToggle"), Qt::LeftButton);
        QVERIFY(!advanced->isHidden());
        QVERIFY(g.find<QLineEdit>("apiHostEdit")->isVisibleTo(advanced));
        QSpinBox *total = g.find<QSpinBox>("totalTimeoutSpin");
        QCOMPARE(total->value(), g.f.settings.totalTimeoutMs);
        total->setValue(20000);
        QSignalSpy saved(page, &SettingsPage::settingsSaved);
        QTest::mouseClick(g.find<QPushButton>("saveButton"), Qt::LeftButton);
        QVERIFY2(saved.count() == 1, qPrintable(g.find<QLabel>("settingsMessage")->text()));
        QCOMPARE(desk::Settings::read(g.ctx.settingsPath).totalTimeoutMs, 20000);
        QCOMPARE(desk::Settings::read(g.ctx.settingsPath).baseUrl, g.f.settings.baseUrl);
    }

    void aCashierWithAPinGoesOnDutyOnlyWithIt()
    {
        GuiFixture g;
        g.extraStaff = { { QStringLiteral("c02"), QStringLiteral("收银员小李"), desk::Role::Cashier,
            desk::hashPin(QStringLiteral("1357"), 1000) } };
        QVERIFY(g.open());
        QComboBox *staff = g.find<QComboBox>("staffCombo");
        QCOMPARE(staff->count(), 3);
        QCOMPARE(g.window->staffOnDuty().member.id, QStringLiteral("c01")); // no PIN: on duty as before

        // Choosing 小李 asks for her PIN; a wrong one keeps 小王 on duty.
        staff->setFocus();
        QTest::keyClick(staff, Qt::Key_End); // the last entry: c02
        QPointer<QDialog> dialog = g.window->findChild<QDialog *>(QStringLiteral("dutyPinDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(staff->currentData().toString(), QStringLiteral("c01"));
        QLineEdit *pin = dialog->findChild<QLineEdit *>(QStringLiteral("pinEdit"));
        QTest::keyClicks(pin, QStringLiteral("0000"));
        QTest::keyClick(pin, Qt::Key_Return);
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("pinMessage"))
                    ->text()
                    .contains(QStringLiteral("Wrong PIN")));
        QCOMPARE(g.window->staffOnDuty().member.id, QStringLiteral("c01"));
        QTest::keyClick(pin, Qt::Key_Escape);
        QTRY_VERIFY(!dialog);
        QCOMPARE(staff->currentData().toString(), QStringLiteral("c01"));

        // The right PIN: she is on duty (her operations are journaled under c02).
        QTest::keyClick(staff, Qt::Key_End);
        dialog = g.window->findChild<QDialog *>(QStringLiteral("dutyPinDialog"));
        QVERIFY(dialog);
        pin = dialog->findChild<QLineEdit *>(QStringLiteral("pinEdit"));
        QTest::keyClicks(pin, QStringLiteral("1357"));
        QTest::keyClick(pin, Qt::Key_Return);
        QTRY_VERIFY(!dialog);
        QCOMPARE(staff->currentData().toString(), QStringLiteral("c02"));
        QCOMPARE(g.window->staffOnDuty().member.id, QStringLiteral("c02"));

        // Back to 小王 (no PIN): no question.
        QTest::keyClick(staff, Qt::Key_Home);
        QVERIFY(!g.window->findChild<QDialog *>(QStringLiteral("dutyPinDialog")));
        QCOMPARE(g.window->staffOnDuty().member.id, QStringLiteral("c01"));
    }

    void theFirstStartSetsUpAManagerBeforeSettingsCanChange()
    {
        GuiFixture g;
        g.withoutStaff = true;
        QVERIFY(g.open());
        SettingsPage *page = g.window->settingsPage();
        QSignalSpy saved(page, &SettingsPage::settingsSaved);
        QTest::keyClick(g.window.get(), Qt::Key_F4);
        QTRY_VERIFY(g.window->findChild<QDialog *>(QStringLiteral("firstManagerDialog")));
        QPointer<QDialog> dialog = g.window->findChild<QDialog *>(QStringLiteral("firstManagerDialog"));
        QVERIFY(!page->isUnlocked()); // nothing can be changed before a manager exists
        auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("managerNameEdit"));
        auto *pin = dialog->findChild<QLineEdit *>(QStringLiteral("managerPinEdit"));
        auto *again = dialog->findChild<QLineEdit *>(QStringLiteral("managerPinAgainEdit"));
        QCOMPARE(
            dialog->findChild<QLineEdit *>(QStringLiteral("managerIdEdit"))->text(), QStringLiteral("m01"));
        QTest::keyClicks(name, QStringLiteral("Manager Wang"));
        QTest::keyClicks(pin, QStringLiteral("5678"));
        QTest::keyClicks(again, QStringLiteral("5679"));
        QTest::keyClick(again, Qt::Key_Return);
        QVERIFY(dialog); // the two PINs differ: stays open and says so
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("firstManagerMessage"))
                    ->text()
                    .contains(QStringLiteral("differ")));
        QVERIFY(!page->isUnlocked());
        QTest::keyClicks(pin, QStringLiteral("5678"));
        QTest::keyClicks(again, QStringLiteral("5678"));
        QTest::keyClick(again, Qt::Key_Return);
        QTRY_VERIFY(!dialog);
        QVERIFY(page->isUnlocked());
        // Kept at once, the PIN as a hash only.
        QCOMPARE(saved.count(), 1);
        const desk::Settings s = desk::Settings::read(g.ctx.settingsPath);
        QCOMPARE(s.staff.size(), 1);
        QCOMPARE(s.staff.first().id, QStringLiteral("m01"));
        QCOMPARE(s.staff.first().name, QStringLiteral("Manager Wang"));
        QCOMPARE(s.staff.first().role, desk::Role::Manager);
        QVERIFY(desk::pinMatches(QStringLiteral("5678"), s.staff.first().pinHash));
        QVERIFY(!QString::fromUtf8([&] {
            QFile f(g.ctx.settingsPath);
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }())
                     .contains(QStringLiteral("5678")));
    }

    void demoModeIsNeverHeldUpByTheFirstManagerQuestion()
    {
        GuiFixture g;
        g.withoutStaff = true;
        g.ctx.demo = true;
        QVERIFY(g.open());
        QTest::keyClick(g.window.get(), Qt::Key_F4);
        QCoreApplication::processEvents(); // where the question would be asked (a zero timer after showing)
        QCoreApplication::processEvents();
        QVERIFY(!g.window->findChild<QDialog *>(QStringLiteral("firstManagerDialog")));
        QVERIFY(g.window->settingsPage()->isUnlocked());
    }

    void bulkVoidRerunOfAFinishedFileCountsWhatIsReallySent()
    {
        GuiFixture g;
        sim::SimulatorOptions o;
        o.seedJson = bulktest::bulkSeedJson(19);
        QVERIFY(g.open(2000, o));
        const QString file = g.f.dir.filePath(QStringLiteral("void19.csv"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bulktest::bulkCsv(1, 19));
        out.close();
        g.prompter.pin = QStringLiteral("2468");
        g.window->showPage(MainWindow::VoidIndex);
        for (int run = 0; run < 2; ++run) {
            QTest::mouseClick(g.find<QPushButton>("bulkButton"), Qt::LeftButton);
            QPointer<BulkVoidDialog> dialog
                = g.window->findChild<BulkVoidDialog *>(QStringLiteral("bulkVoidDialog"));
            QVERIFY(dialog);
            QLineEdit *reason = dialog->findChild<QLineEdit *>(QStringLiteral("bulkReasonEdit"));
            reason->clear();
            QTest::keyClicks(reason, QStringLiteral("wrong stock"));
            QTest::keyClick(reason, Qt::Key_Return);
            dialog->loadFile(file);
            QSignalSpy finished(dialog.data(), &BulkVoidDialog::jobFinished);
            QTest::mouseClick(
                dialog->findChild<QPushButton *>(QStringLiteral("bulkStartButton")), Qt::LeftButton);
            QVERIFY(finished.wait(60000));
            QCOMPARE(finished.first().first().value<desk::BulkSummary>().voided, 19);
            QCOMPARE(g.prompter.confirmTexts.last(),
                run == 0 ? QStringLiteral("Void 19 coupons now? This cannot be undone.")
                         : QStringLiteral(
                             "19 of 19 coupons already handled: nothing to send. Show their results?"));
            QCOMPARE(finished.first().first().value<desk::BulkSummary>().sentThisRun, run == 0 ? 19 : 0);
            dialog->close();
            delete dialog;
        }
    }

    void statusBarShowsModeAndConnection()
    {
        GuiFixture g;
        QVERIFY(g.open());
        QCOMPARE(g.find<QLabel>("statusModeLabel")->text(), QStringLiteral("LIVE"));
        QTRY_VERIFY(g.find<QLabel>("connectionLabel")->text().contains(QStringLiteral("no call yet")));
        QVERIFY(g.find<QComboBox>("staffCombo")->count() == 2);
        // a redeem reports the clock difference
        const QString code = g.f.usable();
        g.redeem(code);
        QTRY_VERIFY(g.find<QLabel>("skewLabel")->text().contains(QStringLiteral("s")));
        QVERIFY(g.window->aboutText().contains(QStringLiteral(COUPONDESK_VERSION)));
        QVERIFY(g.window->aboutText().contains(QStringLiteral("MIT")));
        QVERIFY(g.window->aboutText().contains(QStringLiteral("F9 End shift")));
    }
};

QTEST_MAIN(TestGuiCounter)
#include "test_gui_counter.moc"
