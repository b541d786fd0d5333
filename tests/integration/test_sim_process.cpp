// app/wechatpay-sim as a process: starts fast, prints its URL, writes the client settings, serves,
// stops cleanly on SIGTERM, and refuses a non-loopback --host.
#include "simharness.h"

#include <QFile>
#include <QSettings>

using namespace wechatpay;
using namespace wechatpay::busifavor;

class TestSimProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsServesAndStops();
    void restartKeepsState();
    void refusesNonLoopbackHosts_data();
    void refusesNonLoopbackHosts();
    void commandLineFaultsAndModes();
};

namespace {

struct IniClient
{
    explicit IniClient(const QString &ini)
        : settings(ini, QSettings::IniFormat)
        , signer(settings.value(QStringLiteral("merchant/mchid")).toString(),
              settings.value(QStringLiteral("merchant/cert_serial")).toString(),
              PrivateKey::fromFile(settings.value(QStringLiteral("merchant/private_key_file")).toString())
                  .value(),
              clock, nonces)
    {
        const QDir certDir(settings.value(QStringLiteral("verify/platform_cert_dir")).toString());
        for (const QString &f : certDir.entryList({ QStringLiteral("*.pem") }, QDir::Files))
            verifier.addPlatformCertificate(Certificate::fromFile(certDir.filePath(f)).value());
        verifier.setPublicKey(settings.value(QStringLiteral("verify/public_key_id")).toString(),
            PublicKey::fromFile(settings.value(QStringLiteral("verify/public_key_file")).toString()).value());
        config.baseUrl = QUrl(settings.value(QStringLiteral("api/base_url")).toString());
        if (settings.value(QStringLiteral("verify/mode")).toString() == QLatin1String("public-key"))
            config.wechatpaySerial = settings.value(QStringLiteral("verify/public_key_id")).toString();
        client = std::make_unique<ApiClient>(config, signer, verifier);
    }
    ApiResponse call(const ApiRequest &request)
    {
        ApiCall *c = client->send(request);
        QSignalSpy done(c, &ApiCall::finished);
        if (!done.wait(5000))
            return {};
        return c->response();
    }

    QSettings settings;
    SystemClock clock;
    RandomNonceSource nonces;
    RequestSigner signer;
    Verifier verifier;
    ClientConfig config;
    std::unique_ptr<ApiClient> client;
};

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QJsonObject firstUsable(const QUrl &base)
{
    const QJsonArray codes = simtest::control(base, "GET", "/__sim/demo-codes").array();
    for (const QJsonValue &v : codes)
        if (v.toObject().value(QLatin1String("note")).toString() == QStringLiteral("可核销"))
            return v.toObject();
    return {};
}

} // namespace

void TestSimProcess::startsServesAndStops()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("client.ini"));
    simtest::SimProcess process;
    QVERIFY2(process.start({ QStringLiteral("--data"), dir.path(), QStringLiteral("--port"),
                 QStringLiteral("0"), QStringLiteral("--write-client-config"), ini }),
        process.standardError().constData());
    qInfo("first start (keys generated): %lld ms to the listening line", process.startMs());
    QCOMPARE(process.url().scheme(), QStringLiteral("http"));
    QCOMPARE(process.url().host(), QStringLiteral("127.0.0.1"));
    QVERIFY(process.url().port() > 0);
    QVERIFY(QFileInfo::exists(ini));

    IniClient client(ini);
    QCOMPARE(client.config.baseUrl, process.url());
    const QJsonObject coupon = firstUsable(process.url());
    QVERIFY(!coupon.isEmpty());
    UseCouponRequest use;
    use.couponCode = coupon.value(QLatin1String("coupon_code")).toString();
    use.stockId = coupon.value(QLatin1String("stock_id")).toString();
    use.appid = client.settings.value(QStringLiteral("merchant/appid")).toString();
    use.useTime = formatRfc3339(QDateTime::currentDateTimeUtc());
    use.useRequestNo = simtest::uniqueRequestNo();
    const ApiResponse r = client.call(use.toApiRequest());
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    const QJsonArray truth
        = simtest::control(process.url(), "GET", "/__sim/coupons?coupon_code=" + use.couponCode.toUtf8())
              .array();
    QCOMPARE(truth.first().toObject().value(QLatin1String("state")).toString(), QStringLiteral("USED"));

    QVERIFY(process.stop()); // SIGTERM → clean exit 0
}

void TestSimProcess::restartKeepsState()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("client.ini"));
    QString code;
    QString requestNo;
    {
        simtest::SimProcess first;
        QVERIFY(first.start(
            { QStringLiteral("--data"), dir.path(), QStringLiteral("--write-client-config"), ini }));
        const QJsonObject coupon = firstUsable(first.url());
        code = coupon.value(QLatin1String("coupon_code")).toString();
        IniClient client(ini);
        UseCouponRequest use;
        use.couponCode = code;
        use.stockId = coupon.value(QLatin1String("stock_id")).toString();
        use.appid = client.settings.value(QStringLiteral("merchant/appid")).toString();
        use.useTime = formatRfc3339(QDateTime::currentDateTimeUtc());
        use.useRequestNo = requestNo = simtest::uniqueRequestNo();
        QVERIFY(client.call(use.toApiRequest()).ok());
        first.process().kill(); // SIGKILL: no clean shutdown, the journal must carry the change
        QVERIFY(first.process().waitForFinished(5000));
    }
    const QByteArray merchantCert = readAll(dir.filePath(QStringLiteral("merchant/apiclient_cert.pem")));
    const QByteArray merchantKey = readAll(dir.filePath(QStringLiteral("merchant/apiclient_key.pem")));
    QVERIFY(!merchantCert.isEmpty() && !merchantKey.isEmpty());
    simtest::SimProcess second;
    QVERIFY(
        second.start({ QStringLiteral("--data"), dir.path(), QStringLiteral("--write-client-config"), ini }));
    qInfo("restart with existing keys: %lld ms to the listening line", second.startMs());
    // The keys are reused, not made again (the client's copy of them stays valid).
    QCOMPARE(readAll(dir.filePath(QStringLiteral("merchant/apiclient_cert.pem"))), merchantCert);
    QCOMPARE(readAll(dir.filePath(QStringLiteral("merchant/apiclient_key.pem"))), merchantKey);
    const QJsonObject truth
        = simtest::control(second.url(), "GET", "/__sim/coupons?coupon_code=" + code.toUtf8())
              .array()
              .first()
              .toObject();
    QCOMPARE(truth.value(QLatin1String("state")).toString(), QStringLiteral("USED"));
    QCOMPARE(truth.value(QLatin1String("applied")).toObject().value(requestNo).toInt(), 1);
    QVERIFY(second.stop());
}

void TestSimProcess::refusesNonLoopbackHosts_data()
{
    QTest::addColumn<QString>("host");
    QTest::newRow("any address") << "0.0.0.0";
    QTest::newRow("a LAN address") << "192.168.1.20";
    QTest::newRow("IPv6 any") << "::";
}

void TestSimProcess::refusesNonLoopbackHosts()
{
    QFETCH(QString, host);
    QTemporaryDir dir;
    QProcess p;
    p.start(QStringLiteral(WECHATPAY_SIM_EXECUTABLE),
        { QStringLiteral("--host"), host, QStringLiteral("--data"), dir.path() });
    QVERIFY(p.waitForFinished(5000));
    QCOMPARE(p.exitCode(), 2);
    QVERIFY(p.readAllStandardError().contains("loopback"));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("state.json"))));
}

void TestSimProcess::commandLineFaultsAndModes()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("client.ini"));
    simtest::SimProcess process;
    QVERIFY(process.start(
        { QStringLiteral("--data"), dir.path(), QStringLiteral("--mode"), QStringLiteral("public-key"),
            QStringLiteral("--fault"), QStringLiteral("stock:status_503:1"), QStringLiteral("--rate-limit"),
            QStringLiteral("use=0,query=100"), QStringLiteral("--write-client-config"), ini }));
    IniClient client(ini);
    QCOMPARE(client.settings.value(QStringLiteral("verify/mode")).toString(), QStringLiteral("public-key"));
    ApiResponse r = client.call(StockQueryRequest { QStringLiteral("1212000000000001") }.toApiRequest());
    QCOMPARE(r.error->httpStatus, 503);
    r = client.call(StockQueryRequest { QStringLiteral("1212000000000001") }.toApiRequest());
    QVERIFY2(r.ok(), qPrintable(simtest::describe(r)));
    QVERIFY(r.signature.serial.startsWith("PUB_KEY_ID_"));
    r = client.call(ApiRequest { "GET", "/v3/certificates", {} });
    QCOMPARE(r.error->httpStatus, 404);
    QVERIFY(process.stop());

    QProcess bad;
    bad.start(QStringLiteral(WECHATPAY_SIM_EXECUTABLE),
        { QStringLiteral("--data"), dir.path(), QStringLiteral("--fault"), QStringLiteral("use:explode") });
    QVERIFY(bad.waitForFinished(5000));
    QCOMPARE(bad.exitCode(), 2);
}

QTEST_GUILESS_MAIN(TestSimProcess)
#include "test_sim_process.moc"
