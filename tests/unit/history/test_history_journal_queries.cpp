// The history journal on real SQLite files: filters, literal search input, query plans, paging.
#include "journalfixture.h"

#include "history/journal.h"

#include <QSet>
#include <QTest>

using namespace history;
using namespace journaltest;

namespace {

QSet<QString> requestNoSet(const QList<JournalEntry> &entries)
{
    QSet<QString> set;
    for (const JournalEntry &e : entries) {
        set.insert(e.requestNo);
    }
    return set;
}

} // namespace

class TestHistoryJournalQueries : public QObject, private JournalFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUpJournal(); }
    void cleanup() { tearDownJournal(); }

    void filterNarrowsByEachField_data();
    void filterNarrowsByEachField();
    void prefixAndExactInputAreLiteral_data();
    void prefixAndExactInputAreLiteral();
    void searchesUseTheIndexes();
    void pagesAreNewestFirstAndCounted();
    void badPageIsRefused();
    void keysetPagesFollowTheOrderThroughTies();
    void keysetPageKeepsTheFilter();
    void keysetPageIsNotShiftedByANewerRow();
    void badKeysetPageIsRefused();

private:
    void seedFilterRows(Journal &journal);
};

// ---------------------------------------------------------------------------------------------
// Queries

// Rows for the filter tests: request numbers F1..F8, one hour apart starting at m_now.
void TestHistoryJournalQueries::seedFilterRows(Journal &journal)
{
    struct Seed
    {
        const char *no;
        const char *code;
        Operation op;
        State state;
        const char *staff;
        const char *batch;
    };
    const Seed seeds[] = {
        { "F1", "1000001", Operation::Use, State::Succeeded, "alice", "" },
        { "F2", "1000002", Operation::Use, State::Failed, "bob", "" },
        { "F3", "1000100", Operation::Deactivate, State::Succeeded, "bob", "JOB-1" },
        { "F4", "2000001", Operation::Deactivate, State::Uncertain, "alice", "JOB-1" },
        { "F5", "2000002", Operation::Return, State::Succeeded, "carol", "" },
        { "F6", "1000001", Operation::Return, State::Pending, "alice", "JOB-2" },
        { "F7", "10000", Operation::Use, State::Succeeded, "bob", "" },
        { "F8", "100", Operation::Use, State::Succeeded, "alice", "" },
    };
    QList<JournalEntry> batch;
    int hour = 0;
    for (const Seed &s : seeds) {
        JournalEntry e = makeEntry(QLatin1String(s.no), QLatin1String(s.code), s.op);
        e.state = s.state;
        e.settledBy = isSettled(s.state) ? SettledBy::Response : SettledBy::None;
        e.staff = QLatin1String(s.staff);
        e.batchId = QLatin1String(s.batch);
        e.createdAt = m_now.addSecs(3600 * hour++);
        batch << e;
    }
    QVERIFY(journal.insertBatch(batch).ok());
}

void TestHistoryJournalQueries::filterNarrowsByEachField_data()
{
    QTest::addColumn<JournalFilter>("filter");
    QTest::addColumn<QStringList>("expected"); // newest first

    const QDateTime base(QDate(2024, 5, 1), QTime(10, 0, 0, 123));
    const auto filter = [](auto &&set) {
        JournalFilter f;
        set(f);
        return f;
    };

    QTest::newRow("no filter returns every row, newest first")
        << JournalFilter {}
        << QStringList { QStringLiteral("F8"), QStringLiteral("F7"), QStringLiteral("F6"),
               QStringLiteral("F5"), QStringLiteral("F4"), QStringLiteral("F3"), QStringLiteral("F2"),
               QStringLiteral("F1") };
    QTest::newRow("an exact code matches only that code")
        << filter([](JournalFilter &f) { f.codeExact = QStringLiteral("1000001"); })
        << QStringList { QStringLiteral("F6"), QStringLiteral("F1") };
    QTest::newRow("a code prefix matches codes that start with it")
        << filter([](JournalFilter &f) { f.codePrefix = QStringLiteral("10000"); })
        << QStringList { QStringLiteral("F7"), QStringLiteral("F6"), QStringLiteral("F2"),
               QStringLiteral("F1") };
    QTest::newRow("a code prefix equal to a whole code includes that code")
        << filter([](JournalFilter &f) { f.codePrefix = QStringLiteral("100"); })
        << QStringList { QStringLiteral("F8"), QStringLiteral("F7"), QStringLiteral("F6"),
               QStringLiteral("F3"), QStringLiteral("F2"), QStringLiteral("F1") };
    QTest::newRow("any part of the code matches (the last digits a cashier reads)")
        << filter([](JournalFilter &f) { f.codeContains = QStringLiteral("0001"); })
        << QStringList { QStringLiteral("F6"), QStringLiteral("F4"), QStringLiteral("F3"),
               QStringLiteral("F1") };
    QTest::newRow("the end of the code matches")
        << filter([](JournalFilter &f) { f.codeContains = QStringLiteral("002"); })
        << QStringList { QStringLiteral("F5"), QStringLiteral("F2") };
    QTest::newRow("from is inclusive") << filter([&](JournalFilter &f) { f.from = base.addSecs(3600 * 6); })
                                       << QStringList { QStringLiteral("F8"), QStringLiteral("F7") };
    QTest::newRow("to is exclusive") << filter([&](JournalFilter &f) { f.to = base.addSecs(3600 * 2); })
                                     << QStringList { QStringLiteral("F2"), QStringLiteral("F1") };
    QTest::newRow("from and to make a half-open range") << filter([&](JournalFilter &f) {
        f.from = base.addSecs(3600 * 2);
        f.to = base.addSecs(3600 * 4);
    }) << QStringList { QStringLiteral("F4"), QStringLiteral("F3") };
    QTest::newRow("a range given in UTC matches the same instants") << filter([&](JournalFilter &f) {
        f.from = base.addSecs(3600 * 2).toUTC();
        f.to = base.addSecs(3600 * 4).toUTC();
    }) << QStringList { QStringLiteral("F4"), QStringLiteral("F3") };
    QTest::newRow("an operation filter keeps that operation")
        << filter([](JournalFilter &f) { f.operation = Operation::Return; })
        << QStringList { QStringLiteral("F6"), QStringLiteral("F5") };
    QTest::newRow("a state filter keeps that state")
        << filter([](JournalFilter &f) { f.state = State::Failed; }) << QStringList { QStringLiteral("F2") };
    QTest::newRow("a staff filter keeps that cashier's rows")
        << filter([](JournalFilter &f) { f.staff = QStringLiteral("bob"); })
        << QStringList { QStringLiteral("F7"), QStringLiteral("F3"), QStringLiteral("F2") };
    QTest::newRow("a batch filter keeps that bulk job's rows")
        << filter([](JournalFilter &f) { f.batchId = QStringLiteral("JOB-1"); })
        << QStringList { QStringLiteral("F4"), QStringLiteral("F3") };
    QTest::newRow("all filters combine with AND") << filter([&](JournalFilter &f) {
        f.codePrefix = QStringLiteral("1");
        f.state = State::Succeeded;
        f.operation = Operation::Use;
        f.staff = QStringLiteral("alice");
        f.from = base;
    }) << QStringList { QStringLiteral("F8"), QStringLiteral("F1") };
    QTest::newRow("a filter that matches nothing returns nothing")
        << filter([](JournalFilter &f) { f.staff = QStringLiteral("nobody"); }) << QStringList {};
}

void TestHistoryJournalQueries::filterNarrowsByEachField()
{
    QFETCH(JournalFilter, filter);
    QFETCH(QStringList, expected);
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    seedFilterRows(journal);

    const auto rows = journal.query(filter, 0, 100);
    QVERIFY2(rows.ok(), qPrintable(rows.error().toString()));
    QCOMPARE(requestNos(*rows), expected);
    QCOMPARE(journal.count(filter).value(), qint64(expected.size()));
}

void TestHistoryJournalQueries::prefixAndExactInputAreLiteral_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QStringList>("expectedPrefix"); // request numbers, any order
    QTest::addColumn<QStringList>("expectedExact");

    const QString injection = QStringLiteral("a%'; DROP TABLE journal; --");
    QTest::newRow("a percent sign is not a wildcard")
        << QStringLiteral("a%") << QStringList { QStringLiteral("P1"), QStringLiteral("P7") }
        << QStringList {};
    QTest::newRow("an underscore is not a wildcard") << QStringLiteral(
        "a_") << QStringList { QStringLiteral("P2") } << QStringList { QStringLiteral("P2") };
    QTest::newRow("a star is not a wildcard") << QStringLiteral("a*") << QStringList { QStringLiteral("P3") }
                                              << QStringList { QStringLiteral("P3") };
    QTest::newRow("a bracket is not a character class")
        << QStringLiteral("a[") << QStringList { QStringLiteral("P4") } << QStringList {};
    QTest::newRow("SQL in the search box is only text")
        << injection << QStringList { QStringLiteral("P7") } << QStringList { QStringLiteral("P7") };
    QTest::newRow("a lone quote is only text")
        << QStringLiteral("'") << QStringList { QStringLiteral("P5") } << QStringList {};
    QTest::newRow("a Chinese prefix matches Chinese codes")
        << QString::fromUtf8("券") << QStringList { QStringLiteral("P6") } << QStringList {};
    QTest::newRow("a plain letter matches everything starting with it")
        << QStringLiteral("a")
        << QStringList { QStringLiteral("P1"), QStringLiteral("P2"), QStringLiteral("P3"),
               QStringLiteral("P4"), QStringLiteral("P7"), QStringLiteral("P8") }
        << QStringList {};
}

void TestHistoryJournalQueries::prefixAndExactInputAreLiteral()
{
    QFETCH(QString, prefix);
    QFETCH(QStringList, expectedPrefix);
    QFETCH(QStringList, expectedExact);

    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    const QList<QPair<QString, QString>> codes {
        { QStringLiteral("P1"), QStringLiteral("a%b") },
        { QStringLiteral("P2"), QStringLiteral("a_") },
        { QStringLiteral("P3"), QStringLiteral("a*") },
        { QStringLiteral("P4"), QStringLiteral("a[b]") },
        { QStringLiteral("P5"), QStringLiteral("'; --") },
        { QStringLiteral("P6"), QString::fromUtf8("券001") },
        { QStringLiteral("P7"), QStringLiteral("a%'; DROP TABLE journal; --") },
        { QStringLiteral("P8"), QStringLiteral("axb") },
        { QStringLiteral("P9"), QStringLiteral("b%") },
    };
    for (const auto &[no, code] : codes) {
        JournalEntry e = makeEntry(no, code);
        QVERIFY(journal.insertPending(e).ok());
    }

    JournalFilter byPrefix;
    byPrefix.codePrefix = prefix;
    const auto rows = journal.query(byPrefix, 0, 100);
    QVERIFY2(rows.ok(), qPrintable(rows.error().toString()));
    QCOMPARE(requestNoSet(*rows), QSet<QString>(expectedPrefix.cbegin(), expectedPrefix.cend()));
    QCOMPARE(journal.count(byPrefix).value(), qint64(expectedPrefix.size()));

    JournalFilter byExact;
    byExact.codeExact = prefix;
    QCOMPARE(requestNoSet(journal.query(byExact, 0, 100).value()),
        QSet<QString>(expectedExact.cbegin(), expectedExact.cend()));

    // Any part: the same text taken literally wherever it stands in the code.
    JournalFilter byPart;
    byPart.codeContains = prefix;
    QSet<QString> containing;
    for (const auto &[no, code] : codes)
        if (code.contains(prefix))
            containing.insert(no);
    QCOMPARE(requestNoSet(journal.query(byPart, 0, 100).value()), containing);
    QCOMPARE(journal.count(byPart).value(), qint64(containing.size()));

    // Nothing was executed from the input: the table and all rows are still there.
    QCOMPARE(journal.count({}).value(), qint64(codes.size()));
    QVERIFY(journal.checkIntegrity().ok());
}

void TestHistoryJournalQueries::searchesUseTheIndexes()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    const auto planFor
        = [&journal](const JournalFilter &f) { return journal.queryPlan(f).value().join(u'|'); };

    JournalFilter exact;
    exact.codeExact = QStringLiteral("123");
    QVERIFY2(planFor(exact).contains(QLatin1String("INDEX journal_coupon_code")), qPrintable(planFor(exact)));
    QVERIFY2(!planFor(exact).contains(QLatin1String("TEMP B-TREE")), qPrintable(planFor(exact)));

    JournalFilter prefix;
    prefix.codePrefix = QStringLiteral("a%'; --");
    QVERIFY2(planFor(prefix).contains(
                 QLatin1String("INDEX journal_coupon_code (coupon_code>? AND coupon_code<?)")),
        qPrintable(planFor(prefix)));

    JournalFilter stateRange;
    stateRange.state = State::Succeeded;
    stateRange.from = m_now;
    stateRange.to = m_now.addDays(7);
    QVERIFY2(
        planFor(stateRange).contains(QLatin1String("INDEX journal_state")), qPrintable(planFor(stateRange)));
    QVERIFY2(!planFor(stateRange).contains(QLatin1String("TEMP B-TREE")), qPrintable(planFor(stateRange)));

    QVERIFY2(planFor({}).contains(QLatin1String("INDEX journal_created_at")), qPrintable(planFor({})));
    QVERIFY2(!planFor({}).contains(QLatin1String("TEMP B-TREE")), qPrintable(planFor({})));

    JournalFilter staff;
    staff.staff = QStringLiteral("alice");
    QVERIFY2(planFor(staff).contains(QLatin1String("INDEX journal_staff")), qPrintable(planFor(staff)));

    JournalFilter batch;
    batch.batchId = QStringLiteral("JOB-1");
    QVERIFY2(planFor(batch).contains(QLatin1String("INDEX journal_batch_id")), qPrintable(planFor(batch)));
}

void TestHistoryJournalQueries::pagesAreNewestFirstAndCounted()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QList<JournalEntry> batch;
    for (int i = 0; i < 25; ++i) {
        JournalEntry e = makeEntry(QStringLiteral("N%1").arg(i, 2, 10, QLatin1Char('0')));
        // Pairs share a timestamp: the id breaks the tie, so paging is stable.
        e.createdAt = m_now.addSecs(60 * (i / 2));
        batch << e;
    }
    QVERIFY(journal.insertBatch(batch).ok());
    QCOMPARE(journal.count({}).value(), 25);

    QStringList all;
    for (int offset = 0; offset < 30; offset += 10) {
        const auto page = journal.query({}, offset, 10);
        QVERIFY(page.ok());
        QCOMPARE(page->size(), offset < 20 ? 10 : 5);
        all << requestNos(*page);
    }
    QStringList expected;
    for (int i = 24; i >= 0; --i) {
        expected << QStringLiteral("N%1").arg(i, 2, 10, QLatin1Char('0'));
    }
    QCOMPARE(all, expected);
    QVERIFY(journal.query({}, 25, 10)->isEmpty());
    QVERIFY(journal.query({}, 1000, 10)->isEmpty());
}

void TestHistoryJournalQueries::badPageIsRefused()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QCOMPARE(journal.query({}, -1, 10).error().kind, ErrorKind::InvalidArgument);
    QCOMPARE(journal.query({}, 0, 0).error().kind, ErrorKind::InvalidArgument);
    QCOMPARE(journal.query({}, 0, Journal::kMaxPageSize + 1).error().kind, ErrorKind::InvalidArgument);
    QVERIFY(journal.query({}, 0, Journal::kMaxPageSize).ok());
}

// ---------------------------------------------------------------------------------------------
// Keyset pages (queryAfter)

namespace {

JournalCursor cursorOf(const JournalEntry &e)
{
    return { e.createdAt, e.id };
}

// Every row the filter selects, read `limit` at a time: the first page by offset, then each from the
// last row read. Stops at the first short page (checking that one more page after it is empty).
QStringList readByKeyset(const Journal &journal, const JournalFilter &filter, int limit)
{
    QStringList all;
    auto page = journal.query(filter, 0, limit);
    while (page.ok()) {
        all << requestNos(*page);
        if (page->size() < limit) {
            if (!page->isEmpty()
                && !journal.queryAfter(filter, cursorOf(page->constLast()), limit)->isEmpty())
                all << QStringLiteral("(rows after the end)");
            return all;
        }
        page = journal.queryAfter(filter, cursorOf(page->constLast()), limit);
    }
    return { QStringLiteral("(error)") };
}

} // namespace

// Rows in threes on one millisecond, and ids that do not follow the times (a batch with times out of
// order): every page size, page boundaries inside a tie included, reads exactly the offset order.
void TestHistoryJournalQueries::keysetPagesFollowTheOrderThroughTies()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QList<JournalEntry> batch;
    for (int i = 0; i < 24; ++i) {
        JournalEntry e = makeEntry(QStringLiteral("K%1").arg(i, 2, 10, QLatin1Char('0')));
        // Later ids get older times every other group of three: id order is not time order.
        const int group = i / 3;
        e.createdAt = m_now.addMSecs(group % 2 ? -group : group);
        batch << e;
    }
    QVERIFY(journal.insertBatch(batch).ok());
    const QStringList expected = requestNos(journal.query({}, 0, 100).value());
    QCOMPARE(expected.size(), 24);
    for (int limit : { 1, 2, 3, 4, 5, 7, 24, 25 })
        QCOMPARE(readByKeyset(journal, {}, limit), expected);

    // After the oldest row there is nothing; after a time older than every row, nothing either.
    const JournalEntry oldest = journal.query({}, 23, 1)->constFirst();
    QVERIFY(journal.queryAfter({}, cursorOf(oldest), 10)->isEmpty());
    QVERIFY(journal.queryAfter({}, { m_now.addDays(-1), 1000 }, 10)->isEmpty());
    // A cursor newer than every row reads from the newest.
    QCOMPARE(requestNos(journal.queryAfter({}, { m_now.addDays(1), 0 }, 5).value()), expected.mid(0, 5));
}

// The cursor narrows the filter (AND) and may name a row the filter does not select; the filter's
// index is still read in order, without sorting.
void TestHistoryJournalQueries::keysetPageKeepsTheFilter()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    seedFilterRows(journal); // F1..F8 an hour apart; alice has F1, F4, F6, F8
    JournalFilter alice;
    alice.staff = QStringLiteral("alice");
    QCOMPARE(readByKeyset(journal, alice, 1),
        (QStringList {
            QStringLiteral("F8"), QStringLiteral("F6"), QStringLiteral("F4"), QStringLiteral("F1") }));

    const QList<JournalEntry> all = journal.query({}, 0, 100).value();
    const JournalEntry f5 = all.at(3); // carol's
    QCOMPARE(f5.requestNo, QStringLiteral("F5"));
    QCOMPARE(requestNos(journal.queryAfter(alice, cursorOf(f5), 10).value()),
        (QStringList { QStringLiteral("F4"), QStringLiteral("F1") }));
    JournalFilter aliceSince = alice;
    aliceSince.from = m_now.addSecs(3600 * 2); // from F3 on
    QCOMPARE(requestNos(journal.queryAfter(aliceSince, cursorOf(f5), 10).value()),
        QStringList { QStringLiteral("F4") });

    const QString plan = journal.queryPlan(alice, cursorOf(f5)).value().join(u'|');
    QVERIFY2(plan.contains(QLatin1String("INDEX journal_staff")), qPrintable(plan));
    QVERIFY2(!plan.contains(QLatin1String("TEMP B-TREE")), qPrintable(plan));
    const QString planAll = journal.queryPlan({}, cursorOf(f5)).value().join(u'|');
    QVERIFY2(planAll.contains(QLatin1String("INDEX journal_created_at")), qPrintable(planAll));
    QVERIFY2(!planAll.contains(QLatin1String("TEMP B-TREE")), qPrintable(planAll));
}

// The reason for keyset pages: a row written between two pages (newer than all, as the desk writes)
// moves an offset page by one, not a page read from the last row.
void TestHistoryJournalQueries::keysetPageIsNotShiftedByANewerRow()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QList<JournalEntry> batch;
    for (int i = 0; i < 6; ++i) {
        JournalEntry e = makeEntry(QStringLiteral("S%1").arg(i));
        e.createdAt = m_now.addSecs(i);
        batch << e;
    }
    QVERIFY(journal.insertBatch(batch).ok());
    const QList<JournalEntry> first = journal.query({}, 0, 3).value();
    QCOMPARE(requestNos(first),
        (QStringList { QStringLiteral("S5"), QStringLiteral("S4"), QStringLiteral("S3") }));

    m_now = m_now.addSecs(60);
    JournalEntry late = makeEntry(QStringLiteral("LATE"));
    QVERIFY(journal.insertPending(late).ok());

    QCOMPARE(requestNos(journal.query({}, 3, 3).value()).constFirst(), QStringLiteral("S3")); // shown twice
    QCOMPARE(requestNos(journal.queryAfter({}, cursorOf(first.constLast()), 3).value()),
        (QStringList { QStringLiteral("S2"), QStringLiteral("S1"), QStringLiteral("S0") }));
}

void TestHistoryJournalQueries::badKeysetPageIsRefused()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    const JournalCursor after { m_now, 1 };
    QCOMPARE(journal.queryAfter({}, after, 0).error().kind, ErrorKind::InvalidArgument);
    QCOMPARE(
        journal.queryAfter({}, after, Journal::kMaxPageSize + 1).error().kind, ErrorKind::InvalidArgument);
    QCOMPARE(journal.queryAfter({}, { QDateTime(), 1 }, 10).error().kind, ErrorKind::InvalidArgument);
    QVERIFY(journal.queryAfter({}, after, Journal::kMaxPageSize).ok());
}

QTEST_GUILESS_MAIN(TestHistoryJournalQueries)
#include "test_history_journal_queries.moc"
