// Chain-wide day totals (history/chaintotals.h) against a real PostgreSQL 15 started for this test
// class: rows of two shops and three counters, some on the edges of the day, are counted and summed
// per shop, operation and state for the day in the time zone asked for; a counter's login may read
// them; the plan is an index-only scan of history_day_totals.
#include "chainfixture.h"
#include "chainhistorygen.h"
#include "history/chainpush.h"
#include "history/chaintotals.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using history::ChainDayTotal;
using history::Operation;
using history::State;

namespace {

const QTimeZone kShanghai(QByteArrayLiteral("Asia/Shanghai"));
const QDate kDay(2026, 12, 6);

QString describe(const ChainDayTotal &t)
{
    return QStringLiteral("%1|%2|%3|%4|%5|%6|%7")
        .arg(t.shopId, t.shopName, history::operationName(t.operation), history::stateName(t.state))
        .arg(t.count)
        .arg(t.orderFen)
        .arg(t.discountFen);
}

QStringList describe(const QList<ChainDayTotal> &totals)
{
    QStringList lines;
    for (const ChainDayTotal &t : totals)
        lines << describe(t);
    return lines;
}

} // namespace

class TestChainTotals : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        COUPONDESK_REQUIRE_POSTGRES();
        QVERIFY(kShanghai.isValid());
        QVERIFY2(m_chain.start(), qPrintable(m_chain.errorString()));
        auto login = m_chain.addTwoShopChain();
        QVERIFY(login.ok());
        QVERIFY2(m_chain.openCounter(login.value()), qPrintable(m_chain.errorString()));

        // Shanghai local times (UTC+8). The superuser writes for all three counters.
        QList<history::OutboxItem> s1 {
            row("01", "s1-1", Operation::Use, State::Succeeded, "2026-12-06T00:00:00.000", 10000, 2000),
            row("01", "s1-2", Operation::Use, State::Succeeded, "2026-12-06T23:59:59.999", 12800, 2000),
            row("02", "s1-3", Operation::Use, State::Succeeded, "2026-12-06T12:00:00.000", {}, {}),
            row("02", "s1-4", Operation::Use, State::Failed, "2026-12-06T12:01:00.000", 5000, 1000),
            row("01", "s1-5", Operation::Deactivate, State::Succeeded, "2026-12-06T13:00:00.000", {}, {}),
            row("01", "s1-6", Operation::Use, State::Succeeded, "2026-12-05T23:59:59.999", 20000, 3000),
            row("02", "s1-7", Operation::Use, State::Succeeded, "2026-12-07T00:00:00.000", 7000, 700),
        };
        QCOMPARE(history::pushToChain(m_chain.admin(), QStringLiteral("s1"), s1).value(), 7);
        QList<history::OutboxItem> s2 {
            row("01", "s2-1", Operation::Use, State::Pending, "2026-12-06T09:00:00.000", 3000, 500),
        };
        QCOMPARE(history::pushToChain(m_chain.admin(), QStringLiteral("s2"), s2).value(), 1);
    }

    void cleanupTestCase() { m_chain.close(); }

    void countsAndSumsOneDayByShop()
    {
        // Read with a counter's own login: row-level security lets it read the whole chain.
        auto totals = history::chainDayTotals(m_chain.counter(), kDay, kShanghai);
        QVERIFY2(totals.ok(), qPrintable(totals.error().message));
        const QStringList expected {
            QStringLiteral("s1|徐汇店|deactivate|SUCCEEDED|1|0|0"),
            QStringLiteral("s1|徐汇店|use|FAILED|1|5000|1000"),
            QStringLiteral(
                "s1|徐汇店|use|SUCCEEDED|3|22800|4000"), // the edges of the day are in; no amount = 0
            QStringLiteral("s2|静安店|use|PENDING|1|3000|500"),
        };
        QCOMPARE(describe(totals.value()), expected);
    }

    void theDayIsTheZonesDay()
    {
        // 2026-12-06 in UTC runs from 08:00 that day to 08:00 the next, Shanghai time.
        auto totals = history::chainDayTotals(m_chain.counter(), kDay, QTimeZone::utc());
        QVERIFY(totals.ok());
        const QStringList expected {
            QStringLiteral("s1|徐汇店|deactivate|SUCCEEDED|1|0|0"),
            QStringLiteral("s1|徐汇店|use|FAILED|1|5000|1000"),
            QStringLiteral("s1|徐汇店|use|SUCCEEDED|3|19800|2700"),
            QStringLiteral("s2|静安店|use|PENDING|1|3000|500"),
        };
        QCOMPARE(describe(totals.value()), expected);
    }

    void aDayWithoutRowsIsEmpty()
    {
        auto totals = history::chainDayTotals(m_chain.counter(), QDate(2026, 10, 1), kShanghai);
        QVERIFY(totals.ok());
        QVERIFY(totals->isEmpty());
    }

    void refusesAnInvalidDayOrClosedConnection()
    {
        auto bad = history::chainDayTotals(m_chain.counter(), QDate(), kShanghai);
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().kind, history::ErrorKind::InvalidArgument);
        QSqlDatabase closed;
        QCOMPARE(history::chainDayTotals(closed, kDay, kShanghai).error().kind, history::ErrorKind::NotOpen);
    }

    void readsTheCoveringIndexOnly()
    {
        // A month of a 20-shop chain before the day above (60,000 rows, as the benchmark makes its
        // 10,000,000): with statistics, the planner reads the day from the covering index alone.
        QSqlQuery q(m_chain.admin());
        for (const QString &statement :
            testsupport::chainHistoryGenerationSql(20, 3, 30, 60000, QDate(2026, 11, 30), kShanghai))
            QVERIFY2(q.exec(statement), qPrintable(q.lastError().text()));
        QVERIFY(q.exec(QStringLiteral("VACUUM (ANALYZE) coupondesk.history")));
        auto plan = history::chainDayTotalsPlan(m_chain.counter(), QDate(2026, 11, 15), kShanghai);
        QVERIFY(plan.ok());
        const QString text = plan->join(QLatin1Char('\n'));
        QVERIFY2(text.contains(QLatin1String("Index Only Scan using history_day_totals")), qPrintable(text));

        auto totals = history::chainDayTotals(m_chain.counter(), QDate(2026, 11, 15), kShanghai);
        QVERIFY(totals.ok());
        QSet<QString> shops;
        qint64 rows = 0;
        for (const ChainDayTotal &t : totals.value()) {
            shops << t.shopId;
            rows += t.count;
        }
        QCOMPARE(shops.size(), 20);
        QCOMPARE(rows, 2000); // the day's share of the month
    }

private:
    history::OutboxItem row(const char *counter, const char *requestNo, Operation operation, State state,
        const char *localTime, std::optional<qint64> orderFen, std::optional<qint64> discountFen) const
    {
        history::JournalEntry e;
        e.counterId = QLatin1String(counter);
        e.requestNo = QLatin1String(requestNo);
        e.operation = operation;
        e.state = state;
        e.couponCode = QLatin1String("C-") + e.requestNo;
        e.stockId = QStringLiteral("1212000000000001");
        e.createdAt = QDateTime::fromString(QLatin1String(localTime), Qt::ISODateWithMs);
        e.createdAt.setTimeZone(kShanghai);
        e.updatedAt = e.createdAt.addSecs(1);
        if (history::isSettled(state))
            e.settledBy = history::SettledBy::Response;
        e.orderFen = orderFen;
        e.discountFen = discountFen;
        return { 0, e };
    }

    testsupport::ChainFixture m_chain; // its counter() is the counter s1/01
};

QTEST_GUILESS_MAIN(TestChainTotals)
#include "test_chain_totals.moc"
