// Interop with a client written by others (issue 3). One wechatpay-sim process per mode
// (platform-cert, public-key, and migrating, where answers follow the request's Wechatpay-Serial);
// against it
//   - our client library, wired from the settings file the simulator writes (desk::Session: keys,
//     RequestSigner, Verifier, ApiClient, platform-certificate download), and
//   - the npm package wechatpay-axios-plugin (tests/interop/peer.mjs, run with node)
// each redeem one coupon, void one, query coupons (their own and the other client's), see a request
// signed with a wrong key refused with 401 SIGN_ERROR, and every answer verified. Finally the
// simulator's truth must show exactly what both clients did.
//
// The peer is installed here with `npm ci` into the build folder (COUPONDESK_INTEROP_PEER_DIR) from
// the pinned lock file; a stamp keeps later runs offline. No node/npm on PATH: the test is skipped.
#include "simharness.h"

#include "desk/credentials.h"
#include "desk/session.h"
#include "desk/settings.h"
#include "wechatpay/busifavor.h"
#include "wechatpay/certificates.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace wechatpay;

namespace {

constexpr char kSkipMarker[] = "INTEROP-SKIPPED: ";
constexpr char kStock[] = "1212000000000901";
constexpr char kOpenidPrefix[] = "oIopUser";

// Ours: A1 redeemed, A2 voided, A3 tried with a wrong key. The peer's: B1, B2, B3 likewise.
const QStringList kCodes { QStringLiteral("IOPA1"), QStringLiteral("IOPA2"), QStringLiteral("IOPA3"),
    QStringLiteral("IOPB1"), QStringLiteral("IOPB2"), QStringLiteral("IOPB3") };

QString openidOf(const QString &code)
{
    return QLatin1String(kOpenidPrefix) + code.right(2);
}

QByteArray seedJson()
{
    QJsonArray coupons;
    for (const QString &code : kCodes)
        coupons.append(QJsonObject { { QStringLiteral("coupon_code"), code },
            { QStringLiteral("stock_id"), QLatin1String(kStock) },
            { QStringLiteral("openid"), openidOf(code) } });
    const QJsonObject root {
        { QStringLiteral("mchid"), QStringLiteral("1230000109") },
        { QStringLiteral("merchants"),
            QJsonArray { QJsonObject { { QStringLiteral("mchid"), QStringLiteral("1230000109") },
                { QStringLiteral("name"), QStringLiteral("互通测试商户") },
                { QStringLiteral("appids"), QJsonArray { QStringLiteral("wxd678efh567hg6787") } } } } },
        { QStringLiteral("stocks"),
            QJsonArray { QJsonObject { { QStringLiteral("stock_id"), QLatin1String(kStock) },
                { QStringLiteral("stock_name"), QStringLiteral("互通测试券") },
                { QStringLiteral("coupon_code_mode"), QStringLiteral("MERCHANT_API") } } } },
        { QStringLiteral("coupons"), coupons },
    };
    return QJsonDocument(root).toJson();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

ApiResponse call(ApiClient &client, const ApiRequest &request)
{
    ApiCall *c = client.send(request);
    QSignalSpy spy(c, &ApiCall::finished);
    if (!c->isFinished() && !spy.wait(client.config().totalTimeoutMs + 5000)) {
        ApiResponse r;
        r.error = Error::make(
            ErrorKind::Timeout, QStringLiteral("TEST_WAIT"), QStringLiteral("the client never finished"));
        return r;
    }
    ApiResponse r = c->response();
    c->deleteLater();
    return r;
}

QJsonObject truthOf(const QUrl &base, const QString &code)
{
    const QJsonArray all = simtest::control(base, "GET", "/__sim/coupons").array();
    for (const QJsonValue &v : all)
        if (v.toObject().value(QStringLiteral("coupon_code")).toString() == code)
            return v.toObject();
    return {};
}

} // namespace

class TestInteropAxios : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_node = QStandardPaths::findExecutable(QStringLiteral("node"));
        m_npm = QStandardPaths::findExecutable(QStringLiteral("npm"));
        if (m_node.isEmpty() || m_npm.isEmpty()) {
            const QByteArray why = QByteArray(kSkipMarker)
                + "node and npm are needed for the interop test with wechatpay-axios-plugin and are not on "
                  "PATH "
                  "(scripts/setup-deps.sh --interop installs them)";
            QSKIP(why.constData());
        }
        QString why;
        QVERIFY2(installPeer(why), qPrintable(why));
    }

    void roundTrips_data()
    {
        QTest::addColumn<QString>("mode"); // the simulator's; the clients follow the settings it writes
        QTest::newRow("answers signed with the platform certificate") << QStringLiteral("platform-cert");
        QTest::newRow("answers signed with the WeChat Pay public key") << QStringLiteral("public-key");
        // Migrating merchant: the public key signs only answers to requests that name it in
        // Wechatpay-Serial, so both clients must send that header.
        QTest::newRow("migrating: answers follow the request's Wechatpay-Serial")
            << QStringLiteral("migrating");
    }

    void roundTrips()
    {
        QFETCH(QString, mode);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString seed = tmp.filePath(QStringLiteral("seed.json"));
        const QString ini = tmp.filePath(QStringLiteral("client.ini"));
        QVERIFY(writeFile(seed, seedJson()));

        simtest::SimProcess sim;
        QVERIFY2(sim.start({ QStringLiteral("--data"), tmp.filePath(QStringLiteral("sim")),
                               QStringLiteral("--mode"), mode, QStringLiteral("--seed"), seed,
                               QStringLiteral("--write-client-config"), ini },
                     60000),
            sim.standardError().constData());
        const QUrl base = sim.url();

        // ---- our client, wired from the settings file exactly as coupondesk and coupondesk-cli do
        auto loaded = desk::Settings::load(ini);
        QVERIFY2(loaded, qPrintable(loaded.error().toString()));
        desk::Settings settings = loaded.value();
        settings.historyDb = tmp.filePath(QStringLiteral("history.sqlite"));
        QCOMPARE(settings.verifyMode,
            mode == QLatin1String("platform-cert") ? desk::VerifyMode::PlatformCertificate
                                                   : desk::VerifyMode::PublicKey);
        const bool publicKeyMode = settings.verifyMode == desk::VerifyMode::PublicKey;
        desk::FileSecretStore secrets(tmp.path());
        SystemClock clock;
        desk::SessionOptions options;
        options.reconcileIntervalMs = 0;
        auto opened = desk::Session::open(settings, secrets, clock, options);
        QVERIFY2(opened, qPrintable(opened.error().toString()));
        std::unique_ptr<desk::Session> session = std::move(opened.value());
        QSignalSpy ready(session.get(), &desk::Session::ready);
        session->start();
        QVERIFY(session->isReady() || ready.wait(15000));
        ApiClient &client = session->client();

        const QString expectedSerial
            = publicKeyMode ? settings.publicKeyId : session->verifier().platformSerials().value(0);
        QVERIFY(!expectedSerial.isEmpty());
        auto signedByExpectedKey
            = [&](const ApiResponse &r) { return QString::fromLatin1(r.signature.serial) == expectedSerial; };

        // use
        busifavor::UseCouponRequest use;
        use.couponCode = QStringLiteral("IOPA1");
        use.stockId = QLatin1String(kStock);
        use.appid = settings.appid;
        use.useTime = formatRfc3339(clock.now());
        use.useRequestNo = simtest::uniqueRequestNo("OURS");
        use.openid = openidOf(use.couponCode);
        ApiResponse r = call(client, use.toApiRequest());
        QVERIFY2(r.ok() && r.httpStatus == 200, qPrintable(simtest::describe(r)));
        QVERIFY(signedByExpectedKey(r));
        auto used = busifavor::UseCouponResponse::fromJson(r.body);
        QVERIFY2(used, qPrintable(used.error().toString()));
        QCOMPARE(used->stockId, use.stockId);
        QCOMPARE(used->openid, use.openid);

        // deactivate (non-ASCII reason: signed and sent as UTF-8)
        busifavor::DeactivateCouponRequest deactivate;
        deactivate.couponCode = QStringLiteral("IOPA2");
        deactivate.stockId = QLatin1String(kStock);
        deactivate.deactivateRequestNo = simtest::uniqueRequestNo("OURS");
        deactivate.deactivateReason = QStringLiteral("互通测试：此券发放错误");
        r = call(client, deactivate.toApiRequest());
        QVERIFY2(r.ok() && r.httpStatus == 200, qPrintable(simtest::describe(r)));
        QVERIFY(signedByExpectedKey(r));
        QVERIFY(busifavor::DeactivateCouponResponse::fromJson(r.body).ok());

        // query
        auto query = [&](const QString &code) -> std::optional<busifavor::CouponDetail> {
            busifavor::QueryCouponRequest q;
            q.openid = openidOf(code);
            q.couponCode = code;
            q.appid = settings.appid;
            const ApiResponse answer = call(client, q.toApiRequest());
            if (!answer.ok() || answer.httpStatus != 200 || !signedByExpectedKey(answer)) {
                qWarning("query %s: %s", qPrintable(code), qPrintable(simtest::describe(answer)));
                return std::nullopt;
            }
            auto detail = busifavor::CouponDetail::fromJson(answer.body);
            return detail ? std::optional(detail.value()) : std::nullopt;
        };
        auto detail = query(QStringLiteral("IOPA1"));
        QVERIFY(detail);
        QCOMPARE(detail->couponState, QStringLiteral("USED"));
        QCOMPARE(detail->useRequestNo, use.useRequestNo);

        // a request signed with a key that is not the merchant's
        {
            const auto strangerKey = PrivateKey::generateRsa(2048);
            QVERIFY(strangerKey);
            RandomNonceSource nonces;
            RequestSigner impostor(
                settings.mchid, session->credentials().merchantSerial, strangerKey.value(), clock, nonces);
            ApiClient impostorClient(client.config(), impostor, session->verifier());
            busifavor::UseCouponRequest forged = use;
            forged.couponCode = QStringLiteral("IOPA3");
            forged.openid.clear();
            forged.useRequestNo = simtest::uniqueRequestNo("OURS");
            r = call(impostorClient, forged.toApiRequest());
            QVERIFY(r.error);
            QCOMPARE(r.error->kind, ErrorKind::Http);
            QCOMPARE(r.httpStatus, 401);
            QCOMPARE(r.error->code, QStringLiteral("SIGN_ERROR"));
        }

        // ---- the peer, against the same simulator process
        QProcess peer;
        peer.setProgram(m_node);
        peer.setArguments({ QStringLiteral(COUPONDESK_INTEROP_PEER_SCRIPT), QStringLiteral("--prefix"),
            QStringLiteral(COUPONDESK_INTEROP_PEER_DIR), QStringLiteral("--ini"), ini,
            QStringLiteral("--use"), QStringLiteral("IOPB1"), QStringLiteral("--deactivate"),
            QStringLiteral("IOPB2"), QStringLiteral("--wrong-key"), QStringLiteral("IOPB3"),
            QStringLiteral("--other"), QStringLiteral("IOPA1=") + use.useRequestNo });
        peer.start();
        QVERIFY2(peer.waitForFinished(60000), "the peer did not finish within 60 s");
        const QByteArray peerOut = peer.readAllStandardOutput();
        const QByteArray peerErr = peer.readAllStandardError();
        const QList<QByteArray> lines = peerOut.trimmed().split('\n');
        const QJsonObject result = QJsonDocument::fromJson(lines.last()).object();
        for (const QJsonValue &s : result.value(QStringLiteral("steps")).toArray()) {
            const QJsonObject step = s.toObject();
            qInfo("peer %s: %s%s", step.value(QStringLiteral("ok")).toBool() ? "ok  " : "FAIL",
                qPrintable(step.value(QStringLiteral("name")).toString()),
                qPrintable(step.contains(QStringLiteral("serial"))
                        ? QStringLiteral(" (signed by %1)")
                              .arg(step.value(QStringLiteral("serial")).toString())
                        : QString()));
        }
        QVERIFY2(peer.exitStatus() == QProcess::NormalExit && peer.exitCode() == 0
                && result.value(QStringLiteral("ok")).toBool(),
            qPrintable(QString::fromUtf8("the peer failed:\n" + peerOut + peerErr)));
        qInfo("peer: %s", qPrintable(result.value(QStringLiteral("peer")).toString()));
        const QString peerUseNo = result.value(QStringLiteral("use_request_no")).toString();
        const QString peerVoidNo = result.value(QStringLiteral("deactivate_request_no")).toString();
        QVERIFY(!peerUseNo.isEmpty() && !peerVoidNo.isEmpty());

        // ---- our client sees what the peer did
        detail = query(QStringLiteral("IOPB1"));
        QVERIFY(detail);
        QCOMPARE(detail->couponState, QStringLiteral("USED"));
        QCOMPARE(detail->useRequestNo, peerUseNo);
        detail = query(QStringLiteral("IOPB2"));
        QVERIFY(detail);
        QCOMPARE(detail->couponState, QStringLiteral("DEACTIVATED"));
        QCOMPARE(detail->deactivateRequestNo, peerVoidNo);

        // ---- the simulator's truth: exactly what the two clients did, each applied once
        const QHash<QString, std::pair<QString, QString>> expected {
            { QStringLiteral("IOPA1"), { QStringLiteral("USED"), use.useRequestNo } },
            { QStringLiteral("IOPA2"), { QStringLiteral("DEACTIVATED"), deactivate.deactivateRequestNo } },
            { QStringLiteral("IOPA3"), { QStringLiteral("SENDED"), QString() } },
            { QStringLiteral("IOPB1"), { QStringLiteral("USED"), peerUseNo } },
            { QStringLiteral("IOPB2"), { QStringLiteral("DEACTIVATED"), peerVoidNo } },
            { QStringLiteral("IOPB3"), { QStringLiteral("SENDED"), QString() } },
        };
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            const QJsonObject t = truthOf(base, it.key());
            QCOMPARE(t.value(QStringLiteral("state")).toString(), it->first);
            const QJsonObject applied = t.value(QStringLiteral("applied")).toObject();
            if (it->second.isEmpty()) {
                QVERIFY(applied.isEmpty());
            } else {
                QCOMPARE(applied.size(), 1);
                QCOMPARE(applied.value(it->second).toInt(), 1);
            }
        }
        session.reset();
        QVERIFY(sim.stop());
    }

private:
    // npm ci into the build folder, unless the stamp says this lock file is installed already.
    bool installPeer(QString &why)
    {
        const QString dir = QStringLiteral(COUPONDESK_INTEROP_PEER_DIR);
        const QByteArray lock = readFile(dir + QStringLiteral("/package-lock.json"));
        if (lock.isEmpty()) {
            why = QStringLiteral("%1/package-lock.json is missing (CMake copies it from tests/interop)")
                      .arg(dir);
            return false;
        }
        const QByteArray stamp = QCryptographicHash::hash(lock, QCryptographicHash::Sha256).toHex();
        const QString stampFile = dir + QStringLiteral("/node_modules/.coupondesk-peer-stamp");
        if (readFile(stampFile) == stamp
            && QFileInfo::exists(dir + QStringLiteral("/node_modules/wechatpay-axios-plugin/package.json"))) {
            qInfo("peer already installed in %s/node_modules", qPrintable(dir));
            return true;
        }
        QProcess npm;
        npm.setWorkingDirectory(dir);
        npm.setProgram(m_npm);
        npm.setArguments({ QStringLiteral("ci"), QStringLiteral("--no-audit"), QStringLiteral("--no-fund"),
            QStringLiteral("--prefer-offline"), QStringLiteral("--loglevel=error") });
        qInfo("installing the peer: npm ci in %s", qPrintable(dir));
        npm.start();
        if (!npm.waitForFinished(180000) || npm.exitStatus() != QProcess::NormalExit || npm.exitCode() != 0) {
            npm.kill();
            why = QStringLiteral(
                "`npm ci` in %1 failed (is the npm registry reachable for the first install?):\n%2%3")
                      .arg(dir, QString::fromUtf8(npm.readAllStandardOutput()),
                          QString::fromUtf8(npm.readAllStandardError()));
            return false;
        }
        if (!writeFile(stampFile, stamp)) {
            why = QStringLiteral("cannot write %1").arg(stampFile);
            return false;
        }
        return true;
    }

    QString m_node;
    QString m_npm;
};

QTEST_GUILESS_MAIN(TestInteropAxios)
#include "test_interop_axios.moc"
