// desk::HistoryService's pages over a real journal file: the page after a row continues the offset
// order through rows that share a time, keeps desk's filter, is not shifted by a newer row, and
// answers a bad page with desk's error.
#include "desk/historyservice.h"
#include "desk/staff.h"
#include "history/journal.h"
#include "wechatpay/clock.h"

#include <QTemporaryDir>
#include <QTest>

namespace {

// A fixed local time with millisecond precision (the journal stores milliseconds).
const QDateTime kNow(QDate(2024, 5, 1), QTime(10, 0, 0, 123));

QStringList codes(const QList<desk::HistoryRow> &rows)
{
    QStringList list;
    for (const desk::HistoryRow &row : rows)
        list << row.couponCode;
    return list;
}

} // namespace

class TestDeskHistoryService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_journal = std::make_unique<history::Journal>([] { return kNow; });
        QVERIFY(m_journal->open(m_dir->filePath(QStringLiteral("journal.sqlite"))).ok());
        m_history = std::make_unique<desk::HistoryService>(*m_journal, m_staff);
        // C0..C9, alice and bob in turn, two rows on each millisecond: C9 (and C8) the newest.
        QList<history::JournalEntry> batch;
        for (int i = 0; i < 10; ++i) {
            history::JournalEntry e;
            e.couponCode = QStringLiteral("C%1").arg(i);
            e.requestNo = QStringLiteral("R%1").arg(i);
            e.requestBody = QByteArrayLiteral("{}");
            e.staff = i % 2 ? QStringLiteral("bob") : QStringLiteral("alice");
            e.createdAt = kNow.addMSecs(i / 2);
            batch << e;
        }
        QVERIFY(m_journal->insertBatch(batch).ok());
    }
    void cleanup()
    {
        m_history.reset();
        m_journal.reset();
        m_dir.reset();
    }

    void pageAfterContinuesThePageBefore()
    {
        const auto all = m_history->page({}, 0, 100);
        QVERIFY(all.ok());
        const auto first = m_history->page({}, 0, 3); // C9 C8 C7: ends inside the tie of C7 and C6
        QVERIFY(first.ok());
        QCOMPARE(codes(*first), codes(all->mid(0, 3)));
        QCOMPARE(all->at(3).createdAt, first->constLast().createdAt);
        const auto second = m_history->pageAfter({}, first->constLast(), 3);
        QVERIFY(second.ok());
        QCOMPARE(codes(*second), codes(all->mid(3, 3)));
        QVERIFY(m_history->pageAfter({}, all->constLast(), 3)->isEmpty());
    }

    void pageAfterKeepsTheFilter()
    {
        desk::HistoryFilter bob;
        bob.staff = QStringLiteral("bob");
        const auto first = m_history->page(bob, 0, 2);
        QVERIFY(first.ok());
        QCOMPARE(codes(*first), (QStringList { QStringLiteral("C9"), QStringLiteral("C7") }));
        const auto rest = m_history->pageAfter(bob, first->constLast(), 10);
        QVERIFY(rest.ok());
        QCOMPARE(
            codes(*rest), (QStringList { QStringLiteral("C5"), QStringLiteral("C3"), QStringLiteral("C1") }));
    }

    void pageAfterIsNotShiftedByANewerRow()
    {
        const auto first = m_history->page({}, 0, 5);
        QVERIFY(first.ok());
        history::JournalEntry late;
        late.couponCode = QStringLiteral("LATE");
        late.requestNo = QStringLiteral("LATE");
        late.requestBody = QByteArrayLiteral("{}");
        late.createdAt = kNow.addSecs(60);
        QVERIFY(m_journal->insertPending(late).ok());
        const auto second = m_history->pageAfter({}, first->constLast(), 5);
        QVERIFY(second.ok());
        QCOMPARE(codes(*second),
            (QStringList { QStringLiteral("C4"), QStringLiteral("C3"), QStringLiteral("C2"),
                QStringLiteral("C1"), QStringLiteral("C0") }));
    }

    void badPageAfterIsDesksError()
    {
        const desk::HistoryRow row = m_history->page({}, 0, 1)->constFirst();
        const auto zero = m_history->pageAfter({}, row, 0);
        QVERIFY(!zero.ok());
        QCOMPARE(zero.error().code, QStringLiteral("HISTORY_FAILED"));
        QVERIFY(!m_history->pageAfter({}, desk::HistoryRow {}, 10).ok()); // no time: no position
    }

private:
    wechatpay::SystemClock m_clock;
    desk::StaffDirectory m_staff { {}, m_clock };
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<history::Journal> m_journal;
    std::unique_ptr<desk::HistoryService> m_history;
};

QTEST_GUILESS_MAIN(TestDeskHistoryService)
#include "test_desk_historyservice.moc"
