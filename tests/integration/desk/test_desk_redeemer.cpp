// The counter's redeem (desk::Redeemer) against the simulator: code patterns send one request,
// a definite 404 moves on to the next configured stock, an unclear try stops the search until it
// is settled, and an explicitly chosen stock is never searched past.
#include "deskfixture.h"

#include "desk/couponvalue.h"
#include "desk/redeemer.h"

#include "history/journal.h"

#include <QJsonObject>
#include <QTest>

namespace {

QString codeStartingWith(desktest::Fixture &f, const QString &prefix, int index = 0)
{
    int i = 0;
    for (const sim::DemoCode &c : f.simulator->demoCodes(60))
        if (c.note == QStringLiteral("可核销") && c.couponCode.startsWith(prefix) && i++ == index)
            return c.couponCode;
    qFatal("no usable demo coupon starting with %s", qPrintable(prefix));
    return {};
}

QList<history::JournalEntry> rowsFor(desktest::Fixture &f, const QString &code)
{
    history::JournalFilter filter;
    filter.codeExact = code;
    return f.session->journal().query(filter, 0, 100).value();
}

} // namespace

class TestDeskRedeemer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void patternsSendOneRequest()
    {
        desktest::Fixture f;
        QVERIFY(f.open());
        QCOMPARE(f.settings.stocks.size(), 3);
        QCOMPARE(
            f.settings.stocks[1].codePattern, QStringLiteral("CF")); // the demo's client config carries them
        const QString coffee = codeStartingWith(f, QStringLiteral("CF"));
        QCOMPARE(f.session->redeemer().candidates(coffee).first(), f.stockOf(coffee));
        const desk::OperationResult r = f.wait(f.session->redeemer().redeem(f.cashier(), coffee));
        QCOMPARE(r.outcome, desk::Outcome::Succeeded);
        QCOMPARE(r.triedStocks, QStringList { f.stockOf(coffee) });
        QCOMPARE(rowsFor(f, coffee).size(), 1);
        QCOMPARE(f.simulator->coupon(coffee)->state, QStringLiteral("USED"));
    }

    void notInThisStockMovesOnEachTryJournaled()
    {
        desktest::Fixture f;
        QVERIFY(f.open());
        for (desk::StockRef &s : f.settings.stocks)
            s.codePattern.clear(); // nothing to go on: every stock is asked in turn
        QVERIFY(f.reopen());
        const QString discount = codeStartingWith(f, QStringLiteral("9Z")); // the demo's third stock
        const desk::OperationResult r = f.wait(f.session->redeemer().redeem(f.cashier(), discount));
        QCOMPARE(r.outcome, desk::Outcome::Succeeded);
        QCOMPARE(r.triedStocks.size(), 3);
        QCOMPARE(r.triedStocks.last(), f.stockOf(discount));
        const auto rows = rowsFor(f, discount);
        QCOMPARE(rows.size(), 3);
        QSet<QString> requestNumbers;
        int failed = 0;
        for (const history::JournalEntry &e : rows) {
            requestNumbers.insert(e.requestNo);
            if (e.state == history::State::Failed) {
                ++failed;
                QCOMPARE(e.httpStatus, 404);
            }
        }
        QCOMPARE(requestNumbers.size(), 3); // each try has its own request number
        QCOMPARE(failed, 2);
        // The journal now knows the code's stock: it comes first next time.
        QCOMPARE(f.session->redeemer().candidates(discount).first(), f.stockOf(discount));
    }

    void uncertainTryStopsTheSearch()
    {
        desktest::Fixture f;
        QVERIFY(f.open({}, 500));
        for (desk::StockRef &s : f.settings.stocks)
            s.codePattern.clear();
        QVERIFY(f.reopen());
        const QString coffee = codeStartingWith(f, QStringLiteral("CF"), 1);
        sim::FaultSpec hang;
        hang.endpoint = QStringLiteral("use");
        hang.kind = sim::FaultKind::Hang;
        hang.count = 4; // every send of the first try
        f.simulator->addFault(hang);
        const desk::OperationResult r = f.wait(f.session->redeemer().redeem(f.cashier(), coffee));
        QCOMPARE(r.outcome, desk::Outcome::Uncertain);
        QCOMPARE(r.triedStocks.size(), 1); // no second stock tried while the first is unclear
        QCOMPARE(rowsFor(f, coffee).size(), 1);
        QCOMPARE(f.simulator->coupon(coffee)->state, QStringLiteral("SENDED"));

        // While unsettled, a new scan sends nothing and names the row whose settling answers it.
        const desk::OperationResult again = f.wait(f.session->redeemer().redeem(f.cashier(), coffee));
        QCOMPARE(again.outcome, desk::Outcome::Rejected);
        QCOMPARE(again.journalId, r.journalId);
        QCOMPARE(rowsFor(f, coffee).size(), 1);

        // Settled (a definite 404 for that stock), the search goes on to the right stock.
        f.wait(f.session->desk().settleAll());
        const desk::OperationResult later = f.wait(f.session->redeemer().redeem(f.cashier(), coffee));
        QCOMPARE(later.outcome, desk::Outcome::Succeeded);
        QCOMPARE(later.stockId, f.stockOf(coffee));
        QCOMPARE(f.simulator->coupon(coffee)->state, QStringLiteral("USED"));
    }

    void chosenStockIsNotSearchedPast()
    {
        desktest::Fixture f;
        QVERIFY(f.open());
        const QString coffee = codeStartingWith(f, QStringLiteral("CF"), 2);
        const QString wrong = f.settings.stocks.first().id;
        QVERIFY(wrong != f.stockOf(coffee));
        const desk::OperationResult r = f.wait(f.session->redeemer().redeem(f.cashier(), coffee, wrong));
        QCOMPARE(r.outcome, desk::Outcome::Failed);
        QCOMPARE(r.triedStocks, QStringList { wrong });
        QCOMPARE(r.message.headline, QStringLiteral("Coupon code not found"));
        QCOMPARE(f.simulator->coupon(coffee)->state, QStringLiteral("SENDED"));
    }

    void theTillsOwnCheckAndTheValue()
    {
        desktest::Fixture f;
        QVERIFY(f.open());
        const QString code = f.usable(0); // 满100减20券: ¥20.00 off orders from ¥100.00
        QSignalSpy served(f.simulator.get(), &sim::Simulator::requestServed);
        const desk::OperationResult low
            = f.wait(f.session->redeemer().redeem(f.cashier(), code, {}, {}, 8000));
        QCOMPARE(low.outcome, desk::Outcome::Rejected);
        QCOMPARE(low.error.code, QStringLiteral("ORDER_BELOW_MINIMUM"));
        QCOMPARE(low.message.headline,
            QStringLiteral("This order is ¥80.00, below the ¥100.00 this coupon needs"));
        QCOMPARE(rowsFor(f, code).size(), 0); // nothing journaled, nothing sent to use it
        QCOMPARE(f.simulator->coupon(code)->state, QStringLiteral("SENDED"));
        for (const QList<QVariant> &call : served)
            QVERIFY(!call.first().value<sim::ServedRequest>().target.contains("coupons/use"));

        const desk::OperationResult ok
            = f.wait(f.session->redeemer().redeem(f.cashier(), code, {}, {}, 12800));
        QCOMPARE(ok.outcome, desk::Outcome::Succeeded);
        QVERIFY(ok.stock && ok.stock->useRule);
        QCOMPARE(ok.stock->useRule->discountAmountFen, qint64(2000));
        QCOMPARE(ok.discountFen.value_or(-1), qint64(2000));
        QCOMPARE(ok.dueFen.value_or(-1), qint64(10800));
        QCOMPARE(desk::tillText(ok),
            QStringLiteral(
                "Collect ¥108.00 (order ¥128.00)\n满100减20券 · ¥20.00 off (orders from ¥100.00)"));

        // Without an order amount the value is still shown; the stock was asked once for this run.
        const QString coffee = codeStartingWith(f, QStringLiteral("CF"));
        const desk::OperationResult c = f.wait(f.session->redeemer().redeem(f.cashier(), coffee));
        QCOMPARE(desk::tillText(c), QStringLiteral("咖啡兑换券 · exchange price ¥1.00"));
        const QString nine = codeStartingWith(f, QStringLiteral("9Z"));
        QCOMPARE(desk::tillText(f.wait(f.session->redeemer().redeem(f.cashier(), nine))),
            QStringLiteral("9折券 · 9 zhe (10% off)"));
        // The simulator serves the official schema's field names (amounts in fen).
        const QJsonObject rule = ok.stock->raw.value(QLatin1String("coupon_use_rule")).toObject();
        QCOMPARE(rule.value(QLatin1String("fixed_normal_coupon"))
                     .toObject()
                     .value(QLatin1String("discount_amount"))
                     .toInteger(),
            2000);
        QCOMPARE(rule.value(QLatin1String("fixed_normal_coupon"))
                     .toObject()
                     .value(QLatin1String("transaction_minimum"))
                     .toInteger(),
            10000);
        QCOMPARE(rule.value(QLatin1String("use_method")).toString(), QStringLiteral("OFF_LINE"));
    }

    void aStockTheOrderDoesNotReachIsSkippedWhenTheCodeMayBeAnothers()
    {
        desktest::Fixture f;
        QVERIFY(f.open());
        // No pattern matches this 咖啡兑换券 code: 满100减20券 (first) needs ¥100.00, so it is not asked.
        const QString code = QStringLiteral("gift_card_007");
        const desk::OperationResult r = f.wait(f.session->redeemer().redeem(f.cashier(), code, {}, {}, 1800));
        QCOMPARE(r.outcome, desk::Outcome::Succeeded);
        QCOMPARE(r.triedStocks, QStringList { f.stockOf(code) });
        QCOMPARE(r.dueFen.value_or(-1), qint64(100)); // the exchange price
        // A code of no stock the order qualifies for: the amount is the reason given.
        const desk::OperationResult none = f.wait(
            f.session->redeemer().redeem(f.cashier(), QStringLiteral("VIP-2024-0001"), {}, {}, 1800));
        QCOMPARE(none.outcome, desk::Outcome::Rejected);
        QCOMPARE(none.error.code, QStringLiteral("ORDER_BELOW_MINIMUM"));
        QCOMPARE(f.simulator->coupon(QStringLiteral("VIP-2024-0001"))->state, QStringLiteral("SENDED"));
    }

    void notYetValidSaysFromWhen()
    {
        desktest::Fixture f;
        QVERIFY(f.open());
        const QString code = f.noted(QStringLiteral("未到可用时间")); // valid from a week from now
        const desk::OperationResult r
            = f.wait(f.session->redeemer().redeem(f.cashier(), code, {}, f.openidOf(code)));
        QCOMPARE(r.outcome, desk::Outcome::Failed);
        QCOMPARE(r.message.headline, QStringLiteral("This coupon cannot be used yet"));
        const QString inAWeek
            = QDateTime::currentDateTime().addDays(7).toString(QStringLiteral("yyyy-MM-dd"));
        QVERIFY2(r.message.action.startsWith(QStringLiteral("It can be used from %1 ").arg(inAWeek)),
            qPrintable(r.message.action));
        // Without the openid only the stock's validity is known (already begun here): the plain advice.
        const desk::OperationResult plain = f.wait(f.session->redeemer().redeem(f.cashier(), code));
        QCOMPARE(plain.message.headline, QStringLiteral("This coupon cannot be used yet"));
        QCOMPARE(plain.message.action,
            QStringLiteral("Ask the customer to come back when the coupon becomes valid."));
    }
};

QTEST_MAIN(TestDeskRedeemer)
#include "test_desk_redeemer.moc"
