// Redeem, void and return through the whole stack (Desk → journal file → signed HTTP → simulator),
// and the journal always agreeing with the simulator's truth.
#include "deskfixture.h"

#include "history/journal.h"

#include <QTest>

using namespace desk;
using desktest::Fixture;

Q_DECLARE_METATYPE(sim::FaultKind)

class TestDeskWorkflows : public QObject
{
    Q_OBJECT

private:
    // The journal row for this result agrees with the simulator's truth.
    static void checkAgainstTruth(Fixture &f, const OperationResult &r)
    {
        auto row = f.session->journal().entry(r.journalId);
        QVERIFY(row.ok());
        auto truth = f.simulator->coupon(r.couponCode);
        QVERIFY(truth.has_value());
        const int applied = f.simulator->appliedCount(row->requestNo);
        QVERIFY2(applied <= 1, "a request number was applied twice");
        if (row->state == history::State::Succeeded) {
            QCOMPARE(applied, 1);
            if (row->operation == history::Operation::Use) {
                QCOMPARE(truth->state, QStringLiteral("USED"));
                QCOMPARE(truth->useRequestNo, row->requestNo);
            } else if (row->operation == history::Operation::Deactivate) {
                QCOMPARE(truth->state, QStringLiteral("DEACTIVATED"));
                QCOMPARE(truth->deactivateRequestNo, row->requestNo);
            } else {
                QCOMPARE(truth->state, QStringLiteral("SENDED"));
                QCOMPARE(truth->returnRequestNo, row->requestNo);
            }
        } else if (row->state == history::State::Failed) {
            QCOMPARE(applied, 0);
        }
    }

    // A coupon ready for `op` (a return needs a redeemed one).
    static QString couponFor(Fixture &f, const QString &op)
    {
        const QString code = f.usable();
        if (op == QLatin1String("return")
            && f.wait(f.session->desk().redeem(f.cashier(), code, f.stockOf(code))).outcome
                != Outcome::Succeeded)
            qFatal("could not redeem %s before returning it", qPrintable(code));
        return code;
    }
    static Task *start(Fixture &f, const QString &op, const QString &code)
    {
        Desk &d = f.session->desk();
        if (op == QLatin1String("use"))
            return d.redeem(f.cashier(), code, f.stockOf(code));
        if (op == QLatin1String("deactivate"))
            return d.deactivate(f.manager(), code, f.stockOf(code), QStringLiteral("发错了"));
        return d.returnCoupon(f.manager(), code, f.stockOf(code));
    }

private Q_SLOTS:
    void redeemSucceedsAndIsJournaled()
    {
        Fixture f;
        QVERIFY(f.open());
        const QString code = f.usable();
        Task *t = f.session->desk().redeem(f.cashier(), code, f.stockOf(code));
        OperationResult r = f.wait(t);
        QCOMPARE(outcomeName(r.outcome), QStringLiteral("succeeded"));
        QCOMPARE(r.message.severity, Severity::Success);
        QVERIFY(!r.wechatTime.isEmpty());
        QVERIFY(r.requestNo.startsWith(f.settings.counterId + QStringLiteral("-U")));
        QVERIFY(r.requestNo.size() <= 32);
        auto row = f.session->journal().entry(r.journalId);
        QCOMPARE(row->state, history::State::Succeeded);
        QCOMPARE(row->settledBy, history::SettledBy::Response);
        QCOMPARE(row->staff, QStringLiteral("c01"));
        QCOMPARE(row->wechatTime, r.wechatTime);
        QVERIFY(!row->requestId.isEmpty());
        QCOMPARE(row->attempts, 1);
        QVERIFY(row->requestBody.contains(r.requestNo.toLatin1()));
        checkAgainstTruth(f, r);
    }

    void definiteRefusals_data()
    {
        QTest::addColumn<QString>("note");
        QTest::addColumn<CouponProblem>("problem");
        QTest::newRow("already redeemed") << QStringLiteral("已核销") << CouponProblem::AlreadyUsed;
        QTest::newRow("expired") << QStringLiteral("已过期") << CouponProblem::Expired;
        QTest::newRow("voided") << QStringLiteral("已失效") << CouponProblem::Deactivated;
        QTest::newRow("another merchant's coupon")
            << QStringLiteral("NO_AUTH") << CouponProblem::WrongMerchant;
    }
    void definiteRefusals()
    {
        QFETCH(QString, note);
        QFETCH(CouponProblem, problem);
        Fixture f;
        QVERIFY(f.open());
        const QString code = f.noted(note);
        OperationResult r = f.wait(f.session->desk().redeem(f.cashier(), code, f.stockOf(code)));
        QCOMPARE(outcomeName(r.outcome), QStringLiteral("failed"));
        QCOMPARE(couponProblem(r.error), problem);
        QVERIFY(!r.message.headline.isEmpty());
        auto row = f.session->journal().entry(r.journalId);
        QCOMPARE(row->state, history::State::Failed);
        QCOMPARE(row->wechatCode, r.error.code);
        QVERIFY(!row->message.isEmpty());
        checkAgainstTruth(f, r);
    }

    void unknownCouponIsNotFound()
    {
        Fixture f;
        QVERIFY(f.open());
        OperationResult r = f.wait(f.session->desk().redeem(
            f.cashier(), QStringLiteral("NOSUCHCODE123"), f.settings.stocks.first().id));
        QCOMPARE(outcomeName(r.outcome), QStringLiteral("failed"));
        QCOMPARE(couponProblem(r.error), CouponProblem::NotFound);
        QCOMPARE(r.message.headline, QStringLiteral("Coupon code not found"));
    }

    void badInputSendsNothing_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("stock");
        QTest::addColumn<QString>("field");
        QTest::newRow("empty code") << QString() << QStringLiteral("100088") << QStringLiteral("coupon_code");
        QTest::newRow("emoji in code") << QString::fromUtf8("AB\xF0\x9F\x98\x80") << QStringLiteral("100088")
                                       << QStringLiteral("coupon_code");
        QTest::newRow("SQL in code") << QStringLiteral("1';DROP TABLE journal;--") << QStringLiteral("100088")
                                     << QStringLiteral("coupon_code");
        QTest::newRow("33 characters")
            << QString(33, QLatin1Char('A')) << QStringLiteral("100088") << QStringLiteral("coupon_code");
        QTest::newRow("no stock") << QStringLiteral("ABC") << QString() << QStringLiteral("stock_id");
        QTest::newRow("path in stock")
            << QStringLiteral("ABC") << QStringLiteral("../etc") << QStringLiteral("stock_id");
    }
    void badInputSendsNothing()
    {
        QFETCH(QString, code);
        QFETCH(QString, stock);
        QFETCH(QString, field);
        Fixture f;
        QVERIFY(f.open());
        QSignalSpy served(f.simulator.get(), &sim::Simulator::requestServed);
        OperationResult r = f.wait(f.session->desk().redeem(f.cashier(), code, stock));
        QCOMPARE(outcomeName(r.outcome), QStringLiteral("rejected"));
        QCOMPARE(r.fieldErrors.first().field, field);
        QCOMPARE(r.journalId, qint64(0));
        QCOMPARE(f.session->journal().count({}).value(), qint64(0));
        QCOMPARE(served.count(), 0);
    }

    void secondSubmitWhileInFlightIsRefused()
    {
        Fixture f;
        QVERIFY(f.open());
        sim::FaultSpec slow;
        slow.endpoint = QStringLiteral("use");
        slow.kind = sim::FaultKind::Delay;
        slow.delayMs = 300;
        f.simulator->addFault(slow);
        const QString code = f.usable();
        Task *first = f.session->desk().redeem(f.cashier(), code, f.stockOf(code));
        OperationResult second = f.wait(f.session->desk().redeem(f.cashier(), code, f.stockOf(code)));
        QCOMPARE(outcomeName(second.outcome), QStringLiteral("rejected"));
        QCOMPARE(second.error.code, QStringLiteral("IN_FLIGHT"));
        QCOMPARE(outcomeName(f.wait(first).outcome), QStringLiteral("succeeded"));
        QCOMPARE(f.session->journal().count({}).value(), qint64(1));
        // and once it is done, a new redeem is a normal (refused) redeem, not an in-flight one
        OperationResult third = f.wait(f.session->desk().redeem(f.cashier(), code, f.stockOf(code)));
        QCOMPARE(couponProblem(third.error), CouponProblem::AlreadyUsed);
        QCOMPARE(third.message.headline, QStringLiteral("Coupon already redeemed — do not redeem it again"));
    }

    void faultsAreRetriedWithTheSameRequestNumber_data()
    {
        QTest::addColumn<sim::FaultKind>("fault");
        const QList<sim::FaultKind> kinds { sim::FaultKind::Status500, sim::FaultKind::Status502,
            sim::FaultKind::Status503, sim::FaultKind::Status202, sim::FaultKind::Status429,
            sim::FaultKind::DropBefore, sim::FaultKind::DropAfter, sim::FaultKind::MalformedJson,
            sim::FaultKind::TruncatedBody, sim::FaultKind::Unsigned, sim::FaultKind::BadSignature,
            sim::FaultKind::StaleTimestamp, sim::FaultKind::NonNumericTimestamp,
            sim::FaultKind::UnknownSerial, sim::FaultKind::SignTestProbe, sim::FaultKind::Hang };
        for (sim::FaultKind k : kinds)
            QTest::newRow(qPrintable(sim::faultName(k))) << k;
    }
    void faultsAreRetriedWithTheSameRequestNumber()
    {
        QFETCH(sim::FaultKind, fault);
        for (const QString &op :
            { QStringLiteral("use"), QStringLiteral("deactivate"), QStringLiteral("return") }) {
            Fixture f;
            QVERIFY(f.open({}, 600));
            const QString code = couponFor(f, op);
            sim::FaultSpec spec;
            spec.endpoint = op;
            spec.kind = fault;
            spec.count = 1;
            f.simulator->addFault(spec);
            Task *t = start(f, op, code);
            QSignalSpy pending(t, &Task::pending);
            OperationResult r = f.wait(t);
            QVERIFY2(
                r.outcome == Outcome::Succeeded, qPrintable(op + QStringLiteral(": ") + r.error.toString()));
            // The cashier saw "checking…" first. (When the drop hits a kept-alive connection the
            // client itself sends the same request once more on a fresh one; harmless, because
            // the request number makes it idempotent, and then no "checking…" shows.)
            if (fault != sim::FaultKind::DropBefore && fault != sim::FaultKind::DropAfter)
                QCOMPARE(pending.count(), 1);
            auto row = f.session->journal().entry(r.journalId);
            QCOMPARE(row->state, history::State::Succeeded);
            if (pending.count() == 1) {
                QCOMPARE(row->settledBy, history::SettledBy::Retry);
                QVERIFY(row->attempts >= 2);
            }
            checkAgainstTruth(f, r);
        }
    }

    // Reliability fault matrix: every fault × {use, deactivate, return}, firing on EVERY attempt, so the
    // first run can never get a clean answer. The program must never report success without a verified
    // 2xx; once the faults stop, settling makes the journal equal the simulator's truth.
    void persistentFaultsNeverFakeSuccess_data() { faultsAreRetriedWithTheSameRequestNumber_data(); }
    void persistentFaultsNeverFakeSuccess()
    {
        QFETCH(sim::FaultKind, fault);
        for (const QString &op :
            { QStringLiteral("use"), QStringLiteral("deactivate"), QStringLiteral("return") }) {
            Fixture f;
            QVERIFY(f.open({}, 400));
            const QString code = couponFor(f, op);
            sim::FaultSpec spec;
            spec.endpoint = op;
            spec.kind = fault;
            spec.count = 1000;
            f.simulator->addFault(spec);
            Task *t = start(f, op, code);
            OperationResult r = f.wait(t);
            QVERIFY2(r.outcome != Outcome::Succeeded,
                qPrintable(op + QStringLiteral(" reported success under ") + sim::faultName(fault)));
            QCOMPARE(f.session->journal().entry(r.journalId)->state,
                r.outcome == Outcome::Failed ? history::State::Failed : history::State::Uncertain);
            QVERIFY(f.simulator->appliedCount(r.requestNo) <= 1);

            f.simulator->clearFaults();
            OperationResult all = f.wait(f.session->desk().settleAll());
            QCOMPARE(outcomeName(all.outcome), QStringLiteral("succeeded"));
            auto row = f.session->journal().entry(r.journalId);
            QVERIFY(history::isSettled(row->state));
            OperationResult settledNow = r;
            checkAgainstTruth(f, settledNow);
            QCOMPARE(
                row->state, history::State::Succeeded); // the request was good; only the transport failed
        }
    }

    void uncertainRowsAreSettledLater()
    {
        Fixture f;
        QVERIFY(f.open({}, 600));
        const QString code = f.usable();
        sim::FaultSpec spec;
        spec.endpoint = QStringLiteral("use");
        spec.kind = sim::FaultKind::DropAfter; // applied, but the answer never arrives
        spec.count = 100;
        f.simulator->addFault(spec);
        OperationResult r = f.wait(f.session->desk().redeem(f.cashier(), code, f.stockOf(code)));
        QCOMPARE(outcomeName(r.outcome), QStringLiteral("uncertain"));
        QCOMPARE(r.message.severity, Severity::Pending);
        QCOMPARE(f.session->journal().entry(r.journalId)->state, history::State::Uncertain);
        QCOMPARE(f.session->desk().unsettledCount(), 1);
        QCOMPARE(f.simulator->appliedCount(r.requestNo), 1);

        // A new redeem of the same coupon is refused while it is unsettled (and triggers settling).
        f.simulator->clearFaults();
        OperationResult again = f.wait(f.session->desk().redeem(f.cashier(), code, f.stockOf(code)));
        QCOMPARE(outcomeName(again.outcome), QStringLiteral("rejected"));

        QSignalSpy settled(&f.session->desk(), &Desk::settled);
        OperationResult all = f.wait(f.session->desk().settleAll());
        QCOMPARE(outcomeName(all.outcome), QStringLiteral("succeeded"));
        QCOMPARE(f.session->desk().unsettledCount(), 0);
        QCOMPARE(f.session->journal().entry(r.journalId)->state, history::State::Succeeded);
        QCOMPARE(f.simulator->appliedCount(r.requestNo), 1);
        OperationResult settledResult = f.session->journal().entry(r.journalId).ok() ? r : r;
        settledResult.outcome = Outcome::Succeeded;
        checkAgainstTruth(f, settledResult);
    }

    void managerSettlesByHand()
    {
        Fixture f;
        QVERIFY(f.open({}, 400));
        const QString code = f.usable();
        sim::FaultSpec spec;
        spec.endpoint = QStringLiteral("use");
        spec.kind = sim::FaultKind::Hang;
        spec.count = 100;
        f.simulator->addFault(spec);
        OperationResult r = f.wait(f.session->desk().redeem(f.cashier(), code, f.stockOf(code)));
        QCOMPARE(outcomeName(r.outcome), QStringLiteral("uncertain"));
        Desk &d = f.session->desk();
        QVERIFY(!d.settleManually(r.journalId, false, f.cashier(), QStringLiteral("checked"))
                     .ok()); // not a manager
        QVERIFY(!d.settleManually(r.journalId, false, f.manager(), QString()).ok()); // no note
        QVERIFY(d.settleManually(r.journalId, false, f.manager(), QStringLiteral("商户平台显示未核销")).ok());
        auto row = f.session->journal().entry(r.journalId);
        QCOMPARE(row->state, history::State::Failed);
        QCOMPARE(row->settledBy, history::SettledBy::Manual);
        QVERIFY(row->message.contains(QStringLiteral("m01")));
        QCOMPARE(d.unsettledCount(), 0);
        QVERIFY(!d.settleManually(r.journalId, true, f.manager(), QStringLiteral("again"))
                     .ok()); // settled rows stay
        checkAgainstTruth(f, r); // hang never applied: FAILED agrees with the simulator
    }

    void uncertainSettledByQueryWhenOpenidKnown()
    {
        Fixture f;
        QVERIFY(f.open({}, 600));
        const QString code = f.usable();
        sim::FaultSpec spec;
        spec.endpoint = QStringLiteral("use");
        spec.kind = sim::FaultKind::Unsigned; // applied every time, never a verifiable answer
        spec.count = 100;
        f.simulator->addFault(spec);
        OperationResult r
            = f.wait(f.session->desk().redeem(f.cashier(), code, f.stockOf(code), f.openidOf(code)));
        QCOMPARE(outcomeName(r.outcome), QStringLiteral("succeeded"));
        auto row = f.session->journal().entry(r.journalId);
        QCOMPARE(row->settledBy, history::SettledBy::Query);
        QCOMPARE(row->attempts, 4);
        QCOMPARE(f.simulator->appliedCount(r.requestNo), 1);
        QVERIFY(f.simulator->replayCount(r.requestNo) >= 3);
    }

    void voidNeedsAManager()
    {
        Fixture f;
        QVERIFY(f.open());
        const QString code = f.usable();
        OperationResult cashier = f.wait(
            f.session->desk().deactivate(f.cashier(), code, f.stockOf(code), QStringLiteral("发错了")));
        QCOMPARE(outcomeName(cashier.outcome), QStringLiteral("rejected"));
        QCOMPARE(cashier.error.code, QStringLiteral("MANAGER_REQUIRED"));
        OperationResult noReason
            = f.wait(f.session->desk().deactivate(f.manager(), code, f.stockOf(code), QString()));
        QCOMPARE(noReason.fieldErrors.first().field, QStringLiteral("deactivate_reason"));
        OperationResult ok = f.wait(f.session->desk().deactivate(
            f.manager(), code, f.stockOf(code), QStringLiteral("活动配置错误，批量发错")));
        QCOMPARE(outcomeName(ok.outcome), QStringLiteral("succeeded"));
        QCOMPARE(f.session->journal().entry(ok.journalId)->staff, QStringLiteral("m01"));
        QCOMPARE(f.session->journal().entry(ok.journalId)->reason, QStringLiteral("活动配置错误，批量发错"));
        checkAgainstTruth(f, ok);
        OperationResult redeemVoided = f.wait(f.session->desk().redeem(f.cashier(), code, f.stockOf(code)));
        QCOMPARE(couponProblem(redeemVoided.error), CouponProblem::Deactivated);
    }

    void returnAfterRedeem()
    {
        Fixture f;
        QVERIFY(f.open());
        const QString code = f.usable();
        OperationResult notUsed = f.wait(f.session->desk().returnCoupon(f.manager(), code, f.stockOf(code)));
        QCOMPARE(outcomeName(notUsed.outcome), QStringLiteral("failed"));
        QCOMPARE(couponProblem(notUsed.error), CouponProblem::NotUsed);
        QCOMPARE(outcomeName(f.wait(f.session->desk().redeem(f.cashier(), code, f.stockOf(code))).outcome),
            QStringLiteral("succeeded"));
        OperationResult back = f.wait(f.session->desk().returnCoupon(f.manager(), code, f.stockOf(code)));
        QCOMPARE(outcomeName(back.outcome), QStringLiteral("succeeded"));
        checkAgainstTruth(f, back);
        // usable again: a second redeem works
        QCOMPARE(outcomeName(f.wait(f.session->desk().redeem(f.cashier(), code, f.stockOf(code))).outcome),
            QStringLiteral("succeeded"));
    }

    void pinLockout()
    {
        Fixture f;
        QVERIFY(f.open());
        for (int i = 1; i < StaffDirectory::kMaxFailures; ++i) {
            auto r = f.session->verifyPin(QStringLiteral("m01"), QStringLiteral("0000"));
            QCOMPARE(r.check, StaffDirectory::Check::WrongPin);
            QCOMPARE(r.attemptsLeft, StaffDirectory::kMaxFailures - i);
        }
        QCOMPARE(f.session->verifyPin(QStringLiteral("m01"), QStringLiteral("0000")).check,
            StaffDirectory::Check::LockedOut);
        // even the right PIN is refused while locked, and the lockout survives a restart
        QVERIFY(f.reopen());
        auto locked = f.session->verifyPin(QStringLiteral("m01"), QStringLiteral("2468"));
        QCOMPARE(locked.check, StaffDirectory::Check::LockedOut);
        QVERIFY(locked.lockedForSecs > 0);
        f.clientClock.setOffset(StaffDirectory::kLockoutSecs + 1);
        QCOMPARE(f.session->verifyPin(QStringLiteral("m01"), QStringLiteral("2468")).check,
            StaffDirectory::Check::Ok);
    }

    void queryAndStock()
    {
        Fixture f;
        QVERIFY(f.open());
        const QString code = f.usable();
        OperationResult q = f.wait(f.session->desk().queryCoupon(code, f.openidOf(code)));
        QCOMPARE(outcomeName(q.outcome), QStringLiteral("succeeded"));
        QCOMPARE(q.coupon->couponState, QStringLiteral("SENDED"));
        QVERIFY(!q.coupon->stockName.isEmpty());
        OperationResult s = f.wait(f.session->desk().stockInfo(f.stockOf(code)));
        QCOMPARE(outcomeName(s.outcome), QStringLiteral("succeeded"));
        QCOMPARE(s.stock->stockName, f.settings.stockName(f.stockOf(code)));
        OperationResult none = f.wait(f.session->desk().stockInfo(QStringLiteral("99999999")));
        QCOMPARE(outcomeName(none.outcome), QStringLiteral("failed"));
        QCOMPARE(f.session->journal().count({}).value(), qint64(0)); // reads are not journaled
    }

    void clockSkewIsExplained()
    {
        Fixture f;
        QVERIFY(f.open());
        f.simulator->setClockOffset(-400); // WeChat Pay's clock 400 s behind ours
        const QString code = f.usable();
        OperationResult r = f.wait(f.session->desk().redeem(f.cashier(), code, f.stockOf(code)));
        QCOMPARE(outcomeName(r.outcome), QStringLiteral("failed"));
        QCOMPARE(r.error.code, QStringLiteral("SIGN_ERROR"));
        QCOMPARE(r.message.headline,
            QStringLiteral("This computer's clock differs from WeChat Pay's by more than 5 minutes"));
        checkAgainstTruth(f, r);
    }

    void publicKeyMode()
    {
        Fixture f;
        sim::SimulatorOptions o;
        o.mode = sim::VerifyMode::PublicKey;
        QVERIFY(f.open(o));
        QCOMPARE(f.settings.verifyMode, VerifyMode::PublicKey);
        const QString code = f.usable();
        OperationResult r = f.wait(f.session->desk().redeem(f.cashier(), code, f.stockOf(code)));
        QVERIFY2(r.outcome == Outcome::Succeeded, qPrintable(r.error.toString()));
    }

    // Chain mode (issue 18): a chain section switches the journal's outbox on when the session opens,
    // queueing the rows already there once; without one it is off again and what is queued is kept.
    void chainSectionSwitchesTheOutbox()
    {
        Fixture f;
        QVERIFY(f.open());
        const QString first = f.usable(0);
        QCOMPARE(f.wait(f.session->desk().redeem(f.cashier(), first, f.stockOf(first))).outcome,
            Outcome::Succeeded);
        QCOMPARE(f.session->journal().outboxStatus().value().enabled, false);
        QCOMPARE(f.session->journal().outboxStatus().value().entries, qint64(0));

        f.settings.chain.databaseUrl = QStringLiteral("postgresql://counter_s1_01@127.0.0.1:5432/coupondesk");
        f.settings.chain.passwordRef = QStringLiteral("not-used-here");
        f.settings.chain.shopId = QStringLiteral("s1");
        f.settings.chain.shopName = QStringLiteral("徐汇店");
        QVERIFY(f.reopen());
        auto status = f.session->journal().outboxStatus().value();
        QVERIFY(status.enabled);
        QCOMPARE(status.rows, qint64(1)); // the redemption made before chain mode
        const QString second = f.usable(1);
        QCOMPARE(f.wait(f.session->desk().redeem(f.cashier(), second, f.stockOf(second))).outcome,
            Outcome::Succeeded);
        QCOMPARE(f.session->journal().outboxStatus().value().rows, qint64(2));

        f.settings.chain = {};
        QVERIFY(f.reopen());
        status = f.session->journal().outboxStatus().value();
        QVERIFY(!status.enabled);
        QCOMPARE(status.rows, qint64(2));
    }
};

QTEST_GUILESS_MAIN(TestDeskWorkflows)
#include "test_desk_workflows.moc"
