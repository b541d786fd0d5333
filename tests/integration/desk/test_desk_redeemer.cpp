// The counter's redeem (desk::Redeemer) against the simulator: code patterns send one request,
// a definite 404 moves on to the next configured stock, an unclear try stops the search until it
// is settled, and an explicitly chosen stock is never searched past.
#include "deskfixture.h"

#include "desk/redeemer.h"

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
        f.settings.stocks[0].codePattern = QStringLiteral("re:[0-9]{12}|VIP-.*");
        f.settings.stocks[1].codePattern = QStringLiteral("CF");
        f.settings.stocks[2].codePattern = QStringLiteral("9Z");
        QVERIFY(f.reopen());
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
};

QTEST_MAIN(TestDeskRedeemer)
#include "test_desk_redeemer.moc"
