// desk::ReportService's Shop and Chain scopes (issue 19) against a real PostgreSQL 15: the cells of
// this shop, of the whole chain or of one chosen shop, named by shop, valued from the stocks this
// counter remembers, with the unsettled rows pushed there; read as this counter's own login.
#include "chainfixture.h"
#include "chainsettingsfor.h"
#include "desk/chainreader.h"
#include "desk/report.h"
#include "desk/reportservice.h"
#include "desk/staff.h"
#include "history/journal.h"
#include "wechatpay/clock.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

using desk::HistoryScope;
using desk::ReportLine;

namespace {

const QDate kDay(2026, 12, 6);

const ReportLine *lineOf(const QList<ReportLine> &lines, const QString &key)
{
    for (const ReportLine &l : lines)
        if (l.key == key)
            return &l;
    return nullptr;
}

} // namespace

class TestChainReportService : public QObject
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

        // s1: two ¥20 coupons (one with the till's 1500), a void, an uncertain redemption; s2: one ¥20
        // coupon and a refusal; a query row and a row of the next day, neither counted.
        const QTime t(10, 0);
        QVERIFY(insert("s1", "01", "A1", "use", "SUCCEEDED", "c01", QDateTime(kDay, t), 1500));
        QVERIFY(insert("s1", "02", "A2", "use", "SUCCEEDED", "c02", QDateTime(kDay, t.addSecs(60))));
        QVERIFY(insert("s1", "01", "A3", "deactivate", "SUCCEEDED", "m01", QDateTime(kDay, t.addSecs(3600))));
        QVERIFY(insert("s1", "01", "A4", "use", "UNCERTAIN", "c01", QDateTime(kDay, t.addSecs(7200))));
        QVERIFY(insert("s2", "01", "B1", "use", "SUCCEEDED", "c09", QDateTime(kDay, t.addSecs(120))));
        QVERIFY(insert("s2", "01", "B2", "use", "FAILED", "c09", QDateTime(kDay, t.addSecs(180))));
        QVERIFY(insert("s2", "01", "B3", "query", "SUCCEEDED", "c09", QDateTime(kDay, t.addSecs(240))));
        QVERIFY(insert("s1", "01", "A5", "use", "SUCCEEDED", "c01", QDateTime(kDay.addDays(1), t)));

        QVERIFY(m_dir.isValid());
        QVERIFY(m_journal.open(m_dir.filePath(QStringLiteral("journal.sqlite"))).ok());
        QVERIFY(m_journal
                    .saveStock({ QStringLiteral("S1"), QStringLiteral("满100减20券"),
                        QByteArrayLiteral(R"({"stock_id":"S1","stock_name":"满100减20券","coupon_use_rule":)"
                                          R"({"fixed_normal_coupon":{"discount_amount":2000}}})"),
                        QDateTime() })
                    .ok());
    }

    void cleanupTestCase() { m_chain.close(); }

    void shopScopeIsThisShop()
    {
        desk::ReportService reports(m_journal, m_staff);
        reports.setChain(desk::makeChainReader(chain(), m_login.password.toUtf8()));
        desk::ReportQuery q = desk::dayRangeQuery(kDay, kDay);
        q.scope = HistoryScope::Shop;
        auto r = reports.build(q);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(r->total.redeemed, qint64(2));
        QCOMPARE(r->total.voided, qint64(1));
        QCOMPARE(r->total.unsettled, qint64(1));
        QCOMPARE(r->total.failed, qint64(0));
        QCOMPARE(r->total.valueFen, qint64(1500 + 2000));
        QCOMPARE(r->byShop.size(), 1);
        QCOMPARE(r->byShop.first().key, QStringLiteral("s1"));
        QCOMPARE(r->byShop.first().label, QStringLiteral("徐汇店"));
        QCOMPARE(r->byStock.first().label, QStringLiteral("满100减20券"));
        QCOMPARE(r->unsettled.size(), 1);
        QCOMPARE(r->unsettled.first().couponCode, QStringLiteral("A4"));
        QCOMPARE(r->unsettled.first().shopName, QStringLiteral("徐汇店"));
    }

    void chainScopeIsEveryShopOrTheChosenOne()
    {
        desk::ReportService reports(m_journal, m_staff);
        reports.setChain(desk::makeChainReader(chain(), m_login.password.toUtf8()));
        desk::ReportQuery q = desk::dayRangeQuery(kDay, kDay);
        q.scope = HistoryScope::Chain;
        auto all = reports.build(q);
        QVERIFY2(all.ok(), qPrintable(all.ok() ? QString() : all.error().message));
        QCOMPARE(all->total.redeemed, qint64(3));
        QCOMPARE(all->total.failed, qint64(1));
        QCOMPARE(all->total.valueFen, qint64(1500 + 2000 + 2000));
        QCOMPARE(all->byShop.size(), 2);
        const ReportLine *s2 = lineOf(all->byShop, QStringLiteral("s2"));
        QVERIFY(s2);
        QCOMPARE(s2->label, QStringLiteral("静安店"));
        QCOMPARE(s2->redeemed, qint64(1));
        QCOMPARE(s2->failed, qint64(1));
        QCOMPARE(lineOf(all->byStaff, QStringLiteral("c09"))->redeemed, qint64(1));

        q.shopId = QStringLiteral("s2");
        auto one = reports.build(q);
        QVERIFY(one.ok());
        QCOMPARE(one->total.redeemed, qint64(1));
        QCOMPARE(one->byShop.size(), 1);
        QVERIFY(one->unsettled.isEmpty()); // s1's uncertain row is not s2's

        q.shopId = QStringLiteral("s9"); // not in the chain: refused, not an empty report
        auto none = reports.build(q);
        QVERIFY(!none.ok());
        QCOMPARE(none.error().code, QStringLiteral("REPORT_UNKNOWN_SHOP"));
        QVERIFY2(
            none.error().message.contains(QStringLiteral("s2 静安店")), qPrintable(none.error().message));
    }

    void unreachableChainIsAClearError()
    {
        desk::ChainSettings c = chain();
        c.databaseUrl = QStringLiteral("postgresql://nobody@127.0.0.1:1/coupondesk?sslmode=disable");
        desk::ReportService reports(m_journal, m_staff);
        reports.setChain(desk::makeChainReader(c, QByteArrayLiteral("x")));
        desk::ReportQuery q = desk::dayRangeQuery(kDay, kDay);
        q.scope = HistoryScope::Chain;
        auto r = reports.build(q);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("CHAIN_UNREACHABLE"));
        QVERIFY(reports.build(desk::dayRangeQuery(kDay, kDay)).ok()); // this counter's report still works
    }

private:
    desk::ChainSettings chain() const
    {
        return testsupport::chainSettingsFor(
            m_login, QStringLiteral("s1"), QStringLiteral("徐汇店"), QStringLiteral("file:unused"));
    }

    // A row of `counter` in `shop`, of stock S1.
    bool insert(const char *shop, const char *counter, const char *code, const char *operation,
        const char *state, const char *staff, const QDateTime &at,
        std::optional<qint64> discountFen = std::nullopt)
    {
        testsupport::ChainHistoryRow row { QLatin1String(shop), QLatin1String(counter), QLatin1String(code),
            QLatin1String(operation), QLatin1String(state) };
        row.staff = QLatin1String(staff);
        row.stockId = QStringLiteral("S1");
        row.createdAt = at;
        row.discountFen = discountFen;
        return m_chain.insert(row);
    }

    testsupport::ChainFixture m_chain;
    history::ChainCounterLogin m_login;
    QTemporaryDir m_dir;
    history::Journal m_journal;
    wechatpay::SystemClock m_clock;
    desk::StaffDirectory m_staff { {}, m_clock };
};

QTEST_GUILESS_MAIN(TestChainReportService)
#include "test_chain_reportservice.moc"
