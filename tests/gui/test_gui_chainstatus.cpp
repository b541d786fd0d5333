// The chain database's state in the main window's status bar (chain mode, issue 18), over the real
// stack and a real PostgreSQL: hidden without a chain section; with one, "connecting…", then "synced",
// then "unreachable since …" when the server stops, with the server and the error in the tooltip.
#include "guifixture.h"

#include "desk/chainlink.h"

#include "history/chainconnection.h"
#include "history/chainschema.h"
#include "testpostgres.h"

#include <QFile>

class TestGuiChainStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hiddenWithoutChainMode()
    {
        guitest::GuiFixture g;
        QVERIFY(g.open());
        QVERIFY(!g.find<QLabel>("chainLabel")->isVisibleTo(g.window.get()));
    }

    void showsTheLinksState()
    {
        COUPONDESK_REQUIRE_POSTGRES();
        testsupport::TestPostgres pg;
        QVERIFY2(pg.start(), qPrintable(pg.errorString()));
        QString url;
        QString password;
        {
            auto admin
                = history::openChainDatabase(pg.uri(pg.superuser(), pg.caPath()), pg.superuserPassword());
            QVERIFY(admin.ok());
            QSqlDatabase db = admin.value();
            QVERIFY(history::ChainSchema::init(db).ok());
            auto login = history::ChainSchema::addCounter(db, QStringLiteral("s1"), QStringLiteral("徐汇店"),
                QStringLiteral("01"), { pg.host(), pg.port(), pg.database(), pg.caPath() });
            QVERIFY(login.ok());
            url = login->databaseUrl;
            password = login->password;
            history::closeChainDatabase(db);
        }

        guitest::GuiFixture g;
        QVERIFY(g.f.open());
        g.f.settings.chain.databaseUrl = url;
        g.f.settings.chain.passwordRef = password; // the value itself is allowed too
        g.f.settings.chain.shopId = QStringLiteral("s1");
        g.f.settings.chain.shopName = QStringLiteral("徐汇店");
        QVERIFY(g.f.reopen());
        g.ctx.session = g.f.session.get();
        g.ctx.prompter = &g.prompter;
        g.ctx.sound = &g.sound;
        g.window = std::make_unique<gui::MainWindow>(g.ctx);
        g.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(g.window.get()));

        QLabel *label = g.find<QLabel>("chainLabel");
        QVERIFY(label->isVisible());
        QCOMPARE(label->text(), QStringLiteral("Chain database: connecting…"));
        g.f.session->chain()->start();
        QTRY_COMPARE_WITH_TIMEOUT(label->text(), QStringLiteral("Chain database: synced"), 20000);
        QVERIFY(label->toolTip().contains(QStringLiteral("as cd.s1.01")));

        pg.stop();
        QTRY_VERIFY_WITH_TIMEOUT(
            label->text().startsWith(QStringLiteral("Chain database unreachable since")), 20000);
        QVERIFY(label->toolTip().contains(QStringLiteral("Last error:")));
        QVERIFY(!label->toolTip().contains(password));
        g.window.reset();
        g.f.session.reset();
    }
};

QTEST_MAIN(TestGuiChainStatus)
#include "test_gui_chainstatus.moc"
