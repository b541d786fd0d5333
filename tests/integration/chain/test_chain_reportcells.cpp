// The chain's report cells (history/reportcells.h, chainReportCells; issue 19) against a real
// PostgreSQL 15 started for this test class: rows of two shops, several stocks, staff and hours, every
// operation and state, some with a discount, are counted per hour, shop, stock, staff, operation and
// state for a period [from, to), for one shop or the whole chain, as a counter's login reads them; query
// rows are left out; on a generated month the plan reads the covering index history_day_report alone.
#include "chainfixture.h"
#include "chainhistorygen.h"
#include "history/chainpush.h"
#include "history/chainreportcells.h"
#include "history/chainschema.h"
#include "history/chaintotals.h"
#include "history/reportcells.h"

#include <QHash>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>

using history::Operation;
using history::ReportCell;
using history::State;

namespace {

const QString kStockA = QStringLiteral("1212000000000001");
const QString kStockB = QStringLiteral("1212000000000002");

qint64 utcMs(const char *text)
{
    QDateTime t = QDateTime::fromString(QLatin1String(text), Qt::ISODateWithMs);
    t.setTimeZone(QTimeZone::utc());
    return t.toMSecsSinceEpoch();
}

// hour (UTC, HH:mm) | shop | stock (A, B) | staff | operation | state | count | discount | with discount
QString describe(const ReportCell &c)
{
    const QString hour
        = QDateTime::fromMSecsSinceEpoch(c.hourStartMs, Qt::UTC).toString(QStringLiteral("HH:mm"));
    const QString stock = c.stockId == kStockA ? QStringLiteral("A")
        : c.stockId == kStockB                 ? QStringLiteral("B")
                                               : c.stockId;
    return QStringLiteral("%1|%2|%3|%4|%5|%6|%7|%8|%9")
        .arg(hour, c.shopId, stock, c.staff, history::operationName(c.operation), history::stateName(c.state))
        .arg(c.count)
        .arg(c.discountFen)
        .arg(c.withDiscount);
}

QStringList describe(const QList<ReportCell> &cells)
{
    QStringList lines;
    for (const ReportCell &c : cells) {
        lines << describe(c);
        if (c.hourStartMs % 3600000 != 0) // whole UTC hours, to the millisecond
            lines << QStringLiteral("not an hour start: %1").arg(c.hourStartMs);
    }
    return lines;
}

} // namespace

class TestChainReportCells : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        COUPONDESK_REQUIRE_POSTGRES();
        QVERIFY2(m_chain.start(), qPrintable(m_chain.errorString()));
        auto login = m_chain.addTwoShopChain();
        QVERIFY(login.ok());
        QVERIFY2(m_chain.openCounter(login.value()), qPrintable(m_chain.errorString()));

        // UTC times. The report periods below are [02:00, 05:00) and parts of it.
        QList<history::OutboxItem> s1 {
            row("01", "r1", Operation::Use, State::Succeeded, kStockA, "s7", "02:00:00.000",
                2000), // from: in
            row("01", "r2", Operation::Use, State::Succeeded, kStockA, "s7", "02:15:00.000", 1500),
            row("01", "r3", Operation::Use, State::Succeeded, kStockA, "s7", "02:59:59.999", {}),
            row("02", "r4", Operation::Use, State::Failed, kStockA, "s7", "02:20:00.000", 1000),
            row("02", "r5", Operation::Use, State::Pending, kStockB, "s8", "03:10:00.000", 500),
            row("02", "r6", Operation::Use, State::Uncertain, kStockB, "s8", "03:11:00.000", {}),
            row("01", "r7", Operation::Deactivate, State::Succeeded, kStockA, "s7", "03:30:00.000", {}),
            row("01", "r8", Operation::Return, State::Succeeded, kStockB, "", "04:59:59.999",
                {}), // to - 1 ms
            row("01", "r9", Operation::Query, State::Succeeded, kStockA, "s7", "03:00:00.000", {}), // a query
            row("01", "r10", Operation::Use, State::Succeeded, kStockA, "s7", "05:00:00.000",
                9999), // to: out
            row("01", "r11", Operation::Use, State::Succeeded, kStockA, "s7", "01:59:59.999", 9999), // before
            row("02", "r12", Operation::Use, State::Succeeded, kStockA, "s8", "04:00:00.000", 2000),
            row("01", "r13", Operation::Use, State::Succeeded, kStockA, "s7", "04:00:30.000", 2000),
            row("01", "r14", Operation::Deactivate, State::Failed, kStockA, "s7", "04:10:00.000", {}),
        };
        QCOMPARE(history::pushToChain(m_chain.admin(), QStringLiteral("s1"), s1).value(), s1.size());
        QList<history::OutboxItem> s2 {
            row("01", "t1", Operation::Use, State::Succeeded, kStockA, "s1", "02:30:00.000", 2000),
            row("01", "t2", Operation::Use, State::Succeeded, kStockA, "s1", "02:31:00.000", 2000),
            row("01", "t3", Operation::Return, State::Failed, kStockA, "s1", "03:40:00.000", {}),
            row("01", "t4", Operation::Query, State::Failed, kStockA, "s1", "03:41:00.000", {}),
            row("01", "t5", Operation::Use, State::Uncertain, kStockB, "s1", "04:05:00.000", 300),
        };
        QCOMPARE(history::pushToChain(m_chain.admin(), QStringLiteral("s2"), s2).value(), s2.size());
    }

    void cleanupTestCase() { m_chain.close(); }

    void everyCellOfTheChain()
    {
        // A counter's own login: row-level security lets it read the whole chain.
        auto cells = history::chainReportCells(
            m_chain.counter(), utcMs("2026-12-06T02:00:00.000"), utcMs("2026-12-06T05:00:00.000"), QString());
        QVERIFY2(cells.ok(), qPrintable(cells.error().message));
        const QStringList expected {
            QStringLiteral("02:00|s1|A|s7|use|FAILED|1|1000|1"),
            QStringLiteral("02:00|s1|A|s7|use|SUCCEEDED|3|3500|2"), // one without a discount
            QStringLiteral("02:00|s2|A|s1|use|SUCCEEDED|2|4000|2"),
            QStringLiteral("03:00|s1|A|s7|deactivate|SUCCEEDED|1|0|0"), // the query of 03:00 is not here
            QStringLiteral("03:00|s1|B|s8|use|PENDING|1|500|1"),
            QStringLiteral("03:00|s1|B|s8|use|UNCERTAIN|1|0|0"),
            QStringLiteral("03:00|s2|A|s1|return|FAILED|1|0|0"),
            QStringLiteral("04:00|s1|A|s7|deactivate|FAILED|1|0|0"),
            QStringLiteral("04:00|s1|A|s7|use|SUCCEEDED|1|2000|1"),
            QStringLiteral("04:00|s1|A|s8|use|SUCCEEDED|1|2000|1"),
            QStringLiteral("04:00|s1|B||return|SUCCEEDED|1|0|0"),
            QStringLiteral("04:00|s2|B|s1|use|UNCERTAIN|1|300|1"),
        };
        QCOMPARE(describe(cells.value()), expected);
        QCOMPARE(cells->first().hourStartMs, utcMs("2026-12-06T02:00:00.000"));
    }

    void oneShop()
    {
        auto cells = history::chainReportCells(m_chain.counter(), utcMs("2026-12-06T02:00:00.000"),
            utcMs("2026-12-06T05:00:00.000"), QStringLiteral("s2"));
        QVERIFY2(cells.ok(), qPrintable(cells.error().message));
        const QStringList expected {
            QStringLiteral("02:00|s2|A|s1|use|SUCCEEDED|2|4000|2"),
            QStringLiteral("03:00|s2|A|s1|return|FAILED|1|0|0"),
            QStringLiteral("04:00|s2|B|s1|use|UNCERTAIN|1|300|1"),
        };
        QCOMPARE(describe(cells.value()), expected);
        auto none = history::chainReportCells(m_chain.counter(), utcMs("2026-12-06T02:00:00.000"),
            utcMs("2026-12-06T05:00:00.000"), QStringLiteral("s3"));
        QVERIFY(none.ok());
        QVERIFY(none->isEmpty());
    }

    void fromIsInToIsOut()
    {
        // [02:30, 04:00): r1, r2, r4 are before it, t1 on its start, r12 on its end. The first cells
        // still belong to the 02:00 hour.
        auto cells = history::chainReportCells(
            m_chain.counter(), utcMs("2026-12-06T02:30:00.000"), utcMs("2026-12-06T04:00:00.000"), QString());
        QVERIFY2(cells.ok(), qPrintable(cells.error().message));
        const QStringList expected {
            QStringLiteral("02:00|s1|A|s7|use|SUCCEEDED|1|0|0"),
            QStringLiteral("02:00|s2|A|s1|use|SUCCEEDED|2|4000|2"),
            QStringLiteral("03:00|s1|A|s7|deactivate|SUCCEEDED|1|0|0"),
            QStringLiteral("03:00|s1|B|s8|use|PENDING|1|500|1"),
            QStringLiteral("03:00|s1|B|s8|use|UNCERTAIN|1|0|0"),
            QStringLiteral("03:00|s2|A|s1|return|FAILED|1|0|0"),
        };
        QCOMPARE(describe(cells.value()), expected);

        // Within one hour, to the millisecond: [04:59:59.999, 05:00:00.000) holds r8 alone.
        auto last = history::chainReportCells(
            m_chain.counter(), utcMs("2026-12-06T04:59:59.999"), utcMs("2026-12-06T05:00:00.000"), QString());
        QVERIFY(last.ok());
        QCOMPARE(
            describe(last.value()), QStringList { QStringLiteral("04:00|s1|B||return|SUCCEEDED|1|0|0") });
    }

    void emptyPeriods()
    {
        const qint64 at = utcMs("2026-12-06T02:00:00.000");
        auto empty = history::chainReportCells(m_chain.counter(), at, at, QString());
        QVERIFY(empty.ok());
        QVERIFY(empty->isEmpty());
        auto quiet = history::chainReportCells(
            m_chain.counter(), utcMs("2026-10-01T00:00:00.000"), utcMs("2026-10-02T00:00:00.000"), QString());
        QVERIFY(quiet.ok());
        QVERIFY(quiet->isEmpty());
    }

    void refusesBadArgumentsOrAClosedConnection()
    {
        const qint64 at = utcMs("2026-12-06T02:00:00.000");
        auto backwards = history::chainReportCells(m_chain.counter(), at, at - 1, QString());
        QVERIFY(!backwards.ok());
        QCOMPARE(backwards.error().kind, history::ErrorKind::InvalidArgument);
        auto badShop = history::chainReportCells(m_chain.counter(), at, at + 1, QStringLiteral("s1' OR 'x"));
        QVERIFY(!badShop.ok());
        QCOMPARE(badShop.error().kind, history::ErrorKind::InvalidArgument);
        QCOMPARE(history::chainReportCellsPlan(m_chain.counter(), at, at + 1, QStringLiteral("s1' OR 'x"))
                     .error()
                     .kind,
            history::ErrorKind::InvalidArgument);
        QSqlDatabase closed;
        QCOMPARE(history::chainReportCells(closed, at, at + 1, QString()).error().kind,
            history::ErrorKind::NotOpen);
        // The connection is still good for the next report (the failed ones left no transaction open).
        QVERIFY(history::chainReportCells(m_chain.counter(), at, at + 3600000, QString()).ok());
    }

    void readsTheCoveringIndexOnly()
    {
        // A month of a 20-shop chain before the rows above (60,000 rows, as the benchmark makes its
        // 10,000,000): with statistics, the planner reads each hour from the covering index alone, and
        // the cells add up to the day's rows and to the chain's day totals.
        const QTimeZone shanghai(QByteArrayLiteral("Asia/Shanghai"));
        QSqlQuery q(m_chain.admin());
        for (const QString &statement :
            testsupport::chainHistoryGenerationSql(20, 3, 30, 60000, QDate(2026, 11, 30), shanghai))
            QVERIFY2(q.exec(statement), qPrintable(q.lastError().text()));
        QVERIFY(q.exec(QStringLiteral("VACUUM (ANALYZE) coupondesk.history")));
        const QDate day(2026, 11, 15);
        const qint64 from = QDateTime(day, QTime(0, 0), shanghai).toMSecsSinceEpoch();
        const qint64 to = QDateTime(day.addDays(1), QTime(0, 0), shanghai).toMSecsSinceEpoch();
        auto plan = history::chainReportCellsPlan(m_chain.counter(), from, to, QString());
        QVERIFY2(plan.ok(), qPrintable(plan.error().message));
        const QString text = plan->join(QLatin1Char('\n'));
        QVERIFY2(text.contains(QLatin1String("Index Only Scan using history_day_report")), qPrintable(text));
        auto shopPlan = history::chainReportCellsPlan(m_chain.counter(), from, to, QStringLiteral("g007"));
        QVERIFY2(shopPlan.ok(), qPrintable(shopPlan.error().message));

        auto cells = history::chainReportCells(m_chain.counter(), from, to, QString());
        QVERIFY2(cells.ok(), qPrintable(cells.error().message));
        auto totals = history::chainDayTotals(m_chain.counter(), day, shanghai);
        QVERIFY(totals.ok());
        QHash<QString, qint64> fromCells;
        QSet<qint64> hours;
        QSet<QString> shops;
        qint64 rows = 0;
        for (const ReportCell &c : cells.value()) {
            fromCells[c.shopId + QLatin1Char('|') + history::operationName(c.operation) + QLatin1Char('|')
                + history::stateName(c.state)]
                += c.count;
            hours << c.hourStartMs;
            shops << c.shopId;
            rows += c.count;
        }
        QHash<QString, qint64> fromTotals;
        for (const history::ChainDayTotal &t : totals.value())
            fromTotals[t.shopId + QLatin1Char('|') + history::operationName(t.operation) + QLatin1Char('|')
                + history::stateName(t.state)]
                = t.count;
        QCOMPARE(fromCells, fromTotals);
        QCOMPARE(rows, 2000); // the day's share of the month
        QCOMPARE(shops.size(), 20);
        QCOMPARE(hours.size(), 24);
        QVERIFY(*std::min_element(hours.cbegin(), hours.cend()) == from); // Shanghai is UTC+8: whole hours

        auto oneShop = history::chainReportCells(m_chain.counter(), from, to, QStringLiteral("g007"));
        QVERIFY(oneShop.ok());
        qint64 shopRows = 0;
        for (const ReportCell &c : oneShop.value()) {
            QCOMPARE(c.shopId, QStringLiteral("g007"));
            shopRows += c.count;
        }
        QCOMPARE(shopRows, 100);
    }

private:
    history::OutboxItem row(const char *counter, const char *requestNo, Operation operation, State state,
        const QString &stockId, const char *staff, const char *utcTime,
        std::optional<qint64> discountFen) const
    {
        history::JournalEntry e;
        e.counterId = QLatin1String(counter);
        e.requestNo = QLatin1String(requestNo);
        e.operation = operation;
        e.state = state;
        e.couponCode = QLatin1String("C-") + e.requestNo;
        e.stockId = stockId;
        e.staff = QLatin1String(staff);
        e.createdAt = QDateTime::fromMSecsSinceEpoch(
            utcMs(QByteArray(QByteArrayLiteral("2026-12-06T") + utcTime).constData()), Qt::UTC);
        e.updatedAt = e.createdAt.addSecs(1);
        if (history::isSettled(state))
            e.settledBy = history::SettledBy::Response;
        if (discountFen)
            e.orderFen = *discountFen * 5;
        e.discountFen = discountFen;
        return { 0, e };
    }

    testsupport::ChainFixture m_chain; // its counter() is the counter s1/01
};

QTEST_GUILESS_MAIN(TestChainReportCells)
#include "test_chain_reportcells.moc"
