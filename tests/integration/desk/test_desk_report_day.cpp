// Reports (issue 19) after a scripted day at the counter against the simulator: redemptions of a
// fixed-discount stock (with and without the order amount) and of a percentage stock, a void, a return,
// a refused redemption and an outage that leaves a redemption uncertain, then settled. The report's
// counts and value at the till must equal what the simulator applied, exactly.
#include "deskfixture.h"

#include "desk/report.h"
#include "desk/reportservice.h"

#include "history/journal.h"

#include <QTest>

using namespace desk;
using desktest::Fixture;

namespace {

const QString kFixedStock = QStringLiteral("1212000000000001"); // 满100减20券: ¥20 off from ¥100
const QString kPercentStock = QStringLiteral("1212000000000003"); // 9折券

// What one request did, as the test sent it.
struct Sent
{
    Operation operation;
    QString stockId;
    QString requestNo;
    std::optional<qint64> orderFen;
};

// The simulator's truth about the requests sent, counted the report's way for one stock (or all).
struct Truth
{
    qint64 redeemed = 0, voided = 0, returned = 0, valueFen = 0, valueUnknown = 0;
};

} // namespace

class TestDeskReportDay : public QObject
{
    Q_OBJECT

private:
    // The usable coupons of a stock before the day starts.
    static QStringList usableOf(Fixture &f, const QString &stockId, int count)
    {
        QStringList codes;
        for (const sim::DemoCode &c : f.simulator->demoCodes(60))
            if (c.note == QStringLiteral("可核销") && c.stockId == stockId && codes.size() < count)
                codes << c.couponCode;
        if (codes.size() < count)
            qFatal("not enough usable coupons of stock %s", qPrintable(stockId));
        return codes;
    }

    // Counted from the simulator: a request counts when the simulator applied it; a redemption is worth
    // the simulator's stock rule applied to the order typed, else the fixed discount, else unknown.
    static Truth truth(Fixture &f, const QList<Sent> &sent, const QString &stockId = {})
    {
        Truth t;
        for (const Sent &s : sent) {
            if ((!stockId.isEmpty() && s.stockId != stockId) || f.simulator->appliedCount(s.requestNo) != 1)
                continue;
            if (s.operation == Operation::Deactivate) {
                ++t.voided;
                continue;
            }
            if (s.operation == Operation::Return) {
                ++t.returned;
                continue;
            }
            ++t.redeemed;
            const sim::Stock *stock = nullptr;
            for (const sim::Stock &candidate : f.simulator->state().stocks)
                if (candidate.stockId == s.stockId)
                    stock = &candidate;
            Q_ASSERT(stock);
            if (s.orderFen && stock->discountAmount > 0)
                t.valueFen += qMin(stock->discountAmount, *s.orderFen);
            else if (s.orderFen && stock->discountPercent > 0)
                t.valueFen += (*s.orderFen * (100 - stock->discountPercent) + 50) / 100;
            else if (stock->discountAmount > 0)
                t.valueFen += stock->discountAmount;
            else
                ++t.valueUnknown;
        }
        return t;
    }

    static void compare(const ReportLine &line, const Truth &t)
    {
        QCOMPARE(line.redeemed, t.redeemed);
        QCOMPARE(line.voided, t.voided);
        QCOMPARE(line.returned, t.returned);
        QCOMPARE(line.valueFen, t.valueFen);
        QCOMPARE(line.valueUnknown, t.valueUnknown);
    }

    static const ReportLine *lineOf(const QList<ReportLine> &lines, const QString &key)
    {
        for (const ReportLine &l : lines)
            if (l.key == key)
                return &l;
        return nullptr;
    }

private Q_SLOTS:
    void aScriptedDayAddsUpToTheSimulatorsTruth()
    {
        Fixture f;
        QVERIFY(f.open({}, 600));
        QList<Sent> sent;
        const QStringList fixedCodes = usableOf(f, kFixedStock, 5),
                          percentCodes = usableOf(f, kPercentStock, 2);
        auto redeem = [&](const QString &stock, int index, std::optional<qint64> orderFen) {
            const QString code = (stock == kFixedStock ? fixedCodes : percentCodes).at(index);
            const OperationResult r
                = f.wait(f.session->redeemer().redeem(f.cashier(), code, stock, QString(), orderFen));
            sent << Sent { Operation::Use, stock, r.requestNo, orderFen };
            return r;
        };
        // Fixed ¥20: on a ¥150 order (the till records 2000 off), and twice without the order typed.
        QCOMPARE(redeem(kFixedStock, 0, 15000).outcome, Outcome::Succeeded);
        const OperationResult returnedLater = redeem(kFixedStock, 1, std::nullopt);
        QCOMPARE(returnedLater.outcome, Outcome::Succeeded);
        QCOMPARE(redeem(kFixedStock, 2, std::nullopt).outcome, Outcome::Succeeded);
        // 9折: on a ¥99.99 order (¥10.00 off), and once without the order: its value nobody knows.
        QCOMPARE(redeem(kPercentStock, 0, 9999).outcome, Outcome::Succeeded);
        QCOMPARE(redeem(kPercentStock, 1, std::nullopt).outcome, Outcome::Succeeded);

        // A void and a return, by the manager.
        const QString voided = fixedCodes.at(3);
        const OperationResult v = f.wait(
            f.session->desk().deactivate(f.manager(), voided, kFixedStock, QStringLiteral("发错了")));
        QCOMPARE(v.outcome, Outcome::Succeeded);
        sent << Sent { Operation::Deactivate, kFixedStock, v.requestNo, std::nullopt };
        const OperationResult ret
            = f.wait(f.session->desk().returnCoupon(f.manager(), returnedLater.couponCode, kFixedStock));
        QCOMPARE(ret.outcome, Outcome::Succeeded);
        sent << Sent { Operation::Return, kFixedStock, ret.requestNo, std::nullopt };

        // A refusal: a coupon somebody else already used.
        QString usedElsewhere;
        for (const sim::CouponTruth &c : f.simulator->coupons())
            if (c.state == QLatin1String("USED") && c.stockId == kFixedStock && usedElsewhere.isEmpty())
                usedElsewhere = c.couponCode;
        QVERIFY(!usedElsewhere.isEmpty());
        const OperationResult refused
            = f.wait(f.session->desk().redeem(f.cashier(), usedElsewhere, kFixedStock));
        QCOMPARE(refused.outcome, Outcome::Failed);
        sent << Sent { Operation::Use, kFixedStock, refused.requestNo, std::nullopt };

        // An outage: WeChat Pay applies the redemption but its answer never arrives.
        sim::FaultSpec drop;
        drop.endpoint = QStringLiteral("use");
        drop.kind = sim::FaultKind::DropAfter;
        drop.count = 100;
        f.simulator->addFault(drop);
        const QString lost = fixedCodes.at(4);
        const OperationResult uncertain = f.wait(f.session->desk().redeem(f.cashier(), lost, kFixedStock));
        QCOMPARE(uncertain.outcome, Outcome::Uncertain);
        sent << Sent { Operation::Use, kFixedStock, uncertain.requestNo, std::nullopt };
        QCOMPARE(f.simulator->appliedCount(uncertain.requestNo), 1);

        // Today (and the days around it, so a run at midnight still sees every row).
        const QDate today = QDate::currentDate();
        const ReportQuery period = dayRangeQuery(today.addDays(-1), today.addDays(1));
        ReportService &reports = f.session->reports();
        auto before = reports.build(period);
        QVERIFY2(before.ok(), qPrintable(before.ok() ? QString() : before.error().message));
        // The uncertain redemption is unsettled, not redeemed: the report says what is known.
        QList<Sent> known = sent;
        known.removeLast();
        compare(before->total, truth(f, known));
        QCOMPARE(before->total.failed, qint64(1));
        QCOMPARE(before->total.unsettled, qint64(1));
        QVERIFY(before->hasUnsettled());
        QCOMPARE(before->unsettled.size(), 1);
        QCOMPARE(before->unsettled.first().requestNo, uncertain.requestNo);
        QCOMPARE(before->unsettled.first().couponCode, lost);

        // Back online, settled: now it counts as redeemed, worth the stock's ¥20.
        f.simulator->clearFaults();
        const OperationResult all = f.wait(f.session->desk().settleAll());
        QCOMPARE(all.outcome, Outcome::Succeeded);
        auto after = reports.build(period);
        QVERIFY(after.ok());
        const Report &r = after.value();
        compare(r.total, truth(f, sent));
        QCOMPARE(r.total.failed, qint64(1));
        QCOMPARE(r.total.unsettled, qint64(0));
        QVERIFY(r.unsettled.isEmpty());
        QCOMPARE(r.total.redeemed, qint64(6));
        QCOMPARE(r.total.valueFen, qint64(2000 + 2000 + 2000 + 1000 + 2000));
        QCOMPARE(r.total.valueUnknown, qint64(1));

        // By stock, named as WeChat Pay named them (remembered by the counter, no query now).
        QCOMPARE(r.byStock.size(), 2);
        const ReportLine *fixed = lineOf(r.byStock, kFixedStock);
        const ReportLine *percent = lineOf(r.byStock, kPercentStock);
        QVERIFY(fixed && percent);
        compare(*fixed, truth(f, sent, kFixedStock));
        compare(*percent, truth(f, sent, kPercentStock));
        QCOMPARE(fixed->label, QStringLiteral("满100减20券"));
        QCOMPARE(percent->label, QStringLiteral("9折券"));
        QCOMPARE(fixed->failed, qint64(1));

        // By cashier: the redemptions are the cashier's, the void and return the manager's.
        const ReportLine *cashier = lineOf(r.byStaff, QStringLiteral("c01"));
        const ReportLine *manager = lineOf(r.byStaff, QStringLiteral("m01"));
        QVERIFY(cashier && manager);
        QCOMPARE(cashier->label, QStringLiteral("收银员小王"));
        QCOMPARE(cashier->redeemed, r.total.redeemed);
        QCOMPARE(manager->voided + manager->returned, qint64(2));

        // Every hour and day line adds up to the total; the chart's bars to the redemptions.
        qint64 hourly = 0, daily = 0, bars = 0;
        for (const ReportLine &l : r.byHour)
            hourly += l.redeemed;
        for (const ReportLine &l : r.byDay)
            daily += l.redeemed;
        for (const HourStockCount &c : r.hourByStock)
            bars += c.redeemed;
        QCOMPARE(hourly, r.total.redeemed);
        QCOMPARE(daily, r.total.redeemed);
        QCOMPARE(bars, r.total.redeemed);
        QCOMPARE(r.byDay.size(), 3);
        QVERIFY(
            lineOf(r.byHour, QStringLiteral("%1").arg(QTime::currentTime().hour(), 2, 10, QLatin1Char('0'))));
    }
};

QTEST_GUILESS_MAIN(TestDeskReportDay)
#include "test_desk_report_day.moc"
