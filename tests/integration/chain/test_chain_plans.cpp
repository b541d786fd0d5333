// The plans PostgreSQL 15 makes for the chain's history reads (history/chainreads.h), on 200,000 rows
// of 200 shops over two days written in time order as counters push them: a shop's day page (and the
// page after a row) reads history_shop_day, a coupon code history_coupon_code. Run as a counter's
// login; the plans and the times are printed for the report.
#include "chainfixture.h"
#include "history/chainreads.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <optional>

using history::ChainReads;
using history::ChainSelection;

class TestChainPlans : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        COUPONDESK_REQUIRE_POSTGRES();
        QVERIFY2(m_chain.start(), qPrintable(m_chain.errorString()));
        auto login = m_chain.addCounter(QStringLiteral("s1"), QStringLiteral("徐汇店"), QStringLiteral("01"));
        QVERIFY(login.ok());
        QVERIFY2(m_chain.openCounter(login.value()), qPrintable(m_chain.errorString()));
    }

    void cleanupTestCase() { m_chain.close(); }

    void plansUseTheIndexes()
    {
        QSqlQuery q(m_chain.admin());
        QElapsedTimer fill;
        fill.start();
        // 200 shops × 2 days × 500 rows, written in time order as counters push them (shops interleaved).
        // The counters are registered directly: rows need them (foreign key), not their logins.
        QVERIFY2(q.exec(QStringLiteral(
                     "INSERT INTO coupondesk.counters (role_name, shop_id, shop_name, counter_id)"
                     " SELECT 'cd.p' || s || '.01', 'p' || s, '店' || s, '01'"
                     " FROM generate_series(100, 299) AS s")),
            qPrintable(q.lastError().text()));
        QVERIFY2(
            q.exec(QStringLiteral(
                "INSERT INTO coupondesk.history (shop_id, counter_id, request_no, operation, coupon_code,"
                " state, created_at, updated_at, order_amount_fen, discount_fen)"
                " SELECT 'p' || (100 + i % 200), '01', 'P' || i, 'use',"
                " 'P' || lpad((i::bigint * 7919 % 1000003)::text, 12, '0'), 'SUCCEEDED',"
                " timestamptz '2026-11-24 00:00:00+08' + (i / 200) * interval '172800 ms', now(), 5000, 1000"
                " FROM generate_series(0, 199999) AS i")),
            qPrintable(q.lastError().text()));
        QVERIFY(q.exec(QStringLiteral("ANALYZE coupondesk.history")));
        QVERIFY(q.exec(QStringLiteral("ANALYZE coupondesk.counters")));
        qInfo("200,000 rows written and analysed in %lld ms", fill.elapsed());

        ChainSelection day;
        day.shopId = QStringLiteral("p117");
        day.filter.from = QDateTime::fromString(QStringLiteral("2026-11-25T00:00:00+08:00"), Qt::ISODate);
        day.filter.to = day.filter.from.addDays(1);
        const QString dayPlan = plan(day, std::nullopt);
        QVERIFY2(dayPlan.contains(QLatin1String("history_shop_day")), qPrintable(dayPlan));
        auto firstPage = ChainReads::page(m_chain.counter(), day, 0, 100);
        QVERIFY(firstPage.ok());
        QCOMPARE(firstPage->size(), 100);
        const QString nextPlan = plan(day, history::ChainCursor::of(firstPage->constLast()));
        QVERIFY2(nextPlan.contains(QLatin1String("history_shop_day")), qPrintable(nextPlan));

        ChainSelection code;
        code.filter.codeExact = firstPage->at(42).entry.couponCode;
        const QString codePlan = plan(code, std::nullopt);
        QVERIFY2(codePlan.contains(QLatin1String("history_coupon_code")), qPrintable(codePlan));
        code.shopId = QStringLiteral("p117");
        const QString codeInShopPlan = plan(code, std::nullopt);
        QVERIFY2(codeInShopPlan.contains(QLatin1String("history_coupon_code")), qPrintable(codeInShopPlan));

        // Times as the counter's login sees them (over TLS, on this machine), for the report.
        QElapsedTimer t;
        t.start();
        auto found = ChainReads::page(m_chain.counter(), code, 0, 100);
        const qint64 codeMs = t.restart();
        QVERIFY(found.ok());
        QCOMPARE(found->size(), 1);
        auto dayPage = ChainReads::pageAfter(
            m_chain.counter(), day, history::ChainCursor::of(firstPage->constLast()), 100);
        const qint64 dayMs = t.restart();
        QVERIFY(dayPage.ok());
        QCOMPARE(dayPage->size(), 100);
        auto dayCount = ChainReads::count(m_chain.counter(), day);
        const qint64 countMs = t.restart();
        QCOMPARE(dayCount.value(), 500);
        qInfo("code lookup %lld ms, shop day page after a row %lld ms, shop day count %lld ms", codeMs, dayMs,
            countMs);
    }

private:
    QString plan(const ChainSelection &sel, const std::optional<history::ChainCursor> &after)
    {
        auto lines = ChainReads::queryPlan(m_chain.counter(), sel, after);
        if (!lines)
            return lines.error().message;
        const QString text = lines->join(QLatin1Char('\n'));
        qInfo("%s", qPrintable(text));
        return text;
    }

    testsupport::ChainFixture m_chain; // its counter() is the counter s1/01
};

QTEST_GUILESS_MAIN(TestChainPlans)
#include "test_chain_plans.moc"
