// Unit tests of the till's money (desk/money.h, desk/couponvalue.h): yuan typed by staff, the value
// of a coupon in words, the order check against transaction_minimum, and the success line's time in
// the counter's clock. No network.
#include "desk/couponvalue.h"
#include "desk/messages.h"
#include "desk/money.h"

#include <QTest>

using desk::CouponUseRule;

namespace {

CouponUseRule fixed(qint64 off, qint64 minimum)
{
    CouponUseRule r;
    r.kind = CouponUseRule::Kind::Fixed;
    r.discountAmountFen = off;
    r.transactionMinimumFen = minimum;
    return r;
}
CouponUseRule discount(int percentPaid, qint64 minimum = 0)
{
    CouponUseRule r;
    r.kind = CouponUseRule::Kind::Discount;
    r.discountPercent = percentPaid;
    r.transactionMinimumFen = minimum;
    return r;
}
CouponUseRule exchange(qint64 price)
{
    CouponUseRule r;
    r.kind = CouponUseRule::Kind::Exchange;
    r.exchangePriceFen = price;
    return r;
}

} // namespace

class TestDeskCouponValue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseYuan_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<qint64>("fen"); // -1 = refused
        QTest::newRow("whole") << QStringLiteral("128") << qint64(12800);
        QTest::newRow("one decimal") << QStringLiteral("128.5") << qint64(12850);
        QTest::newRow("two decimals") << QStringLiteral("0.01") << qint64(1);
        QTest::newRow("yen sign and spaces") << QStringLiteral(" ¥ 80.00 ") << qint64(8000);
        QTest::newRow("full-width") << QStringLiteral("￥８０．５") << qint64(8050);
        QTest::newRow("three decimals") << QStringLiteral("1.005") << qint64(-1);
        QTest::newRow("zero") << QStringLiteral("0") << qint64(-1);
        QTest::newRow("negative") << QStringLiteral("-5") << qint64(-1);
        QTest::newRow("letters") << QStringLiteral("12a") << qint64(-1);
        QTest::newRow("a scanned code") << QStringLiteral("397812345678") << qint64(-1);
        QTest::newRow("empty") << QString() << qint64(-1);
    }
    void parseYuan()
    {
        QFETCH(QString, typed);
        QFETCH(qint64, fen);
        const auto got = desk::parseYuan(typed);
        QCOMPARE(got.value_or(-1), fen);
    }

    void formatYuan()
    {
        QCOMPARE(desk::formatYuan(2000), QStringLiteral("¥20.00"));
        QCOMPARE(desk::formatYuan(5), QStringLiteral("¥0.05"));
        QCOMPARE(desk::formatYuan(123456), QStringLiteral("¥1234.56"));
    }

    void valueText()
    {
        QCOMPARE(desk::valueText(fixed(2000, 10000)), QStringLiteral("¥20.00 off (orders from ¥100.00)"));
        QCOMPARE(desk::valueText(fixed(500, 0)), QStringLiteral("¥5.00 off"));
        QCOMPARE(desk::valueText(discount(90)), QStringLiteral("9 zhe (10% off)"));
        QCOMPARE(desk::valueText(discount(88)), QStringLiteral("8.8 zhe (12% off)"));
        QCOMPARE(desk::valueText(exchange(100)), QStringLiteral("exchange price ¥1.00"));
    }

    void orderCheck_data()
    {
        QTest::addColumn<int>(
            "which"); // 0 fixed 20 off from 100, 1 9折, 2 exchange at 1.00, 3 fixed 50 off no minimum
        QTest::addColumn<qint64>("order");
        QTest::addColumn<bool>("refused");
        QTest::addColumn<qint64>("discount");
        QTest::addColumn<qint64>("due");
        QTest::newRow("fixed, below the minimum") << 0 << qint64(8000) << true << qint64(0) << qint64(0);
        QTest::newRow("fixed, exactly the minimum")
            << 0 << qint64(10000) << false << qint64(2000) << qint64(8000);
        QTest::newRow("fixed, above") << 0 << qint64(12800) << false << qint64(2000) << qint64(10800);
        QTest::newRow("9折") << 1 << qint64(10000) << false << qint64(1000) << qint64(9000);
        QTest::newRow("9折, rounded to the fen")
            << 1 << qint64(9999) << false << qint64(1000) << qint64(8999);
        QTest::newRow("exchange") << 2 << qint64(1800) << false << qint64(1700) << qint64(100);
        QTest::newRow("exchange, cheaper goods") << 2 << qint64(50) << false << qint64(0) << qint64(50);
        QTest::newRow("fixed, off more than the order")
            << 3 << qint64(3000) << false << qint64(3000) << qint64(0);
    }
    void orderCheck()
    {
        QFETCH(int, which);
        QFETCH(qint64, order);
        QFETCH(bool, refused);
        QFETCH(qint64, discount);
        QFETCH(qint64, due);
        const CouponUseRule rules[] = { fixed(2000, 10000), ::discount(90), exchange(100), fixed(5000, 0) };
        const CouponUseRule &rule = rules[which];
        const auto problem = desk::orderAmountProblem(rule, order);
        QCOMPARE(problem.has_value(), refused);
        if (refused) {
            QCOMPARE(*problem, QStringLiteral("This order is ¥80.00, below the ¥100.00 this coupon needs"));
            return;
        }
        QCOMPARE(desk::discountFen(rule, order), discount);
        QCOMPARE(desk::dueFen(rule, order), due);
    }

    void successSaysWeChatTimeInTheCountersClock()
    {
        // WeChat Pay answers in RFC 3339 with its own offset; the cashier reads the counter's clock.
        const QDateTime now = QDateTime::currentDateTime();
        const QString rfc = now.toOffsetFromUtc(8 * 3600).toString(Qt::ISODate);
        QVERIFY(rfc.endsWith(QStringLiteral("+08:00")));
        const QString action = desk::successMessage(desk::Operation::Use, rfc).action;
        QVERIFY2(action.endsWith(now.toString(QStringLiteral("HH:mm:ss"))), qPrintable(action));
        QVERIFY(!action.contains(QLatin1Char('T')));
        const QString older
            = desk::successMessage(desk::Operation::Use, QStringLiteral("2024-05-01T10:00:01+08:00")).action;
        QVERIFY2(older.endsWith(QDateTime(QDate(2024, 5, 1), QTime(2, 0, 1), Qt::UTC)
                                    .toLocalTime()
                                    .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))),
            qPrintable(older));
        QVERIFY(desk::successMessage(desk::Operation::Use, QString()).action.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDeskCouponValue)
#include "test_desk_couponvalue.moc"
