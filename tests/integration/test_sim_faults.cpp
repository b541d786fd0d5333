// Every fault, what the real client makes of it, and what WeChat Pay (the simulator) actually did.
#include "simharness.h"

using namespace wechatpay;
using namespace wechatpay::busifavor;

class TestSimFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void damagedSuccessIsNeverSuccessButIsApplied_data();
    void damagedSuccessIsNeverSuccessButIsApplied();
    void malformedJsonVerifiesButCannotBeRead();
    void errorStatusesAreNotApplied_data();
    void errorStatusesAreNotApplied();
    void accepted202IsAppliedAndTheRetryGetsTheOriginal();
    void dropBeforeIsANetworkErrorAndNothingHappened();
    void dropAfterIsANetworkErrorButTheCouponIsUsedOnce();
    void keptAliveConnectionDroppedIsSentOnceMoreOnAFreshOne();
    void freshConnectionDropIsNotResent();
    void hangIsATimeoutAndNothingHappened();
    void truncatedBodyIsNotSuccess();
    void delayedAnswerArrives();
    void serviceTimesLeaveOutTheDelay();
    void delayedAnswerAfterTheClientTimedOutDoesNotCrash();
    void delayedAnswerAfterTheClientAbortedDoesNotCrash();
    void faultsOnReadEndpoints();
    void countProbabilityAndWildcard();
    void controlEndpointArmsAndClearsFaults();
    void rateLimitIsDeterministicWithAnInjectedClock();
    void faultArgumentsParse_data();
    void faultArgumentsParse();

private:
    ApiResponse useOne(QString *code = nullptr, QString *requestNo = nullptr, UseCouponRequest *out = nullptr)
    {
        const sim::DemoCode c = simtest::usableCoupon(*m_sim, m_used);
        m_used << c.couponCode;
        const UseCouponRequest req
            = simtest::useRequest(*m_sim, c.couponCode, c.stockId, simtest::uniqueRequestNo("U"));
        if (code)
            *code = c.couponCode;
        if (requestNo)
            *requestNo = req.useRequestNo;
        if (out)
            *out = req;
        return m_client->call(req.toApiRequest());
    }
    void arm(const char *spec) { QVERIFY(m_sim->addFault(QString::fromLatin1(spec)).ok()); }
    void makeClient(int timeoutMs)
    {
        simtest::ClientOptions o;
        o.totalTimeoutMs = timeoutMs;
        m_client = std::make_unique<simtest::SimClient>(*m_sim, o);
    }

    std::unique_ptr<sim::Simulator> m_sim;
    std::unique_ptr<simtest::SimClient> m_client;
    QStringList m_used;
};

void TestSimFaults::init()
{
    m_used.clear();
    m_sim = simtest::startSimulator();
    QVERIFY(m_sim);
    makeClient(3000);
}

void TestSimFaults::cleanup()
{
    m_client.reset();
    m_sim.reset();
}

void TestSimFaults::damagedSuccessIsNeverSuccessButIsApplied_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<QString>("clientCode");
    QTest::newRow("unsigned 200") << "unsigned"
                                  << "SIGNATURE_HEADERS_MISSING";
    QTest::newRow("bad signature") << "bad_signature"
                                   << "SIGNATURE_MISMATCH";
    QTest::newRow("stale timestamp") << "stale_timestamp"
                                     << "CLOCK_SKEW";
    QTest::newRow("non-numeric timestamp") << "nonnumeric_timestamp"
                                           << "TIMESTAMP_INVALID";
    QTest::newRow("unknown serial") << "unknown_serial"
                                    << "SERIAL_UNKNOWN";
    QTest::newRow("WECHATPAY/SIGNTEST/ probe") << "signtest_probe"
                                               << "SIGNATURE_PROBE";
}

void TestSimFaults::damagedSuccessIsNeverSuccessButIsApplied()
{
    QFETCH(QString, fault);
    QFETCH(QString, clientCode);
    arm(qPrintable(QStringLiteral("use:") + fault));
    QString code;
    QString no;
    UseCouponRequest req;
    const ApiResponse r = useOne(&code, &no, &req);
    QVERIFY(!r.ok());
    QCOMPARE(r.httpStatus, 200);
    QCOMPARE(r.error->kind, ErrorKind::Verification);
    QCOMPARE(r.error->code, clientCode);
    QVERIFY(r.error->requestSent);
    // WeChat Pay did redeem it: the uncertain case the client must settle.
    QCOMPARE(m_sim->coupon(code)->state, QStringLiteral("USED"));
    QCOMPARE(m_sim->appliedCount(no), 1);
    // Settling by retrying the same request: a verified 200 with the original body, still applied once.
    const ApiResponse retry = m_client->call(req.toApiRequest());
    QVERIFY2(retry.ok(), qPrintable(simtest::describe(retry)));
    QCOMPARE(m_sim->appliedCount(no), 1);
    QCOMPARE(m_sim->replayCount(no), 1);
}

void TestSimFaults::malformedJsonVerifiesButCannotBeRead()
{
    arm("use:malformed_json");
    QString code;
    const ApiResponse r = useOne(&code);
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r))); // correctly signed…
    auto parsed = UseCouponResponse::fromJson(r.body); // …but not JSON
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().kind, ErrorKind::Protocol);
    QCOMPARE(m_sim->coupon(code)->state, QStringLiteral("USED"));
}

void TestSimFaults::errorStatusesAreNotApplied_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("wechatCode");
    QTest::newRow("500") << "status_500" << 500 << "SYSTEM_ERROR";
    QTest::newRow("502") << "status_502" << 502 << "SERVICE_UNAVAILABLE";
    QTest::newRow("503") << "status_503" << 503 << "SERVICE_UNAVAILABLE";
    QTest::newRow("429") << "status_429" << 429 << "RATELIMIT_EXCEEDED";
}

void TestSimFaults::errorStatusesAreNotApplied()
{
    QFETCH(QString, fault);
    QFETCH(int, status);
    QFETCH(QString, wechatCode);
    arm(qPrintable(QStringLiteral("use:") + fault));
    QString code;
    QString no;
    UseCouponRequest req;
    const ApiResponse r = useOne(&code, &no, &req);
    QVERIFY(!r.ok());
    QCOMPARE(r.error->kind, ErrorKind::Http);
    QCOMPARE(r.error->httpStatus, status);
    QCOMPARE(r.error->code, wechatCode);
    QVERIFY(!r.requestId.isEmpty());
    QCOMPARE(m_sim->coupon(code)->state, QStringLiteral("SENDED"));
    QCOMPARE(m_sim->appliedCount(no), 0);
    // The retry with the same number and body applies it.
    QVERIFY(m_client->call(req.toApiRequest()).ok());
    QCOMPARE(m_sim->appliedCount(no), 1);
}

void TestSimFaults::accepted202IsAppliedAndTheRetryGetsTheOriginal()
{
    arm("use:status_202");
    QString code;
    QString no;
    UseCouponRequest req;
    const ApiResponse r = useOne(&code, &no, &req);
    QVERIFY(!r.ok());
    QCOMPARE(r.error->httpStatus, 202);
    QCOMPARE(r.error->code, QStringLiteral("ACCEPTED_NOT_PROCESSED"));
    QCOMPARE(m_sim->coupon(code)->state, QStringLiteral("USED"));
    const ApiResponse retry = m_client->call(req.toApiRequest());
    QVERIFY2(retry.ok(), qPrintable(simtest::describe(retry)));
    QCOMPARE(m_sim->appliedCount(no), 1);
}

void TestSimFaults::dropBeforeIsANetworkErrorAndNothingHappened()
{
    // The server closes every connection before applying anything. Qt may try again on a new
    // connection; whatever it does, the answer is a network error and nothing was applied.
    arm("use:drop_before:50");
    QSignalSpy served(m_sim.get(), &sim::Simulator::requestServed);
    QString code;
    QString no;
    const ApiResponse r = useOne(&code, &no);
    QVERIFY(!r.ok());
    QCOMPARE(r.error->kind, ErrorKind::Network);
    QVERIFY(served.count() >= 1);
    QCOMPARE(m_sim->coupon(code)->state, QStringLiteral("SENDED"));
    QCOMPARE(m_sim->appliedCount(no), 0);
}

void TestSimFaults::dropAfterIsANetworkErrorButTheCouponIsUsedOnce()
{
    arm("use:drop_after:5");
    QSignalSpy served(m_sim.get(), &sim::Simulator::requestServed);
    QString code;
    QString no;
    UseCouponRequest req;
    const ApiResponse r = useOne(&code, &no, &req);
    QVERIFY(!r.ok());
    QCOMPARE(r.error->kind, ErrorKind::Network);
    QVERIFY(r.error->requestSent);
    m_sim->clearFaults();
    QCOMPARE(m_sim->coupon(code)->state, QStringLiteral("USED"));
    QCOMPARE(m_sim->appliedCount(no), 1);
    // The transport's own resends were answered from the original result, never applied again.
    QCOMPARE(m_sim->replayCount(no), int(served.count()) - 1);
    // Reconciling by query shows our request number.
    const sim::CouponTruth t = *m_sim->coupon(code);
    const ApiResponse q
        = m_client->call(QueryCouponRequest { t.openid, code, m_sim->appid() }.toApiRequest());
    QVERIFY(q.ok());
    QCOMPARE(CouponDetail::fromJson(q.body)->useRequestNo, no);
    const ApiResponse retry = m_client->call(req.toApiRequest());
    QVERIFY(retry.ok());
    QCOMPARE(m_sim->appliedCount(no), 1);
}

void TestSimFaults::keptAliveConnectionDroppedIsSentOnceMoreOnAFreshOne()
{
    // The keep-alive race: the server closes a kept-alive connection without a byte of answer.
    // QNetworkAccessManager may send the same bytes again on a new connection (same request number,
    // same signature); WeChat Pay applies a request number once, so a repeat after drop_after is
    // answered from the original result: never redeemed twice, never a false success.
    QString code;
    QString no;
    QVERIFY(useOne(&code, &no).ok()); // leaves an idle kept-alive connection

    for (const char *fault : { "use:drop_after:1", "use:drop_before:1" }) {
        arm(fault);
        QSignalSpy served(m_sim.get(), &sim::Simulator::requestServed);
        const ApiResponse r = useOne(&code, &no);
        m_sim->clearFaults();
        QCOMPARE(m_sim->appliedCount(no), 1); // applied once whether or not Qt sent it again
        if (r.ok()) {
            QCOMPARE(m_sim->coupon(code)->state, QStringLiteral("USED"));
            QVERIFY(served.count() >= 2); // the answer came from a repeat
        } else {
            QCOMPARE(r.error->kind, ErrorKind::Network); // not resent: unclear, never a false answer
            QVERIFY(r.error->requestSent);
        }
        QCOMPARE(m_sim->replayCount(no), qstrcmp(fault, "use:drop_after:1") == 0 && r.ok() ? 1 : 0);
    }
}

void TestSimFaults::freshConnectionDropIsNotResent()
{
    // Every connection dropped after the coupon was applied: whatever Qt repeats, the coupon is used
    // once and the caller gets "may have been applied" (settled later by the same request number).
    arm("use:drop_after:50");
    QSignalSpy served(m_sim.get(), &sim::Simulator::requestServed);
    QString code;
    QString no;
    const ApiResponse r = useOne(&code, &no);
    QVERIFY(!r.ok());
    QCOMPARE(r.error->kind, ErrorKind::Network);
    QVERIFY(r.error->requestSent);
    QCOMPARE(m_sim->appliedCount(no), 1);
    QCOMPARE(m_sim->replayCount(no), int(served.count()) - 1);
}

void TestSimFaults::hangIsATimeoutAndNothingHappened()
{
    makeClient(300);
    arm("use:hang");
    QString code;
    QString no;
    QSignalSpy delivered(m_sim.get(), &sim::Simulator::answerDelivered);
    const ApiResponse r = useOne(&code, &no);
    QVERIFY(!r.ok());
    QCOMPARE(r.error->kind, ErrorKind::Timeout);
    QCOMPARE(r.error->code, QStringLiteral("TIMEOUT"));
    QCOMPARE(m_sim->coupon(code)->state, QStringLiteral("SENDED"));
    QCOMPARE(m_sim->appliedCount(no), 0);
    QCOMPARE(delivered.count(), 1);
    QCOMPARE(delivered.first().at(1).toBool(), false);
    // The next request works (a new connection).
    makeClient(5000);
    QVERIFY(useOne().ok());
}

void TestSimFaults::truncatedBodyIsNotSuccess()
{
    arm("use:truncated_body");
    QString code;
    const ApiResponse r = useOne(&code);
    QVERIFY(!r.ok());
    QVERIFY2(r.error->kind == ErrorKind::Network || r.error->kind == ErrorKind::Verification
            || r.error->kind == ErrorKind::Protocol,
        qPrintable(r.error->toString()));
    QCOMPARE(m_sim->coupon(code)->state, QStringLiteral("USED"));
    qInfo("truncated body → %s", qPrintable(r.error->toString()));
}

void TestSimFaults::delayedAnswerArrives()
{
    arm("use:delay:1:300");
    QElapsedTimer t;
    t.start();
    const ApiResponse r = useOne();
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    QVERIFY(t.elapsed() >= 290);
}

void TestSimFaults::serviceTimesLeaveOutTheDelay()
{
    // What a benchmark subtracts: the simulator's own work per answer, a delay fault not counted.
    const QUrl base = m_sim->baseUrl();
    simtest::control(base, "DELETE", "/__sim/service-times");
    arm("use:delay:1:300");
    QString delayedNo;
    QVERIFY(useOne(nullptr, &delayedNo).ok());
    QString plainNo;
    QVERIFY(useOne(nullptr, &plainNo).ok());
    const QJsonArray times = simtest::control(base, "GET", "/__sim/service-times")
                                 .object()
                                 .value(QLatin1String("service_times"))
                                 .toArray();
    QCOMPARE(times.size(), 2);
    QCOMPARE(times.at(0).toObject().value(QLatin1String("request_no")).toString(), delayedNo);
    QCOMPARE(times.at(1).toObject().value(QLatin1String("request_no")).toString(), plainNo);
    for (const QJsonValue &t : times) {
        const qint64 us = t.toObject().value(QLatin1String("service_us")).toInteger(-1);
        QVERIFY2(us > 0 && us < 250000, qPrintable(QString::number(us))); // signing, not the 300 ms wait
        QCOMPARE(t.toObject().value(QLatin1String("status")).toInt(), 200);
    }
    QCOMPARE(m_sim->servedRequests().size(), 2);
}

void TestSimFaults::delayedAnswerAfterTheClientTimedOutDoesNotCrash()
{
    makeClient(300);
    arm("use:delay:1:800");
    QSignalSpy delivered(m_sim.get(), &sim::Simulator::answerDelivered);
    QString code;
    QString no;
    const ApiResponse r = useOne(&code, &no);
    QVERIFY(!r.ok());
    QCOMPARE(r.error->kind, ErrorKind::Timeout);
    // Applied at once: a timeout is not "nothing happened".
    QCOMPARE(m_sim->coupon(code)->state, QStringLiteral("USED"));
    QVERIFY(delivered.wait(3000));
    QCOMPARE(delivered.last().at(1).toBool(), false); // the client had gone; nothing written
    makeClient(5000);
    QVERIFY(useOne().ok());
    QCOMPARE(m_sim->appliedCount(no), 1);
}

void TestSimFaults::delayedAnswerAfterTheClientAbortedDoesNotCrash()
{
    arm("*:delay:3:1500");
    QSignalSpy delivered(m_sim.get(), &sim::Simulator::answerDelivered);
    QList<ApiCall *> calls;
    for (int i = 0; i < 3; ++i) {
        const sim::DemoCode c = simtest::usableCoupon(*m_sim, m_used);
        m_used << c.couponCode;
        calls << m_client->start(
            simtest::useRequest(*m_sim, c.couponCode, c.stockId, simtest::uniqueRequestNo()).toApiRequest());
    }
    QTRY_VERIFY(std::all_of(m_used.cbegin(), m_used.cend(),
        [this](const QString &code) { return m_sim->coupon(code)->state == QLatin1String("USED"); }));
    QCOMPARE(delivered.count(), 0); // all three answers still held back
    for (ApiCall *c : calls)
        c->abort();
    for (ApiCall *c : calls) {
        QTRY_VERIFY(c->isFinished());
        QCOMPARE(c->response().error->kind, ErrorKind::Cancelled);
    }
    QTRY_COMPARE_WITH_TIMEOUT(delivered.count(), 3, 5000);
    for (const auto &args : delivered)
        QCOMPARE(args.at(1).toBool(), false);
    qDeleteAll(calls);
    // Also: the simulator destroyed while an answer is still delayed.
    arm("use:delay:1:5000");
    ApiCall *late
        = m_client->start(simtest::useRequest(*m_sim, simtest::usableCoupon(*m_sim, m_used).couponCode,
            simtest::usableCoupon(*m_sim, m_used).stockId, simtest::uniqueRequestNo())
                              .toApiRequest());
    QTRY_VERIFY(m_sim->faults().isEmpty()); // the request has arrived
    m_sim.reset();
    QTRY_VERIFY(late->isFinished());
    QVERIFY(!late->response().ok());
    delete late;
}

void TestSimFaults::faultsOnReadEndpoints()
{
    const sim::DemoCode c = simtest::usableCoupon(*m_sim);
    const ApiRequest query = QueryCouponRequest { c.openid, c.couponCode, m_sim->appid() }.toApiRequest();
    arm("query:unsigned");
    ApiResponse r = m_client->call(query);
    QCOMPARE(r.error->kind, ErrorKind::Verification);
    QVERIFY(m_client->call(query).ok());

    arm("stock:status_503");
    r = m_client->call(StockQueryRequest { c.stockId }.toApiRequest());
    QCOMPARE(r.error->httpStatus, 503);

    arm("certificates:bad_signature");
    r = m_client->call(ApiRequest { "GET", "/v3/certificates", {} });
    QCOMPARE(r.error->code, QStringLiteral("SIGNATURE_MISMATCH"));
    QVERIFY(m_client->call(ApiRequest { "GET", "/v3/certificates", {} }).ok());
}

void TestSimFaults::countProbabilityAndWildcard()
{
    arm("use:status_500:2");
    QCOMPARE(useOne().error->httpStatus, 500);
    QCOMPARE(useOne().error->httpStatus, 500);
    QVERIFY(useOne().ok());

    arm("*:status_503:p1"); // every request, until cleared
    QCOMPARE(useOne().error->httpStatus, 503);
    QCOMPARE(m_client->call(StockQueryRequest { QStringLiteral("1212000000000001") }.toApiRequest())
                 .error->httpStatus,
        503);
    QCOMPARE(m_sim->faults().size(), 1);
    m_sim->clearFaults();
    QVERIFY(useOne().ok());

    // A probability with a count limit: fires at most `count` times.
    sim::FaultSpec spec;
    spec.endpoint = QStringLiteral("use");
    spec.kind = sim::FaultKind::Status502;
    spec.probability = 1.0;
    spec.count = 2;
    m_sim->addFault(spec);
    QCOMPARE(useOne().error->httpStatus, 502);
    QCOMPARE(useOne().error->httpStatus, 502);
    QVERIFY(useOne().ok());
}

void TestSimFaults::controlEndpointArmsAndClearsFaults()
{
    const QUrl base = m_sim->baseUrl();
    QJsonDocument d = simtest::control(
        base, "POST", "/__sim/faults", R"({"endpoint":"use","fault":"unsigned","count":1})");
    QCOMPARE(d.object().value(QLatin1String("faults")).toArray().size(), 1);
    QString code;
    QString no;
    const ApiResponse r = useOne(&code, &no);
    QVERIFY(!r.ok());
    QCOMPARE(r.error->kind, ErrorKind::Verification);
    // The truth as the control endpoint tells it.
    const QJsonArray truth
        = simtest::control(base, "GET", QByteArray("/__sim/coupons?coupon_code=") + code.toUtf8()).array();
    QCOMPARE(truth.first().toObject().value(QLatin1String("state")).toString(), QStringLiteral("USED"));
    QCOMPARE(truth.first().toObject().value(QLatin1String("applied")).toObject().value(no).toInt(), 1);

    d = simtest::control(base, "POST", "/__sim/faults",
        R"([{"endpoint":"*","fault":"status_500","probability":1},{"endpoint":"use","fault":"hang"}])");
    QCOMPARE(d.object().value(QLatin1String("faults")).toArray().size(), 2);
    d = simtest::control(base, "GET", "/__sim/faults");
    QCOMPARE(d.object().value(QLatin1String("faults")).toArray().size(), 2);
    d = simtest::control(base, "DELETE", "/__sim/faults");
    QCOMPARE(d.object().value(QLatin1String("faults")).toArray().size(), 0);
    QVERIFY(useOne().ok());

    // Bad fault specifications are refused.
    const QByteArray badBody = R"({"endpoint":"use","fault":"oops"})";
    const auto bad = simtest::rawExchange(base,
        "POST /__sim/faults HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(badBody.size())
            + "\r\nConnection: close\r\n\r\n" + badBody);
    QCOMPARE(bad.status, 400);
    const auto unknown
        = simtest::rawExchange(base, "GET /__sim/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QCOMPARE(unknown.status, 404);
    // Info for other clients (interop tests).
    d = simtest::control(base, "GET", "/__sim/info");
    QCOMPARE(d.object().value(QLatin1String("mchid")).toString(), m_sim->mchid());
    QCOMPARE(d.object().value(QLatin1String("public_key_id")).toString(), m_sim->publicKeyId());
    d = simtest::control(base, "POST", "/__sim/mode", R"({"mode":"public-key"})");
    QCOMPARE(m_sim->mode(), sim::VerifyMode::PublicKey);
}

void TestSimFaults::rateLimitIsDeterministicWithAnInjectedClock()
{
    m_client.reset();
    m_sim.reset();
    auto nowMs = std::make_shared<qint64>(1000);
    sim::SimulatorOptions o;
    o.monotonicMs = [nowMs] { return *nowMs; };
    o.rateLimits = { { QStringLiteral("use"), 2.0 } };
    m_sim = simtest::startSimulator(o);
    QVERIFY(m_sim);
    makeClient(3000);
    QVERIFY(useOne().ok());
    QVERIFY(useOne().ok());
    QString code;
    ApiResponse r = useOne(&code);
    QCOMPARE(r.error->httpStatus, 429);
    QCOMPARE(r.error->code, QStringLiteral("RATELIMIT_EXCEEDED"));
    QCOMPARE(m_sim->coupon(code)->state, QStringLiteral("SENDED"));
    // Other endpoints have their own budget.
    QVERIFY(m_client->call(StockQueryRequest { QStringLiteral("1212000000000001") }.toApiRequest()).ok());
    *nowMs += 500; // one token back
    QVERIFY(useOne().ok());
    QCOMPARE(useOne().error->httpStatus, 429);
    *nowMs += 5000; // full again (capacity 2)
    QVERIFY(useOne().ok());
    QVERIFY(useOne().ok());
    QCOMPARE(useOne().error->httpStatus, 429);
    m_sim->setRateLimit(QStringLiteral("use"), 0);
    QVERIFY(useOne().ok());
}

void TestSimFaults::faultArgumentsParse_data()
{
    QTest::addColumn<QString>("argument");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("json");
    QTest::newRow("count") << "use:drop_after:2" << true
                           << R"({"count":2,"endpoint":"use","fault":"drop_after"})";
    QTest::newRow("default count") << "query:unsigned" << true
                                   << R"({"count":1,"endpoint":"query","fault":"unsigned"})";
    QTest::newRow("probability") << "*:status_503:p0.25" << true
                                 << R"({"endpoint":"*","fault":"status_503","probability":0.25})";
    QTest::newRow("delay defaults to 1 s")
        << "use:delay" << true << R"({"count":1,"delay_ms":1000,"endpoint":"use","fault":"delay"})";
    QTest::newRow("delay_ms") << "stock:delay:3:250" << true
                              << R"({"count":3,"delay_ms":250,"endpoint":"stock","fault":"delay"})";
    QTest::newRow("unknown fault") << "use:explode" << false << "";
    QTest::newRow("unknown endpoint") << "pay:status_500" << false << "";
    QTest::newRow("zero count") << "use:status_500:0" << false << "";
    QTest::newRow("probability above 1") << "use:status_500:p1.5" << false << "";
    QTest::newRow("garbage") << "use" << false << "";
}

void TestSimFaults::faultArgumentsParse()
{
    QFETCH(QString, argument);
    QFETCH(bool, valid);
    QFETCH(QString, json);
    auto spec = sim::FaultSpec::fromArgument(argument);
    QCOMPARE(spec.ok(), valid);
    if (valid) {
        QCOMPARE(QString::fromUtf8(QJsonDocument(spec->toJson()).toJson(QJsonDocument::Compact)), json);
        auto back = sim::FaultSpec::fromJson(spec->toJson());
        QVERIFY(back.ok());
        QCOMPARE(back->toJson(), spec->toJson());
    }
}

QTEST_GUILESS_MAIN(TestSimFaults)
#include "test_sim_faults.moc"
