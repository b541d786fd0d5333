// desk::HistoryService's scopes (issue 18) against a real PostgreSQL 15 and a real journal file: the
// Counter scope reads the journal as before, Shop and Chain read the chain database as this counter's
// own login; exports keep the journal's columns and append the shop's; without a chain section, with an
// unreadable password, an unreachable or silent server, the chain scopes fail with a clear error (the
// silent one within the connect timeout) while the Counter scope keeps working; a connection the
// server dropped is replaced by the next read.
#include "chainfixture.h"
#include "desk/chainreader.h"
#include "desk/historyservice.h"
#include "desk/staff.h"
#include "history/journal.h"
#include "wechatpay/clock.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using desk::HistoryFilter;
using desk::HistoryRow;
using desk::HistoryScope;

namespace {

const QDateTime kT0
    = QDateTime::fromString(QStringLiteral("2026-12-06T10:00:00.000+08:00"), Qt::ISODateWithMs);

HistoryFilter scoped(HistoryScope scope)
{
    HistoryFilter f;
    f.scope = scope;
    return f;
}

QStringList codes(const QList<HistoryRow> &rows)
{
    QStringList list;
    for (const HistoryRow &r : rows)
        list << r.couponCode;
    return list;
}

desk::Result<QByteArray> secret(const QString &text)
{
    return text.toUtf8();
}

} // namespace

class TestChainHistoryService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        COUPONDESK_REQUIRE_POSTGRES();
        QVERIFY2(m_chain.start(), qPrintable(m_chain.errorString()));
        auto login = m_chain.addTwoShopChain();
        QVERIFY(login.ok());
        m_login = login.value();

        // The chain: C1 (s1/01), C2 (s1/02), C3 and C4 (s2/01), newest last. Locally: L1 only.
        QVERIFY(insert(QStringLiteral("s1"), QStringLiteral("01"), QStringLiteral("C1"), 1));
        QVERIFY(insert(QStringLiteral("s1"), QStringLiteral("02"), QStringLiteral("C2"), 2));
        QVERIFY(insert(QStringLiteral("s2"), QStringLiteral("01"), QStringLiteral("C3"), 3));
        QVERIFY(insert(QStringLiteral("s2"), QStringLiteral("01"), QStringLiteral("C4"), 4));
        QVERIFY(m_dir.isValid());
        QVERIFY(m_journal.open(m_dir.filePath(QStringLiteral("journal.sqlite"))).ok());
        history::JournalEntry local;
        local.couponCode = QStringLiteral("L1");
        local.requestNo = QStringLiteral("01-L1");
        local.requestBody = QByteArrayLiteral("{}");
        local.counterId = QStringLiteral("01");
        local.createdAt = kT0;
        QVERIFY(m_journal.insertPending(local).ok());
    }

    void cleanupTestCase() { m_chain.close(); }

    void withoutAChainOnlyTheCounterScope()
    {
        desk::HistoryService service(m_journal, m_staff);
        QVERIFY(!service.hasChain());
        QCOMPARE(codes(service.page({}, 0, 10).value()), QStringList { QStringLiteral("L1") });
        for (HistoryScope scope : { HistoryScope::Shop, HistoryScope::Chain }) {
            auto page = service.page(scoped(scope), 0, 10);
            QVERIFY(!page.ok());
            QCOMPARE(page.error().kind, desk::ErrorKind::InvalidInput);
            QCOMPARE(page.error().code, QStringLiteral("CHAIN_NOT_CONFIGURED"));
            QCOMPARE(service.count(scoped(scope)).error().code, QStringLiteral("CHAIN_NOT_CONFIGURED"));
            QBuffer out;
            QVERIFY(out.open(QIODevice::WriteOnly));
            QCOMPARE(service.exportCsv(scoped(scope), out, false).error().code,
                QStringLiteral("CHAIN_NOT_CONFIGURED"));
        }
    }

    void scopesReadTheirRows()
    {
        desk::HistoryService service(m_journal, m_staff);
        service.setChain(desk::makeChainReader(chain(m_login.databaseUrl), secret(m_login.password)));
        QCOMPARE(codes(service.page({}, 0, 10).value()), QStringList { QStringLiteral("L1") });
        QVERIFY(service.page({}, 0, 10)->first().shopId.isEmpty());

        auto shop = service.page(scoped(HistoryScope::Shop), 0, 10);
        QVERIFY2(shop.ok(), qPrintable(shop.error().message));
        QCOMPARE(codes(*shop), (QStringList { QStringLiteral("C2"), QStringLiteral("C1") }));
        QCOMPARE(shop->first().shopId, QStringLiteral("s1"));
        QCOMPARE(shop->first().shopName, QStringLiteral("徐汇店"));
        QCOMPARE(shop->first().counterId, QStringLiteral("02"));
        QCOMPARE(shop->first().id, 0);
        QCOMPARE(service.count(scoped(HistoryScope::Shop)).value(), 2);

        HistoryFilter all = scoped(HistoryScope::Chain);
        QCOMPARE(service.count(all).value(), 4);
        // The label's count stops at its cap in the chain's scopes, and is exact below it.
        QCOMPARE(service.countUpTo(all, 3).value(), 3);
        QCOMPARE(service.countUpTo(all, 100).value(), 4);
        QCOMPARE(service.countUpTo(scoped(HistoryScope::Shop), 1).value(), 1);
        const qint64 own = service.count(scoped(HistoryScope::Counter)).value();
        QVERIFY(own >= 1);
        QCOMPARE(service.countUpTo(scoped(HistoryScope::Counter), own + 5).value(), own);
        QCOMPARE(service.countUpTo(scoped(HistoryScope::Counter), 1).value(), 1);
        QVERIFY(!service.countUpTo(all, 0).ok());
        auto first = service.page(all, 0, 3);
        QCOMPARE(codes(*first),
            (QStringList { QStringLiteral("C4"), QStringLiteral("C3"), QStringLiteral("C2") }));
        QCOMPARE(first->first().shopName, QStringLiteral("静安店"));
        QCOMPARE(codes(service.pageAfter(all, first->constLast(), 3).value()),
            QStringList { QStringLiteral("C1") });
        all.codeContains = QStringLiteral("3");
        QCOMPARE(codes(service.page(all, 0, 10).value()), QStringList { QStringLiteral("C3") });
    }

    void exportsAppendTheShopColumns()
    {
        desk::HistoryService service(m_journal, m_staff);
        service.setChain(desk::makeChainReader(chain(m_login.databaseUrl), secret(m_login.password)));
        // The Counter scope's export is the journal's, unchanged (its consumers keep working).
        QBuffer local;
        QVERIFY(local.open(QIODevice::WriteOnly));
        QCOMPARE(service.exportCsv({}, local, false).value(), 1);
        const QStringList localHeader
            = QString::fromUtf8(local.data().split('\r').first()).split(QLatin1Char(','));
        QCOMPARE(localHeader, history::Journal::exportColumns());

        QBuffer csv;
        QVERIFY(csv.open(QIODevice::WriteOnly));
        QCOMPARE(service.exportCsv(scoped(HistoryScope::Shop), csv, true).value(), 2);
        QVERIFY(csv.data().startsWith("\xEF\xBB\xBF"));
        const QStringList lines = QString::fromUtf8(csv.data().mid(3)).split(QStringLiteral("\r\n"));
        QCOMPARE(lines.first().split(QLatin1Char(',')),
            history::Journal::exportColumns() << QStringLiteral("shop_id") << QStringLiteral("shop_name"));
        QVERIFY2(lines.at(1).endsWith(QStringLiteral(",s1,徐汇店")), qPrintable(lines.at(1)));

        QBuffer json;
        QVERIFY(json.open(QIODevice::WriteOnly));
        QCOMPARE(service.exportJson(scoped(HistoryScope::Chain), json).value(), 4);
        const QJsonArray rows = QJsonDocument::fromJson(json.data()).array();
        QCOMPARE(rows.size(), 4);
        QCOMPARE(
            rows.at(0).toObject().value(QLatin1String("shop_name")).toString(), QStringLiteral("静安店"));
        QCOMPARE(rows.at(0).toObject().value(QLatin1String("coupon_code")).toString(), QStringLiteral("C4"));
    }

    void anUnreachableServerFailsClearlyAndTheCounterScopeWorks()
    {
        // A port nothing listens on: refused at once.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const int deadPort = probe.serverPort();
        probe.close();
        QString url = m_login.databaseUrl;
        url.replace(
            QStringLiteral(":%1/").arg(m_chain.postgres().port()), QStringLiteral(":%1/").arg(deadPort));
        desk::HistoryService service(m_journal, m_staff);
        service.setChain(desk::makeChainReader(chain(url), secret(m_login.password)));
        auto page = service.page(scoped(HistoryScope::Chain), 0, 10);
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind, desk::ErrorKind::Network);
        QCOMPARE(page.error().code, QStringLiteral("CHAIN_UNREACHABLE"));
        QVERIFY2(page.error().message.startsWith(QStringLiteral("The chain database cannot be reached")),
            qPrintable(page.error().message));
        // libpq's reason, for a person: not its several lines and the driver's "QPSQL: Unable to connect".
        QVERIFY2(page.error().message.endsWith(
                     QStringLiteral(": Connection refused. This counter's own history still works.")),
            qPrintable(page.error().message));
        QVERIFY(!page.error().message.contains(QLatin1Char('\n')) && !page.error().message.contains(u'\t'));
        QCOMPARE(codes(service.page({}, 0, 10).value()), QStringList { QStringLiteral("L1") });

        // A server that takes the connection and never answers: given up after connect_timeout (3 s).
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        url = m_login.databaseUrl;
        url.replace(QStringLiteral(":%1/").arg(m_chain.postgres().port()),
            QStringLiteral(":%1/").arg(silent.serverPort()));
        desk::HistoryService waiting(m_journal, m_staff);
        waiting.setChain(desk::makeChainReader(chain(url), secret(m_login.password)));
        QElapsedTimer timer;
        timer.start();
        auto count = waiting.count(scoped(HistoryScope::Shop));
        const qint64 waitedMs = timer.elapsed();
        qInfo("a silent server was given up after %lld ms", waitedMs);
        QVERIFY(!count.ok());
        QCOMPARE(count.error().code, QStringLiteral("CHAIN_UNREACHABLE"));
        QVERIFY(waitedMs >= 2000);
        QVERIFY(waitedMs < 10000);
    }

    void anUnreadablePasswordIsSaid()
    {
        desk::HistoryService service(m_journal, m_staff);
        service.setChain(desk::makeChainReader(chain(m_login.databaseUrl),
            desk::Error::make(
                desk::ErrorKind::InvalidInput, QStringLiteral("SECRET"), QStringLiteral("no such file"))));
        auto page = service.page(scoped(HistoryScope::Shop), 0, 10);
        QCOMPARE(page.error().code, QStringLiteral("CHAIN_PASSWORD"));
        QVERIFY(page.error().message.contains(QStringLiteral("no such file")));
    }

    void aDroppedConnectionIsReplaced()
    {
        desk::HistoryService service(m_journal, m_staff);
        service.setChain(desk::makeChainReader(chain(m_login.databaseUrl), secret(m_login.password)));
        QCOMPARE(service.count(scoped(HistoryScope::Chain)).value(), 4);
        // The server ends the counter's session (as a restart does): the next read opens a new one.
        QSqlQuery q(m_chain.admin());
        QVERIFY2(q.exec(QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                       " WHERE usename = 'cd.s1.01'")),
            qPrintable(q.lastError().text()));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        auto again = service.count(scoped(HistoryScope::Chain));
        QVERIFY2(again.ok(), qPrintable(again.error().message));
        QCOMPARE(again.value(), 4);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE usename = 'cd.s1.01'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }

private:
    desk::ChainSettings chain(const QString &url) const
    {
        desk::ChainSettings c;
        c.databaseUrl = url;
        c.passwordRef = QStringLiteral("file:unused");
        c.shopId = QStringLiteral("s1");
        c.shopName = QStringLiteral("徐汇店");
        return c;
    }

    // A settled use of `code` at `shop`'s counter `counter`, `second` seconds after kT0.
    bool insert(const QString &shop, const QString &counter, const QString &code, int second)
    {
        testsupport::ChainHistoryRow row { shop, counter, code };
        row.createdAt = kT0.addSecs(second);
        return m_chain.insert(row);
    }

    testsupport::ChainFixture m_chain;
    history::ChainCounterLogin m_login;
    QTemporaryDir m_dir;
    history::Journal m_journal;
    wechatpay::SystemClock m_clock;
    desk::StaffDirectory m_staff { {}, m_clock };
};

QTEST_GUILESS_MAIN(TestChainHistoryService)
#include "test_chain_historyservice.moc"
