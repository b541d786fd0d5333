// Chain mode wired into a Session (desk/session.h) against the in-process WeChat Pay simulator and a
// real PostgreSQL: the password is read through the SecretStore (a bad reference refuses the session,
// as other credentials do), Session::chain() exists only with a chain section and is not started by
// Session::start(); started, a redemption at the desk is in the chain database at once (journalChanged
// nudges it), equal to the journal row; the History and Reports pages share one connection.
#include "chainfixture.h"
#include "deskfixture.h"

#include "desk/chainlink.h"
#include "desk/report.h"
#include "desk/reportservice.h"

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
        QVERIFY(openWithChain(f));
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

    // The History and Reports pages read the chain through one connection (desk/chainreader.h): before,
    // each service opened its own, and with the server down a manager waited out each one's timeout.
    void historyAndReportsShareOneConnection()
    {
        desktest::Fixture f;
        QVERIFY(openWithChain(f));
        QCOMPARE(readConnections(), 0); // nothing is connected before the first read
        desk::HistoryFilter filter;
        filter.scope = desk::HistoryScope::Chain;
        auto page = f.session->history().page(filter, 0, 10);
        QVERIFY2(page.ok(), qPrintable(page.error().message));
        desk::ReportQuery query;
        query.scope = desk::HistoryScope::Chain;
        query.from = QDateTime::currentDateTime().addDays(-1);
        query.to = QDateTime::currentDateTime().addSecs(3600);
        auto report = f.session->reports().build(query);
        QVERIFY2(report.ok(), qPrintable(report.error().message));
        query.scope = desk::HistoryScope::Shop;
        QVERIFY(f.session->reports().build(query).ok());
        QCOMPARE(readConnections(), 1);
        f.session.reset();
        QTRY_COMPARE(readConnections(), 0);
    }

private:
    // Fixture::open loads the simulator's settings; the chain section is added before the session.
    bool openWithChain(desktest::Fixture &f)
    {
        QFile secret(f.dir.filePath(QStringLiteral("chain-password")));
        if (!f.dir.isValid() || !secret.open(QIODevice::WriteOnly))
            return false;
        secret.write(m_login.password.toUtf8() + '\n');
        secret.close();
        f.simulator = simtest::startSimulator({});
        if (!f.simulator
            || !f.simulator->writeClientConfig(f.dir.filePath(QStringLiteral("client.ini"))).ok())
            return false;
        auto loaded = desk::Settings::load(f.dir.filePath(QStringLiteral("client.ini")));
        if (!loaded.ok())
            return false;
        f.settings = loaded.value();
        f.settings.historyDb = f.dir.filePath(QStringLiteral("history.sqlite"));
        f.settings.staff
            = { { QStringLiteral("c01"), QStringLiteral("收银员小王"), desk::Role::Cashier, {} } };
        f.settings.chain = chain(QStringLiteral("file:chain-password"));
        return f.reopen();
    }

    // This counter's open connections that its History and Reports pages read through.
    int readConnections()
    {
        QSqlQuery q(m_chain.admin());
        q.prepare(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE usename = ? AND "
                                 "application_name = 'coupondesk-reads'"));
        q.addBindValue(m_login.role);
        return q.exec() && q.next() ? q.value(0).toInt() : -1;
    }

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
