#include "simulator.h"

#include "engine.h"
#include "logging.h"
#include "ratelimiter.h"
#include "rawhttpserver.h"
#include "statestore.h"

#include "wechatpay/crypto.h"
#include "wechatpay/httpclient.h"
#include "wechatpay/verification.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>

namespace sim {

using wechatpay::Error;
using wechatpay::ErrorKind;
using wechatpay::Status;

namespace {

Error simError(const QString &code, const QString &message)
{
    return Error::make(ErrorKind::InvalidInput, code, message);
}

} // namespace

QHash<QString, double> defaultRateLimits()
{
    return { { QStringLiteral("use"), 500.0 }, { QStringLiteral("certificates"), 1000.0 } };
}

Simulator::Simulator(SimulatorOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    qRegisterMetaType<sim::ServedRequest>();
    m_uptime.start();
    const wechatpay::Clock *base = m_options.clock;
    if (!base) {
        m_systemClock = std::make_unique<wechatpay::SystemClock>();
        base = m_systemClock.get();
    }
    m_clock = std::make_unique<wechatpay::OffsetClock>(*base, 0);
    auto rng = std::make_shared<QRandomGenerator>(
        m_options.randomSeed ? m_options.randomSeed : QRandomGenerator::system()->generate());
    m_faults = std::make_unique<FaultTable>([rng] { return rng->generateDouble(); });
    for (const FaultSpec &f : m_options.faults)
        m_faults->add(f);
    m_limiter = std::make_unique<RateLimiter>(m_options.monotonicMs);
    for (auto it = m_options.rateLimits.cbegin(); it != m_options.rateLimits.cend(); ++it)
        m_limiter->setLimit(it.key(), it.value());
    m_requestIdPrefix = wechatpay::crypto::randomBytes(8).toHex().toUpper();
}

Simulator::~Simulator()
{
    stop();
}

Status Simulator::start()
{
    if (isRunning())
        return {};
    if (!wechatpay::isLoopbackHost(m_options.host))
        return simError(QStringLiteral("HOST_NOT_LOOPBACK"),
            QStringLiteral("the simulator listens on loopback only (127.0.0.1, ::1 or localhost), not %1")
                .arg(m_options.host));
    const qint64 now = m_clock->nowSecs();

    if (m_options.dataDir.isEmpty()) {
        if (!m_tempDir) {
            m_tempDir = std::make_unique<QTemporaryDir>();
            if (!m_tempDir->isValid())
                return simError(
                    QStringLiteral("DATA_DIR"), QStringLiteral("cannot create a temporary directory"));
        }
        m_dataDir = m_tempDir->path();
    } else {
        m_dataDir = QDir(m_options.dataDir).absolutePath();
        if (!QDir().mkpath(m_dataDir))
            return simError(QStringLiteral("DATA_DIR"), QStringLiteral("cannot create %1").arg(m_dataDir));
    }

    m_store = std::make_unique<StateStore>(m_dataDir);
    if (m_store->exists()) {
        auto st = m_store->load(now);
        if (!st)
            return st.error();
        m_state = std::move(st.value());
        if (!m_options.seedFile.isEmpty() || !m_options.seedJson.isEmpty())
            qCInfo(lcSimulator) << "the data directory already has a state; the seed is not applied again";
    } else if (!m_options.seedJson.isEmpty() || !m_options.seedFile.isEmpty()) {
        QByteArray seed = m_options.seedJson;
        if (seed.isEmpty()) {
            QFile f(m_options.seedFile);
            if (!f.open(QIODevice::ReadOnly))
                return simError(QStringLiteral("SEED_UNREADABLE"),
                    QStringLiteral("cannot read seed %1: %2").arg(m_options.seedFile, f.errorString()));
            seed = f.readAll();
        }
        auto st = SimState::fromJson(seed, now);
        if (!st)
            return st.error();
        m_state = std::move(st.value());
    } else {
        m_state = buildDemoState(now);
    }
    if (Status st = m_state.validate(); !st)
        return st;
    if (Status st = m_store->writeSnapshot(m_state); !st)
        return st;

    auto keys = loadOrCreateKeys(m_dataDir, m_state.mchid, now, m_options.https);
    if (!keys)
        return keys.error();
    m_keys = std::move(keys.value());
    m_engine = std::make_unique<Engine>(m_state, m_keys, *m_clock);

    std::optional<QSslConfiguration> ssl;
    if (m_options.https) {
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        conf.setLocalCertificate(QSslCertificate(m_keys.tlsCert.toPem(), QSsl::Pem));
        conf.setPrivateKey(QSslKey(m_keys.tlsKey.toPem(), QSsl::Rsa, QSsl::Pem));
        conf.setPeerVerifyMode(QSslSocket::VerifyNone);
        ssl = conf;
    }
    m_server = new RawHttpServer(
        [this](const IncomingRequest &r, QPointer<QTcpSocket> s) { onRequest(r, s); }, this);
    const QHostAddress address = m_options.host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0
        ? QHostAddress(QHostAddress::LocalHost)
        : QHostAddress(m_options.host);
    m_server->setConnectDelayMs(m_options.connectDelayMs);
    m_server->setIdleTimeoutSecs(m_options.idleTimeoutSecs);
    auto port = m_server->listen(address, m_options.port, ssl);
    if (!port) {
        delete m_server;
        return port.error();
    }
    m_port = port.value();
    qCInfo(lcSimulator).noquote() << "listening on" << baseUrl().toString() << "mode"
                                  << verifyModeName(m_options.mode) << "data" << m_dataDir;
    return {};
}

void Simulator::stop()
{
    if (m_server && m_store) {
        if (Status st = m_store->writeSnapshot(m_state); !st)
            qCWarning(lcSimulator) << "cannot save the state:" << st.error().toString();
    }
    delete m_server; // closes the listening socket and every connection
    m_port = 0;
}

bool Simulator::isRunning() const
{
    return m_server != nullptr;
}

QUrl Simulator::baseUrl() const
{
    QUrl url;
    url.setScheme(m_options.https ? QStringLiteral("https") : QStringLiteral("http"));
    const bool named = m_options.host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0;
    url.setHost(named ? QStringLiteral("127.0.0.1") : m_options.host);
    url.setPort(m_port);
    return url;
}

quint16 Simulator::port() const
{
    return m_port;
}

QString Simulator::dataDir() const
{
    return m_dataDir;
}

QString Simulator::stateFile() const
{
    return m_dataDir + QStringLiteral("/state.json");
}

void Simulator::persistChange(const QString &requestNo)
{
    if (Status st = m_store->recordChange(m_state, requestNo); !st)
        qCWarning(lcSimulator) << "cannot persist the state:" << st.error().toString();
}

QByteArray Simulator::newRequestId()
{
    return "08" + m_requestIdPrefix
        + QByteArray::number(++m_requestCounter, 16).toUpper().rightJustified(12, '0');
}

// ------------------------------------------------------------------ requests

void Simulator::onRequest(const IncomingRequest &request, QPointer<QTcpSocket> socket)
{
    m_requestStartNs = m_uptime.nsecsElapsed();
    const QByteArray requestId = newRequestId();
    ServedRequest served;
    served.time = m_clock->now();
    served.method = request.method;
    served.target = request.target;
    served.requestId = requestId;

    if (request.path.startsWith("/__sim/")) {
        control(request, socket, requestId);
        return;
    }

    const Route route = Engine::route(request);
    const QString endpoint = endpointName(route.endpoint);
    std::optional<FaultSpec> fault;
    if (route.endpoint != Endpoint::Unknown)
        fault = m_faults->take(endpoint);
    if (fault) {
        served.fault = faultName(fault->kind);
        qCInfo(lcSimulator).noquote() << "fault" << served.fault << "on" << request.method << request.target;
        switch (fault->kind) {
        case FaultKind::Hang:
            Q_EMIT requestServed(served);
            Q_EMIT answerDelivered(requestId, false);
            return; // the connection stays open, unanswered, until the client gives up
        case FaultKind::DropBefore:
            RawHttpServer::drop(socket);
            Q_EMIT requestServed(served);
            Q_EMIT answerDelivered(requestId, false);
            return;
        case FaultKind::Status500:
            respond(socket, request,
                Engine::error(500, QStringLiteral("SYSTEM_ERROR"), QStringLiteral("系统繁忙，请稍后重试")),
                requestId, fault, served);
            return;
        case FaultKind::Status502:
        case FaultKind::Status503:
            respond(socket, request,
                Engine::error(fault->kind == FaultKind::Status502 ? 502 : 503,
                    QStringLiteral("SERVICE_UNAVAILABLE"), QStringLiteral("服务不可用，请稍后重试")),
                requestId, fault, served);
            return;
        case FaultKind::Status429:
            respond(socket, request,
                Engine::error(
                    429, QStringLiteral("RATELIMIT_EXCEEDED"), QStringLiteral("请求过于频繁，请稍后再试")),
                requestId, fault, served);
            return;
        default:
            break;
        }
    }
    if (route.endpoint != Endpoint::Unknown && !m_limiter->allow(endpoint)) {
        respond(socket, request,
            Engine::error(429, QStringLiteral("RATELIMIT_EXCEEDED"),
                QStringLiteral("请求过于频繁，请稍后再试"), Engine::detail(QStringLiteral("RATE_LIMITED"))),
            requestId, fault, served);
        return;
    }

    const Reply reply = m_engine->handle(route, request, m_options.mode);
    served.requestNo = reply.requestNo;
    if (reply.changed) {
        persistChange(reply.requestNo); // on disk before the answer leaves
        Q_EMIT stateChanged();
    }
    if (!reply.code.isEmpty())
        qCDebug(lcSimulator).noquote()
            << request.method << request.target << "->" << reply.status << reply.code << reply.reason;
    if (fault && fault->kind == FaultKind::DropAfter) {
        RawHttpServer::drop(socket);
        Q_EMIT requestServed(served);
        Q_EMIT answerDelivered(requestId, false);
        return;
    }
    respond(socket, request, reply, requestId, fault, served);
}

void Simulator::respond(const QPointer<QTcpSocket> &socket, const IncomingRequest &request,
    const Reply &reply, const QByteArray &requestId, const std::optional<FaultSpec> &fault,
    ServedRequest served)
{
    const OutgoingResponse response = build(request, reply, requestId, fault);
    const bool keepAlive = !request.closeRequested;
    served.status = response.status;
    served.code = reply.code;
    served.serviceUs = (m_uptime.nsecsElapsed() - m_requestStartNs) / 1000;
    if (m_served.size() >= 20000) // a few MB at most in a long-running demo
        m_served.remove(0, 10000);
    m_served.append(served);
    Q_EMIT requestServed(served);
    if (fault && fault->delayMs > 0) {
        QTimer::singleShot(fault->delayMs, this, [this, socket, response, keepAlive, requestId] {
            const bool delivered = RawHttpServer::write(socket, response, keepAlive);
            if (!delivered)
                qCDebug(lcSimulator) << "delayed answer dropped: the client has gone";
            Q_EMIT answerDelivered(requestId, delivered);
        });
    } else {
        Q_EMIT answerDelivered(requestId, RawHttpServer::write(socket, response, keepAlive));
    }
}

OutgoingResponse Simulator::build(const IncomingRequest &request, const Reply &reply,
    const QByteArray &requestId, const std::optional<FaultSpec> &fault)
{
    OutgoingResponse out;
    out.status = reply.status;
    out.body = reply.body;
    out.headers.append({ QByteArray("Request-ID"), requestId });
    if (!reply.signable || reply.status < 200 || reply.status >= 300)
        return out; // errors carry no Wechatpay-* headers, as the real service often does

    std::optional<FaultKind> kind;
    if (fault)
        kind = fault->kind;
    if (kind == FaultKind::Status202) {
        out.status = 202;
        out.body.clear();
        return out;
    }
    if (kind == FaultKind::MalformedJson)
        out.body = reply.body.left(reply.body.size() / 2); // signed as it is: verifies, but is not JSON
    if (kind == FaultKind::TruncatedBody)
        out.sendOnly = reply.body.size() / 2;
    sign(out, request, kind);
    return out;
}

void Simulator::sign(OutgoingResponse &out, const IncomingRequest &request, std::optional<FaultKind> fault)
{
    if (fault == FaultKind::Unsigned)
        return;
    const bool publicKey = m_options.mode == VerifyMode::PublicKey
        || (m_options.mode == VerifyMode::Migrating
            && request.header("Wechatpay-Serial").startsWith(wechatpay::kPublicKeyIdPrefix));
    wechatpay::PrivateKey key = publicKey ? m_keys.publicKeyPrivate : m_keys.platformKey;
    QByteArray serial
        = publicKey ? m_keys.publicKeyId.toLatin1() : m_keys.platformCert.serialNumber().toLatin1();
    if (fault == FaultKind::UnknownSerial) {
        // A key the client never verifies with (the merchant's own) under a serial nobody issued.
        key = m_keys.merchantKey;
        serial = publicKey ? QByteArray("PUB_KEY_ID_0000000000000099999999999999999999")
                           : "5" + wechatpay::crypto::randomBytes(20).toHex().toUpper().mid(1);
    }
    const qint64 now = m_clock->nowSecs();
    QByteArray timestamp = QByteArray::number(now);
    if (fault == FaultKind::StaleTimestamp)
        timestamp = QByteArray::number(now - 600);
    if (fault == FaultKind::NonNumericTimestamp)
        timestamp = rfc3339(now).toLatin1();
    const QByteArray nonce = wechatpay::crypto::randomAlphanumeric(32);
    QByteArray message = wechatpay::buildResponseMessage(timestamp, nonce, out.body);
    if (fault == FaultKind::BadSignature)
        message += "tampered";
    auto signature = wechatpay::crypto::signSha256Rsa(key, message);
    if (!signature) {
        qCWarning(lcSimulator) << "cannot sign an answer:" << signature.error().toString();
        return;
    }
    QByteArray value = signature.value();
    if (fault == FaultKind::SignTestProbe)
        value = wechatpay::kSignTestPrefix + value;
    out.headers.append({ QByteArray("Wechatpay-Nonce"), nonce });
    out.headers.append({ QByteArray("Wechatpay-Signature"), value });
    out.headers.append({ QByteArray("Wechatpay-Timestamp"), timestamp });
    out.headers.append({ QByteArray("Wechatpay-Serial"), serial });
    out.headers.append({ QByteArray("Wechatpay-Signature-Type"), QByteArray(wechatpay::kAuthScheme) });
}

// ------------------------------------------------------------------ public API

CouponTruth Simulator::truth(const Coupon &c) const
{
    CouponTruth t;
    t.couponCode = c.couponCode;
    t.stockId = c.stockId;
    t.appid = c.useAppid.isEmpty() ? c.appid : c.useAppid;
    t.openid = c.openid;
    t.state = c.effectiveState(m_clock->nowSecs());
    t.useRequestNo = c.useRequestNo;
    t.deactivateRequestNo = c.deactivateRequestNo;
    t.returnRequestNo = c.returnRequestNo;
    t.applied = c.applied;
    return t;
}

QList<CouponTruth> Simulator::coupons() const
{
    QList<CouponTruth> out;
    out.reserve(m_state.coupons.size());
    for (const Coupon &c : m_state.coupons)
        out << truth(c);
    return out;
}

std::optional<CouponTruth> Simulator::coupon(const QString &couponCode) const
{
    const Coupon *c = m_state.coupon(couponCode);
    if (!c)
        return std::nullopt;
    return truth(*c);
}

int Simulator::appliedCount(const QString &requestNo) const
{
    return m_state.requests.value(requestNo).appliedCount;
}

int Simulator::replayCount(const QString &requestNo) const
{
    return m_state.requests.value(requestNo).replayCount;
}

QList<DemoCode> Simulator::demoCodes(int usablePerStock) const
{
    return sim::demoCodes(m_state, m_clock->nowSecs(), usablePerStock);
}

void Simulator::addFault(const FaultSpec &spec)
{
    qCInfo(lcSimulator) << "fault armed:"
                        << QJsonDocument(spec.toJson()).toJson(QJsonDocument::Compact).constData();
    m_faults->add(spec);
}

Status Simulator::addFault(const QString &argument)
{
    auto spec = FaultSpec::fromArgument(argument);
    if (!spec)
        return spec.error();
    addFault(spec.value());
    return {};
}

void Simulator::clearFaults()
{
    m_faults->clear();
}

QList<FaultSpec> Simulator::faults() const
{
    return m_faults->active();
}

void Simulator::setClockOffset(qint64 secs)
{
    m_clock->setOffset(secs);
}

qint64 Simulator::clockOffset() const
{
    return m_clock->offset();
}

const wechatpay::Clock &Simulator::clock() const
{
    return *m_clock;
}

void Simulator::setRateLimit(const QString &endpoint, double qps)
{
    m_limiter->setLimit(endpoint, qps);
}

void Simulator::setMode(VerifyMode mode)
{
    m_options.mode = mode;
}

void Simulator::setConnectDelayMs(int ms)
{
    m_options.connectDelayMs = std::clamp(ms, 0, kMaxConnectDelayMs);
    if (m_server)
        m_server->setConnectDelayMs(m_options.connectDelayMs);
}

int Simulator::openConnections() const
{
    return m_server ? m_server->openConnections() : 0;
}

int Simulator::waitingConnections() const
{
    return m_server ? m_server->waitingConnections() : 0;
}

void Simulator::setIdleTimeoutSecs(int secs)
{
    m_options.idleTimeoutSecs = std::clamp(secs, 0, kMaxIdleTimeoutSecs);
    if (m_server)
        m_server->setIdleTimeoutSecs(m_options.idleTimeoutSecs);
}

QString Simulator::mchid() const
{
    return m_state.mchid;
}

QStringList Simulator::appids() const
{
    return m_state.appidsOf(m_state.mchid);
}

QString Simulator::appid() const
{
    const QStringList a = appids();
    return a.isEmpty() ? QString() : a.first();
}

QString Simulator::merchantCertSerial() const
{
    return m_keys.merchantCert.serialNumber();
}

QList<QSslCertificate> Simulator::caCertificates() const
{
    if (m_keys.tlsCert.isNull())
        return {};
    return QSslCertificate::fromData(m_keys.tlsCert.toPem(), QSsl::Pem);
}

} // namespace sim
