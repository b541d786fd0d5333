// The report aggregate of the journal (journalReportCells) and the stocks a counter remembers, on real
// SQLite files.
#include "journalfixture.h"

#include "history/journal.h"
#include "history/reportcells.h"

#include <QTest>

using namespace history;
using namespace journaltest;

class TestHistoryReportCells : public QObject, private JournalFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUpJournal(); }
    void cleanup() { tearDownJournal(); }

    void cellsCountEachGroupOnce();
    void periodIsHalfOpenAndQueriesLeftOut();
    void emptyOrClosedIsRefused();
    void periodIsReadFromTheCreatedAtIndex();
    void stocksAreSavedReplacedAndListed();
    void stockWithoutIdIsRefused();

private:
    JournalEntry row(const QString &no, const QDateTime &at, Operation op, State state, const QString &stock,
        const QString &staff, std::optional<qint64> discount = std::nullopt) const
    {
        JournalEntry e = makeEntry(no, QString(), op);
        e.createdAt = at;
        e.state = state;
        e.settledBy = isSettled(state) ? SettledBy::Response : SettledBy::None;
        e.stockId = stock;
        e.staff = staff;
        e.discountFen = discount;
        return e;
    }
};

void TestHistoryReportCells::cellsCountEachGroupOnce()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    const QDateTime h10 = QDateTime(QDate(2024, 5, 1), QTime(10, 5));
    const QDateTime h11 = QDateTime(QDate(2024, 5, 1), QTime(11, 59, 59, 999));
    QList<JournalEntry> rows {
        row(QStringLiteral("A1"), h10, Operation::Use, State::Succeeded, QStringLiteral("S1"),
            QStringLiteral("c01"), 2000),
        row(QStringLiteral("A2"), h10.addSecs(60), Operation::Use, State::Succeeded, QStringLiteral("S1"),
            QStringLiteral("c01"), 1500),
        row(QStringLiteral("A3"), h10.addSecs(120), Operation::Use, State::Succeeded, QStringLiteral("S1"),
            QStringLiteral("c01")), // no order amount: no discount recorded
        row(QStringLiteral("A4"), h10.addSecs(180), Operation::Use, State::Failed, QStringLiteral("S1"),
            QStringLiteral("c01")),
        row(QStringLiteral("A5"), h10.addSecs(240), Operation::Use, State::Succeeded, QStringLiteral("S2"),
            QStringLiteral("c01")),
        row(QStringLiteral("A6"), h11, Operation::Deactivate, State::Succeeded, QStringLiteral("S1"),
            QStringLiteral("m01")),
        row(QStringLiteral("A7"), h11, Operation::Use, State::Uncertain, QStringLiteral("S1"),
            QStringLiteral("c01")),
    };
    QVERIFY(journal.insertBatch(rows).ok());

    const qint64 from = QDateTime(QDate(2024, 5, 1), QTime(0, 0)).toMSecsSinceEpoch();
    auto cells = journalReportCells(journal, from, from + 24 * 3600 * 1000);
    QVERIFY2(cells.ok(), qPrintable(cells.ok() ? QString() : cells.error().message));
    QCOMPARE(cells->size(), 5);

    const qint64 hour10 = h10.toMSecsSinceEpoch() - h10.toMSecsSinceEpoch() % 3600000;
    const ReportCell &used = cells->at(0); // ordered by hour, stock, staff, operation, state
    QCOMPARE(used.hourStartMs, hour10);
    QCOMPARE(used.stockId, QStringLiteral("S1"));
    QCOMPARE(used.staff, QStringLiteral("c01"));
    QCOMPARE(used.operation, Operation::Use);
    QCOMPARE(used.state, State::Failed);
    QCOMPARE(used.count, qint64(1));
    QCOMPARE(cells->at(1).state, State::Succeeded);
    QCOMPARE(cells->at(1).count, qint64(3));
    QCOMPARE(cells->at(1).discountFen, qint64(3500));
    QCOMPARE(cells->at(1).withDiscount, qint64(2));
    QCOMPARE(cells->at(2).stockId, QStringLiteral("S2"));
    QCOMPARE(cells->at(2).withDiscount, qint64(0));
    QCOMPARE(cells->at(2).discountFen, qint64(0));
    QCOMPARE(cells->at(3).hourStartMs, hour10 + 3600000);
    QCOMPARE(cells->at(3).staff, QStringLiteral("c01"));
    QCOMPARE(cells->at(3).state, State::Uncertain);
    QCOMPARE(cells->at(4).operation, Operation::Deactivate);
    QCOMPARE(cells->at(4).staff, QStringLiteral("m01"));
    for (const ReportCell &c : cells.value())
        QVERIFY(c.shopId.isEmpty());
}

void TestHistoryReportCells::periodIsHalfOpenAndQueriesLeftOut()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    const QDateTime start(QDate(2024, 5, 2), QTime(0, 0));
    QList<JournalEntry> rows {
        row(QStringLiteral("B1"), start.addMSecs(-1), Operation::Use, State::Succeeded, QStringLiteral("S1"),
            QStringLiteral("c01")),
        row(QStringLiteral("B2"), start, Operation::Use, State::Succeeded, QStringLiteral("S1"),
            QStringLiteral("c01")),
        row(QStringLiteral("B3"), start.addSecs(10), Operation::Query, State::Succeeded, QStringLiteral("S1"),
            QStringLiteral("c01")),
        row(QStringLiteral("B4"), start.addDays(1), Operation::Return, State::Succeeded, QStringLiteral("S1"),
            QStringLiteral("c01")),
    };
    QVERIFY(journal.insertBatch(rows).ok());
    auto cells = journalReportCells(journal, start.toMSecsSinceEpoch(), start.addDays(1).toMSecsSinceEpoch());
    QVERIFY(cells.ok());
    QCOMPARE(cells->size(), 1);
    QCOMPARE(cells->first().count, qint64(1));
    QCOMPARE(cells->first().operation, Operation::Use);
}

void TestHistoryReportCells::emptyOrClosedIsRefused()
{
    Journal journal(clock());
    QCOMPARE(journalReportCells(journal, 0, 10).error().kind, ErrorKind::NotOpen);
    QVERIFY(journal.open(dbPath()).ok());
    QCOMPARE(journalReportCells(journal, 10, 10).error().kind, ErrorKind::InvalidArgument);
    auto none = journalReportCells(journal, 0, 10);
    QVERIFY(none.ok());
    QVERIFY(none->isEmpty());
}

void TestHistoryReportCells::periodIsReadFromTheCreatedAtIndex()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    auto plan = journalReportCellsPlan(journal, 0, 3600000);
    QVERIFY(plan.ok());
    QVERIFY2(plan->join(QLatin1Char('\n'))
                 .contains(QLatin1String("USING INDEX journal_created_at (created_at>? AND created_at<?)")),
        qPrintable(plan->join(QLatin1Char('\n'))));
}

void TestHistoryReportCells::stocksAreSavedReplacedAndListed()
{
    {
        Journal journal(clock());
        QVERIFY(journal.open(dbPath()).ok());
        QVERIFY(journal.stocks()->isEmpty());
        QVERIFY(journal
                    .saveStock({ QStringLiteral("S2"), QStringLiteral("9折券"),
                        QByteArrayLiteral("{\"a\":1}"), QDateTime() })
                    .ok());
        QVERIFY(journal
                    .saveStock({ QStringLiteral("S1"), QStringLiteral("old"), QByteArrayLiteral("{}"),
                        m_now.addDays(-1) })
                    .ok());
        QVERIFY(journal
                    .saveStock({ QStringLiteral("S1"), QStringLiteral("满100减20券"),
                        QByteArrayLiteral("{\"stock_name\":\"满100减20券\"}"), m_now })
                    .ok());
    }
    Journal reopened(clock());
    QVERIFY(reopened.open(dbPath()).ok());
    auto stocks = reopened.stocks();
    QVERIFY(stocks.ok());
    QCOMPARE(stocks->size(), 2);
    QCOMPARE(stocks->at(0).stockId, QStringLiteral("S1"));
    QCOMPARE(stocks->at(0).stockName, QStringLiteral("满100减20券"));
    QCOMPARE(stocks->at(0).rawJson, QByteArray("{\"stock_name\":\"满100减20券\"}"));
    QCOMPARE(stocks->at(0).fetchedAt, m_now);
    QCOMPARE(stocks->at(1).stockId, QStringLiteral("S2"));
    QCOMPARE(stocks->at(1).fetchedAt, m_now); // from the journal's clock
}

void TestHistoryReportCells::stockWithoutIdIsRefused()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QCOMPARE(journal.saveStock({}).error().kind, ErrorKind::InvalidArgument);
    QVERIFY(journal.stocks()->isEmpty());
}

QTEST_GUILESS_MAIN(TestHistoryReportCells)
#include "test_history_reportcells.moc"
