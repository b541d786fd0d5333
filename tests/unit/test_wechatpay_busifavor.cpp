// Busifavor field rules (wechatpay-apiv3.md §3), JSON bodies and lenient response parsing.
#include "wechatpay/busifavor.h"
#include "wechatpay/certificates.h"
#include "wechatpay/jsonwriter.h"

#include <QJsonDocument>
#include <QTest>

using namespace wechatpay;
using namespace wechatpay::busifavor;

Q_DECLARE_METATYPE(wechatpay::busifavor::FieldProblem)

namespace {
UseCouponRequest goodUse()
{
    return { QStringLiteral("sxxe34343434"), QStringLiteral("100088"), QStringLiteral("wx1234567889999"),
        QStringLiteral("2015-05-20T13:29:35+08:00"), QStringLiteral("01-20260101-093000-0001"), QString() };
}
const QString kEmoji = QString::fromUtf8("\xF0\x9F\x98\x80"); // U+1F600, 4 bytes in UTF-8
} // namespace

class TestWechatpayBusifavor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void useFieldRules_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<FieldProblem>("problem");
        QTest::newRow("empty code") << QStringLiteral("coupon_code") << QString() << FieldProblem::Missing;
        QTest::newRow("33-char code")
            << QStringLiteral("coupon_code") << QString(33, QLatin1Char('A')) << FieldProblem::TooLong;
        QTest::newRow("code with Chinese")
            << QStringLiteral("coupon_code") << QStringLiteral("券123") << FieldProblem::BadCharacters;
        QTest::newRow("code with emoji") << QStringLiteral("coupon_code") << (QStringLiteral("A") + kEmoji)
                                         << FieldProblem::FourByteCharacter;
        QTest::newRow("code with newline")
            << QStringLiteral("coupon_code") << QStringLiteral("AB\nC") << FieldProblem::ControlCharacter;
        QTest::newRow("code with tab")
            << QStringLiteral("coupon_code") << QStringLiteral("AB\tC") << FieldProblem::ControlCharacter;
        QTest::newRow("code SQL-looking")
            << QStringLiteral("coupon_code") << QStringLiteral("1';DROP TABLE x--")
            << FieldProblem::BadCharacters;
        QTest::newRow("code path-looking")
            << QStringLiteral("coupon_code") << QStringLiteral("../../etc/passwd")
            << FieldProblem::BadCharacters;
        QTest::newRow("21-digit stock")
            << QStringLiteral("stock_id") << QString(21, QLatin1Char('1')) << FieldProblem::TooLong;
        QTest::newRow("stock with dash")
            << QStringLiteral("stock_id") << QStringLiteral("100-88") << FieldProblem::BadCharacters;
        QTest::newRow("empty stock") << QStringLiteral("stock_id") << QString() << FieldProblem::Missing;
        QTest::newRow("empty appid") << QStringLiteral("appid") << QString() << FieldProblem::Missing;
        QTest::newRow("33-char appid")
            << QStringLiteral("appid") << QString(33, QLatin1Char('w')) << FieldProblem::TooLong;
        QTest::newRow("use_time without offset")
            << QStringLiteral("use_time") << QStringLiteral("2015-05-20T13:29:35") << FieldProblem::BadFormat;
        QTest::newRow("use_time with space")
            << QStringLiteral("use_time") << QStringLiteral("2015-05-20 13:29:35+08:00")
            << FieldProblem::BadFormat;
        QTest::newRow("use_time Feb 30")
            << QStringLiteral("use_time") << QStringLiteral("2015-02-30T13:29:35+08:00")
            << FieldProblem::BadFormat;
        QTest::newRow("use_time epoch")
            << QStringLiteral("use_time") << QStringLiteral("1554208460") << FieldProblem::BadFormat;
        QTest::newRow("33-char request no")
            << QStringLiteral("use_request_no") << QString(33, QLatin1Char('1')) << FieldProblem::TooLong;
        QTest::newRow("request no with space")
            << QStringLiteral("use_request_no") << QStringLiteral("01 02") << FieldProblem::BadCharacters;
        QTest::newRow("129-char openid")
            << QStringLiteral("openid") << QString(129, QLatin1Char('o')) << FieldProblem::TooLong;
        QTest::newRow("openid with quote")
            << QStringLiteral("openid") << QStringLiteral("o\"1") << FieldProblem::BadCharacters;
    }
    void useFieldRules()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(FieldProblem, problem);
        UseCouponRequest r = goodUse();
        if (field == QLatin1String("coupon_code"))
            r.couponCode = value;
        if (field == QLatin1String("stock_id"))
            r.stockId = value;
        if (field == QLatin1String("appid"))
            r.appid = value;
        if (field == QLatin1String("use_time"))
            r.useTime = value;
        if (field == QLatin1String("use_request_no"))
            r.useRequestNo = value;
        if (field == QLatin1String("openid"))
            r.openid = value;
        const QList<FieldError> errors = r.validate();
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().field, field);
        QCOMPARE(errors.first().problem, problem);
        const Error e = toError(errors);
        QCOMPARE(e.kind, ErrorKind::InvalidInput);
        QCOMPARE(e.field, field);
    }

    void goodValuesPass_data()
    {
        QTest::addColumn<QString>("code");
        QTest::newRow("32 characters") << QString(32, QLatin1Char('Z'));
        QTest::newRow("merchant-upload charset") << QStringLiteral("A b-c_d\\e/f=g|h");
        QTest::newRow("one character") << QStringLiteral("7");
    }
    void goodValuesPass()
    {
        QFETCH(QString, code);
        UseCouponRequest r = goodUse();
        r.couponCode = code;
        r.useTime = QStringLiteral("2026-11-23T08:00:00Z");
        QVERIFY(r.validate().isEmpty());
    }

    void deactivateReasonRules()
    {
        DeactivateCouponRequest r { QStringLiteral("C1"), QStringLiteral("100088"), QStringLiteral("01-D-1"),
            QString(64, QChar(u'券')) };
        QVERIFY(
            r.validate().isEmpty()); // 64 Chinese characters (192 bytes) are fine: the limit is characters
        r.deactivateReason = QString(65, QChar(u'券'));
        QCOMPARE(r.validate().first().problem, FieldProblem::TooLong);
        r.deactivateReason = QStringLiteral("发错了") + kEmoji;
        QCOMPARE(r.validate().first().problem, FieldProblem::FourByteCharacter);
        r.deactivateReason = QStringLiteral("发错了\r\n");
        QCOMPARE(r.validate().first().problem, FieldProblem::ControlCharacter);
        r.deactivateReason.clear();
        QVERIFY(r.validate().isEmpty()); // optional for WeChat; the desk layer requires it
        QVERIFY(!r.toJson().contains("deactivate_reason"));
        QVERIFY(checkReason(QString(), true).has_value());
        r.deactivateRequestNo = QString(129, QLatin1Char('1'));
        QCOMPARE(r.validate().first().field, QStringLiteral("deactivate_request_no"));
    }

    void jsonBodiesAreCompactOrderedUtf8()
    {
        // Byte for byte, fields in the documented order: why bodies are built by JsonWriter (jsonwriter.h).
        DeactivateCouponRequest r { QStringLiteral("C1"), QStringLiteral("100088"), QStringLiteral("R1"),
            QStringLiteral("顾客说\"错了\"\\再试") };
        QCOMPARE(r.toJson(),
            QStringLiteral("{\"coupon_code\":\"C1\",\"stock_id\":\"100088\",\"deactivate_request_no\":\"R1\","
                           "\"deactivate_reason\":\"顾客说\\\"错了\\\"\\\\再试\"}")
                .toUtf8());
        const QJsonDocument back = QJsonDocument::fromJson(r.toJson());
        QCOMPARE(back.object().value(QLatin1String("deactivate_reason")).toString(), r.deactivateReason);
        QCOMPARE(JsonWriter::quote(QStringLiteral("a\u0001b")), QByteArray("\"a\\u0001b\""));
        ReturnCouponRequest ret { QStringLiteral("C1"), QStringLiteral("100088"), QStringLiteral("R2") };
        QCOMPARE(
            ret.toJson(), QByteArray(R"({"coupon_code":"C1","stock_id":"100088","return_request_no":"R2"})"));
        QCOMPARE(ret.toApiRequest().pathAndQuery, QByteArray("/v3/marketing/busifavor/coupons/return"));
        UseCouponRequest u = goodUse();
        QVERIFY(!u.toJson().contains("openid"));
    }

    void responsesParseLeniently()
    {
        auto use = UseCouponResponse::fromJson(
            R"({"stock_id":"100088","openid":"o","wechatpay_use_time":"2015-05-20T13:29:35+08:00","new_field":1})");
        QVERIFY(use.ok());
        QCOMPARE(use->wechatpayUseTime, QStringLiteral("2015-05-20T13:29:35+08:00"));
        QCOMPARE(UseCouponResponse::fromJson(R"({"stock_id":"100088"})").error().code,
            QStringLiteral("RESPONSE_FIELD_MISSING"));
        QCOMPARE(UseCouponResponse::fromJson(R"({"stock_id":)").error().code,
            QStringLiteral("RESPONSE_MALFORMED"));
        QVERIFY(
            DeactivateCouponResponse::fromJson(R"({"wechatpay_deactivate_time":"2020-05-20T13:29:35+08:00"})")
                .ok());
        QVERIFY(
            ReturnCouponResponse::fromJson(R"({"wechatpay_return_time":"2020-05-20T13:29:35+08:00"})").ok());

        auto d = CouponDetail::fromJson(QStringLiteral(
            R"({"coupon_code":"C1","stock_id":"100088","stock_name":"满100减20","coupon_state":"REDEEM_CONFIRMING","use_request_no":"U1","associate_out_trade_no":"T123","unknown":{"x":1}})")
                                            .toUtf8());
        QVERIFY(d.ok());
        QCOMPARE(d->couponState, QStringLiteral("REDEEM_CONFIRMING")); // unknown states are kept, not refused
        QCOMPARE(d->stockName, QStringLiteral("满100减20"));
        QCOMPARE(d->raw.value(QLatin1String("associate_out_trade_no")).toString(), QStringLiteral("T123"));

        auto s = StockInfo::fromJson(QStringLiteral(
            R"({"stock_id":"100088","stock_name":"咖啡券","coupon_code_mode":"MERCHANT_UPLOAD","coupon_use_rule":{"coupon_available_time":{"available_begin_time":"2026-01-01T00:00:00+08:00","available_end_time":"2026-12-31T23:59:59+08:00"}}})")
                                         .toUtf8());
        QVERIFY(s.ok());
        QCOMPARE(s->couponCodeMode, QStringLiteral("MERCHANT_UPLOAD"));
        QCOMPARE(s->availableEndTime, QStringLiteral("2026-12-31T23:59:59+08:00"));
    }

    void rfc3339()
    {
        const QDateTime t = parseRfc3339(QStringLiteral("2015-05-20T13:29:35+08:00"));
        QVERIFY(t.isValid());
        QCOMPARE(t.toSecsSinceEpoch(), Q_INT64_C(1432099775));
        QCOMPARE(
            parseRfc3339(QStringLiteral("2015-05-20T05:29:35Z")).toSecsSinceEpoch(), Q_INT64_C(1432099775));
        QCOMPARE(parseRfc3339(QStringLiteral("2015-05-20T13:29:35.123+08:00")).toSecsSinceEpoch(),
            Q_INT64_C(1432099775));
        QCOMPARE(parseRfc3339(QStringLiteral("2015-05-20T13:29:35.123456789+08:00")).toMSecsSinceEpoch(),
            Q_INT64_C(1432099775123));
        QCOMPARE(parseRfc3339(QStringLiteral("2015-05-19T23:59:35-05:30")).toSecsSinceEpoch(),
            Q_INT64_C(1432099775));
        // What ISO 8601 (and Qt's reader) allows but RFC 3339 does not, and what no calendar has.
        for (const char *bad :
            { "2015-05-20T13:29:35+8:00", "2015-05-20T13:29:35+0800", "2015-05-20T13:29:35+08",
                "2015-05-20T13:29:35", "2015-05-20 13:29:35+08:00", "2015-05-20t13:29:35+08:00",
                "20150520T132935+08:00", "2015-05-20T13:29+08:00", "2015-05-20T13:29:35.+08:00",
                "2015-05-20T13:29:35.1234567890+08:00", "2015-05-20T13:29:35+08:00 ", " 2015-05-20T13:29:35Z",
                "2015-05-20T25:29:35+08:00", "2015-05-20T24:00:00+08:00", "2015-02-30T13:29:35+08:00",
                "2015-13-20T13:29:35+08:00", "2015-05-20T13:60:35+08:00", "2015-05-20T13:29:35+24:00",
                "2015-05-20T13:29:35+08:60", "2015-05-20T13:29:35z", "" })
            QVERIFY2(!parseRfc3339(QString::fromLatin1(bad)).isValid(), bad);
        QCOMPARE(formatRfc3339(QDateTime::fromSecsSinceEpoch(1432099775)),
            QStringLiteral("2015-05-20T13:29:35+08:00"));
        QCOMPARE(formatRfc3339(QDateTime::fromSecsSinceEpoch(1432099775), -5 * 3600 - 1800),
            QStringLiteral("2015-05-19T23:59:35-05:30"));
        QCOMPARE(formatRfc3339(QDateTime::fromSecsSinceEpoch(1432099775), 0),
            QStringLiteral("2015-05-20T05:29:35+00:00"));
    }

    // coupon_use_rule as the official schema has it (amounts in fen); a display field never fails the answer.
    void couponUseRule_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("amount"); // discount_amount / discount_percent / exchange_price
        QTest::addColumn<qint64>("minimum");
        QTest::newRow("fixed") << QByteArray(
            R"({"fixed_normal_coupon":{"discount_amount":2000,"transaction_minimum":10000},"use_method":"OFF_LINE"})")
                               << true << int(busifavor::CouponUseRule::Kind::Fixed) << qint64(2000)
                               << qint64(10000);
        QTest::newRow("discount") << QByteArray(
            R"({"discount_coupon":{"discount_percent":88,"transaction_minimum":0}})")
                                  << true << int(busifavor::CouponUseRule::Kind::Discount) << qint64(88)
                                  << qint64(0);
        QTest::newRow("exchange, no minimum")
            << QByteArray(R"({"exchange_coupon":{"exchange_price":100}})") << true
            << int(busifavor::CouponUseRule::Kind::Exchange) << qint64(100) << qint64(0);
        QTest::newRow("only the validity")
            << QByteArray(R"({"coupon_available_time":{"available_begin_time":"2026-01-01T00:00:00+08:00"}})")
            << false << 0 << qint64(0) << qint64(0);
        QTest::newRow("amount as a string")
            << QByteArray(R"({"fixed_normal_coupon":{"discount_amount":"2000"}})") << false << 0 << qint64(0)
            << qint64(0);
        QTest::newRow("fractional fen") << QByteArray(R"({"fixed_normal_coupon":{"discount_amount":20.5}})")
                                        << false << 0 << qint64(0) << qint64(0);
        QTest::newRow("negative minimum")
            << QByteArray(R"({"fixed_normal_coupon":{"discount_amount":1,"transaction_minimum":-1}})")
            << false << 0 << qint64(0) << qint64(0);
        QTest::newRow("percent 100") << QByteArray(R"({"discount_coupon":{"discount_percent":100}})") << false
                                     << 0 << qint64(0) << qint64(0);
    }
    void couponUseRule()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, ok);
        QFETCH(int, kind);
        QFETCH(qint64, amount);
        QFETCH(qint64, minimum);
        const auto rule = busifavor::CouponUseRule::fromJson(QJsonDocument::fromJson(json).object());
        QCOMPARE(rule.has_value(), ok);
        if (!ok)
            return;
        QCOMPARE(int(rule->kind), kind);
        const qint64 got = rule->kind == busifavor::CouponUseRule::Kind::Fixed ? rule->discountAmountFen
            : rule->kind == busifavor::CouponUseRule::Kind::Discount           ? qint64(rule->discountPercent)
                                                                               : rule->exchangePriceFen;
        QCOMPARE(got, amount);
        QCOMPARE(rule->transactionMinimumFen, minimum);
        // ...and inside a stock answer, which parses either way.
        const QByteArray stock
            = R"({"stock_name":"满100减20券","stock_id":"1212000000000001","coupon_use_rule":)" + json + "}";
        auto info = busifavor::StockInfo::fromJson(stock);
        QVERIFY(info.ok());
        QCOMPARE(info->useRule.has_value(), ok);
    }
};

QTEST_GUILESS_MAIN(TestWechatpayBusifavor)
#include "test_wechatpay_busifavor.moc"
