// Pushing a counter's journal rows into the chain database (history/chainpush.h) against a real
// PostgreSQL 15 started for this test class: the outbox batch lands as rows equal to the journal's,
// pushing again adds no row, a late older copy never undoes a settled row, odd text survives the
// array encoding, and a batch holding another counter's row is refused whole by row-level security.
// Then the reads (history/chaintrail.h): the rows open at other counters, and a coupon's chain trail.
#include "chainfixture.h"
#include "history/chainpush.h"
#include "history/chaintrail.h"
#include "history/journal.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class TestChainPush : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        COUPONDESK_REQUIRE_POSTGRES();
        QVERIFY2(m_chain.start(), qPrintable(m_chain.errorString()));
        // Counter 02 is registered so that its row below is refused by row-level security, not by the
        // foreign key to the counters; this test pushes as counter 01.
        for (const QString &counter : { QStringLiteral("01"), QStringLiteral("02") })
            QVERIFY(m_chain.addCounter(QStringLiteral("s1"), QStringLiteral("徐汇店"), counter).ok());
        auto login = m_chain.addCounter(QStringLiteral("s1"), QStringLiteral("徐汇店"), QStringLiteral("01"));
        QVERIFY(login.ok());
        QVERIFY2(m_chain.openCounter(login.value()), qPrintable(m_chain.errorString()));

        QVERIFY(m_dir.isValid());
        m_journal = std::make_unique<history::Journal>([this] { return m_now; });
        QVERIFY(m_journal->open(m_dir.filePath(QStringLiteral("history.sqlite"))).ok());
        QVERIFY(m_journal->setOutboxEnabled(true).ok());
    }

    void cleanupTestCase()
    {
        m_journal.reset();
        m_chain.close();
    }

    void batchLandsAsTheJournalsRows()
    {
        history::JournalEntry odd = entry(QStringLiteral("01-U1"), QStringLiteral("C1"));
        odd.reason = QStringLiteral("引号\"反斜杠\\括号{},逗号 NULL");
        odd.staff = QStringLiteral("NULL");
        odd.orderFen = 12800;
        odd.discountFen = 2000;
        QVERIFY(m_journal->insertPending(odd).ok());
        history::JournalEntry plain = entry(QStringLiteral("01-U2"), QStringLiteral("C2"));
        QVERIFY(m_journal->insertPending(plain).ok());
        history::Outcome ok;
        ok.state = history::State::Succeeded;
        ok.settledBy = history::SettledBy::Response;
        ok.wechatTime = QStringLiteral("2026-12-06T10:00:00+08:00");
        m_now = m_now.addSecs(1);
        QVERIFY(m_journal->markOutcome(odd.id, ok).ok());

        auto batch = m_journal->outboxBatch(100);
        QVERIFY(batch.ok());
        QCOMPARE(batch->size(), 2);
        auto pushed = history::pushToChain(m_chain.counter(), QStringLiteral("s1"), batch.value());
        QVERIFY2(pushed.ok(), qPrintable(pushed.error().message));
        QCOMPARE(pushed.value(), 2);
        QVERIFY(m_journal->ackOutbox(batch->last().seq).ok());

        QSqlQuery q(m_chain.admin());
        QVERIFY(
            q.exec(QStringLiteral("SELECT reason, staff, state, settled_by, wechat_time, order_amount_fen,"
                                  " discount_fen, batch_id IS NULL, created_at = '%1'::timestamptz"
                                  " FROM coupondesk.history WHERE request_no = '01-U1'")
                       .arg(odd.createdAt.toUTC().toString(Qt::ISODateWithMs))));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), odd.reason);
        QCOMPARE(q.value(1).toString(), QStringLiteral("NULL")); // the text, not a null
        QCOMPARE(q.value(2).toString(), QStringLiteral("SUCCEEDED"));
        QCOMPARE(q.value(3).toString(), QStringLiteral("response"));
        QCOMPARE(q.value(4).toString(), ok.wechatTime);
        QCOMPARE(q.value(5).toLongLong(), 12800);
        QCOMPARE(q.value(6).toLongLong(), 2000);
        QVERIFY(q.value(7).toBool());
        QVERIFY(q.value(8).toBool());
        QVERIFY(q.exec(QStringLiteral("SELECT order_amount_fen IS NULL, state FROM coupondesk.history"
                                      " WHERE request_no = '01-U2'")));
        QVERIFY(q.next());
        QVERIFY(q.value(0).toBool());
        QCOMPARE(q.value(1).toString(), QStringLiteral("PENDING"));
    }

    void pushingAgainOrLateChangesNothing()
    {
        auto all = m_journal->queryAfter({}, { m_now.addDays(1), 0 }, 100);
        QVERIFY(all.ok());
        QList<history::OutboxItem> again;
        for (const history::JournalEntry &e : all.value())
            again << history::OutboxItem { 0, e };
        // The same copies again (an acknowledgement lost): rewritten with the same values, no new row.
        QCOMPARE(history::pushToChain(m_chain.counter(), QStringLiteral("s1"), again).value(), 2);
        QCOMPARE(rowCount(), 2);

        // A copy older than what the chain holds (the PENDING one, arriving late) changes nothing.
        history::JournalEntry stale;
        for (const history::JournalEntry &e : all.value())
            if (e.requestNo == QLatin1String("01-U1"))
                stale = e;
        QCOMPARE(stale.state, history::State::Succeeded);
        stale.state = history::State::Pending;
        stale.settledBy = history::SettledBy::None;
        stale.updatedAt = stale.updatedAt.addSecs(-60);
        QCOMPARE(history::pushToChain(m_chain.counter(), QStringLiteral("s1"), { { 0, stale } }).value(), 0);
        QSqlQuery q(m_chain.admin());
        QVERIFY(q.exec(QStringLiteral("SELECT state FROM coupondesk.history WHERE request_no = '01-U1'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("SUCCEEDED"));
    }

    void anotherCountersRowRefusesTheWholeBatch()
    {
        history::JournalEntry mine = entry(QStringLiteral("01-U3"), QStringLiteral("C3"));
        mine.createdAt = mine.updatedAt = m_now;
        history::JournalEntry theirs = entry(QStringLiteral("02-U1"), QStringLiteral("C4"));
        theirs.counterId = QStringLiteral("02");
        theirs.createdAt = theirs.updatedAt = m_now;
        auto pushed
            = history::pushToChain(m_chain.counter(), QStringLiteral("s1"), { { 0, mine }, { 0, theirs } });
        QVERIFY(!pushed.ok());
        QCOMPARE(rowCount(), 2); // neither row: one statement, all or nothing
        auto otherShop = history::pushToChain(m_chain.counter(), QStringLiteral("s2"), { { 0, mine } });
        QVERIFY(!otherShop.ok());
        QCOMPARE(rowCount(), 2);
    }

    // Seen from counter 02, counter 01's PENDING row for C2 is open elsewhere; its settled C1 row is not,
    // and a counter's own open rows are not "elsewhere".
    void openRowsAtOtherCounters()
    {
        auto open = history::chainOpenRows(m_chain.counter(), QStringLiteral("s1"), QStringLiteral("02"));
        QVERIFY2(open.ok(), qPrintable(open.error().message));
        QCOMPARE(open->size(), 1);
        const history::ChainRow &row = open->first();
        QCOMPARE(row.shopId, QStringLiteral("s1"));
        QCOMPARE(row.shopName, QStringLiteral("徐汇店"));
        QCOMPARE(row.counterId, QStringLiteral("01"));
        QCOMPARE(row.requestNo, QStringLiteral("01-U2"));
        QCOMPARE(row.couponCode, QStringLiteral("C2"));
        QCOMPARE(row.staff, QStringLiteral("c01"));
        QCOMPARE(row.operation, history::Operation::Use);
        QCOMPARE(row.state, history::State::Pending);
        QCOMPARE(row.createdAt.toMSecsSinceEpoch(), m_now.addSecs(-1).toMSecsSinceEpoch());
        auto own = history::chainOpenRows(m_chain.counter(), QStringLiteral("s1"), QStringLiteral("01"));
        QVERIFY(own.ok());
        QVERIFY(own->isEmpty());
        QCOMPARE(history::chainOpenRows(m_chain.counter(), QStringLiteral("s1"), QStringLiteral("02"), 0)
                     .error()
                     .kind,
            history::ErrorKind::InvalidArgument);
    }

    void trailIsNewestFirst()
    {
        history::JournalEntry later = entry(QStringLiteral("01-U4"), QStringLiteral("C1"));
        later.createdAt = m_now.addSecs(60);
        QVERIFY(m_journal->insertPending(later).ok());
        auto batch = m_journal->outboxBatch(100);
        QVERIFY(batch.ok());
        QVERIFY(history::pushToChain(m_chain.counter(), QStringLiteral("s1"), batch.value()).ok());
        QVERIFY(m_journal->ackOutbox(batch->last().seq).ok());

        auto trail = history::chainTrail(m_chain.counter(), QStringLiteral("C1"));
        QVERIFY2(trail.ok(), qPrintable(trail.error().message));
        QCOMPARE(trail->size(), 2);
        QCOMPARE(trail->at(0).requestNo, QStringLiteral("01-U4"));
        QCOMPARE(trail->at(0).state, history::State::Pending);
        QCOMPARE(trail->at(1).requestNo, QStringLiteral("01-U1"));
        QCOMPARE(trail->at(1).state, history::State::Succeeded);
        QCOMPARE(trail->at(1).shopName, QStringLiteral("徐汇店"));
        QCOMPARE(history::chainTrail(m_chain.counter(), QStringLiteral("C1"), 1)->size(), 1);
        QVERIFY(history::chainTrail(m_chain.counter(), QStringLiteral("NO-SUCH-CODE"))->isEmpty());
    }

private:
    history::JournalEntry entry(const QString &requestNo, const QString &code) const
    {
        history::JournalEntry e;
        e.operation = history::Operation::Use;
        e.couponCode = code;
        e.stockId = QStringLiteral("1212000000000001");
        e.appid = QStringLiteral("wx1234567890abcdef");
        e.requestNo = requestNo;
        e.requestBody = QByteArrayLiteral("{}");
        e.staff = QStringLiteral("c01");
        e.counterId = QStringLiteral("01");
        e.createdAt = m_now;
        return e;
    }
    int rowCount()
    {
        QSqlQuery q(m_chain.admin());
        if (!q.exec(QStringLiteral("SELECT count(*) FROM coupondesk.history")) || !q.next())
            return -1;
        return q.value(0).toInt();
    }

    testsupport::ChainFixture m_chain; // its counter() is the counter s1/01
    QTemporaryDir m_dir;
    std::unique_ptr<history::Journal> m_journal;
    QDateTime m_now
        = QDateTime::fromString(QStringLiteral("2026-12-06T10:00:00.123+08:00"), Qt::ISODateWithMs);
};

QTEST_GUILESS_MAIN(TestChainPush)
#include "test_chain_push.moc"
