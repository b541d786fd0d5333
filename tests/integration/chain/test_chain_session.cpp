// Chain mode wired into a Session (desk/session.h) against the in-process WeChat Pay simulator and a
// real PostgreSQL: the password is read through the SecretStore (a bad reference refuses the session,
// as other credentials do), Session::chain() exists only with a chain section and is not started by
// Session::start(); started, a redemption at the desk is in the chain database at once (journalChanged
// nudges it), equal to the journal row.
#include "chainfixture.h"
#include "deskfixture.h"

#include "desk/chainlink.h"

#include "history/journal.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSqlQuery>
#include <QTest>

class TestChainSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        COUPONDESK_REQUIRE_POSTGRES();
        QVERIFY2(m_chain.start(), qPrintable(m_chain.errorString()));
        auto login = m_chain.addCounter(QStringLiteral("s1"), QStringLiteral("徐汇店"), QStringLiteral("01"));
        QVERIFY(login.ok());
        m_login = login.value();
    }

    void cleanupTestCase() { m_chain.close(); }

    void withoutChainSectionThereIsNoLink()
    {
        desktest::Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.session->chain() == nullptr);
        QVERIFY(!f.session->journal().outboxEnabled().value());
    }

    void badPasswordReferenceRefusesTheSession()
    {
        desktest::Fixture f;
        QVERIFY(f.open());
        f.session.reset();
        f.settings.chain = chain(QStringLiteral("file:no-such-password-file"));
        f.secrets = std::make_unique<desk::FileSecretStore>(f.dir.path());
        auto s = desk::Session::open(f.settings, *f.secrets, f.clientClock);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("CHAIN_PASSWORD_UNREADABLE"));
        QCOMPARE(s.error().field, QStringLiteral("chain/password"));
        QVERIFY2(s.error().message.contains(QStringLiteral("chain/password")), qPrintable(s.error().message));
    }

    void redemptionReachesTheChain()
    {
        desktest::Fixture f;
        QVERIFY(f.dir.isValid());
        QFile secret(f.dir.filePath(QStringLiteral("chain-password")));
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write(m_login.password.toUtf8() + '\n');
        secret.close();
        // Fixture::open loads the simulator's settings; the chain section is added before the session.
        f.simulator = simtest::startSimulator({});
        QVERIFY(f.simulator);
        QVERIFY(f.simulator->writeClientConfig(f.dir.filePath(QStringLiteral("client.ini"))).ok());
        auto loaded = desk::Settings::load(f.dir.filePath(QStringLiteral("client.ini")));
        QVERIFY(loaded.ok());
        f.settings = loaded.value();
        f.settings.historyDb = f.dir.filePath(QStringLiteral("history.sqlite"));
        f.settings.staff
            = { { QStringLiteral("c01"), QStringLiteral("收银员小王"), desk::Role::Cashier, {} } };
        f.settings.chain = chain(QStringLiteral("file:chain-password"));
        QVERIFY(f.reopen());
        desk::ChainLink *link = f.session->chain();
        QVERIFY(link != nullptr);
        QVERIFY(!link->isRunning()); // Session::start() leaves it to the program (the GUI starts it)
        QVERIFY(f.session->journal().outboxEnabled().value());
        link->start();
        QTRY_COMPARE_WITH_TIMEOUT(link->status().state, desk::ChainStatus::State::Synced, 20000);

        const QString code = f.usable();
        desk::OperationResult r = f.wait(f.session->desk().redeem(f.cashier(), code, f.stockOf(code)));
        QCOMPARE(r.outcome, desk::Outcome::Succeeded);
        QElapsedTimer lag;
        lag.start();
        QTRY_COMPARE_WITH_TIMEOUT(chainState(code), QStringLiteral("SUCCEEDED"), 20000);
        qInfo("redemption settled -> visible in the chain database: %lld ms", lag.elapsed());
        QVERIFY(lag.elapsed() < 1000);

        auto rows = f.session->journal().query({}, 0, 10);
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), 1);
        const history::JournalEntry &e = rows->first();
        QSqlQuery q(m_chain.admin());
        QVERIFY(
            q.prepare(QStringLiteral("SELECT shop_id, counter_id, request_no, staff, wechat_time, updated_at"
                                     " FROM coupondesk.history WHERE coupon_code = ?")));
        q.addBindValue(code);
        QVERIFY(q.exec() && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("s1"));
        QCOMPARE(q.value(1).toString(), e.counterId);
        QCOMPARE(q.value(2).toString(), e.requestNo);
        QCOMPARE(q.value(3).toString(), e.staff);
        QCOMPARE(q.value(4).toString(), e.wechatTime);
        QCOMPARE(q.value(5).toDateTime().toMSecsSinceEpoch(), e.updatedAt.toMSecsSinceEpoch());
        QTRY_COMPARE_WITH_TIMEOUT(link->status().state, desk::ChainStatus::State::Synced, 20000);
        f.session.reset(); // stops the link
    }

private:
    desk::ChainSettings chain(const QString &passwordRef) const
    {
        desk::ChainSettings c;
        c.databaseUrl = m_login.databaseUrl;
        c.passwordRef = passwordRef;
        c.shopId = QStringLiteral("s1");
        c.shopName = QStringLiteral("徐汇店");
        return c;
    }

    QString chainState(const QString &code)
    {
        QSqlQuery q(m_chain.admin());
        q.prepare(QStringLiteral("SELECT state FROM coupondesk.history WHERE coupon_code = ?"));
        q.addBindValue(code);
        if (!q.exec() || !q.next())
            return {};
        return q.value(0).toString();
    }

    testsupport::ChainFixture m_chain;
    history::ChainCounterLogin m_login;
};

QTEST_GUILESS_MAIN(TestChainSession)
#include "test_chain_session.moc"
