// What staff read about a coupon at the chain's other counters (desk/chainmessages.h): the trail line
// names the newest successful redemption (or void) of that coupon, only for a refusal it explains, and
// the warning before sending names the counter that still waits on the coupon.
#include "desk/chainmessages.h"

#include <QTest>

using namespace desk;

namespace {

OperationResult refusedAs(const QString &wechatReason, const QString &code = QStringLiteral("C1"))
{
    OperationResult r;
    r.operation = Operation::Use;
    r.outcome = Outcome::Failed;
    r.couponCode = code;
    r.error.kind = ErrorKind::Http;
    r.error.httpStatus = 400;
    r.error.code = QStringLiteral("INVALID_REQUEST");
    r.error.detail.insert(QStringLiteral("reason"), wechatReason);
    return r;
}

ChainSighting sighting(Operation op, State state, const QString &counter, const QString &staff,
    const QDateTime &at, const QString &code = QStringLiteral("C1"))
{
    ChainSighting s;
    s.shopId = QStringLiteral("s1");
    s.shopName = QStringLiteral("徐汇店");
    s.counterId = counter;
    s.staff = staff;
    s.requestNo = QStringLiteral("R-") + counter;
    s.couponCode = code;
    s.operation = op;
    s.state = state;
    s.createdAt = at;
    s.updatedAt = at;
    return s;
}

const QDateTime kAt(QDate(2026, 12, 5), QTime(14, 3, 20));

} // namespace

class TestDeskChainMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void onlyRefusalsTheTrailExplainsAskForIt()
    {
        QVERIFY(wantsChainTrail(refusedAs(QStringLiteral("COUPON_USED"))));
        QVERIFY(wantsChainTrail(refusedAs(QStringLiteral("COUPON_DEACTIVATED"))));
        QVERIFY(!wantsChainTrail(refusedAs(QStringLiteral("COUPON_EXPIRED"))));
        OperationResult ok = refusedAs(QStringLiteral("COUPON_USED"));
        ok.outcome = Outcome::Succeeded;
        QVERIFY(!wantsChainTrail(ok));
        OperationResult unsure = refusedAs(QStringLiteral("COUPON_USED"));
        unsure.outcome = Outcome::Uncertain;
        QVERIFY(!wantsChainTrail(unsure));
    }

    void usedCouponNamesTheNewestSuccessfulRedemption()
    {
        const QList<ChainSighting> trail {
            sighting(Operation::Use, State::Failed, QStringLiteral("02"), QStringLiteral("小李"),
                kAt.addSecs(600)),
            sighting(Operation::Use, State::Succeeded, QStringLiteral("01"), QStringLiteral("小王"), kAt),
            sighting(Operation::Use, State::Succeeded, QStringLiteral("03"), QStringLiteral("老张"),
                kAt.addDays(-1)),
            sighting(Operation::Use, State::Succeeded, QStringLiteral("04"), QStringLiteral("别的券"),
                kAt.addSecs(60), QStringLiteral("C2")),
        };
        QCOMPARE(chainTrailLine(refusedAs(QStringLiteral("COUPON_USED")), trail),
            QStringLiteral("Redeemed on 12-05 14:03 at 徐汇店 counter 01 (小王)"));
    }

    void voidedCouponNamesTheVoidAndNoStaffMeansNoBrackets()
    {
        const QList<ChainSighting> trail {
            sighting(Operation::Use, State::Succeeded, QStringLiteral("01"), QStringLiteral("小王"), kAt),
            sighting(
                Operation::Deactivate, State::Succeeded, QStringLiteral("09"), QString(), kAt.addSecs(-60)),
        };
        QCOMPARE(chainTrailLine(refusedAs(QStringLiteral("COUPON_DEACTIVATED")), trail),
            QStringLiteral("Voided on 12-05 14:02 at 徐汇店 counter 09"));
    }

    void nothingToSayWithoutAMatchingSuccess()
    {
        const QList<ChainSighting> trail {
            sighting(Operation::Use, State::Uncertain, QStringLiteral("01"), QStringLiteral("小王"), kAt),
            sighting(Operation::Deactivate, State::Succeeded, QStringLiteral("02"), QString(), kAt),
        };
        QVERIFY(chainTrailLine(refusedAs(QStringLiteral("COUPON_USED")), trail).isEmpty());
        QVERIFY(chainTrailLine(refusedAs(QStringLiteral("COUPON_EXPIRED")), trail).isEmpty());
        QVERIFY(chainTrailLine(refusedAs(QStringLiteral("COUPON_USED")), {}).isEmpty());
    }

    void shopIdStandsInForAMissingShopName()
    {
        ChainSighting s = sighting(Operation::Use, State::Succeeded, QStringLiteral("01"), QString(), kAt);
        s.shopName.clear();
        QCOMPARE(chainTrailLine(refusedAs(QStringLiteral("COUPON_USED")), { s }),
            QStringLiteral("Redeemed on 12-05 14:03 at s1 counter 01"));
    }

    void heldElsewhereSaysWhoWhereSinceWhenAndHowToGoOn()
    {
        const StaffMessage m = heldElsewhereMessage(
            sighting(Operation::Use, State::Uncertain, QStringLiteral("02"), QStringLiteral("小李"), kAt));
        QCOMPARE(m.severity, Severity::Failure);
        QVERIFY2(m.headline.contains(QStringLiteral("not sent")), qPrintable(m.headline));
        QVERIFY2(m.action.contains(QStringLiteral("徐汇店 counter 02 (小李)")), qPrintable(m.action));
        QVERIFY2(m.action.contains(QStringLiteral("12-05 14:03")), qPrintable(m.action));
        QVERIFY2(m.action.contains(QStringLiteral("scan the code again")), qPrintable(m.action));
        QVERIFY2(m.detail.contains(QStringLiteral("R-02")) && m.detail.contains(QStringLiteral("UNCERTAIN")),
            qPrintable(m.detail));
    }
};

QTEST_GUILESS_MAIN(TestDeskChainMessages)
#include "test_desk_chainmessages.moc"
