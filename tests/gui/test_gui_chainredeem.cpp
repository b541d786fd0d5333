// The cashier's page in chain mode (issue 18), over the real stack, the simulator and a real
// PostgreSQL where a second counter of the same shop has pushed its rows: a coupon that counter still
// waits on is not sent at the first scan (a warning says who and where; nothing is journaled), and is
// sent at the second; a coupon WeChat Pay refuses as used gets, besides the refusal, where, when and
// by whom it was redeemed, on the redeem page and on the void page.
#include "guifixture.h"

#include "desk/chainlink.h"

#include "history/chainconnection.h"
#include "history/chainpush.h"
#include "history/chainschema.h"
#include "history/journal.h"
#include "testpostgres.h"

#include <QPushButton>
#include <QSignalSpy>

using history::ChainSchema;

class TestGuiChainRedeem : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        COUPONDESK_REQUIRE_POSTGRES();
        m_pg = std::make_unique<testsupport::TestPostgres>();
        QVERIFY2(m_pg->start(), qPrintable(m_pg->errorString()));
    }

    void cleanupTestCase() { m_pg.reset(); }

    void warnsBeforeSendingACouponAnotherCounterHoldsOpen()
    {
        guitest::GuiFixture g;
        QVERIFY(openInChainMode(g));
        const QString code = g.f.usable(0);
        QVERIFY(pushFromCounter02(code, history::State::Uncertain));
        desk::ChainLink *chain = g.f.session->chain();
        QTRY_VERIFY_WITH_TIMEOUT(chain->openElsewhere(code).has_value(), 20000);

        g.scan(code);
        QCOMPARE(g.kind("redeemPage"), QStringLiteral("failure"));
        QVERIFY2(g.headline("redeemPage").contains(QStringLiteral("Another counter")),
            qPrintable(g.headline("redeemPage")));
        QVERIFY2(g.panel("redeemPage")->action().contains(QStringLiteral("徐汇店 counter 02 (小李)")),
            qPrintable(g.panel("redeemPage")->action()));
        QCOMPARE(g.f.session->history().count({}).value(), qint64(0)); // nothing journaled, nothing sent
        QCOMPARE(g.f.simulator->coupon(code)->state, QStringLiteral("SENDED"));

        g.scan(code); // the cashier checked: another purchase, send it
        QTRY_COMPARE_WITH_TIMEOUT(g.kind("redeemPage"), QStringLiteral("success"), 20000);
        QCOMPARE(g.f.simulator->coupon(code)->state, QStringLiteral("USED"));
        closeWindow(g);
    }

    void aUsedCouponsRefusalSaysWhereAndByWhom()
    {
        guitest::GuiFixture g;
        QVERIFY(openInChainMode(g));
        const QString code = g.f.withState(QStringLiteral("USED"));
        QVERIFY(!code.isEmpty());
        QVERIFY(pushFromCounter02(code, history::State::Succeeded));
        QTRY_COMPARE_WITH_TIMEOUT(
            g.f.session->chain()->status().state, desk::ChainStatus::State::Synced, 20000);

        g.redeem(code);
        QTRY_COMPARE_WITH_TIMEOUT(g.kind("redeemPage"), QStringLiteral("failure"), 20000);
        QVERIFY2(g.headline("redeemPage").contains(QStringLiteral("already redeemed")),
            qPrintable(g.headline("redeemPage")));
        QTRY_VERIFY_WITH_TIMEOUT(
            g.panel("redeemPage")
                ->action()
                .startsWith(QStringLiteral("Redeemed on 12-05 14:03 at 徐汇店 counter 02 (小李)")),
            20000);
        closeWindow(g);
    }

    void aVoidRefusedAsUsedSaysWhereItWasRedeemed()
    {
        guitest::GuiFixture g;
        QVERIFY(openInChainMode(g));
        const QString code = g.f.withState(QStringLiteral("USED"));
        QVERIFY(pushFromCounter02(code, history::State::Succeeded));
        QTRY_COMPARE_WITH_TIMEOUT(
            g.f.session->chain()->status().state, desk::ChainStatus::State::Synced, 20000);

        QTest::keyClick(g.window.get(), Qt::Key_F2);
        QComboBox *stock = g.find<QComboBox>("voidStockCombo");
        stock->setCurrentIndex(stock->findData(g.f.stockOf(code)));
        QTest::keyClicks(g.find<QLineEdit>("voidCodeEdit"), code);
        g.find<QLineEdit>("reasonEdit")->setText(QStringLiteral("活动配置错误"));
        g.prompter.pin = QStringLiteral("2468");
        QTest::mouseClick(g.find<QPushButton>("voidButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(g.kind("voidPage"), QStringLiteral("failure"), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(
            g.panel("voidPage")
                ->action()
                .startsWith(QStringLiteral("Redeemed on 12-05 14:03 at 徐汇店 counter 02 (小李)")),
            20000);
        closeWindow(g);
    }

private:
    bool openInChainMode(guitest::GuiFixture &g)
    {
        auto admin = history::openChainDatabase(
            m_pg->uri(m_pg->superuser(), m_pg->caPath()), m_pg->superuserPassword());
        if (!admin.ok())
            return false;
        QSqlDatabase &db = admin.value(); // the only handle: closeChainDatabase then removes it cleanly
        const history::ChainServer server { m_pg->host(), m_pg->port(), m_pg->database(), m_pg->caPath() };
        bool ok = ChainSchema::init(db).ok();
        if (!g.f.open())
            return false;
        auto login = ChainSchema::addCounter(
            db, QStringLiteral("s1"), QStringLiteral("徐汇店"), g.f.settings.counterId, server);
        auto other = ChainSchema::addCounter(
            db, QStringLiteral("s1"), QStringLiteral("徐汇店"), QStringLiteral("02"), server);
        history::closeChainDatabase(db);
        if (!ok || !login.ok() || !other.ok())
            return false;
        m_otherUrl = other->databaseUrl;
        m_otherPassword = other->password;

        g.f.settings.chain.databaseUrl = login->databaseUrl;
        g.f.settings.chain.passwordRef = login->password;
        g.f.settings.chain.shopId = QStringLiteral("s1");
        g.f.settings.chain.shopName = QStringLiteral("徐汇店");
        if (!g.f.reopen())
            return false;
        g.ctx.session = g.f.session.get();
        g.ctx.prompter = &g.prompter;
        g.ctx.sound = &g.sound;
        g.window = std::make_unique<gui::MainWindow>(g.ctx);
        g.window->show();
        g.f.session->chain()->start();
        return QTest::qWaitForWindowExposed(g.window.get());
    }

    // Counter 02 of the same shop pushes its row of `code`, as its own replicator would.
    bool pushFromCounter02(const QString &code, history::State state)
    {
        auto db = history::openChainDatabase(m_otherUrl, m_otherPassword);
        if (!db.ok())
            return false;
        QSqlDatabase &other = db.value();
        history::OutboxItem item;
        item.seq = 1;
        history::JournalEntry &e = item.entry;
        e.id = 1;
        e.operation = history::Operation::Use;
        e.couponCode = code;
        e.stockId = QStringLiteral("S");
        e.requestNo = QStringLiteral("02-") + code;
        e.state = state;
        e.staff = QStringLiteral("小李");
        e.counterId = QStringLiteral("02");
        e.createdAt = QDateTime(QDate(2026, 12, 5), QTime(14, 3, 20));
        e.updatedAt = e.createdAt.addSecs(1);
        e.attempts = 1;
        if (state == history::State::Succeeded)
            e.settledBy = history::SettledBy::Response;
        const bool ok = history::pushToChain(other, QStringLiteral("s1"), { item }).ok();
        history::closeChainDatabase(other);
        return ok;
    }

    void closeWindow(guitest::GuiFixture &g)
    {
        g.window.reset();
        g.f.session.reset();
    }

    std::unique_ptr<testsupport::TestPostgres> m_pg;
    QString m_otherUrl;
    QString m_otherPassword;
};

QTEST_MAIN(TestGuiChainRedeem)
#include "test_gui_chainredeem.moc"
