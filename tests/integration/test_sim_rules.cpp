// Coupon rules, field validation and request-number idempotency, through the real client.
#include "simharness.h"

using namespace wechatpay;
using namespace wechatpay::busifavor;

namespace {

// A small world with every situation in it, times relative to the simulator's clock.
const QByteArray kSeed = R"({
  "mchid": "1900000109",
  "merchants": [
    {"mchid": "1900000109", "name": "测试商户", "appids": ["wx1234567890abcdef", "wx2222222222222222"]},
    {"mchid": "1900000200", "name": "别家", "appids": ["wx3333333333333333"]}
  ],
  "stocks": [
    {"stock_id": "100088", "stock_name": "满100减20券", "coupon_code_mode": "MERCHANT_API",
     "stock_type": "NORMAL", "goods_name": "全场商品", "comment": "满100元减20元",
     "available_begin_time": "now-30d", "available_end_time": "now+30d"},
    {"stock_id": "100099", "stock_name": "9折券", "coupon_code_mode": "WECHATPAY_MODE", "stock_type": "DISCOUNT"},
    {"stock_id": "200001", "stock_name": "别家的券", "belong_merchant": "1900000200"}
  ],
  "coupons": [
    {"coupon_code": "A0001", "stock_id": "100088", "openid": "oUser1"},
    {"coupon_code": "A0002", "stock_id": "100088", "openid": "oUser1"},
    {"coupon_code": "A0003", "stock_id": "100088", "openid": "oUser2"},
    {"coupon_code": "A0004", "stock_id": "100088", "openid": "oUser2"},
    {"coupon_code": "A0005", "stock_id": "100088", "openid": "oUser3"},
    {"coupon_code": "A0006", "stock_id": "100088", "openid": "oUser3"},
    {"coupon_code": "USED1", "stock_id": "100088", "openid": "oUser1", "state": "USED", "use_request_no": "OLD1"},
    {"coupon_code": "EXPIRED1", "stock_id": "100088", "openid": "oUser1", "expire_time": "now-1h"},
    {"coupon_code": "DEACT1", "stock_id": "100088", "openid": "oUser1", "state": "DEACTIVATED"},
    {"coupon_code": "LATER1", "stock_id": "100088", "openid": "oUser1", "available_start_time": "now+2d"},
    {"coupon_code": "DELETED1", "stock_id": "100088", "openid": "oUser1", "state": "DELETED"},
    {"coupon_code": "W0001", "stock_id": "100099", "openid": "oUser4"},
    {"coupon_code": "AB C|=/x\\y", "stock_id": "100088", "openid": "oUser5"},
    {"coupon_code": "OTHER1", "stock_id": "200001", "openid": "oUser6"}
  ]
})";

} // namespace

class TestSimRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void useRefusals_data();
    void useRefusals();
    void wechatpayModeStockNeedsNoStockId();
    void deactivateRules_data();
    void deactivateRules();
    void returnRules();
    void queryRules();
    void stockRules();
    void invalidFieldsArePARAM_ERRORWithField_data();
    void invalidFieldsArePARAM_ERRORWithField();
    void pathParametersArePercentDecoded();
    void sameRequestNumberAndParametersReturnTheOriginalResult();
    void sameRequestNumberWithOtherParametersIsRefused();
    void aRequestNumberIsNeverAppliedTwiceEvenAfterReturn();
    void controlEndpointReportsTheTruth();

private:
    ApiResponse call(const ApiRequest &request) { return m_client->call(request); }
    ApiResponse use(const QString &code, const QString &stock, const QString &requestNo,
        const QString &openid = {}, const QString &appid = {})
    {
        UseCouponRequest r = simtest::useRequest(*m_sim, code, stock, requestNo);
        r.openid = openid;
        if (!appid.isEmpty())
            r.appid = appid;
        return call(r.toApiRequest());
    }
    ApiResponse raw(const char *path, const QByteArray &body)
    {
        return call(ApiRequest { "POST", path, body });
    }

    std::unique_ptr<sim::Simulator> m_sim;
    std::unique_ptr<simtest::SimClient> m_client;
};

void TestSimRules::init()
{
    sim::SimulatorOptions o;
    o.seedJson = kSeed;
    m_sim = simtest::startSimulator(o);
    QVERIFY(m_sim);
    QCOMPARE(m_sim->mchid(), QStringLiteral("1900000109"));
    m_client = std::make_unique<simtest::SimClient>(*m_sim);
}

void TestSimRules::cleanup()
{
    m_client.reset();
    m_sim.reset();
}

void TestSimRules::useRefusals_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("stock");
    QTest::addColumn<QString>("openid");
    QTest::addColumn<QString>("appid");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("wechatCode");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("field");

    QTest::newRow("a used coupon cannot be used again") << "USED1"
                                                        << "100088"
                                                        << ""
                                                        << "" << 400 << "INVALID_REQUEST"
                                                        << "券已被核销"
                                                        << "COUPON_USED"
                                                        << "";
    QTest::newRow("an expired coupon cannot be used") << "EXPIRED1"
                                                      << "100088"
                                                      << ""
                                                      << "" << 400 << "INVALID_REQUEST"
                                                      << "券已过期"
                                                      << "COUPON_EXPIRED"
                                                      << "";
    QTest::newRow("a deactivated coupon cannot be used") << "DEACT1"
                                                         << "100088"
                                                         << ""
                                                         << "" << 400 << "INVALID_REQUEST"
                                                         << "券已失效"
                                                         << "COUPON_DEACTIVATED"
                                                         << "";
    QTest::newRow("a coupon before its validity cannot be used") << "LATER1"
                                                                 << "100088"
                                                                 << ""
                                                                 << "" << 400 << "INVALID_REQUEST"
                                                                 << "券未到可用时间"
                                                                 << "COUPON_NOT_YET_AVAILABLE"
                                                                 << "";
    QTest::newRow("a deleted coupon does not exist") << "DELETED1"
                                                     << "100088"
                                                     << ""
                                                     << "" << 404 << "RESOURCE_NOT_EXISTS"
                                                     << "券已被删除"
                                                     << "COUPON_DELETED"
                                                     << "";
    QTest::newRow("another merchant's coupon is NO_AUTH") << "OTHER1"
                                                          << "200001"
                                                          << ""
                                                          << "" << 403 << "NO_AUTH"
                                                          << "商户无权限操作该券"
                                                          << "MERCHANT_MISMATCH"
                                                          << "";
    QTest::newRow("another merchant's coupon under one of our stocks does not exist")
        << "OTHER1"
        << "100088"
        << ""
        << "" << 404 << "RESOURCE_NOT_EXISTS"
        << "券不存在"
        << "COUPON_STOCK_MISMATCH"
        << "";
    QTest::newRow("an unknown coupon does not exist") << "NOPE1"
                                                      << "100088"
                                                      << ""
                                                      << "" << 404 << "RESOURCE_NOT_EXISTS"
                                                      << "券不存在"
                                                      << "COUPON_NOT_FOUND"
                                                      << "";
    QTest::newRow("an unknown stock does not exist") << "A0001"
                                                     << "999999"
                                                     << ""
                                                     << "" << 404 << "RESOURCE_NOT_EXISTS"
                                                     << "批次不存在"
                                                     << "STOCK_NOT_FOUND"
                                                     << "";
    QTest::newRow("a coupon of another stock does not exist there") << "A0001"
                                                                    << "100099"
                                                                    << ""
                                                                    << "" << 404 << "RESOURCE_NOT_EXISTS"
                                                                    << "券不存在"
                                                                    << "COUPON_STOCK_MISMATCH"
                                                                    << "";
    QTest::newRow("a MERCHANT_API stock needs stock_id") << "A0001"
                                                         << ""
                                                         << ""
                                                         << "" << 400 << "PARAM_ERROR"
                                                         << ""
                                                         << "STOCK_ID_REQUIRED"
                                                         << "/stock_id";
    QTest::newRow("another user's openid is refused") << "A0001"
                                                      << "100088"
                                                      << "oUser2"
                                                      << "" << 400 << "PARAM_ERROR"
                                                      << "openid与券的所属用户不一致"
                                                      << "OPENID_MISMATCH"
                                                      << "/openid";
    QTest::newRow("an appid not bound to the merchant is refused")
        << "A0001"
        << "100088"
        << ""
        << "wx3333333333333333" << 400 << "PARAM_ERROR"
        << "appid与商户号不匹配"
        << "APPID_MCHID_NOT_MATCH"
        << "/appid";
}

void TestSimRules::useRefusals()
{
    QFETCH(QString, code);
    QFETCH(QString, stock);
    QFETCH(QString, openid);
    QFETCH(QString, appid);
    QFETCH(int, status);
    QFETCH(QString, wechatCode);
    QFETCH(QString, message);
    QFETCH(QString, reason);
    QFETCH(QString, field);
    const QString before = m_sim->coupon(code) ? m_sim->coupon(code)->state : QString();
    const QString no = simtest::uniqueRequestNo();
    const ApiResponse r = use(code, stock, no, openid, appid);
    QVERIFY(!r.ok());
    QCOMPARE(r.error->kind, ErrorKind::Http);
    QCOMPARE(r.error->httpStatus, status);
    QCOMPARE(r.error->code, wechatCode);
    if (!message.isEmpty())
        QCOMPARE(r.error->message, message);
    QCOMPARE(r.error->detail.value(QLatin1String("reason")).toString(), reason);
    QCOMPARE(r.error->field, field);
    QVERIFY(r.signature.signature.isEmpty());
    QCOMPARE(m_sim->appliedCount(no), 0);
    if (m_sim->coupon(code))
        QCOMPARE(m_sim->coupon(code)->state, before);
}

void TestSimRules::wechatpayModeStockNeedsNoStockId()
{
    const ApiResponse r = use(QStringLiteral("W0001"), QString(), simtest::uniqueRequestNo());
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    QCOMPARE(UseCouponResponse::fromJson(r.body)->stockId, QStringLiteral("100099"));
    QCOMPARE(m_sim->coupon(QStringLiteral("W0001"))->state, QStringLiteral("USED"));
}

void TestSimRules::deactivateRules_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");
    QTest::newRow("a sent coupon is deactivated") << "A0002" << 200 << "";
    QTest::newRow("a coupon before its validity can be deactivated") << "LATER1" << 200 << "";
    QTest::newRow("a used coupon cannot be deactivated") << "USED1" << 400 << "COUPON_USED";
    QTest::newRow("a deactivated coupon cannot be deactivated again")
        << "DEACT1" << 400 << "COUPON_DEACTIVATED";
    QTest::newRow("an expired coupon cannot be deactivated") << "EXPIRED1" << 400 << "COUPON_EXPIRED";
    QTest::newRow("another merchant's coupon") << "OTHER1" << 404 << "COUPON_STOCK_MISMATCH";
}

void TestSimRules::deactivateRules()
{
    QFETCH(QString, code);
    QFETCH(int, status);
    QFETCH(QString, reason);
    DeactivateCouponRequest d { code, QStringLiteral("100088"), simtest::uniqueRequestNo("D"),
        QStringLiteral("发错了") };
    const ApiResponse r = call(d.toApiRequest());
    QCOMPARE(r.httpStatus, status);
    if (status == 200) {
        QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
        QVERIFY(parseRfc3339(DeactivateCouponResponse::fromJson(r.body)->wechatpayDeactivateTime).isValid());
        QCOMPARE(m_sim->coupon(code)->state, QStringLiteral("DEACTIVATED"));
        QCOMPARE(m_sim->appliedCount(d.deactivateRequestNo), 1);
        // …and can no longer be used.
        const ApiResponse again = use(code, QStringLiteral("100088"), simtest::uniqueRequestNo());
        QCOMPARE(again.error->detail.value(QLatin1String("reason")).toString(),
            QStringLiteral("COUPON_DEACTIVATED"));
    } else {
        QCOMPARE(r.error->detail.value(QLatin1String("reason")).toString(), reason);
        QCOMPARE(m_sim->appliedCount(d.deactivateRequestNo), 0);
    }
}

void TestSimRules::returnRules()
{
    const QString code = QStringLiteral("A0003");
    ReturnCouponRequest notUsed { code, QStringLiteral("100088"), simtest::uniqueRequestNo("R") };
    ApiResponse r = call(notUsed.toApiRequest());
    QCOMPARE(r.httpStatus, 400);
    QCOMPARE(r.error->code, QStringLiteral("INVALID_REQUEST"));
    QCOMPARE(r.error->detail.value(QLatin1String("reason")).toString(), QStringLiteral("COUPON_NOT_USED"));

    const QString use1 = simtest::uniqueRequestNo("U");
    QVERIFY(use(code, QStringLiteral("100088"), use1).ok());
    ReturnCouponRequest ret { code, QStringLiteral("100088"), simtest::uniqueRequestNo("R") };
    r = call(ret.toApiRequest());
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    QVERIFY(parseRfc3339(ReturnCouponResponse::fromJson(r.body)->wechatpayReturnTime).isValid());
    auto truth = m_sim->coupon(code);
    QCOMPARE(truth->state, QStringLiteral("SENDED"));
    QCOMPARE(truth->returnRequestNo, ret.returnRequestNo);

    // Usable again, with a new request number.
    const QString use2 = simtest::uniqueRequestNo("U");
    r = use(code, QStringLiteral("100088"), use2);
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    truth = m_sim->coupon(code);
    QCOMPARE(truth->state, QStringLiteral("USED"));
    QCOMPARE(truth->useRequestNo, use2);
    QCOMPARE(truth->applied.value(use1), 1);
    QCOMPARE(truth->applied.value(use2), 1);
    QCOMPARE(truth->applied.value(ret.returnRequestNo), 1);

    // A deactivated coupon cannot be returned.
    ReturnCouponRequest deact { QStringLiteral("DEACT1"), QStringLiteral("100088"),
        simtest::uniqueRequestNo("R") };
    r = call(deact.toApiRequest());
    QCOMPARE(r.error->detail.value(QLatin1String("reason")).toString(), QStringLiteral("COUPON_DEACTIVATED"));
}

void TestSimRules::queryRules()
{
    QueryCouponRequest q { QStringLiteral("oUser1"), QStringLiteral("EXPIRED1"),
        QStringLiteral("wx2222222222222222") };
    ApiResponse r = call(q.toApiRequest());
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    auto d = CouponDetail::fromJson(r.body);
    QCOMPARE(d->couponState, QStringLiteral("EXPIRED"));
    QCOMPARE(d->stockName, QStringLiteral("满100减20券"));
    QCOMPARE(d->raw.value(QLatin1String("goods_name")).toString(), QStringLiteral("全场商品"));
    QCOMPARE(d->raw.value(QLatin1String("stock_type")).toString(), QStringLiteral("NORMAL"));
    QVERIFY(d->useRequestNo.isEmpty());
    QVERIFY(!d->raw.contains(QLatin1String("use_request_no"))); // empty fields are omitted

    q.couponCode = QStringLiteral("USED1");
    r = call(q.toApiRequest());
    QCOMPARE(CouponDetail::fromJson(r.body)->useRequestNo, QStringLiteral("OLD1"));

    q.openid = QStringLiteral("oUser2"); // not this user's coupon
    r = call(q.toApiRequest());
    QCOMPARE(r.error->httpStatus, 404);
    QCOMPARE(r.error->detail.value(QLatin1String("reason")).toString(), QStringLiteral("OPENID_MISMATCH"));

    QueryCouponRequest other { QStringLiteral("oUser6"), QStringLiteral("OTHER1"),
        QStringLiteral("wx1234567890abcdef") };
    r = call(other.toApiRequest());
    QCOMPARE(r.error->httpStatus, 403);
    QCOMPARE(r.error->code, QStringLiteral("NO_AUTH"));

    QueryCouponRequest wrongAppid { QStringLiteral("oUser1"), QStringLiteral("A0001"),
        QStringLiteral("wx3333333333333333") };
    r = call(wrongAppid.toApiRequest());
    QCOMPARE(r.error->httpStatus, 400);
    QCOMPARE(r.error->field, QStringLiteral("appid"));

    QueryCouponRequest unknown { QStringLiteral("oUser1"), QStringLiteral("NOPE"),
        QStringLiteral("wx1234567890abcdef") };
    r = call(unknown.toApiRequest());
    QCOMPARE(r.error->httpStatus, 404);
    QCOMPARE(r.error->message, QStringLiteral("券不存在"));
}

void TestSimRules::stockRules()
{
    ApiResponse r = call(StockQueryRequest { QStringLiteral("100088") }.toApiRequest());
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    auto s = StockInfo::fromJson(r.body);
    QCOMPARE(s->stockName, QStringLiteral("满100减20券"));
    QCOMPARE(s->couponCodeMode, QStringLiteral("MERCHANT_API"));
    QCOMPARE(s->stockType, QStringLiteral("NORMAL"));
    QCOMPARE(s->goodsName, QStringLiteral("全场商品"));
    QCOMPARE(s->comment, QStringLiteral("满100元减20元"));
    QCOMPARE(s->belongMerchant, QStringLiteral("1900000109"));
    QVERIFY(parseRfc3339(s->availableEndTime).isValid());

    r = call(StockQueryRequest { QStringLiteral("999999") }.toApiRequest());
    QCOMPARE(r.error->httpStatus, 404);
    QCOMPARE(r.error->message, QStringLiteral("批次不存在"));
    r = call(StockQueryRequest { QStringLiteral("200001") }.toApiRequest());
    QCOMPARE(r.error->httpStatus, 403);
    QCOMPARE(r.error->code, QStringLiteral("NO_AUTH"));
    r = call(ApiRequest { "GET", "/v3/marketing/busifavor/stocks/ab%2Dc!", {} });
    QCOMPARE(r.error->httpStatus, 400);
    QCOMPARE(r.error->code, QStringLiteral("PARAM_ERROR"));
    QCOMPARE(r.error->field, QStringLiteral("stock_id"));
}

void TestSimRules::invalidFieldsArePARAM_ERRORWithField_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("wechatCode");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("reason");

    const QByteArray usePath = busifavor::kUsePath;
    const QByteArray deactPath = busifavor::kDeactivatePath;
    const QByteArray retPath = busifavor::kReturnPath;
    const QByteArray good
        = R"("appid":"wx1234567890abcdef","use_time":"2025-05-20T13:29:35+08:00","use_request_no":"N1")";
    QTest::newRow("coupon_code of 33 characters")
        << usePath
        << QByteArray(R"({"coupon_code":")" + QByteArray(33, 'A') + R"(","stock_id":"100088",)" + good + "}")
        << 400 << "PARAM_ERROR"
        << "/coupon_code"
        << "FIELD_INVALID";
    QTest::newRow("coupon_code with a forbidden character")
        << usePath << QByteArray(R"({"coupon_code":"A#1","stock_id":"100088",)" + good + "}") << 400
        << "PARAM_ERROR"
        << "/coupon_code"
        << "FIELD_INVALID";
    QTest::newRow("coupon_code missing")
        << usePath << QByteArray(R"({"stock_id":"100088",)" + good + "}") << 400 << "PARAM_ERROR"
        << "/coupon_code"
        << "FIELD_INVALID";
    QTest::newRow("coupon_code that is a number")
        << usePath << QByteArray(R"({"coupon_code":12345,"stock_id":"100088",)" + good + "}") << 400
        << "PARAM_ERROR"
        << "/coupon_code"
        << "FIELD_TYPE";
    QTest::newRow("stock_id of 21 characters")
        << usePath << QByteArray(R"({"coupon_code":"A0001","stock_id":"123456789012345678901",)" + good + "}")
        << 400 << "PARAM_ERROR"
        << "/stock_id"
        << "FIELD_INVALID";
    QTest::newRow("use_time without an offset")
        << usePath
        << QByteArray(
               R"({"coupon_code":"A0001","stock_id":"100088","appid":"wx1234567890abcdef","use_time":"2025-05-20 13:29:35","use_request_no":"N1"})")
        << 400 << "PARAM_ERROR"
        << "/use_time"
        << "FIELD_INVALID";
    QTest::newRow("use_request_no missing")
        << usePath
        << QByteArray(
               R"({"coupon_code":"A0001","stock_id":"100088","appid":"wx1234567890abcdef","use_time":"2025-05-20T13:29:35+08:00"})")
        << 400 << "PARAM_ERROR"
        << "/use_request_no"
        << "FIELD_INVALID";
    QTest::newRow("appid missing")
        << usePath
        << QByteArray(
               R"({"coupon_code":"A0001","stock_id":"100088","use_time":"2025-05-20T13:29:35+08:00","use_request_no":"N1"})")
        << 400 << "PARAM_ERROR"
        << "/appid"
        << "FIELD_INVALID";
    QTest::newRow("deactivate_reason with an emoji")
        << deactPath
        << QByteArray(
               R"({"coupon_code":"A0001","stock_id":"100088","deactivate_request_no":"D1","deactivate_reason":"错误)"
               "\xF0\x9F\x98\x80"
               R"("})")
        << 400 << "PARAM_ERROR"
        << "/deactivate_reason"
        << "FIELD_INVALID";
    QTest::newRow("deactivate_reason of 65 characters")
        << deactPath
        << QByteArray(
               R"({"coupon_code":"A0001","stock_id":"100088","deactivate_request_no":"D1","deactivate_reason":")"
               + QByteArray(65, 'x') + R"("})")
        << 400 << "PARAM_ERROR"
        << "/deactivate_reason"
        << "FIELD_INVALID";
    QTest::newRow("deactivate without stock_id")
        << deactPath << QByteArray(R"({"coupon_code":"A0001","deactivate_request_no":"D1"})") << 400
        << "PARAM_ERROR"
        << "/stock_id"
        << "FIELD_INVALID";
    QTest::newRow("return_request_no of 129 characters")
        << retPath
        << QByteArray(R"({"coupon_code":"A0001","stock_id":"100088","return_request_no":")"
               + QByteArray(129, '1') + R"("})")
        << 400 << "PARAM_ERROR"
        << "/return_request_no"
        << "FIELD_INVALID";
    QTest::newRow("a body that is not JSON")
        << usePath << QByteArray("coupon_code=A0001") << 400 << "PARAM_ERROR"
        << ""
        << "JSON_INVALID";
    QTest::newRow("a JSON array") << usePath << QByteArray("[1,2]") << 400 << "PARAM_ERROR"
                                  << ""
                                  << "JSON_INVALID";
}

void TestSimRules::invalidFieldsArePARAM_ERRORWithField()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, wechatCode);
    QFETCH(QString, field);
    QFETCH(QString, reason);
    const ApiResponse r = raw(path.constData(), body);
    QVERIFY(!r.ok());
    QCOMPARE(r.error->httpStatus, status);
    QCOMPARE(r.error->code, wechatCode);
    QCOMPARE(r.error->field, field);
    QCOMPARE(r.error->detail.value(QLatin1String("reason")).toString(), reason);
    QVERIFY(!r.error->message.isEmpty());
    QCOMPARE(m_sim->coupon(QStringLiteral("A0001"))->state, QStringLiteral("SENDED"));
}

void TestSimRules::pathParametersArePercentDecoded()
{
    // Codes may hold space, |, =, / and \: the client percent-encodes them and signs the encoded path.
    QueryCouponRequest q { QStringLiteral("oUser5"), QStringLiteral("AB C|=/x\\y"),
        QStringLiteral("wx1234567890abcdef") };
    QVERIFY(q.validate().isEmpty());
    QVERIFY(q.path().contains("AB%20C%7C%3D%2Fx%5Cy"));
    ApiResponse r = call(q.toApiRequest());
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    QCOMPARE(CouponDetail::fromJson(r.body)->couponCode, QStringLiteral("AB C|=/x\\y"));
    // And redeeming it (the code travels in the JSON body).
    r = use(QStringLiteral("AB C|=/x\\y"), QStringLiteral("100088"), simtest::uniqueRequestNo());
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
}

void TestSimRules::sameRequestNumberAndParametersReturnTheOriginalResult()
{
    FixedClock clock(QDateTime::currentSecsSinceEpoch());
    m_client.reset();
    m_sim.reset();
    sim::SimulatorOptions o;
    o.seedJson = kSeed;
    o.clock = &clock;
    m_sim = simtest::startSimulator(o);
    QVERIFY(m_sim);
    m_client = std::make_unique<simtest::SimClient>(*m_sim);

    const UseCouponRequest req = simtest::useRequest(
        *m_sim, QStringLiteral("A0004"), QStringLiteral("100088"), simtest::uniqueRequestNo("U"));
    const ApiResponse first = call(req.toApiRequest());
    QVERIFY2(first.ok(), qPrintable(simtest::describe(first)));
    clock.advance(90); // the retry comes later: the answer keeps the original time
    const ApiResponse second = call(req.toApiRequest());
    QVERIFY2(second.ok(), qPrintable(simtest::describe(second)));
    QCOMPARE(second.body, first.body);
    QVERIFY(second.signature.nonce != first.signature.nonce); // freshly signed
    QCOMPARE(second.signature.timestamp, QByteArray::number(clock.nowSecs()));
    QCOMPARE(m_sim->appliedCount(req.useRequestNo), 1);
    QCOMPARE(m_sim->replayCount(req.useRequestNo), 1);
    QCOMPARE(m_sim->coupon(QStringLiteral("A0004"))->applied.value(req.useRequestNo), 1);

    DeactivateCouponRequest d { QStringLiteral("A0005"), QStringLiteral("100088"),
        simtest::uniqueRequestNo("D"), QStringLiteral("理由") };
    const ApiResponse d1 = call(d.toApiRequest());
    const ApiResponse d2 = call(d.toApiRequest());
    QVERIFY(d1.ok() && d2.ok());
    QCOMPARE(d2.body, d1.body);
    QCOMPARE(m_sim->appliedCount(d.deactivateRequestNo), 1);
}

void TestSimRules::sameRequestNumberWithOtherParametersIsRefused()
{
    const QString no = simtest::uniqueRequestNo("U");
    QVERIFY(use(QStringLiteral("A0001"), QStringLiteral("100088"), no).ok());
    // Another coupon under the same number.
    ApiResponse r = use(QStringLiteral("A0002"), QStringLiteral("100088"), no);
    QCOMPARE(r.error->httpStatus, 400);
    QCOMPARE(r.error->code, QStringLiteral("INVALID_REQUEST"));
    QCOMPARE(
        r.error->detail.value(QLatin1String("reason")).toString(), QStringLiteral("REQUEST_NO_CONFLICT"));
    QCOMPARE(r.error->field, QStringLiteral("/use_request_no"));
    QCOMPARE(m_sim->coupon(QStringLiteral("A0002"))->state, QStringLiteral("SENDED"));
    // Same coupon, another use_time: a different request.
    UseCouponRequest other
        = simtest::useRequest(*m_sim, QStringLiteral("A0001"), QStringLiteral("100088"), no);
    other.useTime = QStringLiteral("2020-01-01T00:00:00+08:00");
    r = call(other.toApiRequest());
    QCOMPARE(
        r.error->detail.value(QLatin1String("reason")).toString(), QStringLiteral("REQUEST_NO_CONFLICT"));
    // The same number for another operation.
    DeactivateCouponRequest d { QStringLiteral("A0002"), QStringLiteral("100088"), no, {} };
    r = call(d.toApiRequest());
    QCOMPARE(
        r.error->detail.value(QLatin1String("reason")).toString(), QStringLiteral("REQUEST_NO_CONFLICT"));
    QCOMPARE(m_sim->appliedCount(no), 1);
}

void TestSimRules::aRequestNumberIsNeverAppliedTwiceEvenAfterReturn()
{
    const UseCouponRequest req = simtest::useRequest(
        *m_sim, QStringLiteral("A0006"), QStringLiteral("100088"), simtest::uniqueRequestNo("U"));
    const ApiResponse first = call(req.toApiRequest());
    QVERIFY(first.ok());
    QVERIFY(call(ReturnCouponRequest {
                     QStringLiteral("A0006"), QStringLiteral("100088"), simtest::uniqueRequestNo("R") }
                     .toApiRequest())
                .ok());
    QCOMPARE(m_sim->coupon(QStringLiteral("A0006"))->state, QStringLiteral("SENDED"));
    // A late retry of the original redeem: the original answer, and the coupon stays returned.
    const ApiResponse late = call(req.toApiRequest());
    QVERIFY(late.ok());
    QCOMPARE(late.body, first.body);
    QCOMPARE(m_sim->coupon(QStringLiteral("A0006"))->state, QStringLiteral("SENDED"));
    QCOMPARE(m_sim->appliedCount(req.useRequestNo), 1);
    for (const sim::CouponTruth &t : m_sim->coupons())
        for (auto it = t.applied.cbegin(); it != t.applied.cend(); ++it)
            QVERIFY2(it.value() <= 1, qPrintable(it.key()));
}

void TestSimRules::controlEndpointReportsTheTruth()
{
    const QString no = simtest::uniqueRequestNo("U");
    UseCouponRequest req = simtest::useRequest(*m_sim, QStringLiteral("A0001"), QStringLiteral("100088"), no);
    req.appid = QStringLiteral("wx2222222222222222");
    QVERIFY(call(req.toApiRequest()).ok());
    const QJsonArray all = simtest::control(m_sim->baseUrl(), "GET", "/__sim/coupons").array();
    QCOMPARE(all.size(), m_sim->state().coupons.size());
    const QJsonArray one
        = simtest::control(m_sim->baseUrl(), "GET", "/__sim/coupons?coupon_code=A0001").array();
    QCOMPARE(one.size(), 1);
    const QJsonObject c = one.first().toObject();
    QCOMPARE(c.value(QLatin1String("coupon_code")).toString(), QStringLiteral("A0001"));
    QCOMPARE(c.value(QLatin1String("stock_id")).toString(), QStringLiteral("100088"));
    QCOMPARE(c.value(QLatin1String("state")).toString(), QStringLiteral("USED"));
    QCOMPARE(c.value(QLatin1String("appid")).toString(), QStringLiteral("wx2222222222222222"));
    QCOMPARE(c.value(QLatin1String("openid")).toString(), QStringLiteral("oUser1"));
    QCOMPARE(c.value(QLatin1String("use_request_no")).toString(), no);
    QCOMPARE(c.value(QLatin1String("applied")).toObject().value(no).toInt(), 1);
    const QJsonArray encoded
        = simtest::control(m_sim->baseUrl(), "GET", "/__sim/coupons?coupon_code=AB%20C%7C%3D%2Fx%5Cy")
              .array();
    QCOMPARE(encoded.size(), 1);
}

QTEST_GUILESS_MAIN(TestSimRules)
#include "test_sim_rules.moc"
