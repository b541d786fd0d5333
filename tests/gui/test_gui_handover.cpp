// The shift handover in the real window (issue 19), by keyboard: coupons scanned, F9, the manager's
// PIN typed, the summary shows the shift's totals (equal to the report of that period), the slip saved
// as a 58 mm PDF (pdfinfo, pdftotext); Shift+F9 shows the past handover, saved again marked REPRINT;
// a cashier with a PIN of their own confirms their own shift. The dialog is screenshotted in Chinese.
#include "guifixture.h"

#include "desk/money.h"
#include "gui/handoverdialog.h"
#include "gui/handoverflow.h"
#include "gui/redeempage.h"
#include "gui/translations.h"

#include <QApplication>
#include <QDir>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTableWidget>

using namespace guitest;

namespace {

QString tool(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    p.waitForFinished(30000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

QDialog *waitForDialog(MainWindow *window, const char *name)
{
    QDialog *d = nullptr;
    const bool visible = QTest::qWaitFor(
        [&] {
            d = window->findChild<QDialog *>(QString::fromLatin1(name));
            return d && d->isVisible();
        },
        10000);
    return visible ? d : nullptr;
}

// The PIN typed as a person does, then Enter.
void typePin(QDialog *pinDialog, const QString &pin)
{
    QVERIFY(pinDialog);
    auto *edit = pinDialog->findChild<QLineEdit *>(QStringLiteral("pinEdit"));
    QVERIFY(edit);
    QTest::keyClicks(edit, pin);
    QTest::keyClick(edit, Qt::Key_Return);
}

// A button pressed from the keyboard: focus, then Space.
void pressButton(QWidget *dialog, const char *name)
{
    auto *button = dialog->findChild<QPushButton *>(QString::fromLatin1(name));
    QVERIFY(button);
    button->setFocus();
    QTest::keyClick(button, Qt::Key_Space);
}

} // namespace

class TestGuiHandover : public QObject
{
    Q_OBJECT

    // Redemptions stamped a few seconds back on the counter's clock, so the handover that follows
    // (whole seconds, like the journal's rows) counts them all.
    void redeem(GuiFixture &g, int count)
    {
        g.f.clientClock.setOffset(-5);
        const auto restore = qScopeGuard([&g] { g.f.clientClock.setOffset(0); });
        for (int i = 0; i < count; ++i) {
            QSignalSpy finished(g.window->redeemPage(), &RedeemPage::operationFinished);
            g.scan(g.f.usable(i));
            QVERIFY(finished.wait(10000));
            QCOMPARE(g.kind("redeemPage"), QStringLiteral("success"));
        }
    }

private Q_SLOTS:
    void initTestCase() { Q_INIT_RESOURCE(coupondesk); }

    void f9EndsTheShiftAndSavesTheSlip()
    {
        GuiFixture g;
        QVERIFY(g.open());
        redeem(g, 3);

        QTest::keyClick(g.window.get(), Qt::Key_F9);
        QDialog *pin = waitForDialog(g.window.get(), "handoverPinDialog");
        typePin(pin, QStringLiteral("2468"));
        auto *dialog = qobject_cast<HandoverDialog *>(waitForDialog(g.window.get(), "handoverDialog"));
        QVERIFY(dialog);
        QVERIFY(dialog->shown());
        // A copy: the dialog (and the handover it holds) is gone before the reprint is compared with it.
        const desk::Handover handover = *dialog->shown();
        const desk::Handover *h = &handover;
        QVERIFY(!dialog->shownIsReprint());

        // The totals shown are the report of the shift's period, to the fen.
        desk::ReportQuery period;
        period.from = h->shiftStart;
        period.to = h->shiftEnd;
        auto report = g.f.session->reports().build(period);
        QVERIFY(report.ok());
        QCOMPARE(report->total.redeemed, 3);
        QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("redeemedValue"))->text(), QStringLiteral("3"));
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("valueValue"))
                    ->text()
                    .startsWith(desk::formatYuan(report->total.valueFen)));
        QCOMPARE(h->report.total.valueFen, report->total.valueFen);
        auto *table = dialog->findChild<QTableWidget *>(QStringLiteral("stockTable"));
        QCOMPARE(table->rowCount(), report->byStock.size());

        // 58 mm paper chosen by keyboard, then Save as PDF (its button, by keyboard).
        auto *paper = dialog->findChild<QComboBox *>(QStringLiteral("paperCombo"));
        paper->setFocus();
        QTest::keyClick(paper, Qt::Key_Down);
        QCOMPARE(paper->currentData().toString(), QStringLiteral("58mm"));
        const QString pdf = g.f.dir.filePath(QStringLiteral("slip.pdf"));
        g.prompter.fileToSave = pdf;
        pressButton(dialog, "pdfButton");
        QTRY_COMPARE(g.prompter.informed.size(), 1);
        QVERIFY2(QFileInfo::exists(pdf), qPrintable(g.prompter.informed.join(QLatin1Char('\n'))));
        const auto width = QRegularExpression(QStringLiteral(R"(Page size:\s+([\d.]+) x)"))
                               .match(tool(QStringLiteral("pdfinfo"), { pdf }));
        QVERIFY(width.hasMatch());
        QVERIFY(qAbs(width.captured(1).toDouble() - 164.4) < 1.0);
        const QString text = tool(QStringLiteral("pdftotext"), { pdf, QStringLiteral("-") });
        QVERIFY2(text.contains(QStringLiteral("收银员小王")), qPrintable(text));
        QVERIFY(text.contains(desk::formatYuan(report->total.valueFen)));
        QVERIFY(!text.contains(QStringLiteral("REPRINT")));

        // Print opens the print preview (not driven further: no printer here).
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("printButton")), Qt::LeftButton);
        QDialog *preview = waitForDialog(g.window.get(), "slipPreviewDialog");
        QVERIFY(preview);
        preview->reject();
        QTest::keyClick(dialog, Qt::Key_Escape);
        QTRY_VERIFY(!g.window->handovers()->dialog());

        // Shift+F9: the past handover, saved again as a reprint (the main window active again first:
        // the offscreen platform does not hand activation back when a dialog closes).
        g.window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(g.window.get()));
        QTest::keyClick(g.window.get(), Qt::Key_F9, Qt::ShiftModifier);
        auto *past = qobject_cast<HandoverDialog *>(waitForDialog(g.window.get(), "handoverDialog"));
        QVERIFY(past && past->shown());
        QCOMPARE(past->shown()->id, h->id);
        QVERIFY(past->shownIsReprint());
        QCOMPARE(past->findChild<QLabel *>(QStringLiteral("redeemedValue"))->text(), QStringLiteral("3"));
        const QString again = g.f.dir.filePath(QStringLiteral("again.pdf"));
        g.prompter.fileToSave = again;
        pressButton(past, "pdfButton");
        QTRY_COMPARE(g.prompter.informed.size(), 2);
        QVERIFY(tool(QStringLiteral("pdftotext"), { again, QStringLiteral("-") })
                    .contains(QStringLiteral("REPRINT")));
        QVERIFY(tool(QStringLiteral("pdfinfo"), { again })
                    .contains(QRegularExpression(QStringLiteral("595(\\.\\d+)? x 842")))); // A4 by default
    }

    void aCashierWithAPinConfirmsTheirOwnShift()
    {
        GuiFixture g;
        g.extraStaff << desk::StaffMember { QStringLiteral("c02"), QStringLiteral("收银员小李"),
            desk::Role::Cashier, desk::hashPin(QStringLiteral("1357"), 1000) };
        QVERIFY(g.open());
        // c02 goes on duty with their PIN (the duty switch), then ends their own shift with it.
        auto *combo = g.find<QComboBox>("staffCombo");
        combo->setCurrentIndex(combo->findData(QStringLiteral("c02")));
        typePin(waitForDialog(g.window.get(), "dutyPinDialog"), QStringLiteral("1357"));
        QTRY_COMPARE(g.window->staffOnDuty().member.id, QStringLiteral("c02"));

        QTest::keyClick(g.window.get(), Qt::Key_F9);
        QDialog *pin = waitForDialog(g.window.get(), "handoverPinDialog");
        QVERIFY(pin);
        auto *people = pin->findChild<QComboBox *>(QStringLiteral("managerCombo"));
        QCOMPARE(people->itemData(0).toString(), QStringLiteral("c02")); // themself first, then managers
        typePin(pin, QStringLiteral("1357"));
        auto *dialog = qobject_cast<HandoverDialog *>(waitForDialog(g.window.get(), "handoverDialog"));
        QVERIFY(dialog && dialog->shown());
        QCOMPARE(dialog->shown()->staff, QStringLiteral("c02"));
        QCOMPARE(dialog->shown()->confirmedBy, QStringLiteral("c02"));
    }

    // A screenshot of the summary in Chinese, to look at (build/…/handover-zh_CN.png).
    void theSummaryInChinese()
    {
        std::vector<std::unique_ptr<QTranslator>> keep;
        QVERIFY(gui::installTranslations(QStringLiteral("zh_CN"), keep));
        GuiFixture g;
        QVERIFY(g.open());
        redeem(g, 2);
        QTest::keyClick(g.window.get(), Qt::Key_F9);
        typePin(waitForDialog(g.window.get(), "handoverPinDialog"), QStringLiteral("2468"));
        auto *dialog = qobject_cast<HandoverDialog *>(waitForDialog(g.window.get(), "handoverDialog"));
        QVERIFY(dialog);
        QCOMPARE(dialog->findChild<QPushButton *>(QStringLiteral("printButton"))
                     ->text()
                     .contains(QStringLiteral("打印")),
            true);
        const QString png
            = QDir(QStringLiteral(COUPONDESK_BINARY_DIR)).filePath(QStringLiteral("handover-zh_CN.png"));
        QVERIFY(dialog->grab().save(png));
        qInfo("screenshot: %s", qPrintable(png));
    }
};

QTEST_MAIN(TestGuiHandover)
#include "test_gui_handover.moc"
