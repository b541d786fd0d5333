// A faithful local WeChat Pay server for tests and the demo mode: verifies request signatures,
// signs answers, keeps coupon state in a data directory, and misbehaves on demand (faults).
// Usable in-process (tests, `coupondesk --demo`) and from app/wechatpay-sim.
// simulator.cpp: start, requests, signing; controlendpoints.cpp: /__sim/…; clientconfig.cpp: client settings.
#pragma once

#include "demoseed.h"
#include "faults.h"
#include "keystore.h"
#include "model.h"

#include "wechatpay/clock.h"
#include "wechatpay/result.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QUrl>
#include <QVariantMap>

#include <functional>
#include <memory>

class QTcpSocket;
class QTemporaryDir;

namespace sim {

class Engine;
class RateLimiter;
class RawHttpServer;
class StateStore;
struct IncomingRequest;
struct OutgoingResponse;
struct Reply;

// The documented limits (use 500/s, certificates 1000/s); the others unlimited.
QHash<QString, double> defaultRateLimits();

struct SimulatorOptions
{
    QString host = QStringLiteral("127.0.0.1"); // loopback only (127.0.0.0/8, ::1, localhost)
    quint16 port = 0; // 0: any free port
    QString dataDir; // empty: a temporary directory removed with the simulator
    VerifyMode mode = VerifyMode::PlatformCert;
    QString seedFile; // JSON seed for the first start; empty: built-in demo seed
    QByteArray seedJson; // alternatively the seed itself (tests)
    bool https = false; // serve HTTPS with a generated certificate for 127.0.0.1
    const wechatpay::Clock *clock = nullptr; // nullptr: the system clock; must outlive the simulator
    std::function<qint64()> monotonicMs; // rate limiter time source; empty: QElapsedTimer
    QHash<QString, double> rateLimits = defaultRateLimits(); // endpoint → requests/second; ≤0: unlimited
    quint32 randomSeed = 0; // for probability faults; 0: random
    QList<FaultSpec> faults; // installed at start()
    int connectDelayMs = 0; // a new connection (after TLS) waits this long before it is read
    int idleTimeoutSecs = 0; // the server closes a kept-alive connection idle this long; 0: never
};

// One coupon as the simulator knows it: what GET /__sim/coupons reports.
struct CouponTruth
{
    QString couponCode;
    QString stockId;
    QString appid; // the AppID it was redeemed under, else the one it was sent under
    QString openid;
    QString state; // effective now (SENDED past its expiry reads EXPIRED)
    QString useRequestNo;
    QString deactivateRequestNo;
    QString returnRequestNo;
    QMap<QString, int> applied; // request number → times applied
};

// One answered request (for a demo window's log).
struct ServedRequest
{
    QDateTime time;
    QByteArray method;
    QByteArray target;
    int status = 0; // 0: no answer (hang, drop)
    QString code; // WeChat error code, if any
    QString fault; // fault name, if one fired
    QByteArray requestId;
    QString requestNo; // applied or replayed request number
    // Microseconds from the parsed request to its answer built and signed (what WeChat Pay's own
    // work costs; a delay fault is not counted); -1: no answer.
    qint64 serviceUs = -1;
};

class Simulator final : public QObject
{
    Q_OBJECT
public:
    explicit Simulator(SimulatorOptions options = {}, QObject *parent = nullptr);
    ~Simulator() override;

    // Loads or creates state and keys in the data directory and starts listening.
    wechatpay::Status start();
    void stop();
    bool isRunning() const;

    QUrl baseUrl() const; // http(s)://127.0.0.1:PORT
    quint16 port() const;
    QString dataDir() const;
    QString stateFile() const; // DIR/state.json (snapshot; changes go to DIR/state.journal first)

    // The client settings (architecture.md "Settings") and the INI file holding them.
    QVariantMap clientSettings() const;
    wechatpay::Status writeClientConfig(const QString &path) const;

    // Truth, for tests and for comparing a journal with what WeChat Pay "knows".
    QList<CouponTruth> coupons() const;
    std::optional<CouponTruth> coupon(const QString &couponCode) const;
    int appliedCount(const QString &requestNo) const; // 0 when never applied
    int replayCount(const QString &requestNo) const;
    // The answered requests, oldest first (at least the last 10,000 kept; GET /__sim/service-times), so
    // that a benchmark can take the simulator's own work out of what the client measured.
    QList<ServedRequest> servedRequests() const { return m_served; }
    QList<DemoCode> demoCodes(int usablePerStock = 3) const;
    const SimState &state() const { return m_state; }

    // Faults, clock skew, rate limits and mode at run time.
    void addFault(const FaultSpec &spec);
    wechatpay::Status addFault(const QString &argument); // "use:drop_after:1" (as --fault)
    void clearFaults();
    QList<FaultSpec> faults() const;
    void setClockOffset(qint64 secs);
    qint64 clockOffset() const;
    const wechatpay::Clock &clock() const;
    void setRateLimit(const QString &endpoint, double qps);
    void setMode(VerifyMode mode);
    VerifyMode mode() const { return m_options.mode; }
    // Connection costs: the delay applies to connections accepted from now on; the idle timeout to
    // open connections too (their idle time counts from the change). Out-of-range values are clamped
    // to 0..kMaxConnectDelayMs / 0..kMaxIdleTimeoutSecs.
    static constexpr int kMaxConnectDelayMs = 600000;
    static constexpr int kMaxIdleTimeoutSecs = 86400;
    void setConnectDelayMs(int ms);
    int connectDelayMs() const { return m_options.connectDelayMs; }
    void setIdleTimeoutSecs(int secs);
    int idleTimeoutSecs() const { return m_options.idleTimeoutSecs; }
    // Connections being served now (accepted, past the connect delay, not closed): what tests wait on
    // instead of sleeping through a delay or an idle timeout.
    int openConnections() const;
    int waitingConnections() const; // accepted, not served yet (TLS handshake, connect delay)

    // Key material (valid after start()).
    QString mchid() const;
    QStringList appids() const;
    QString appid() const; // the first
    const KeyMaterial &keys() const { return m_keys; }
    wechatpay::PrivateKey merchantPrivateKey() const { return m_keys.merchantKey; }
    wechatpay::Certificate merchantCertificate() const { return m_keys.merchantCert; }
    QString merchantCertSerial() const;
    wechatpay::PublicKey wechatpayPublicKey() const { return m_keys.publicKey; }
    QString publicKeyId() const { return m_keys.publicKeyId; }
    wechatpay::Certificate platformCertificate() const { return m_keys.platformCert; }
    QByteArray apiV3Key() const { return m_keys.apiV3Key; }
    // --https: the server certificate to trust (ClientConfig::extraCaCertificates) and its file.
    QList<QSslCertificate> caCertificates() const;
    QString caCertificateFile() const { return m_keys.tlsCertFile; }

Q_SIGNALS:
    void requestServed(const sim::ServedRequest &request);
    // Every answer, when its bytes are handed to the socket (delivered) or could not be (the client
    // had gone, or a hang/drop fault). Delayed answers report when their delay ends.
    void answerDelivered(const QByteArray &requestId, bool delivered);
    void stateChanged();

private:
    void onRequest(const IncomingRequest &request, QPointer<QTcpSocket> socket);
    void control(const IncomingRequest &request, QPointer<QTcpSocket> socket, const QByteArray &requestId);
    void respond(const QPointer<QTcpSocket> &socket, const IncomingRequest &request, const Reply &reply,
        const QByteArray &requestId, const std::optional<FaultSpec> &fault, ServedRequest served);
    OutgoingResponse build(const IncomingRequest &request, const Reply &reply, const QByteArray &requestId,
        const std::optional<FaultSpec> &fault);
    void sign(OutgoingResponse &response, const IncomingRequest &request, std::optional<FaultKind> fault);
    void persistChange(const QString &requestNo);
    QByteArray couponsJson(const QString &onlyCode) const;
    QByteArray infoJson() const;
    CouponTruth truth(const Coupon &coupon) const;
    QByteArray newRequestId();

    SimulatorOptions m_options;
    std::unique_ptr<wechatpay::SystemClock> m_systemClock;
    std::unique_ptr<wechatpay::OffsetClock> m_clock;
    std::unique_ptr<QTemporaryDir> m_tempDir;
    QString m_dataDir;
    std::unique_ptr<StateStore> m_store;
    SimState m_state;
    KeyMaterial m_keys;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<RateLimiter> m_limiter;
    std::unique_ptr<FaultTable> m_faults;
    QPointer<RawHttpServer> m_server;
    quint16 m_port = 0;
    quint64 m_requestCounter = 0;
    QByteArray m_requestIdPrefix;
    QElapsedTimer m_uptime;
    qint64 m_requestStartNs = 0; // of the request being handled (onRequest → respond, one call)
    QList<ServedRequest> m_served;
};

} // namespace sim

Q_DECLARE_METATYPE(sim::ServedRequest)
