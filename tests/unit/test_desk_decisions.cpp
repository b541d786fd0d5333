// Desk's own decisions, with Desk built directly over the real layers below it (journal file, signed
// HTTP client) and a real server: the simulator, or a scripted HTTP server where the test must see
// the bytes on the wire. What the integration workflows (tests/integration/desk) already pin is not
// repeated: here, when a rejection finishes, what is journaled before a request leaves, what a retry
// sends, how the Reconciler settles (its timer, settleAll, one row at a time), and settleManually's
// refusals.
#include "scriptedserver.h"
#include "simharness.h"

#include "desk/desk.h"
#include "history/journal.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace desk;
using HState = history::State; // the journal's row state (desk has its own State for the GUI)

namespace {

// The layers under Desk: a simulator for the keys (and as the server unless pointed elsewhere),
// the real client, a journal file.
struct Rig
{
    std::unique_ptr<sim::Simulator> simulator = simtest::startSimulator();
    std::unique_ptr<simtest::SimClient> client;
    QTemporaryDir dir;
    history::Journal journal;
    wechatpay::SystemClock clock;
    std::unique_ptr<Desk> desk;

    // `baseUrl` empty: the simulator. totalTimeoutMs small so drops and hangs end fast.
    bool open(const QString &baseUrl = {}, int reconcileIntervalMs = 0)
    {
        if (!simulator || !dir.isValid()
            || !journal.open(dir.filePath(QStringLiteral("history.sqlite"))).ok())
            return false;
        simtest::ClientOptions o;
        o.totalTimeoutMs = 1000;
        o.connectTimeoutMs = 500;
        client = std::make_unique<simtest::SimClient>(*simulator, o);
        if (!baseUrl.isEmpty()) {
            client->config().baseUrl = QUrl(baseUrl);
            client->rebuild();
        }
        restartDesk(reconcileIntervalMs);
        return true;
    }
    // A new Desk over the same journal (a restart of the program).
    void restartDesk(int reconcileIntervalMs)
    {
        desk.reset();
        DeskOptions d;
        d.counterId = QStringLiteral("T01");
        d.appid = simulator->appid();
        d.retry.firstDelayMs = 5;
        d.retry.maxDelayMs = 20;
        d.retry.rateLimitDelayMs = 20;
        d.reconcileIntervalMs = reconcileIntervalMs;
        desk = std::make_unique<Desk>(client->client(), journal, clock, d);
    }

    static StaffSession cashier()
    {
        return { { QStringLiteral("c01"), QStringLiteral("Wang"), Role::Cashier, {} }, false };
    }
    static StaffSession manager()
    {
        return { { QStringLiteral("m01"), QStringLiteral("Li"), Role::Manager, {} }, true };
    }

    QString usable(int index = 0)
    {
        int i = 0;
        for (const sim::DemoCode &c : simulator->demoCodes(60))
            if (c.note == QStringLiteral("可核销") && i++ == index)
                return c.couponCode;
        qFatal("not enough usable demo coupons");
        return {};
    }
    QString stockOf(const QString &code) { return simulator->coupon(code)->stockId; }

    OperationResult wait(Task *task)
    {
        QSignalSpy spy(task, &Task::finished);
        if (!task->isFinished() && !spy.wait(20000))
            qFatal("the task did not finish");
        return task->result();
    }
    qint64 rows() { return journal.count({}).value(); }

    // Every use answer is dropped after WeChat Pay applied it: the redeem ends UNCERTAIN.
    OperationResult uncertainRedeem(const QString &code)
    {
        sim::FaultSpec drop;
        drop.endpoint = QStringLiteral("use");
        drop.kind = sim::FaultKind::DropAfter;
        drop.count = 1000;
        simulator->addFault(drop);
        const OperationResult r = wait(desk->redeem(cashier(), code, stockOf(code)));
        simulator->clearFaults();
        return r;
    }
};

} // namespace

class TestDeskDecisions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A rejection carries its result when the call returns, finishes once, after the call (queued, so
    // a caller connecting after the call still hears it), and leaves no row and no request behind.
    void rejectionIsReadyAtReturnAndJournalsNothing_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("code"); // reason for the error
        QTest::newRow("a redeem of a code with an emoji")
            << QStringLiteral("badcode") << QStringLiteral("FIELD_INVALID");
        QTest::newRow("a redeem with a malformed openid")
            << QStringLiteral("badopenid") << QStringLiteral("FIELD_INVALID");
        QTest::newRow("a void by a cashier")
            << QStringLiteral("cashiervoid") << QStringLiteral("MANAGER_REQUIRED");
        QTest::newRow("a return by a cashier")
            << QStringLiteral("cashierreturn") << QStringLiteral("MANAGER_REQUIRED");
        QTest::newRow("a void without a reason")
            << QStringLiteral("noreason") << QStringLiteral("FIELD_INVALID");
        QTest::newRow("a void whose customer openid is malformed")
            << QStringLiteral("voidopenid") << QStringLiteral("FIELD_INVALID");
        QTest::newRow("a redeem under an appid WeChat Pay would refuse")
            << QStringLiteral("badappid") << QStringLiteral("FIELD_INVALID");
        // The fields are checked first, once, as the request that would be sent: a cashier's void of a
        // malformed code is told about the code, the one thing the cashier can fix at the counter.
        QTest::newRow("a void by a cashier of a malformed code")
            << QStringLiteral("cashiervoidbadcode") << QStringLiteral("FIELD_INVALID");
    }
    void rejectionIsReadyAtReturnAndJournalsNothing()
    {
        QFETCH(QString, what);
        QFETCH(QString, code);
        testsupport::ScriptedServer server;
        QVERIFY(server.listen());
        Rig rig;
        QVERIFY(rig.open(server.baseUrl()));
        if (what == QLatin1String("badappid")) {
            DeskOptions d = rig.desk->options();
            d.appid = QStringLiteral("not an appid");
            rig.desk = std::make_unique<Desk>(rig.client->client(), rig.journal, rig.clock, d);
        }
        const QString coupon = QStringLiteral("123456789012");
        const QString stock = QStringLiteral("100088");
        Desk &d = *rig.desk;
        Task *t = what == QLatin1String("badcode")
            ? d.redeem(Rig::cashier(), QString::fromUtf8("AB\xF0\x9F\x98\x80"), stock)
            : what == QLatin1String("badopenid")
            ? d.redeem(Rig::cashier(), coupon, stock, QStringLiteral("o p e n"))
            : what == QLatin1String("cashiervoid")
            ? d.deactivate(Rig::cashier(), coupon, stock, QStringLiteral("wrong batch"))
            : what == QLatin1String("cashiervoidbadcode") ? d.deactivate(
                  Rig::cashier(), QString::fromUtf8("AB\xF0\x9F\x98\x80"), stock, QStringLiteral("x"))
            : what == QLatin1String("cashierreturn") ? d.returnCoupon(Rig::cashier(), coupon, stock)
            : what == QLatin1String("noreason")      ? d.deactivate(Rig::manager(), coupon, stock, QString())
            : what == QLatin1String("voidopenid")    ? d.deactivate(Rig::manager(), coupon, stock,
                     QStringLiteral("wrong batch"), DeactivateOptions { {}, QStringLiteral("o p e n") })
                                                     : d.redeem(Rig::cashier(), coupon, stock);
        // At return: the verdict is in the result, the task is not finished yet.
        QCOMPARE(t->result().outcome, Outcome::Rejected);
        QCOMPARE(t->result().error.code, code);
        QVERIFY(!t->result().message.headline.isEmpty());
        QVERIFY(!t->isFinished());
        QSignalSpy finished(t, &Task::finished);
        QSignalSpy pending(t, &Task::pending);
        QVERIFY(finished.wait(5000));
        QCoreApplication::processEvents(); // whatever else was queued runs: finished() stays single
        QCOMPARE(finished.count(), 1);
        QCOMPARE(pending.count(), 0);
        QVERIFY(t->isFinished());
        QCOMPARE(t->result().journalId, qint64(0));
        QCOMPARE(rig.rows(), qint64(0));
        QVERIFY(server.requests().isEmpty());
        QVERIFY(!d.isBusy(coupon));
    }

    // Write-ahead: when a request reaches WeChat Pay its row is already in the journal with the very
    // bytes on the wire. Every retry sends the same request number in a byte-identical body.
    void journaledBeforeSendingAndRetriedByteForByte()
    {
        testsupport::ScriptedServer server;
        QVERIFY(server.listen());
        Rig rig;
        QVERIFY(rig.open(server.baseUrl()));
        QList<std::optional<history::JournalEntry>> seen; // the journal's row at each arrival
        server.setHandler([&](const testsupport::RecordedRequest &) {
            auto rows = rig.journal.query({}, 0, 10);
            seen << (rows.ok() && rows->size() == 1 ? std::optional(rows->first()) : std::nullopt);
            return testsupport::Reply::http(500, R"({"code":"SYSTEM_ERROR","message":"busy"})");
        });
        const QString code = QStringLiteral("123456789012");
        Task *t = rig.desk->redeem(Rig::cashier(), code, QStringLiteral("100088"));
        QVERIFY(rig.desk->isBusy(code));
        const OperationResult r = rig.wait(t);

        const int sends = rig.desk->options().retry.maxAttempts;
        QCOMPARE(server.requests().size(), sends);
        QCOMPARE(seen.size(), sends);
        QVERIFY(seen.first().has_value());
        QCOMPARE(seen.first()->state, HState::Pending);
        QCOMPARE(seen.first()->attempts, 1); // the first send is counted with the row
        QCOMPARE(seen.first()->requestNo, r.requestNo);
        for (int i = 0; i < sends; ++i) {
            QVERIFY(seen.at(i).has_value());
            QCOMPARE(seen.at(i)->id, r.journalId);
            QCOMPARE(server.requests().at(i).body, seen.first()->requestBody); // byte for byte, every send
            QCOMPARE(server.requests().at(i).target, server.requests().first().target);
        }
        QVERIFY(server.requests().first().body.contains(r.requestNo.toLatin1()));
        QCOMPARE(seen.at(1)->state, HState::Uncertain); // marked before the repeat goes out

        // No openid to ask with: left open, and the row says so.
        QCOMPARE(r.outcome, Outcome::Uncertain);
        auto row = rig.journal.entry(r.journalId);
        QCOMPARE(row->state, HState::Uncertain);
        QCOMPARE(row->attempts, sends);
        QCOMPARE(rig.rows(), qint64(1));
        QVERIFY(!rig.desk->isBusy(code));
    }

    // A settling run of an existing row sends the journaled body again, not a new one.
    void settlingResendsTheJournaledBody()
    {
        testsupport::ScriptedServer server;
        QVERIFY(server.listen());
        Rig rig;
        QVERIFY(rig.open(server.baseUrl()));
        server.setHandler([](const testsupport::RecordedRequest &) {
            return testsupport::Reply::http(503, R"({"code":"SERVICE_UNAVAILABLE","message":"busy"})");
        });
        const OperationResult first = rig.wait(
            rig.desk->redeem(Rig::cashier(), QStringLiteral("123456789012"), QStringLiteral("100088")));
        const qsizetype before = server.requests().size();
        QVERIFY(before >= 1);
        const QByteArray journaled = rig.journal.entry(first.journalId)->requestBody;

        rig.restartDesk(0);
        const OperationResult again = rig.wait(rig.desk->settle(first.journalId));
        QCOMPARE(again.requestNo, first.requestNo);
        QVERIFY(server.requests().size() > before);
        for (qsizetype i = before; i < server.requests().size(); ++i)
            QCOMPARE(server.requests().at(i).body, journaled);
        QCOMPARE(rig.rows(), qint64(1));
    }

    // The Reconciler settles what a run left open on its own timer, with no one calling settleAll.
    void reconcilerSettlesOnItsTimer()
    {
        Rig rig;
        QVERIFY(rig.open());
        const QString code = rig.usable();
        const OperationResult r = rig.uncertainRedeem(code);
        QCOMPARE(r.outcome, Outcome::Uncertain);
        QCOMPARE(rig.desk->unsettledCount(), 1);

        rig.restartDesk(50); // the next start, with the periodic settling on
        QSignalSpy settled(rig.desk.get(), &Desk::settled);
        QSignalSpy count(rig.desk.get(), &Desk::unsettledCountChanged);
        QVERIFY(settled.wait(10000));
        QCOMPARE(settled.count(), 1);
        const auto result = settled.first().first().value<OperationResult>();
        QCOMPARE(result.journalId, r.journalId);
        QCOMPARE(result.outcome, Outcome::Succeeded);
        QTRY_COMPARE(rig.desk->unsettledCount(), 0);
        QVERIFY(!count.isEmpty());
        QCOMPARE(count.last().first().toInt(), 0);
        auto row = rig.journal.entry(r.journalId);
        QCOMPARE(row->state, HState::Succeeded);
        QCOMPARE(row->settledBy, history::SettledBy::Retry);
        QCOMPARE(rig.simulator->appliedCount(r.requestNo), 1);
    }

    // settleAll tries every open row once, one row at a time, and reports how many it tried.
    void settleAllTriesEveryRowOneAtATime()
    {
        Rig rig;
        QVERIFY(rig.open());
        QStringList codes;
        for (int i = 0; i < 3; ++i) {
            codes << rig.usable(i);
            QCOMPARE(rig.uncertainRedeem(codes.last()).outcome, Outcome::Uncertain);
        }
        QCOMPARE(rig.desk->unsettledCount(), 3);

        int mostBusy = 0;
        connect(rig.simulator.get(), &sim::Simulator::requestServed, this, [&] {
            int busy = 0;
            for (const QString &c : std::as_const(codes))
                busy += rig.desk->isBusy(c) ? 1 : 0;
            mostBusy = std::max(mostBusy, busy);
        });
        QSignalSpy settled(rig.desk.get(), &Desk::settled);
        Task *all = rig.desk->settleAll();
        QCOMPARE(rig.desk->settleAll(), all); // one run at a time: the same task
        const OperationResult r = rig.wait(all);
        QCOMPARE(r.outcome, Outcome::Succeeded);
        QCOMPARE(r.attempts, 3);
        QCOMPARE(r.message.severity, Severity::Success);
        QCOMPARE(settled.count(), 3);
        QCOMPARE(mostBusy, 1);
        QCOMPARE(rig.desk->unsettledCount(), 0);
        QVERIFY(rig.desk->settleAll() != all); // the run is over: a new one starts
    }

    // When rows stay open, settleAll says how many.
    void settleAllReportsWhatStaysOpen()
    {
        Rig rig;
        QVERIFY(rig.open());
        const QString code = rig.usable();
        QCOMPARE(rig.uncertainRedeem(code).outcome, Outcome::Uncertain);
        sim::FaultSpec drop;
        drop.endpoint = QStringLiteral("use");
        drop.kind = sim::FaultKind::DropAfter;
        drop.count = 1000;
        rig.simulator->addFault(drop);
        const OperationResult r = rig.wait(rig.desk->settleAll());
        QCOMPARE(r.outcome, Outcome::Uncertain);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(r.message.severity, Severity::Pending);
        QCOMPARE(r.message.headline, QStringLiteral("1 operation(s) still not confirmed"));
        QCOMPARE(rig.desk->unsettledCount(), 1);
    }

    // settle() of a row answered from the journal: no request, the row's facts, "Already settled".
    void settleOfASettledRowAnswersFromTheJournal()
    {
        Rig rig;
        QVERIFY(rig.open());
        const QString code = rig.usable();
        const OperationResult done = rig.wait(rig.desk->redeem(Rig::cashier(), code, rig.stockOf(code)));
        QCOMPARE(done.outcome, Outcome::Succeeded);
        QSignalSpy served(rig.simulator.get(), &sim::Simulator::requestServed);
        QSignalSpy settled(rig.desk.get(), &Desk::settled);
        const OperationResult r = rig.wait(rig.desk->settle(done.journalId));
        QCOMPARE(r.outcome, Outcome::Succeeded);
        QCOMPARE(r.journalId, done.journalId);
        QCOMPARE(r.requestNo, done.requestNo);
        QCOMPARE(r.wechatTime, done.wechatTime);
        QCOMPARE(r.message.headline, QStringLiteral("Already settled"));
        QVERIFY(r.error.code.isEmpty()); // BulkVoidJob tells a journal answer by the empty error
        QCOMPARE(served.count(), 0);
        QCOMPARE(settled.count(), 0);
    }

    // settleManually refuses, and leaves the row alone, for rows being settled right now, for a
    // manager whose PIN was not checked, and for rows that do not exist.
    void settleManuallyRefusals()
    {
        Rig rig;
        QVERIFY(rig.open());
        const QString code = rig.usable();
        const OperationResult r = rig.uncertainRedeem(code);
        QCOMPARE(r.outcome, Outcome::Uncertain);
        Desk &d = *rig.desk;
        const QString note = QStringLiteral("merchant platform shows USED");

        StaffSession unchecked = Rig::manager();
        unchecked.pinVerified = false;
        QCOMPARE(d.settleManually(r.journalId, true, unchecked, note).error().code,
            QStringLiteral("MANUAL_SETTLE_REFUSED"));
        QCOMPARE(d.settleManually(r.journalId + 1000, true, Rig::manager(), note).error().code,
            QStringLiteral("MANUAL_SETTLE_REFUSED"));

        sim::FaultSpec slow; // the settling below stays in flight for a while
        slow.endpoint = QStringLiteral("use");
        slow.kind = sim::FaultKind::Delay;
        slow.delayMs = 500;
        rig.simulator->addFault(slow);
        Task *settling = d.settle(r.journalId);
        QVERIFY(d.isBusy(code));
        const auto refused = d.settleManually(r.journalId, false, Rig::manager(), note);
        QCOMPARE(refused.error().code, QStringLiteral("MANUAL_SETTLE_REFUSED"));
        QCOMPARE(refused.error().message, QStringLiteral("This row is being confirmed right now"));
        const OperationResult second = rig.wait(d.settle(r.journalId)); // and settle() says the same
        QCOMPARE(second.outcome, Outcome::Rejected);
        QCOMPARE(second.error.code, QStringLiteral("IN_FLIGHT"));
        QCOMPARE(rig.journal.entry(r.journalId)->state, HState::Uncertain); // untouched by the refusals

        QCOMPARE(rig.wait(settling).outcome, Outcome::Succeeded);
        QCOMPARE(rig.journal.entry(r.journalId)->settledBy, history::SettledBy::Retry);
    }
};

QTEST_GUILESS_MAIN(TestDeskDecisions)
#include "test_desk_decisions.moc"
