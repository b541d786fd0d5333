// Bad-input corpus in the GUI forms (issue 8): the corpus of the CLI test (tests/support/badinput.h)
// typed into every field of the Redeem page, the Void page, the Bulk void dialog and the Settings page,
// then Enter or the action button as a cashier or manager would press it. Each time: a clear message
// next to the field naming it, nothing sent to the simulator, no journal row, nothing saved. Void
// reasons accept SQL- and path-looking text as plain data: stored and sent byte for byte.
#include "badinput.h"
#include "guifixture.h"

#include "gui/bulkvoiddialog.h"
#include "gui/redeempage.h"
#include "gui/settingspage.h"
#include "gui/voidpage.h"

#include "history/journal.h"

#include <QCheckBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListWidget>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>

using namespace guitest;

namespace {

// Printable ASCII is typed key by key (a keyboard or a keyboard-wedge scanner); anything else
// (Chinese, emoji, full-width digits, control characters) arrives through an input method or a paste.
bool typeable(const QString &value)
{
    for (const QChar c : value)
        if (c.unicode() < 0x20 || c.unicode() > 0x7E)
            return false;
    return true;
}

void enter(QLineEdit *edit, const QString &value)
{
    edit->clear();
    edit->setFocus(Qt::OtherFocusReason);
    if (typeable(value))
        QTest::keyClicks(edit, value);
    else
        edit->setText(value);
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestGuiBadInput : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<GuiFixture> g;
    std::unique_ptr<QSignalSpy> m_served; // every request the simulator answered, of any kind
    QString m_code; // a usable coupon: what a refused row would have redeemed or voided
    QString m_stock;

    // A clear message: shown, non-empty, naming the field to fix.
    static bool clearMessage(QLabel *label, const QString &naming)
    {
        const bool ok
            = label->isVisible() && !label->text().trimmed().isEmpty() && label->text().contains(naming);
        if (!ok)
            qWarning("message %s is %s: \"%s\" (expected to name \"%s\")", qPrintable(label->objectName()),
                label->isVisible() ? "shown" : "hidden", qPrintable(label->text()), qPrintable(naming));
        return ok;
    }

    // Nothing went to the simulator, nothing was journaled, nothing is in flight, the coupon is untouched.
    void nothingSent()
    {
        QCoreApplication::processEvents();
        QCOMPARE(m_served->count(), 0);
        QCOMPARE(g->f.session->journal().count({}).value(), qint64(0));
        QVERIFY(!g->panel("redeemPage")->isBusy());
        QVERIFY(!g->panel("voidPage")->isBusy());
        const std::optional<sim::CouponTruth> c = g->f.simulator->coupon(m_code);
        QVERIFY(c);
        QCOMPARE(c->state, QStringLiteral("SENDED"));
        QVERIFY(c->applied.isEmpty());
    }

    void addCorpusRows(const char *where, bool withEmpty = true, bool counterCode = false)
    {
        QTest::addColumn<QString>("value");
        for (const auto &[name, value] : testsupport::badInputCorpus())
            if ((withEmpty || !value.isEmpty()) && !(counterCode && testsupport::fixedAtTheCounter(name)))
                QTest::newRow(
                    qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(where), QLatin1String(name))))
                    << value;
    }
    void addReasonRows(const char *where)
    {
        QTest::addColumn<QString>("value");
        for (const auto &[name, value] : testsupport::badReasonCorpus())
            QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(where), QLatin1String(name))))
                << value;
    }

    void showRedeem()
    {
        g->window->showPage(MainWindow::RedeemIndex);
        g->chooseStock(m_stock);
        g->find<QLineEdit>("openidEdit")->clear();
        g->find<QLineEdit>("couponCodeEdit")->clear();
    }
    void showVoid()
    {
        g->window->showPage(MainWindow::VoidIndex);
        QComboBox *stock = g->find<QComboBox>("voidStockCombo");
        stock->setCurrentIndex(stock->findData(m_stock));
        g->find<QLineEdit>("voidCodeEdit")->clear();
        g->find<QLineEdit>("reasonEdit")->setText(QStringLiteral("活动配置错误"));
    }

    SettingsPage *showSettings(const QString &mode = QStringLiteral("platform-cert"))
    {
        g->window->showPage(MainWindow::SettingsIndex);
        SettingsPage *page = g->window->settingsPage();
        if (!page->isUnlocked())
            QTest::mouseClick(g->find<QPushButton>("unlockButton"), Qt::LeftButton);
        // Every field as the fixture configured it (the rows below spoil one at a time).
        const desk::Settings &s = g->f.settings;
        g->find<QLineEdit>("mchidEdit")->setText(s.mchid);
        g->find<QLineEdit>("appidEdit")->setText(s.appid);
        g->find<QLineEdit>("privateKeyEdit")->setText(s.privateKeyFile);
        g->find<QLineEdit>("certEdit")->setText(s.certFile);
        g->find<QLineEdit>("apiV3KeyEdit")->setText(s.apiV3KeyRef);
        g->find<QLineEdit>("publicKeyEdit")->setText(s.publicKeyFile);
        g->find<QLineEdit>("publicKeyIdEdit")->setText(s.publicKeyId);
        g->find<QLineEdit>("apiHostEdit")->setText(s.baseUrl.toString());
        g->find<QLineEdit>("counterEdit")->setText(s.counterId);
        QComboBox *modeCombo = g->find<QComboBox>("modeCombo");
        modeCombo->setCurrentIndex(modeCombo->findData(mode));
        g->find<QLineEdit>("addStockEdit")->clear();
        g->find<QLabel>("settingsMessage")->clear();
        return page;
    }

    // Types `value` into the settings field and presses Save: refused, naming `key`, file unchanged.
    void settingsRefuse(const char *edit, const QString &value, const QString &key,
        const QString &mode = QStringLiteral("platform-cert"))
    {
        SettingsPage *page = showSettings(mode);
        QVERIFY(page->isUnlocked());
        const QByteArray before = readAll(g->ctx.settingsPath);
        QVERIFY(!before.isEmpty());
        QSignalSpy saved(page, &SettingsPage::settingsSaved);
        QVERIFY(g->find<QLineEdit>(edit)->isEnabled()); // in this mode the field is an input
        enter(g->find<QLineEdit>(edit), value);
        QTest::mouseClick(g->find<QPushButton>("saveButton"), Qt::LeftButton);
        QCOMPARE(saved.count(), 0);
        QLabel *message = g->find<QLabel>("settingsMessage");
        QVERIFY(clearMessage(message, QStringLiteral("Not saved")));
        QVERIFY(clearMessage(message, key + QStringLiteral(": ")));
        QCOMPARE(readAll(g->ctx.settingsPath), before); // not a byte written
        nothingSent();
    }

    bool openFresh()
    {
        m_served.reset();
        g = std::make_unique<GuiFixture>();
        if (!g->open())
            return false;
        g->prompter.pin = QStringLiteral("2468"); // a refused field must stop before the PIN is even asked
        m_code = g->f.usable();
        m_stock = g->f.stockOf(m_code);
        m_served = std::make_unique<QSignalSpy>(g->f.simulator.get(), &sim::Simulator::requestServed);
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        Q_INIT_RESOURCE(coupondesk);
        QVERIFY(openFresh());
    }

    // One window for all rows; after a row that sent something (a failure), a fresh one, so that one
    // failure stays one failure instead of spoiling every row after it.
    void init()
    {
        if (QByteArray(QTest::currentTestFunction()) == "reasonIsPlainData")
            return; // sends on purpose
        if (m_served->count() != 0 || g->f.session->journal().count({}).value() != 0
            || g->window->redeemPage()->isBusy())
            QVERIFY(openFresh());
    }

    // ---------------------------------------------------------------- Redeem page

    void stocksAreChosenNotTyped()
    {
        // The stock fields are lists of the configured stocks (checked when Settings are saved).
        QVERIFY(!g->find<QComboBox>("stockCombo")->isEditable());
        QVERIFY(!g->find<QComboBox>("voidStockCombo")->isEditable());
    }

    void redeemCouponCode_data() { addCorpusRows("redeem: coupon code", true, true); }
    void redeemCouponCode()
    {
        QFETCH(QString, value);
        showRedeem();
        QLineEdit *code = g->find<QLineEdit>("couponCodeEdit");
        enter(code, value);
        QTest::keyClick(code, Qt::Key_Return); // the scanner's Enter
        QVERIFY(clearMessage(g->find<QLabel>("couponCodeError"), QStringLiteral("Coupon code")));
        QVERIFY(g->find<QLabel>("openidError")->text().isEmpty());
        nothingSent();
    }

    void redeemOpenid_data()
    {
        addCorpusRows("redeem: openid", false);
    } // the openid is optional when redeeming
    void redeemOpenid()
    {
        QFETCH(QString, value);
        showRedeem();
        g->find<QLineEdit>("couponCodeEdit")->setText(m_code);
        QLineEdit *openid = g->find<QLineEdit>("openidEdit");
        enter(openid, value);
        QTest::keyClick(openid, Qt::Key_Return);
        QVERIFY(clearMessage(g->find<QLabel>("openidError"), QStringLiteral("openid")));
        QVERIFY(g->find<QLabel>("couponCodeError")->text().isEmpty());
        nothingSent();
    }

    void checkCouponOpenid_data()
    {
        addCorpusRows("check coupon: openid", false);
    } // optional: without it F5 shows what the counter knows
    void checkCouponOpenid()
    {
        QFETCH(QString, value);
        showRedeem();
        g->find<QLineEdit>("couponCodeEdit")->setText(m_code);
        enter(g->find<QLineEdit>("openidEdit"), value);
        QTest::mouseClick(g->find<QPushButton>("checkButton"), Qt::LeftButton);
        QVERIFY(clearMessage(g->find<QLabel>("openidError"), QStringLiteral("openid")));
        nothingSent();
    }

    void checkCouponCode_data() { addCorpusRows("check coupon: coupon code", true, true); }
    void checkCouponCode()
    {
        QFETCH(QString, value);
        showRedeem();
        g->find<QLineEdit>("openidEdit")->setText(g->f.openidOf(m_code));
        enter(g->find<QLineEdit>("couponCodeEdit"), value);
        QTest::mouseClick(g->find<QPushButton>("checkButton"), Qt::LeftButton);
        QVERIFY(clearMessage(g->find<QLabel>("couponCodeError"), QStringLiteral("Coupon code")));
        nothingSent();
    }

    // ---------------------------------------------------------------- Void page

    void voidCouponCode_data() { addCorpusRows("void: coupon code"); }
    void voidCouponCode()
    {
        QFETCH(QString, value);
        showVoid();
        const int asked = g->prompter.pinAsked;
        enter(g->find<QLineEdit>("voidCodeEdit"), value);
        QTest::mouseClick(g->find<QPushButton>("voidButton"), Qt::LeftButton);
        QVERIFY(clearMessage(g->find<QLabel>("voidCodeError"), QStringLiteral("Coupon code")));
        QVERIFY(g->find<QLabel>("reasonError")->text().isEmpty());
        QCOMPARE(g->prompter.pinAsked, asked);
        nothingSent();
    }

    void returnCouponCode_data() { addCorpusRows("return: coupon code"); }
    void returnCouponCode()
    {
        QFETCH(QString, value);
        showVoid();
        const int asked = g->prompter.pinAsked;
        enter(g->find<QLineEdit>("voidCodeEdit"), value);
        QTest::mouseClick(g->find<QPushButton>("returnButton"), Qt::LeftButton);
        QVERIFY(clearMessage(g->find<QLabel>("voidCodeError"), QStringLiteral("Coupon code")));
        QCOMPARE(g->prompter.pinAsked, asked);
        nothingSent();
    }

    void voidReason_data() { addReasonRows("void: reason"); }
    void voidReason()
    {
        QFETCH(QString, value);
        showVoid();
        const int asked = g->prompter.pinAsked;
        QTest::keyClicks(g->find<QLineEdit>("voidCodeEdit"), m_code);
        QLineEdit *reason = g->find<QLineEdit>("reasonEdit");
        enter(reason, value);
        QTest::keyClick(reason, Qt::Key_Return);
        QVERIFY(clearMessage(g->find<QLabel>("reasonError"), QStringLiteral("Reason")));
        QVERIFY(g->find<QLabel>("voidCodeError")->text().isEmpty());
        QCOMPARE(g->prompter.pinAsked, asked);
        nothingSent();
    }

    // ---------------------------------------------------------------- Bulk void dialog

    void bulkDefaultReason_data() { addReasonRows("bulk void: reason"); }
    void bulkDefaultReason()
    {
        QFETCH(QString, value);
        const QString file = g->f.dir.filePath(QStringLiteral("bulk-one.csv"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write("coupon_code,stock_id\r\n" + m_code.toUtf8() + ',' + m_stock.toUtf8() + "\r\n");
        out.close();

        g->window->showPage(MainWindow::VoidIndex);
        QTest::mouseClick(g->find<QPushButton>("bulkButton"), Qt::LeftButton);
        QPointer<BulkVoidDialog> dialog
            = g->window->findChild<BulkVoidDialog *>(QStringLiteral("bulkVoidDialog"));
        QVERIFY(dialog);
        QVERIFY(!dialog->findChild<QComboBox *>(QStringLiteral("bulkStockCombo"))->isEditable());
        dialog->loadFile(file);
        QLineEdit *reason = dialog->findChild<QLineEdit *>(QStringLiteral("bulkReasonEdit"));
        enter(reason, value);
        QTest::keyClick(reason, Qt::Key_Return);

        QCOMPARE(dialog->preview().rows.size(), 1);
        QCOMPARE(dialog->preview().validCount(), 0);
        QCOMPARE(dialog->preview().invalidCount(), 1);
        auto *table = dialog->findChild<QTableWidget *>(QStringLiteral("bulkPreviewTable"));
        QVERIFY(table->item(0, 4));
        QVERIFY2(table->item(0, 4)->text().contains(QStringLiteral("Reason")),
            qPrintable(table->item(0, 4)->text()));
        QVERIFY(clearMessage(dialog->findChild<QLabel *>(QStringLiteral("bulkSummaryLabel")),
            QStringLiteral("1 with errors")));
        auto *startButton = dialog->findChild<QPushButton *>(QStringLiteral("bulkStartButton"));
        QVERIFY(!startButton->isEnabled());
        dialog->findChild<QCheckBox *>(QStringLiteral("bulkExcludeCheck"))->setChecked(true);
        QVERIFY(!startButton->isEnabled()); // skipping the bad rows leaves nothing to send
        const int confirmations = g->prompter.confirmations;
        QTest::mouseClick(startButton, Qt::LeftButton);
        QCOMPARE(g->prompter.confirmations, confirmations);
        QVERIFY(!dialog->job());
        nothingSent();
        dialog->close();
        QTRY_VERIFY(dialog.isNull());
    }

    // ---------------------------------------------------------------- Settings page

    void settingsAsFilledAreSaved()
    {
        // The control for the rows below: the form as they fill it saves, so each refusal is the field's.
        SettingsPage *page = showSettings();
        QVERIFY(page->isUnlocked());
        QSignalSpy saved(page, &SettingsPage::settingsSaved);
        QTest::mouseClick(g->find<QPushButton>("saveButton"), Qt::LeftButton);
        QVERIFY2(saved.count() == 1, qPrintable(g->find<QLabel>("settingsMessage")->text()));
        showSettings(QStringLiteral("public-key"));
        QTest::mouseClick(g->find<QPushButton>("saveButton"), Qt::LeftButton);
        QVERIFY2(saved.count() == 2, qPrintable(g->find<QLabel>("settingsMessage")->text()));
        showSettings();
        QTest::mouseClick(g->find<QPushButton>("saveButton"), Qt::LeftButton);
        QVERIFY2(saved.count() == 3, qPrintable(g->find<QLabel>("settingsMessage")->text()));
        nothingSent();
    }

    void settingsMchid_data() { addCorpusRows("settings: merchant id"); }
    void settingsMchid()
    {
        QFETCH(QString, value);
        settingsRefuse("mchidEdit", value, QStringLiteral("merchant/mchid"));
    }

    void settingsAppid_data() { addCorpusRows("settings: AppID"); }
    void settingsAppid()
    {
        QFETCH(QString, value);
        settingsRefuse("appidEdit", value, QStringLiteral("merchant/appid"));
    }

    void settingsApiAddress_data() { addCorpusRows("settings: API address"); }
    void settingsApiAddress()
    {
        QFETCH(QString, value);
        settingsRefuse("apiHostEdit", value, QStringLiteral("api/base_url"));
    }

    void settingsCounterId_data() { addCorpusRows("settings: counter id"); }
    void settingsCounterId()
    {
        QFETCH(QString, value);
        settingsRefuse("counterEdit", value, QStringLiteral("desk/counter_id"));
    }

    void settingsApiV3Key_data() { addCorpusRows("settings: APIv3 key"); }
    void settingsApiV3Key()
    {
        QFETCH(QString, value);
        settingsRefuse("apiV3KeyEdit", value, QStringLiteral("verify/apiv3_key"));
    }

    void settingsPrivateKeyFile_data() { addCorpusRows("settings: private key file"); }
    void settingsPrivateKeyFile()
    {
        QFETCH(QString, value);
        settingsRefuse("privateKeyEdit", value, QStringLiteral("merchant/private_key_file"));
    }

    void settingsCertificateFile_data() { addCorpusRows("settings: certificate file"); }
    void settingsCertificateFile()
    {
        QFETCH(QString, value);
        settingsRefuse("certEdit", value, QStringLiteral("merchant/cert_file"));
    }

    void settingsPublicKeyId_data()
    {
        // Public-key mode (the field is disabled otherwise): the corpus, and PUB_KEY_ID_ then the corpus.
        QTest::addColumn<QString>("value");
        for (const auto &[name, value] : testsupport::badInputCorpus()) {
            QTest::newRow(qPrintable(QStringLiteral("settings: public key id %1").arg(QLatin1String(name))))
                << value;
            QTest::newRow(qPrintable(
                QStringLiteral("settings: public key id PUB_KEY_ID_ then %1").arg(QLatin1String(name))))
                << QStringLiteral("PUB_KEY_ID_") + value;
        }
    }
    void settingsPublicKeyId()
    {
        QFETCH(QString, value);
        settingsRefuse(
            "publicKeyIdEdit", value, QStringLiteral("verify/public_key_id"), QStringLiteral("public-key"));
    }

    void settingsAddStock_data() { addCorpusRows("settings: add stock"); }
    void settingsAddStock()
    {
        QFETCH(QString, value);
        showSettings();
        QListWidget *stocks = g->find<QListWidget>("stocksList");
        const int before = stocks->count();
        QLineEdit *edit = g->find<QLineEdit>("addStockEdit");
        enter(edit, value);
        QTest::mouseClick(g->find<QPushButton>("addStockButton"), Qt::LeftButton);
        QVERIFY(clearMessage(g->find<QLabel>("settingsMessage"), QStringLiteral("desk/stocks: Stock ")));
        QCOMPARE(stocks->count(), before);
        nothingSent(); // a stock id that passed would be looked up at WeChat Pay
    }

    // ---------------------------------------------------------------- accepted as plain data

    void reasonIsPlainData_data()
    {
        QTest::addColumn<QString>("reason");
        QTest::addColumn<int>("coupon");
        int i = 1; // usable(0) is kept untouched by every refusal above
        for (const auto &[name, value] : testsupport::plainDataReasons())
            QTest::newRow(qPrintable(QStringLiteral("void: reason %1").arg(QLatin1String(name))))
                << value << i++;
    }
    void reasonIsPlainData()
    {
        QFETCH(QString, reason);
        QFETCH(int, coupon);
        // The refusals above left everything untouched (checked once more before anything is sent).
        if (coupon == 1)
            nothingSent();
        const QString code = g->f.usable(coupon);
        const qint64 rowsBefore = g->f.session->journal().count({}).value();
        g->window->showPage(MainWindow::VoidIndex);
        QComboBox *stock = g->find<QComboBox>("voidStockCombo");
        stock->setCurrentIndex(stock->findData(g->f.stockOf(code)));
        enter(g->find<QLineEdit>("voidCodeEdit"), code);
        QLineEdit *reasonEdit = g->find<QLineEdit>("reasonEdit");
        enter(reasonEdit, reason);
        QSignalSpy finished(g->window->voidPage(), &VoidPage::operationFinished);
        QTest::keyClick(reasonEdit, Qt::Key_Return);
        QVERIFY(g->find<QLabel>("reasonError")->text().isEmpty());
        QVERIFY(finished.wait(10000));
        QTRY_COMPARE(g->kind("voidPage"), QStringLiteral("success"));
        QCOMPARE(g->f.simulator->coupon(code)->state, QStringLiteral("DEACTIVATED"));

        // Stored verbatim, and the journal it "drops" is still there with one row more.
        QCOMPARE(g->f.session->journal().count({}).value(), rowsBefore + 1);
        const history::JournalEntry e = g->f.session->journal().query({}, 0, 1)->first();
        QCOMPARE(e.couponCode, code);
        QCOMPARE(e.reason, reason);
        QCOMPARE(QJsonDocument::fromJson(e.requestBody)
                     .object()
                     .value(QLatin1String("deactivate_reason"))
                     .toString(),
            reason);
    }
};

QTEST_MAIN(TestGuiBadInput)
#include "test_gui_bad_input.moc"
