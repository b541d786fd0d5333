// The replicator (desk/chainpusher.h, desk/chainlink.h) against a real PostgreSQL 15 and real SQLite
// journals: rows written to a counter's journal appear in the chain database with the journal's values;
// the status goes Waiting → Synced; faults — the server stopped mid-sync and started again, the
// counter's connection killed (pg_terminate_backend), a chain schema older or newer than the program —
// leave the rows queued and, once the server is back, every row arrives exactly once. Also the other
// counters' open rows (openElsewhere) and a coupon's trail across the chain.
#include "chainfixture.h"
#include "desk/chainlink.h"
#include "desk/chainpusher.h"

#include "history/chainschema.h"
#include "history/journal.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using desk::ChainStatus;
using history::ChainSchema;

namespace {

constexpr int kWaitMs = 20000;
constexpr int kCatchUpMs = 60000; // a backlog after an outage, one fsync per round

} // namespace

class TestChainLink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        COUPONDESK_REQUIRE_POSTGRES();
        QVERIFY2(m_chain.start(), qPrintable(m_chain.errorString()));
        for (const QString &counter : { QStringLiteral("01"), QStringLiteral("02") }) {
            auto login = m_chain.addCounter(QStringLiteral("s1"), QStringLiteral("徐汇店"), counter);
            QVERIFY2(login.ok(), qPrintable(login.error().message));
            m_logins << login.value();
        }
        QVERIFY(m_dir.isValid());
        for (const QString &name : { QStringLiteral("01.sqlite"), QStringLiteral("02.sqlite") }) {
            auto journal = std::make_unique<history::Journal>();
            QVERIFY(journal->open(m_dir.filePath(name)).ok());
            QVERIFY(journal->setOutboxEnabled(true).ok());
            m_journals.push_back(std::move(journal));
        }
    }

    void cleanupTestCase()
    {
        m_journals.clear();
        m_chain.close();
    }

    // The synchronous pusher, as `chain sync` and `chain status` use it.
    void pusherPushesTheJournalsRows()
    {
        history::JournalEntry settled = write(0, QStringLiteral("P1"));
        settle(0, settled.id, history::State::Succeeded);
        write(0, QStringLiteral("P2"));
        desk::ChainPusher pusher(config(0));
        QCOMPARE(pusher.status().state, ChainStatus::State::Connecting);
        auto before = pusher.check();
        QVERIFY(before.ok());
        QCOMPARE(before->state, ChainStatus::State::Waiting);
        QCOMPARE(before->waiting, 2);
        QVERIFY(before->oldestWaitingSince.isValid());
        QCOMPARE(before->schemaFound, ChainSchema::kVersion);

        auto report = pusher.pushAll(2); // P1's two changes, then P2
        QVERIFY2(report.ok(), qPrintable(report.error().message));
        QCOMPARE(report->pushed, 2);
        QCOMPARE(report->batches, 2);
        QCOMPARE(report->waiting, 0);
        QCOMPARE(pusher.status().state, ChainStatus::State::Synced);
        QVERIFY(pusher.status().lastSyncAt.isValid());
        QVERIFY(pusher.status().lastError.isEmpty());
        QVERIFY(chainEqualsJournals());
        auto again = pusher.pushOnce();
        QVERIFY(again.ok());
        QCOMPARE(again->rows, 0);
    }

    void linkFollowsTheJournal()
    {
        for (int i = 0; i < 5; ++i)
            write(0, QStringLiteral("L%1").arg(i));
        desk::ChainLinkOptions options = fastOptions();
        options.batchSize = 2; // three rounds: the status is Waiting after the first
        desk::ChainLink link(config(0), options);
        QCOMPARE(link.status().state, ChainStatus::State::Connecting);
        QSignalSpy changes(&link, &desk::ChainLink::statusChanged);
        link.start();
        QVERIFY(link.isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(link.status().state, ChainStatus::State::Synced, kWaitMs);
        QVERIFY(changes.size() >= 2);
        QCOMPARE(changes.first().first().value<ChainStatus>().state, ChainStatus::State::Waiting);
        QCOMPARE(changes.first().first().value<ChainStatus>().waiting, 3);
        QCOMPARE(changes.last().first().value<ChainStatus>().state, ChainStatus::State::Synced);
        QVERIFY(chainEqualsJournals());

        // A settled row, nudged as Desk::journalChanged does: in the chain well under a second.
        history::JournalEntry row = write(0, QStringLiteral("L9"));
        settle(0, row.id, history::State::Succeeded);
        QElapsedTimer lag;
        lag.start();
        link.nudge();
        link.nudge(); // coalesced
        QTRY_VERIFY_WITH_TIMEOUT(chainState(row.requestNo) == QLatin1String("SUCCEEDED"), kWaitMs);
        qInfo("nudged row visible in the chain database after %lld ms", lag.elapsed());
        QVERIFY(lag.elapsed() < 1000);
        // A write by another program on the same file (no nudge): the poll finds it.
        row = write(0, QStringLiteral("L10"));
        lag.restart();
        QTRY_VERIFY_WITH_TIMEOUT(!chainState(row.requestNo).isEmpty(), kWaitMs);
        qInfo("polled row visible after %lld ms", lag.elapsed());
        QTRY_COMPARE_WITH_TIMEOUT(link.status().state, ChainStatus::State::Synced, kWaitMs);
        // Rounds go on every second; a status shown the same is not emitted again.
        changes.clear();
        QVERIFY(!changes.wait(2500));
        link.stop();
        QVERIFY(!link.isRunning());
        QVERIFY(chainEqualsJournals());
    }

    void serverStoppedMidSyncThenRestarted()
    {
        // Each round of 5 is one SQLite commit with synchronous=FULL: ~2.4 ms here, ~50 ms on
        // CI's disk. 1,000 rows leave the server's stop (10 to 85 rows in, measured) mid-sync and
        // keep the catch-up (~200 rounds) well inside kCatchUpMs on either.
        QList<history::JournalEntry> rows;
        for (int i = 0; i < 1000; ++i)
            rows << entry(0, QStringLiteral("S%1").arg(i));
        QVERIFY(m_journals[0]->insertBatch(rows).ok());
        desk::ChainLinkOptions options = fastOptions();
        options.batchSize = 5;
        desk::ChainLink link(config(0), options);
        link.start();
        QTRY_VERIFY_WITH_TIMEOUT(chainCount(QStringLiteral("01-S%")) > 0, kWaitMs);
        m_chain.postgres().stop();
        QTRY_COMPARE_WITH_TIMEOUT(link.status().state, ChainStatus::State::Unreachable, kWaitMs);
        qInfo("server stopped with %lld rows still queued", link.status().waiting);
        QVERIFY(link.status().waiting > 0); // stopped mid-sync: some rows in, some still queued
        const ChainStatus down = link.status();
        QVERIFY(down.unreachableSince.isValid());
        QVERIFY(!down.lastError.isEmpty());
        QVERIFY(!down.lastError.contains(m_logins[0].password));
        QVERIFY(!desk::chainStatusText(down).isEmpty());

        // The counter goes on: journal writes succeed, and queue up.
        for (int i = 0; i < 10; ++i) {
            history::JournalEntry e = write(0, QStringLiteral("S-down%1").arg(i));
            settle(0, e.id, i % 2 ? history::State::Failed : history::State::Succeeded);
            link.nudge();
        }
        auto queued = m_journals[0]->outboxStatus();
        QVERIFY(queued.ok());
        QVERIFY(queued->rows >= 10);
        // The failed rounds count them: "unreachable since …, N queued".
        QTRY_VERIFY_WITH_TIMEOUT(link.status().waiting >= 10, kWaitMs);
        QCOMPARE(link.status().state, ChainStatus::State::Unreachable);
        QCOMPARE(link.status().unreachableSince, down.unreachableSince);

        QElapsedTimer catchUp;
        QVERIFY2(m_chain.postgres().restart(), qPrintable(m_chain.postgres().errorString()));
        catchUp.start();
        QVERIFY2(m_chain.reopenAdmin(), qPrintable(m_chain.errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(link.status().state, ChainStatus::State::Synced, kCatchUpMs);
        qInfo("after the restart, %lld queued rows were in the chain within %lld ms", queued->rows,
            catchUp.elapsed());
        QCOMPARE(link.status().waiting, 0);
        QVERIFY(!link.status().unreachableSince.isValid());
        QVERIFY(chainEqualsJournals());
    }

    void killedConnectionIsReopened()
    {
        desk::ChainLink link(config(0), fastOptions());
        link.start();
        QTRY_COMPARE_WITH_TIMEOUT(link.status().state, ChainStatus::State::Synced, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(backends(m_logins[0].role).size(), 1, kWaitMs); // one per counter
        const QList<int> before = backends(m_logins[0].role);
        QSqlQuery kill(m_chain.admin());
        QVERIFY(kill.prepare(
            QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ?")));
        kill.addBindValue(m_logins[0].role);
        QVERIFY(kill.exec());
        QTRY_VERIFY_WITH_TIMEOUT(backends(m_logins[0].role).isEmpty(), kWaitMs);

        history::JournalEntry row = write(0, QStringLiteral("K1"));
        link.nudge();
        QTRY_VERIFY_WITH_TIMEOUT(!chainState(row.requestNo).isEmpty(), kWaitMs);
        const QList<int> after = backends(m_logins[0].role);
        QCOMPARE(after.size(), 1);
        QVERIFY(after != before);
        QTRY_COMPARE_WITH_TIMEOUT(link.status().state, ChainStatus::State::Synced, kWaitMs);
        QVERIFY(chainEqualsJournals());
    }

    // A schema older than this program needs: nothing is pushed, the rows wait and say "chain init";
    // once the schema is current they are pushed.
    void olderSchemaWaits()
    {
        const QString current = QString::number(ChainSchema::kVersion);
        QSqlQuery q(m_chain.admin());
        QVERIFY(q.exec(QStringLiteral("DELETE FROM coupondesk.schema_version WHERE version = ") + current));
        history::JournalEntry row = write(0, QStringLiteral("V-older"));

        desk::ChainPusher pusher(config(0));
        auto pushed = pusher.pushOnce();
        QVERIFY(!pushed.ok());
        QCOMPARE(pushed.error().code, QStringLiteral("CHAIN_NEEDS_UPGRADE"));
        QVERIFY2(
            pushed.error().message.contains(QLatin1String("chain init")), qPrintable(pushed.error().message));
        QCOMPARE(pusher.status().state, ChainStatus::State::NeedsUpgrade);
        auto checked = pusher.check();
        QVERIFY(checked.ok());
        QCOMPARE(checked->state, ChainStatus::State::NeedsUpgrade);
        QCOMPARE(checked->waiting, 1);

        desk::ChainLink link(config(0), fastOptions());
        link.start();
        QTRY_COMPARE_WITH_TIMEOUT(link.status().state, ChainStatus::State::NeedsUpgrade, kWaitMs);
        QVERIFY(chainState(row.requestNo).isEmpty()); // nothing pushed: the row stays queued
        QCOMPARE(m_journals[0]->outboxStatus()->rows, 1);

        QVERIFY(q.exec(QStringLiteral("INSERT INTO coupondesk.schema_version (version) VALUES (") + current
            + QLatin1Char(')')));
        QTRY_COMPARE_WITH_TIMEOUT(link.status().state, ChainStatus::State::Synced, kWaitMs);
        QCOMPARE(chainState(row.requestNo), QStringLiteral("PENDING"));
        QVERIFY(chainEqualsJournals());
    }

    // A schema newer than this program (the chain upgraded first, this counter not yet): migrations only
    // add, so it pushes on, while the link is connected and from a new connection.
    void newerSchemaIsUsed()
    {
        const QString next = QString::number(ChainSchema::kVersion + 1);
        desk::ChainLink link(config(0), fastOptions());
        link.start();
        QTRY_COMPARE_WITH_TIMEOUT(link.status().state, ChainStatus::State::Synced, kWaitMs);
        QSqlQuery q(m_chain.admin());
        QVERIFY(q.exec(QStringLiteral("INSERT INTO coupondesk.schema_version (version) VALUES (") + next
            + QLatin1Char(')')));
        history::JournalEntry row = write(0, QStringLiteral("V-newer"));
        link.nudge();
        QTRY_COMPARE_WITH_TIMEOUT(chainState(row.requestNo), QStringLiteral("PENDING"), kWaitMs);

        desk::ChainPusher pusher(config(0)); // a new connection finds the newer schema at once
        history::JournalEntry second = write(0, QStringLiteral("V-newer-2"));
        auto pushed = pusher.pushAll();
        QVERIFY2(pushed.ok(), qPrintable(pushed.ok() ? QString() : pushed.error().message));
        QCOMPARE(pusher.status().schemaFound, ChainSchema::kVersion + 1);
        QCOMPARE(chainState(second.requestNo), QStringLiteral("PENDING"));
        QVERIFY(q.exec(QStringLiteral("DELETE FROM coupondesk.schema_version WHERE version = ") + next));
        QVERIFY(chainEqualsJournals());
    }

    // Counter 02 holds a coupon PENDING: counter 01's link sees it open elsewhere and in the trail.
    void openElsewhereAndTrail()
    {
        desk::ChainLink link(config(0), fastOptions());
        QSignalSpy refreshed(&link, &desk::ChainLink::openRowsRefreshed);
        QSignalSpy trails(&link, &desk::ChainLink::trailFound);
        link.start();
        QTRY_COMPARE_WITH_TIMEOUT(link.status().state, ChainStatus::State::Synced, kWaitMs);
        QVERIFY(!link.openElsewhere(QStringLiteral("T1")));

        history::JournalEntry mine = write(0, QStringLiteral("T1"));
        settle(0, mine.id, history::State::Succeeded);
        history::JournalEntry theirs = write(1, QStringLiteral("T1"), mine.createdAt.addMSecs(5));
        desk::ChainPusher other(config(1));
        QVERIFY(other.pushAll().ok());
        QTRY_VERIFY_WITH_TIMEOUT(link.openElsewhere(QStringLiteral("T1")).has_value(), kWaitMs);
        const desk::ChainSighting seen = *link.openElsewhere(QStringLiteral("T1"));
        QCOMPARE(seen.shopId, QStringLiteral("s1"));
        QCOMPARE(seen.shopName, QStringLiteral("徐汇店"));
        QCOMPARE(seen.counterId, QStringLiteral("02"));
        QCOMPARE(seen.requestNo, theirs.requestNo);
        QCOMPARE(seen.staff, QStringLiteral("c02"));
        QCOMPARE(seen.state, desk::State::Pending);
        QCOMPARE(seen.operation, desk::Operation::Use);
        QCOMPARE(seen.createdAt.toMSecsSinceEpoch(), theirs.createdAt.toMSecsSinceEpoch());
        QVERIFY(refreshed.size() > 0);
        // Counter 01's own open rows are not "elsewhere".
        write(0, QStringLiteral("T2"));
        link.nudge();
        QTRY_VERIFY_WITH_TIMEOUT(!chainState(QStringLiteral("01-T2")).isEmpty(), kWaitMs);
        const int seenRefreshes = int(refreshed.size());
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.size() > seenRefreshes, kWaitMs);
        QVERIFY(!link.openElsewhere(QStringLiteral("T2")));

        link.lookUpTrail(QStringLiteral("T1"));
        QTRY_COMPARE_WITH_TIMEOUT(trails.size(), 1, kWaitMs);
        QCOMPARE(trails.first().at(0).toString(), QStringLiteral("T1"));
        const auto rows = trails.first().at(1).value<QList<desk::ChainSighting>>();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0).requestNo, theirs.requestNo); // newest first
        QCOMPARE(rows.at(1).requestNo, mine.requestNo);
        QCOMPARE(rows.at(1).state, desk::State::Succeeded);

        // Settled at counter 02: no longer open anywhere.
        settle(1, theirs.id, history::State::Failed);
        QVERIFY(other.pushAll().ok());
        QTRY_VERIFY_WITH_TIMEOUT(!link.openElsewhere(QStringLiteral("T1")), kWaitMs);
    }

    // Unreachable: the trail answers at once, empty; openElsewhere has nothing to say.
    void trailWhenUnreachableIsEmptyAtOnce()
    {
        desk::ChainPusherConfig c = config(0);
        c.chain.databaseUrl = m_chain.postgres()
                                  .uri(m_logins[0].role, m_chain.postgres().caPath())
                                  .replace(QLatin1Char(':') + QString::number(m_chain.postgres().port()),
                                      QStringLiteral(":1"));
        desk::ChainLink link(c, fastOptions());
        QSignalSpy trails(&link, &desk::ChainLink::trailFound);
        link.start();
        QTRY_COMPARE_WITH_TIMEOUT(link.status().state, ChainStatus::State::Unreachable, kWaitMs);
        QVERIFY(!link.openElsewhere(QStringLiteral("T1")));
        link.lookUpTrail(QStringLiteral("T1"));
        QVERIFY(trails.wait(1000));
        QVERIFY(trails.first().at(1).value<QList<desk::ChainSighting>>().isEmpty());

        desk::ChainLink idle(config(0), fastOptions()); // not started
        QSignalSpy idleTrails(&idle, &desk::ChainLink::trailFound);
        idle.lookUpTrail(QStringLiteral("T1"));
        QVERIFY(idleTrails.wait(1000));
    }

private:
    desk::ChainLinkOptions fastOptions() const
    {
        desk::ChainLinkOptions o;
        o.backoffStartMs = 100;
        o.backoffMaxMs = 1000;
        return o;
    }

    desk::ChainPusherConfig config(int counter) const
    {
        desk::ChainPusherConfig c;
        c.journalPath = m_journals[counter]->path();
        c.chain.databaseUrl = m_logins[counter].databaseUrl;
        c.chain.passwordRef = QStringLiteral("file:unused");
        c.chain.shopId = QStringLiteral("s1");
        c.chain.shopName = QStringLiteral("徐汇店");
        c.password = m_logins[counter].password;
        c.counterId = counter == 0 ? QStringLiteral("01") : QStringLiteral("02");
        c.connectTimeoutSecs = 2;
        return c;
    }

    history::JournalEntry entry(int counter, const QString &code)
    {
        history::JournalEntry e;
        e.operation = history::Operation::Use;
        e.couponCode = code;
        e.stockId = QStringLiteral("1212000000000001");
        e.requestNo = (counter == 0 ? QStringLiteral("01-") : QStringLiteral("02-")) + code;
        e.requestBody = QByteArrayLiteral("{}");
        e.staff = counter == 0 ? QStringLiteral("c01") : QStringLiteral("c02");
        e.counterId = counter == 0 ? QStringLiteral("01") : QStringLiteral("02");
        e.orderFen = 10000;
        e.discountFen = 1500;
        return e;
    }

    history::JournalEntry write(int counter, const QString &code, const QDateTime &createdAt = {})
    {
        history::JournalEntry e = entry(counter, code);
        e.createdAt = createdAt;
        const auto inserted = m_journals[counter]->insertPending(e, history::Journal::InFlightPolicy::Allow);
        if (!inserted)
            qFatal("insertPending: %s", qPrintable(inserted.error().message));
        return e;
    }

    void settle(int counter, qint64 id, history::State state)
    {
        history::Outcome o;
        o.state = state;
        o.settledBy = history::SettledBy::Response;
        o.wechatCode = state == history::State::Failed ? QStringLiteral("COUPON_USED") : QString();
        QVERIFY(m_journals[counter]->markOutcome(id, o).ok());
    }

    QString chainState(const QString &requestNo)
    {
        QSqlQuery q(m_chain.admin());
        q.prepare(QStringLiteral("SELECT state FROM coupondesk.history WHERE request_no = ?"));
        q.addBindValue(requestNo);
        if (!q.exec() || !q.next())
            return {};
        return q.value(0).toString();
    }

    qint64 chainCount(const QString &requestNoLike)
    {
        QSqlQuery q(m_chain.admin());
        q.prepare(QStringLiteral("SELECT count(*) FROM coupondesk.history WHERE request_no LIKE ?"));
        q.addBindValue(requestNoLike);
        if (!q.exec() || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }

    QList<int> backends(const QString &role)
    {
        QSqlQuery q(m_chain.admin());
        q.prepare(QStringLiteral("SELECT pid FROM pg_stat_activity WHERE usename = ? ORDER BY pid"));
        q.addBindValue(role);
        QList<int> pids;
        if (q.exec())
            while (q.next())
                pids << q.value(0).toInt();
        return pids;
    }

    // Every journal row of both counters is in the chain once, with the journal's values; nothing else is.
    bool chainEqualsJournals()
    {
        QHash<QString, history::JournalEntry> expected;
        for (const auto &journal : m_journals) {
            auto all = journal->query({}, 0, history::Journal::kMaxPageSize);
            if (!all)
                return false;
            for (const history::JournalEntry &e : all.value())
                expected.insert(e.counterId + QLatin1Char('/') + e.requestNo, e);
        }
        QSqlQuery q(m_chain.admin());
        if (!q.exec(QStringLiteral("SELECT counter_id, request_no, state, coupon_code, staff, attempts,"
                                   " wechat_code, settled_by, order_amount_fen, discount_fen, created_at,"
                                   " updated_at, shop_id FROM coupondesk.history")))
            return false;
        qint64 seen = 0;
        while (q.next()) {
            ++seen;
            const QString key = q.value(0).toString() + QLatin1Char('/') + q.value(1).toString();
            const auto it = expected.constFind(key);
            if (it == expected.cend()) {
                qWarning("not in any journal: %s", qPrintable(key));
                return false;
            }
            const history::JournalEntry &e = it.value();
            const bool same = q.value(2).toString() == history::stateName(e.state)
                && q.value(3).toString() == e.couponCode && q.value(4).toString() == e.staff
                && q.value(5).toInt() == e.attempts && q.value(6).toString() == e.wechatCode
                && q.value(7).toString() == history::settledByName(e.settledBy)
                && q.value(8).toLongLong() == e.orderFen.value_or(-1)
                && q.value(9).toLongLong() == e.discountFen.value_or(-1)
                && q.value(10).toDateTime().toMSecsSinceEpoch() == e.createdAt.toMSecsSinceEpoch()
                && q.value(11).toDateTime().toMSecsSinceEpoch() == e.updatedAt.toMSecsSinceEpoch()
                && q.value(12).toString() == QLatin1String("s1");
            if (!same) {
                qWarning("differs from the journal: %s (chain %s, journal %s)", qPrintable(key),
                    qPrintable(q.value(2).toString()), qPrintable(history::stateName(e.state)));
                return false;
            }
        }
        if (seen != expected.size()) {
            qWarning("chain has %lld rows, the journals %lld", seen, qint64(expected.size()));
            return false;
        }
        return true;
    }

    testsupport::ChainFixture m_chain;
    QList<history::ChainCounterLogin> m_logins;
    QTemporaryDir m_dir;
    std::vector<std::unique_ptr<history::Journal>> m_journals;
};

QTEST_GUILESS_MAIN(TestChainLink)
#include "test_chain_link.moc"
