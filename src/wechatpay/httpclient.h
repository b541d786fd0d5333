// Moves signed bytes over QNetworkAccessManager and verifies what comes back. Our signing and
// verification sit on top of Qt's network stack (proxies, TLS backends, connection management):
// the Authorization header is computed from the exact target and body the manager puts on the wire.
// Parsing and verification are pure functions (evaluateResponse); the classes only move bytes.
#pragma once

#include "proxy.h"
#include "result.h"
#include "signing.h"
#include "verification.h"

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QUrl>

#include <optional>

class QNetworkReply;
class QTimer;

namespace wechatpay {

inline constexpr char kProductionHost[] = "https://api.mch.weixin.qq.com";
inline constexpr char kBackupHost[] = "https://api2.mch.weixin.qq.com";

struct ClientConfig
{
    QUrl baseUrl { QString::fromLatin1(kProductionHost) };
    QUrl backupBaseUrl; // tried once, on a connection failure only (nothing reached the server)
    int connectTimeoutMs = 5000; // until a request with a body is on the wire (a GET: the total only)
    int totalTimeoutMs = 20000; // from start to the last byte of the answer
    QByteArray userAgent; // empty → defaultUserAgent()
    QString wechatpaySerial; // sent as Wechatpay-Serial (PUB_KEY_ID_… in public-key mode)
    QList<QSslCertificate> extraCaCertificates; // trusted in addition to the system store
    QByteArray acceptLanguage; // e.g. zh-CN or en; empty → not sent
    ProxyConfig proxy; // default: the system's proxy settings
};

// HTTPS is required except for loopback hosts (127.0.0.0/8, ::1, localhost). Checks timeouts too.
Status validateConfig(const ClientConfig &config);
bool isLoopbackHost(const QString &host);
QByteArray defaultUserAgent();

struct ApiRequest
{
    QByteArray method; // GET or POST
    QByteArray pathAndQuery; // canonical URL: percent-encoded path (+ "?query")
    QByteArray body; // exact UTF-8 bytes; empty for GET
};

struct ApiResponse
{
    int httpStatus = 0;
    QByteArray body;
    QByteArray requestId;
    ResponseSignature signature;
    std::optional<qint64> clockSkewSecs; // WeChat's Wechatpay-Timestamp minus our clock, when present
    bool usedBackupHost = false;
    std::optional<Error> error; // empty only for a verified 2xx

    bool ok() const { return !error.has_value(); }
};

// {code,message,detail} of a 4xx/5xx (lenient: a body that is not JSON still yields an Error).
Error parseErrorBody(int httpStatus, QByteArrayView body, QByteArrayView requestId);

// The pure core of the client: given what arrived, decide. A 2xx must verify; 4xx/5xx become
// ErrorKind::Http without demanding signature headers; 202 counts as an error (accepted, not done).
ApiResponse evaluateResponse(int httpStatus, QByteArray body, const ResponseSignature &signature,
    QByteArray requestId, const Verifier &verifier, qint64 nowSecs);

class ApiCall final : public QObject
{
    Q_OBJECT
public:
    ~ApiCall() override; // a call deleted in flight aborts its request
    const ApiResponse &response() const { return m_response; }
    bool isFinished() const { return m_finished; }
    void abort();

Q_SIGNALS:
    void requestSent(); // the request is on the wire (it may now reach the server)
    void finished();

private:
    friend class ApiClient;
    explicit ApiCall(QObject *parent)
        : QObject(parent)
    {
    }
    ApiResponse m_response;
    bool m_finished = false;
    QPointer<QNetworkReply> m_reply;
    QTimer *m_connectTimer = nullptr;
    QTimer *m_totalTimer = nullptr;
    bool m_requestSent = false;
    bool m_viaProxy = false; // this attempt goes through a proxy (explicit or the system's)
    bool m_timedOut = false;
    bool m_aborted = false;
    ApiRequest m_request;
};

class ApiClient final : public QObject
{
    Q_OBJECT
public:
    ApiClient(ClientConfig config, const RequestSigner &signer, const Verifier &verifier,
        QObject *parent = nullptr);

    // Starts the call; the returned object is owned by the client until the caller takes it
    // (it is deleted with the client). Connect to finished() and read response(); deleteLater() it.
    ApiCall *send(const ApiRequest &request);

    const ClientConfig &config() const { return m_config; }
    const Verifier &verifier() const { return m_verifier; }
    // The session's one network manager (owned here: one per client, no global).
    QNetworkAccessManager &network() { return m_network; }

    // Opens a connection to the API host now (TCP + TLS, through the proxy when one is set), so the
    // next call does not pay the handshake. A no-op while such a connection is open.
    void preconnect();

private:
    void start(ApiCall *call, bool backup);
    void onReplyFinished(ApiCall *call, QNetworkReply *reply, bool backup);
    void finish(ApiCall *call);

    ClientConfig m_config;
    const RequestSigner &m_signer;
    const Verifier &m_verifier;
    QNetworkAccessManager m_network;
    // Built once: the system store plus extraCaCertificates, for every call and the pre-connect.
    QSslConfiguration m_tls = QSslConfiguration::defaultConfiguration();
};

} // namespace wechatpay
