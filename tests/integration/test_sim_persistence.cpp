// The data directory: keys and coupon state survive a restart; the client settings file is complete.
#include "simharness.h"

#include <QSettings>

using namespace wechatpay;
using namespace wechatpay::busifavor;

class TestSimPersistence : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void restartKeepsKeysAndCouponStates();
    void journalIsReplayedAfterACrash();
    void keyFilesArePrivate();
    void clientConfigHasEveryKeyAndWorks();
    void httpsClientConfigNamesTheCertificate();
    void seedFileIsReadOnFirstStartOnly();
    void invalidSeedIsRefused_data();
    void invalidSeedIsRefused();
    void demoSeedHasEverySituation();
    void onlyLoopbackHostsAreAccepted();
};

void TestSimPersistence::restartKeepsKeysAndCouponStates()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    sim::SimulatorOptions o;
    o.dataDir = dir.path();
    QString serial;
    QString platformSerial;
    QString publicKeyId;
    QByteArray apiV3Key;
    QByteArray merchantKeyPem;
    QByteArray firstBody;
    UseCouponRequest use;
    DeactivateCouponRequest deact;
    {
        auto simulator = simtest::startSimulator(o);
        QVERIFY(simulator);
        serial = simulator->merchantCertSerial();
        platformSerial = simulator->platformCertificate().serialNumber();
        publicKeyId = simulator->publicKeyId();
        apiV3Key = simulator->apiV3Key();
        merchantKeyPem = simulator->merchantPrivateKey().toPem();
        QCOMPARE(platformSerial.size(), 40);
        QVERIFY(publicKeyId.startsWith(QLatin1String("PUB_KEY_ID_")));
        QCOMPARE(apiV3Key.size(), 32);
        simtest::SimClient client(*simulator);
        const sim::DemoCode a = simtest::usableCoupon(*simulator);
        const sim::DemoCode b = simtest::usableCoupon(*simulator, { a.couponCode });
        use = simtest::useRequest(*simulator, a.couponCode, a.stockId, simtest::uniqueRequestNo("U"));
        const ApiResponse r = client.call(use.toApiRequest());
        QVERIFY(r.ok());
        firstBody = r.body;
        deact = DeactivateCouponRequest { b.couponCode, b.stockId, simtest::uniqueRequestNo("D"),
            QStringLiteral("重启测试") };
        QVERIFY(client.call(deact.toApiRequest()).ok());
    }
    auto simulator = simtest::startSimulator(o);
    QVERIFY(simulator);
    QCOMPARE(simulator->merchantCertSerial(), serial);
    QCOMPARE(simulator->platformCertificate().serialNumber(), platformSerial);
    QCOMPARE(simulator->publicKeyId(), publicKeyId);
    QCOMPARE(simulator->apiV3Key(), apiV3Key);
    QCOMPARE(simulator->merchantPrivateKey().toPem(), merchantKeyPem);
    QCOMPARE(simulator->coupon(use.couponCode)->state, QStringLiteral("USED"));
    QCOMPARE(simulator->coupon(use.couponCode)->useRequestNo, use.useRequestNo);
    QCOMPARE(simulator->coupon(deact.couponCode)->state, QStringLiteral("DEACTIVATED"));
    QCOMPARE(simulator->appliedCount(use.useRequestNo), 1);
    // A retry after the restart still gets the original answer and is not applied again.
    simtest::SimClient client(*simulator);
    const ApiResponse again = client.call(use.toApiRequest());
    QVERIFY2(again.ok(), qPrintable(simtest::describe(again)));
    QCOMPARE(again.body, firstBody);
    QCOMPARE(simulator->appliedCount(use.useRequestNo), 1);
    QCOMPARE(simulator->coupon(use.couponCode)->applied.value(use.useRequestNo), 1);
}

void TestSimPersistence::journalIsReplayedAfterACrash()
{
    QTemporaryDir dir;
    sim::SimulatorOptions o;
    o.dataDir = dir.filePath(QStringLiteral("live"));
    auto simulator = simtest::startSimulator(o);
    QVERIFY(simulator);
    simtest::SimClient client(*simulator);
    QStringList codes;
    QStringList numbers;
    QList<UseCouponRequest> requests;
    for (int i = 0; i < 3; ++i) {
        const sim::DemoCode c = simtest::usableCoupon(*simulator, codes);
        codes << c.couponCode;
        numbers << simtest::uniqueRequestNo("U");
        requests << simtest::useRequest(*simulator, c.couponCode, c.stockId, numbers.last());
        QVERIFY(client.call(requests.last().toApiRequest()).ok());
    }
    // A replay changes only the request's counters: journaled too.
    QVERIFY(client.call(requests.first().toApiRequest()).ok());
    QFile journal(o.dataDir + QStringLiteral("/state.journal"));
    QVERIFY(journal.open(QIODevice::ReadOnly));
    QCOMPARE(journal.readAll().count('\n'), 4);
    journal.close();

    // "Crash": copy the directory as it is now (old snapshot + journal), add a torn line.
    const QString crashed = dir.filePath(QStringLiteral("crashed"));
    QVERIFY(simtest::copyTree(o.dataDir, crashed));
    QFile torn(crashed + QStringLiteral("/state.journal"));
    QVERIFY(torn.open(QIODevice::Append));
    torn.write("{\"request\":{\"request_no\":\"X");
    torn.close();
    sim::SimulatorOptions o2;
    o2.dataDir = crashed;
    auto recovered = simtest::startSimulator(o2);
    QVERIFY(recovered);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(recovered->coupon(codes.at(i))->state, QStringLiteral("USED"));
        QCOMPARE(recovered->appliedCount(numbers.at(i)), 1);
    }
    QCOMPARE(recovered->replayCount(numbers.first()), 1);
    // Folded into the snapshot at start.
    QVERIFY(!QFile::exists(crashed + QStringLiteral("/state.journal")));

    // A clean stop folds the journal too.
    simulator.reset();
    QVERIFY(!QFile::exists(o.dataDir + QStringLiteral("/state.journal")));
}

void TestSimPersistence::keyFilesArePrivate()
{
    QTemporaryDir dir;
    sim::SimulatorOptions o;
    o.dataDir = dir.path();
    o.https = true;
    auto simulator = simtest::startSimulator(o, true);
    QVERIFY(simulator);
    const QStringList secrets { QStringLiteral("merchant/apiclient_key.pem"),
        QStringLiteral("server/platform_key.pem"), QStringLiteral("server/pub_key_private.pem"),
        QStringLiteral("server/secrets.json"), QStringLiteral("server/tls_key.pem") };
    for (const QString &f : secrets) {
        const QString path = dir.filePath(f);
        QVERIFY2(QFileInfo::exists(path), qPrintable(path));
        QCOMPARE(QFile::permissions(path) & ~(QFile::ReadUser | QFile::WriteUser),
            QFile::ReadOwner | QFile::WriteOwner);
        QVERIFY(!(QFile::permissions(path) & (QFile::ReadGroup | QFile::ReadOther)));
    }
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("state.json"))));
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("wechatpay/pub_key.pem"))));
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("server/tls_cert.pem"))));
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("wechatpay/platform_certs/")
        + simulator->platformCertificate().serialNumber() + QStringLiteral(".pem"))));
}

void TestSimPersistence::clientConfigHasEveryKeyAndWorks()
{
    QTemporaryDir dir;
    sim::SimulatorOptions o;
    o.dataDir = dir.path();
    auto simulator = simtest::startSimulator(o);
    QVERIFY(simulator);
    const QString ini = dir.filePath(QStringLiteral("client.ini"));
    QVERIFY(simulator->writeClientConfig(ini).ok());
    QVERIFY(!(QFile::permissions(ini) & QFile::ReadOther));

    QSettings s(ini, QSettings::IniFormat);
    QCOMPARE(s.status(), QSettings::NoError);
    const char *const keys[] = { "api/base_url", "merchant/mchid", "merchant/appid", "merchant/cert_serial",
        "merchant/private_key_file", "merchant/cert_file", "verify/mode", "verify/public_key_file",
        "verify/public_key_id", "verify/platform_cert_dir", "verify/apiv3_key", "desk/counter_id",
        "desk/history_db", "desk/stocks" };
    for (const char *k : keys)
        QVERIFY2(s.contains(QLatin1String(k)), k);
    QCOMPARE(s.value(QStringLiteral("api/base_url")).toString(), simulator->baseUrl().toString());
    QCOMPARE(s.value(QStringLiteral("merchant/mchid")).toString(), simulator->mchid());
    QCOMPARE(s.value(QStringLiteral("verify/mode")).toString(), QStringLiteral("platform-cert"));
    QCOMPARE(s.value(QStringLiteral("verify/apiv3_key")).toString().size(), 32);
    QCOMPARE(s.value(QStringLiteral("desk/history_db")).toString(),
        dir.filePath(QStringLiteral("history.sqlite")));
    const QStringList stocks = s.value(QStringLiteral("desk/stocks")).toStringList();
    QCOMPARE(stocks.size(), 3); // the merchant's own stocks only
    // with the shape of each stock's codes, so the client finds a code's stock without asking
    QVERIFY(stocks.contains(QStringLiteral("1212000000000001|满100减20券|re:[0-9]{12}|VIP-.*")));
    QVERIFY(stocks.contains(QStringLiteral("1212000000000002|咖啡兑换券|CF")));
    for (const char *f : { "merchant/private_key_file", "merchant/cert_file", "verify/public_key_file" })
        QVERIFY2(QFileInfo::exists(s.value(QLatin1String(f)).toString()), f);
    QVERIFY(QFileInfo(s.value(QStringLiteral("verify/platform_cert_dir")).toString()).isDir());

    // A client built from nothing but the INI file works, in both modes.
    auto key = PrivateKey::fromFile(s.value(QStringLiteral("merchant/private_key_file")).toString());
    auto cert = Certificate::fromFile(s.value(QStringLiteral("merchant/cert_file")).toString());
    QVERIFY(key.ok() && cert.ok());
    QVERIFY(cert->matches(key.value()));
    QCOMPARE(cert->serialNumber(), s.value(QStringLiteral("merchant/cert_serial")).toString());
    SystemClock clock;
    RandomNonceSource nonces;
    RequestSigner signer(s.value(QStringLiteral("merchant/mchid")).toString(),
        s.value(QStringLiteral("merchant/cert_serial")).toString(), key.value(), clock, nonces);
    Verifier verifier;
    const QDir certDir(s.value(QStringLiteral("verify/platform_cert_dir")).toString());
    for (const QString &f : certDir.entryList({ QStringLiteral("*.pem") }, QDir::Files))
        QVERIFY(verifier.addPlatformCertificate(Certificate::fromFile(certDir.filePath(f)).value()));
    ClientConfig config;
    config.baseUrl = QUrl(s.value(QStringLiteral("api/base_url")).toString());
    ApiClient client(config, signer, verifier);
    ApiCall *call
        = client.send(StockQueryRequest { stocks.first().section(QLatin1Char('|'), 0, 0) }.toApiRequest());
    QSignalSpy done(call, &ApiCall::finished);
    QVERIFY(done.wait(5000));
    QVERIFY2(call->response().ok(), qPrintable(simtest::describe(call->response())));

    Verifier publicKeyVerifier;
    publicKeyVerifier.setPublicKey(s.value(QStringLiteral("verify/public_key_id")).toString(),
        PublicKey::fromFile(s.value(QStringLiteral("verify/public_key_file")).toString()).value());
    simulator->setMode(sim::VerifyMode::PublicKey);
    config.wechatpaySerial = s.value(QStringLiteral("verify/public_key_id")).toString();
    ApiClient pkClient(config, signer, publicKeyVerifier);
    ApiCall *pkCall = pkClient.send(StockQueryRequest { QStringLiteral("1212000000000001") }.toApiRequest());
    QSignalSpy pkDone(pkCall, &ApiCall::finished);
    QVERIFY(pkDone.wait(5000));
    QVERIFY2(pkCall->response().ok(), qPrintable(simtest::describe(pkCall->response())));

    // The header comment survives, QSettings ignores it.
    QFile f(ini);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readLine().startsWith("; CouponDesk client settings"));
}

void TestSimPersistence::httpsClientConfigNamesTheCertificate()
{
    sim::SimulatorOptions o;
    o.https = true;
    o.mode = sim::VerifyMode::PublicKey;
    auto simulator = simtest::startSimulator(o);
    QVERIFY(simulator);
    const QVariantMap m = simulator->clientSettings();
    QVERIFY(
        m.value(QStringLiteral("api/base_url")).toString().startsWith(QLatin1String("https://127.0.0.1:")));
    QCOMPARE(m.value(QStringLiteral("api/ca_certificates_file")).toString(), simulator->caCertificateFile());
    QVERIFY(QFileInfo::exists(simulator->caCertificateFile()));
    QCOMPARE(m.value(QStringLiteral("verify/mode")).toString(), QStringLiteral("public-key"));
}

void TestSimPersistence::seedFileIsReadOnFirstStartOnly()
{
    QTemporaryDir dir;
    const QString seed = dir.filePath(QStringLiteral("seed.json"));
    QFile f(seed);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"merchants":[{"mchid":"1900000109","appids":["wxabcdefabcdefabcd"]}],
               "stocks":[{"stock_id":"500","stock_name":"种子券","available_begin_time":"2020-01-01T00:00:00+08:00",
                          "available_end_time":"now+10d"}],
               "coupons":[{"coupon_code":"S1","stock_id":"500","openid":"oS1"},
                          {"coupon_code":"S2","stock_id":"500","openid":"oS2","state":"USED"}]})");
    f.close();
    sim::SimulatorOptions o;
    o.dataDir = dir.filePath(QStringLiteral("data"));
    o.seedFile = seed;
    {
        auto simulator = simtest::startSimulator(o);
        QVERIFY(simulator);
        QCOMPARE(simulator->mchid(), QStringLiteral("1900000109"));
        QCOMPARE(simulator->appid(), QStringLiteral("wxabcdefabcdefabcd"));
        QCOMPARE(simulator->coupons().size(), 2);
        QCOMPARE(simulator->coupon(QStringLiteral("S2"))->state, QStringLiteral("USED"));
        const sim::Stock *stock = simulator->state().stock(QStringLiteral("500"));
        QVERIFY(stock);
        QCOMPARE(stock->belongMerchant, QStringLiteral("1900000109"));
        QVERIFY(parseRfc3339(stock->availableEndTime).isValid());
        simtest::SimClient client(*simulator);
        QVERIFY(client
                    .call(simtest::useRequest(
                        *simulator, QStringLiteral("S1"), QStringLiteral("500"), simtest::uniqueRequestNo())
                              .toApiRequest())
                    .ok());
    }
    // A changed seed does not overwrite the state of an existing data directory.
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("{}");
    f.close();
    auto simulator = simtest::startSimulator(o);
    QVERIFY(simulator);
    QCOMPARE(simulator->coupon(QStringLiteral("S1"))->state, QStringLiteral("USED"));
}

void TestSimPersistence::invalidSeedIsRefused_data()
{
    QTest::addColumn<QByteArray>("seed");
    QTest::newRow("not JSON") << QByteArray("{");
    QTest::newRow("no merchant") << QByteArray(R"({"stocks":[]})");
    QTest::newRow("merchant without appids") << QByteArray(R"({"merchants":[{"mchid":"1"}]})");
    QTest::newRow("coupon of an unknown stock") << QByteArray(
        R"({"merchants":[{"mchid":"1","appids":["wx1"]}],"coupons":[{"coupon_code":"A","stock_id":"9","openid":"o"}]})");
    QTest::newRow("duplicate coupon codes") << QByteArray(
        R"({"merchants":[{"mchid":"1","appids":["wx1"]}],"stocks":[{"stock_id":"9","stock_name":"n"}],
                         "coupons":[{"coupon_code":"A","stock_id":"9","openid":"o"},{"coupon_code":"A","stock_id":"9","openid":"o"}]})");
    QTest::newRow("a code with a forbidden character") << QByteArray(
        R"({"merchants":[{"mchid":"1","appids":["wx1"]}],"stocks":[{"stock_id":"9","stock_name":"n"}],
                         "coupons":[{"coupon_code":"A#","stock_id":"9","openid":"o"}]})");
    QTest::newRow("a bad time") << QByteArray(
        R"({"merchants":[{"mchid":"1","appids":["wx1"]}],"stocks":[{"stock_id":"9","stock_name":"n","available_end_time":"tomorrow"}]})");
    QTest::newRow("an unknown state") << QByteArray(
        R"({"merchants":[{"mchid":"1","appids":["wx1"]}],"stocks":[{"stock_id":"9","stock_name":"n"}],
                         "coupons":[{"coupon_code":"A","stock_id":"9","openid":"o","state":"LOST"}]})");
}

void TestSimPersistence::invalidSeedIsRefused()
{
    QFETCH(QByteArray, seed);
    sim::SimulatorOptions o;
    o.seedJson = seed;
    sim::Simulator simulator(o);
    const Status st = simulator.start();
    QVERIFY(!st.ok());
    QCOMPARE(st.error().code, QStringLiteral("SEED_INVALID"));
    QVERIFY(!simulator.isRunning());
}

void TestSimPersistence::demoSeedHasEverySituation()
{
    auto simulator = simtest::startSimulator();
    QVERIFY(simulator);
    QCOMPARE(simulator->state().stocks.size(), 4);
    int sended = 0;
    QSet<QString> states;
    for (const sim::CouponTruth &c : simulator->coupons()) {
        states.insert(c.state);
        sended += c.state == QLatin1String("SENDED");
    }
    QVERIFY2(sended >= 300, qPrintable(QString::number(sended)));
    QVERIFY(states.contains(QStringLiteral("USED")));
    QVERIFY(states.contains(QStringLiteral("EXPIRED")));
    QVERIFY(states.contains(QStringLiteral("DEACTIVATED")));
    const QList<sim::DemoCode> codes = simulator->demoCodes();
    QStringList notes;
    for (const sim::DemoCode &c : codes)
        notes << c.note;
    const QString all = notes.join(QLatin1Char('\n'));
    for (const char *needle :
        { "可核销", "已核销", "已过期", "已失效", "其他商户", "含 - 或 _", "未到可用时间" })
        QVERIFY2(all.contains(QString::fromUtf8(needle)), needle);
    // Every listed code behaves as its note says.
    simtest::SimClient client(*simulator);
    for (const sim::DemoCode &c : codes) {
        const ApiResponse r
            = client.call(simtest::useRequest(*simulator, c.couponCode, c.stockId, simtest::uniqueRequestNo())
                              .toApiRequest());
        const bool usable = c.note.startsWith(QStringLiteral("可核销"));
        QVERIFY2(r.ok() == usable,
            qPrintable(c.couponCode + QLatin1Char(' ') + c.note + QLatin1Char(' ') + simtest::describe(r)));
        if (c.note.contains(QStringLiteral("NO_AUTH")))
            QCOMPARE(r.error->httpStatus, 403);
    }
}

void TestSimPersistence::onlyLoopbackHostsAreAccepted()
{
    for (const char *host : { "0.0.0.0", "192.168.1.10", "example.com" }) {
        sim::SimulatorOptions o;
        o.host = QString::fromLatin1(host);
        sim::Simulator simulator(o);
        const Status st = simulator.start();
        QVERIFY2(!st.ok(), host);
        QCOMPARE(st.error().code, QStringLiteral("HOST_NOT_LOOPBACK"));
    }
    sim::SimulatorOptions o;
    o.host = QStringLiteral("localhost");
    auto simulator = simtest::startSimulator(o);
    QVERIFY(simulator);
    QCOMPARE(simulator->baseUrl().host(), QStringLiteral("127.0.0.1"));
}

QTEST_GUILESS_MAIN(TestSimPersistence)
#include "test_sim_persistence.moc"
