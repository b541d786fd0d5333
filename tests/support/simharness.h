// Test helpers around the WeChat Pay simulator (header-only; link CouponDesk::simulator and Qt6::Test).
//
//   auto simulator = simtest::startSimulator();            // in-process, 127.0.0.1:<free port>
//   simtest::SimClient client(*simulator);                 // the REAL client: signer + verifier + transport
//   wechatpay::ApiResponse r = client.call(request.toApiRequest());
//   simtest::RawResponse raw = simtest::rawRequest(simulator->baseUrl(), bytes);  // hand-made HTTP
//   simtest::SimProcess process; process.start({"--data", dir});                  // the executable
//
// Waiting is done with QSignalSpy::wait / QTRY_*, never with sleeps.
#pragma once

#include "simulator/simulator.h"

#include "wechatpay/busifavor.h"
#include "wechatpay/certificates.h"
#include "wechatpay/clock.h"
#include "wechatpay/crypto.h"
#include "wechatpay/httpclient.h"
#include "wechatpay/signing.h"
#include "wechatpay/verification.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace simtest {

// RSA key generation dominates a simulator's first start (~0.2 s per key). Tests share one set of
// keys, generated once per process and copied into each fresh data directory.
inline QString keyTemplateDir()
{
    static QTemporaryDir dir;
    static bool ready = false;
    if (!ready && dir.isValid()) {
        sim::SimulatorOptions o;
        o.dataDir = dir.path();
        sim::Simulator s(o);
        ready = s.start().ok();
        s.stop(); // saves the state: removed below, only the keys are shared
        QFile::remove(dir.filePath(QStringLiteral("state.json")));
        QFile::remove(dir.filePath(QStringLiteral("state.journal")));
    }
    return ready ? dir.path() : QString();
}

inline bool copyTree(const QString &from, const QString &to)
{
    QDir source(from);
    if (!QDir().mkpath(to))
        return false;
    for (const QFileInfo &fi :
        source.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)) {
        const QString target = to + QLatin1Char('/') + fi.fileName();
        if (fi.isDir()) {
            if (!copyTree(fi.filePath(), target))
                return false;
        } else if (!QFile::copy(fi.filePath(), target)
            || !QFile::setPermissions(target, QFile::permissions(fi.filePath()))) {
            return false;
        }
    }
    return true;
}

// Starts an in-process simulator; nullptr (with the reason in the test log) when it cannot start.
// Without options.dataDir, it gets a fresh directory (removed with the simulator) holding the
// shared test keys; `freshKeys` makes it generate its own.
inline std::unique_ptr<sim::Simulator> startSimulator(
    sim::SimulatorOptions options = {}, bool freshKeys = false)
{
    QString ownedDir;
    if (options.dataDir.isEmpty() && !freshKeys && !keyTemplateDir().isEmpty()) {
        QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/simtest-XXXXXX"));
        dir.setAutoRemove(false);
        if (dir.isValid() && copyTree(keyTemplateDir(), dir.path())) {
            ownedDir = dir.path();
            options.dataDir = ownedDir;
        }
    }
    auto simulator = std::make_unique<sim::Simulator>(std::move(options));
    if (!ownedDir.isEmpty())
        QObject::connect(
            simulator.get(), &QObject::destroyed, [ownedDir] { QDir(ownedDir).removeRecursively(); });
    if (auto st = simulator->start(); !st) {
        qWarning("simulator did not start: %s", qPrintable(st.error().toString()));
        return nullptr;
    }
    return simulator;
}

struct ClientOptions
{
    bool publicKeyMode = false; // send Wechatpay-Serial: PUB_KEY_ID_… and verify with the public key
    bool trustPlatformCert = true; // preload the platform certificate into the verifier
    bool trustPublicKey = true; // preload the public key (whatever the mode)
    int totalTimeoutMs = 5000;
    int connectTimeoutMs = 2000;
    const wechatpay::Clock *clock = nullptr; // nullptr: the simulator's clock (offset included)
    wechatpay::PrivateKey key; // null: the merchant's key
    QString serial; // empty: the merchant certificate's serial
    QList<QSslCertificate> extraCaCertificates;
    bool trustSimulatorCa = true; // with --https: trust the simulator's certificate
};

// The production client (RequestSigner + Verifier + ApiClient over its keep-alive transport) pointed at
// a simulator.
class SimClient
{
public:
    explicit SimClient(const sim::Simulator &simulator, ClientOptions options = {})
        : m_options(std::move(options))
        , m_signer(simulator.mchid(),
              m_options.serial.isEmpty() ? simulator.merchantCertSerial() : m_options.serial,
              m_options.key.isNull() ? simulator.merchantPrivateKey() : m_options.key,
              m_options.clock ? *m_options.clock : simulator.clock(), m_nonces)
    {
        if (m_options.trustPlatformCert)
            m_verifier.addPlatformCertificate(simulator.platformCertificate());
        if (m_options.trustPublicKey)
            m_verifier.setPublicKey(simulator.publicKeyId(), simulator.wechatpayPublicKey());
        m_config.baseUrl = simulator.baseUrl();
        m_config.totalTimeoutMs = m_options.totalTimeoutMs;
        m_config.connectTimeoutMs = std::min(m_options.connectTimeoutMs, m_options.totalTimeoutMs);
        if (m_options.publicKeyMode)
            m_config.wechatpaySerial = simulator.publicKeyId();
        m_config.extraCaCertificates = m_options.extraCaCertificates;
        if (m_options.trustSimulatorCa)
            m_config.extraCaCertificates += simulator.caCertificates();
        rebuild();
    }

    wechatpay::ClientConfig &config() { return m_config; }
    void rebuild() // after changing config()
    {
        m_client = std::make_unique<wechatpay::ApiClient>(m_config, m_signer, m_verifier);
    }
    wechatpay::Verifier &verifier() { return m_verifier; }
    wechatpay::ApiClient &client() { return *m_client; }
    const wechatpay::RequestSigner &signer() const { return m_signer; }

    wechatpay::ApiCall *start(const wechatpay::ApiRequest &request) { return m_client->send(request); }

    // Sends and waits for the outcome (up to the client's own total timeout plus a margin).
    wechatpay::ApiResponse call(const wechatpay::ApiRequest &request)
    {
        wechatpay::ApiCall *c = m_client->send(request);
        QSignalSpy spy(c, &wechatpay::ApiCall::finished);
        if (!c->isFinished() && !spy.wait(m_config.totalTimeoutMs + 5000)) {
            wechatpay::ApiResponse r;
            r.error = wechatpay::Error::make(wechatpay::ErrorKind::Timeout, QStringLiteral("TEST_WAIT"),
                QStringLiteral("the client never finished"));
            return r;
        }
        wechatpay::ApiResponse r = c->response();
        c->deleteLater();
        return r;
    }

private:
    ClientOptions m_options;
    wechatpay::RandomNonceSource m_nonces;
    wechatpay::RequestSigner m_signer;
    wechatpay::Verifier m_verifier;
    wechatpay::ClientConfig m_config;
    std::unique_ptr<wechatpay::ApiClient> m_client;
};

// For QVERIFY2 messages (evaluated even when the check passes).
inline QString describe(const wechatpay::ApiResponse &r)
{
    return r.error ? r.error->toString() : QStringLiteral("ok (HTTP %1)").arg(r.httpStatus);
}

// ------------------------------------------------------------------ hand-made HTTP

struct RawResponse
{
    int status = 0; // 0: no parsable answer
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray raw;
    bool closedByServer = false;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &h : headers)
            if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

inline RawResponse parseRawResponse(const QByteArray &raw)
{
    RawResponse r;
    r.raw = raw;
    const qsizetype end = raw.indexOf("\r\n\r\n");
    if (end < 0)
        return r;
    const QList<QByteArray> lines = raw.left(end).split('\n');
    const QList<QByteArray> status = lines.first().trimmed().split(' ');
    if (status.size() < 2)
        return r;
    r.status = status.at(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            r.headers.append({ line.left(colon).trimmed(), line.mid(colon + 1).trimmed() });
    }
    r.body = raw.mid(end + 4);
    return r;
}

// Sends `request` (complete HTTP/1.1 bytes) on a fresh connection and reads one answer: until the
// body is complete (Content-Length) or the server closes the connection. Spins the event loop
// (the simulator may live in this thread).
inline RawResponse rawExchange(const QUrl &base, const QByteArray &request, int timeoutMs = 5000)
{
    QSslSocket socket;
    QByteArray data;
    bool closed = false;
    QObject::connect(&socket, &QIODevice::readyRead, &socket, [&] { data += socket.readAll(); });
    QObject::connect(&socket, &QAbstractSocket::disconnected, &socket, [&] { closed = true; });
    const auto port = static_cast<quint16>(base.port());
    if (base.scheme() == QLatin1String("https")) {
        socket.setPeerVerifyMode(QSslSocket::VerifyNone);
        socket.connectToHostEncrypted(base.host(), port);
        if (!QTest::qWaitFor([&] { return socket.isEncrypted() || closed; }, timeoutMs) || closed)
            return {};
    } else {
        socket.connectToHost(base.host(), port);
        if (!QTest::qWaitFor(
                [&] { return socket.state() == QAbstractSocket::ConnectedState || closed; }, timeoutMs)
            || closed)
            return {};
    }
    socket.write(request);
    (void)QTest::qWaitFor(
        [&] {
            if (closed)
                return true;
            const RawResponse partial = parseRawResponse(data);
            return partial.status != 0
                && partial.body.size() >= partial.header("Content-Length").toLongLong();
        },
        timeoutMs);
    data += socket.readAll();
    RawResponse r = parseRawResponse(data);
    r.closedByServer = closed;
    return r;
}

struct RawRequestSpec
{
    QByteArray method = "GET";
    QByteArray target; // sent and signed exactly as given
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; // sent as given (in addition to Host, Content-Length)
};

// Builds a request signed by the simulator's merchant (Authorization in the given order, see `order`).
inline QByteArray signedRawRequest(const sim::Simulator &simulator, const RawRequestSpec &spec,
    const QList<QByteArray> &order = { "mchid", "nonce_str", "timestamp", "serial_no", "signature" },
    std::optional<qint64> timestamp = std::nullopt, const QByteArray &signedBody = {},
    bool useSignedBody = false)
{
    const QByteArray ts = QByteArray::number(timestamp ? *timestamp : simulator.clock().nowSecs());
    const QByteArray nonce = wechatpay::crypto::randomAlphanumeric(32);
    const QByteArray message = wechatpay::buildRequestMessage(
        spec.method, spec.target, ts, nonce, useSignedBody ? signedBody : spec.body);
    const QByteArray signature
        = wechatpay::crypto::signSha256Rsa(simulator.merchantPrivateKey(), message).value();
    QHash<QByteArray, QByteArray> values { { "mchid", simulator.mchid().toUtf8() }, { "nonce_str", nonce },
        { "timestamp", ts }, { "serial_no", simulator.merchantCertSerial().toUtf8() },
        { "signature", signature } };
    QByteArray auth = "WECHATPAY2-SHA256-RSA2048 ";
    for (qsizetype i = 0; i < order.size(); ++i) {
        if (i)
            auth += ',';
        auth += order.at(i) + "=\"" + values.value(order.at(i)) + '"';
    }
    QByteArray out = spec.method + ' ' + spec.target + " HTTP/1.1\r\n";
    out += "Host: " + simulator.baseUrl().host().toLatin1() + ':' + QByteArray::number(simulator.port())
        + "\r\n";
    out += "Authorization: " + auth + "\r\n";
    for (const auto &h : spec.headers)
        out += h.first + ": " + h.second + "\r\n";
    out += "Content-Length: " + QByteArray::number(spec.body.size()) + "\r\n";
    out += "Connection: close\r\n\r\n";
    out += spec.body;
    return out;
}

// Standard headers of a well-behaved client (Accept, User-Agent, Content-Type for POST).
inline QList<QPair<QByteArray, QByteArray>> standardHeaders(bool post)
{
    QList<QPair<QByteArray, QByteArray>> h { { "Accept", "application/json" },
        { "User-Agent", "simtest/1.0" } };
    if (post)
        h.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return h;
}

// GET /__sim/… (or another method) on the control endpoints; the parsed JSON.
inline QJsonDocument control(
    const QUrl &base, const QByteArray &method, const QByteArray &path, const QByteArray &body = {})
{
    QByteArray req = method + ' ' + path + " HTTP/1.1\r\nHost: " + base.host().toLatin1() + "\r\n";
    if (!body.isEmpty())
        req += "Content-Type: application/json\r\n";
    req += "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    return QJsonDocument::fromJson(rawExchange(base, req).body);
}

// ------------------------------------------------------------------ busifavor requests

inline wechatpay::busifavor::UseCouponRequest useRequest(
    const sim::Simulator &simulator, const QString &code, const QString &stockId, const QString &requestNo)
{
    wechatpay::busifavor::UseCouponRequest r;
    r.couponCode = code;
    r.stockId = stockId;
    r.appid = simulator.appid();
    r.useTime = wechatpay::formatRfc3339(simulator.clock().now());
    r.useRequestNo = requestNo;
    return r;
}

// A SENDED, usable coupon of one of the merchant's own stocks, skipping `exclude`.
inline sim::DemoCode usableCoupon(
    const sim::Simulator &simulator, const QStringList &exclude = {}, const QString &stockId = {})
{
    for (const sim::DemoCode &c : simulator.demoCodes(50))
        if (c.note == QStringLiteral("可核销") && !exclude.contains(c.couponCode)
            && (stockId.isEmpty() || c.stockId == stockId))
            return c;
    return {};
}

inline QString uniqueRequestNo(const char *prefix = "T")
{
    return QString::fromLatin1(prefix) + QString::fromLatin1(wechatpay::crypto::randomAlphanumeric(20));
}

// ------------------------------------------------------------------ the executable

#ifdef WECHATPAY_SIM_EXECUTABLE
// Runs app/wechatpay-sim and waits for "wechatpay-sim listening on URL".
class SimProcess
{
public:
    ~SimProcess() { stop(); }

    bool start(const QStringList &arguments, int timeoutMs = 10000)
    {
        m_process.setProgram(QStringLiteral(WECHATPAY_SIM_EXECUTABLE));
        m_process.setArguments(arguments);
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        QElapsedTimer timer;
        timer.start();
        m_process.start();
        if (!m_process.waitForStarted(timeoutMs))
            return false;
        static const QRegularExpression re(
            QStringLiteral("^wechatpay-sim listening on (\\S+)$"), QRegularExpression::MultilineOption);
        while (timer.elapsed() < timeoutMs) {
            m_stdout += m_process.readAllStandardOutput();
            const auto m = re.match(QString::fromUtf8(m_stdout));
            if (m.hasMatch()) {
                m_url = QUrl(m.captured(1));
                m_startMs = timer.elapsed();
                return true;
            }
            if (m_process.state() == QProcess::NotRunning)
                return false;
            QSignalSpy spy(&m_process, &QProcess::readyReadStandardOutput);
            if (m_process.bytesAvailable() == 0)
                spy.wait(200);
        }
        return false;
    }
    // SIGTERM (terminate) and wait; true when it exited normally with status 0.
    bool stop(int timeoutMs = 5000)
    {
        if (m_process.state() == QProcess::NotRunning)
            return m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
        m_process.terminate();
        if (!m_process.waitForFinished(timeoutMs)) {
            m_process.kill();
            m_process.waitForFinished(timeoutMs);
            return false;
        }
        return m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
    }
    QUrl url() const { return m_url; }
    qint64 startMs() const { return m_startMs; }
    QProcess &process() { return m_process; }
    QByteArray standardError() { return m_process.readAllStandardError(); }

private:
    QProcess m_process;
    QByteArray m_stdout;
    QUrl m_url;
    qint64 m_startMs = -1;
};
#endif

} // namespace simtest
