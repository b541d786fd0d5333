// The journal's shift handovers (issue 19) on real SQLite files: a handover is recorded with its
// totals byte for byte, the counter's last one is the one with the latest end, past ones come newest
// first by page and per counter, a shift that starts before the last end is refused (also from a
// second Journal on the same file), bad records are refused, and nothing survives a refused write.
#include "journalfixture.h"

#include "history/journal.h"

#include <QTest>

using namespace history;
using namespace journaltest;

namespace {

HandoverRecord makeHandover(
    const QDateTime &start, const QDateTime &end, const QString &counter = QStringLiteral("C01"))
{
    HandoverRecord r;
    r.counterId = counter;
    r.staff = QStringLiteral("c01");
    r.confirmedBy = QStringLiteral("m01");
    r.shiftStart = start;
    r.shiftEnd = end;
    r.totalsJson
        = QByteArrayLiteral("{\"total\":{\"redeemed\":3,\"value_fen\":1500},\"note\":\"收银员小王\"}");
    return r;
}

} // namespace

class TestHistoryHandovers : public QObject, private JournalFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUpJournal(); }
    void cleanup() { tearDownJournal(); }

    void aHandoverIsStoredAsGivenAndReadBackById()
    {
        Journal journal(clock());
        QVERIFY(journal.open(dbPath()).ok());
        const QDateTime start = m_now.addSecs(-8 * 3600);
        HandoverRecord r = makeHandover(start, m_now);
        auto id = journal.insertHandover(r);
        QVERIFY2(id.ok(), qPrintable(id.ok() ? QString() : id.error().message));
        QVERIFY(*id > 0);
        QCOMPARE(r.id, *id);
        QCOMPARE(r.createdAt, m_now); // from the journal's clock

        auto back = journal.handover(*id);
        QVERIFY(back.ok());
        QCOMPARE(back->id, *id);
        QCOMPARE(back->counterId, QStringLiteral("C01"));
        QCOMPARE(back->staff, QStringLiteral("c01"));
        QCOMPARE(back->confirmedBy, QStringLiteral("m01"));
        QCOMPARE(back->shiftStart, start);
        QCOMPARE(back->shiftEnd, m_now);
        QCOMPARE(back->createdAt, m_now);
        QCOMPARE(back->totalsJson, r.totalsJson); // byte for byte, Chinese included

        RawDb raw(dbPath());
        QCOMPARE(raw.scalar(QStringLiteral("SELECT shift_end FROM handovers")).toLongLong(),
            m_now.toMSecsSinceEpoch());
    }

    void anUnknownIdIsNotFound()
    {
        Journal journal(clock());
        QVERIFY(journal.open(dbPath()).ok());
        auto r = journal.handover(42);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::NotFound);
    }

    void theLastHandoverIsTheOneWithTheLatestEndAtThatCounter()
    {
        Journal journal(clock());
        QVERIFY(journal.open(dbPath()).ok());
        auto none = journal.lastHandover(QStringLiteral("C01"));
        QVERIFY(none.ok());
        QVERIFY(!none->has_value());

        const QDateTime t0 = m_now.addSecs(-24 * 3600);
        HandoverRecord first = makeHandover(t0, t0.addSecs(3600));
        HandoverRecord second = makeHandover(t0.addSecs(3600), t0.addSecs(7200));
        HandoverRecord other = makeHandover(t0, t0.addSecs(9000), QStringLiteral("C02"));
        QVERIFY(journal.insertHandover(first).ok());
        QVERIFY(journal.insertHandover(second).ok());
        QVERIFY(journal.insertHandover(other).ok());

        auto last = journal.lastHandover(QStringLiteral("C01"));
        QVERIFY(last.ok() && last->has_value());
        QCOMPARE((*last)->id, second.id);
        QCOMPARE((*last)->shiftEnd, t0.addSecs(7200));
        auto lastOther = journal.lastHandover(QStringLiteral("C02"));
        QVERIFY(lastOther.ok() && lastOther->has_value());
        QCOMPARE((*lastOther)->id, other.id);
    }

    void pastHandoversComeNewestFirstByPage()
    {
        Journal journal(clock());
        QVERIFY(journal.open(dbPath()).ok());
        const QDateTime t0 = m_now.addSecs(-24 * 3600);
        QList<qint64> ids;
        for (int i = 0; i < 5; ++i) {
            HandoverRecord r = makeHandover(t0.addSecs(i * 3600), t0.addSecs((i + 1) * 3600));
            QVERIFY(journal.insertHandover(r).ok());
            ids << r.id;
        }
        HandoverRecord elsewhere = makeHandover(t0, t0.addSecs(60), QStringLiteral("C02"));
        QVERIFY(journal.insertHandover(elsewhere).ok());

        auto page1 = journal.handovers(QStringLiteral("C01"), 0, 2);
        auto page2 = journal.handovers(QStringLiteral("C01"), 2, 2);
        auto page3 = journal.handovers(QStringLiteral("C01"), 4, 2);
        QVERIFY(page1.ok() && page2.ok() && page3.ok());
        QList<qint64> seen;
        for (const auto *page : { &*page1, &*page2, &*page3 })
            for (const HandoverRecord &r : *page)
                seen << r.id;
        QCOMPARE(seen, (QList<qint64> { ids[4], ids[3], ids[2], ids[1], ids[0] }));
        QCOMPARE(page3->size(), 1);

        auto bad = journal.handovers(QStringLiteral("C01"), 0, 0);
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().kind, ErrorKind::InvalidArgument);
        QVERIFY(!journal.handovers(QStringLiteral("C01"), -1, 5).ok());
        QVERIFY(!journal.handovers(QStringLiteral("C01"), 0, Journal::kMaxPageSize + 1).ok());
    }

    void aShiftStartingBeforeTheLastEndIsRefusedEvenFromAnotherInstance()
    {
        Journal a(clock());
        Journal b(clock());
        QVERIFY(a.open(dbPath()).ok());
        QVERIFY(b.open(dbPath()).ok());
        const QDateTime start = m_now.addSecs(-3600);
        HandoverRecord first = makeHandover(start, m_now);
        QVERIFY(a.insertHandover(first).ok());

        // The other instance read the same last end before the first handover and ends the same shift.
        HandoverRecord again = makeHandover(start, m_now.addSecs(5));
        auto refused = b.insertHandover(again);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, ErrorKind::Duplicate);
        QCOMPARE(again.id, 0);

        // The next shift starts exactly at the last end: fine (the end is exclusive).
        HandoverRecord next = makeHandover(m_now, m_now.addSecs(3600));
        QVERIFY(b.insertHandover(next).ok());
        // Another counter in the same file is not affected by this counter's shifts.
        HandoverRecord elsewhere = makeHandover(start, m_now, QStringLiteral("C02"));
        QVERIFY(b.insertHandover(elsewhere).ok());

        RawDb raw(dbPath());
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM handovers")).toInt(), 3);
    }

    void badRecordsAreRefusedAndNothingIsWritten()
    {
        Journal journal(clock());
        QVERIFY(journal.open(dbPath()).ok());
        HandoverRecord backwards = makeHandover(m_now, m_now.addSecs(-1));
        HandoverRecord noStart = makeHandover(QDateTime(), m_now);
        HandoverRecord noTotals = makeHandover(m_now.addSecs(-60), m_now);
        noTotals.totalsJson.clear();
        HandoverRecord nobody = makeHandover(m_now.addSecs(-60), m_now);
        nobody.confirmedBy.clear();
        for (HandoverRecord *r : { &backwards, &noStart, &noTotals, &nobody }) {
            auto refused = journal.insertHandover(*r);
            QVERIFY(!refused.ok());
            QCOMPARE(refused.error().kind, ErrorKind::InvalidArgument);
        }
        RawDb raw(dbPath());
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM handovers")).toInt(), 0);
    }

    void aClosedJournalRefuses()
    {
        Journal journal(clock());
        HandoverRecord r = makeHandover(m_now.addSecs(-60), m_now);
        QCOMPARE(journal.insertHandover(r).error().kind, ErrorKind::NotOpen);
        QCOMPARE(journal.lastHandover(QStringLiteral("C01")).error().kind, ErrorKind::NotOpen);
        QCOMPARE(journal.handovers(QStringLiteral("C01"), 0, 10).error().kind, ErrorKind::NotOpen);
        QCOMPARE(journal.handover(1).error().kind, ErrorKind::NotOpen);
    }
};

QTEST_GUILESS_MAIN(TestHistoryHandovers)
#include "test_history_handovers.moc"
