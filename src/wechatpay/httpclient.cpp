#include "httpclient.h"

#include "logging.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSysInfo>
#include <QTimer>

namespace wechatpay {

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QByteArray defaultUserAgent()
{
    return QByteArray("CouponDesk/" COUPONDESK_VERSION " (") + QSysInfo::prettyProductName().toUtf8()
        + ") Qt/" + qVersion();
}

Status validateConfig(const ClientConfig &config)
{
    auto check = [](const QUrl &url, const char *what) -> Status {
        auto fail = [what](const QString &m) {
            Error e = Error::make(ErrorKind::InvalidInput, QStringLiteral("BASE_URL_INVALID"), m);
            e.field = QString::fromLatin1(what);
            return e;
        };
        if (!url.isValid() || url.host().isEmpty())
            return fail(QStringLiteral("%1 is not a valid URL: %2").arg(QLatin1String(what), url.toString()));
        if (url.scheme() == QLatin1String("https"))
            return {};
        if (url.scheme() == QLatin1String("http") && isLoopbackHost(url.host()))
            return {};
        if (url.scheme() == QLatin1String("http"))
            return fail(QStringLiteral("%1 must use https:// (plain http is allowed only for this computer, "
                                       "127.0.0.1 or localhost)")
                            .arg(QLatin1String(what)));
        return fail(QStringLiteral("%1 must start with https://").arg(QLatin1String(what)));
    };
    if (auto st = check(config.baseUrl, "api/base_url"); !st)
        return st;
    if (!config.backupBaseUrl.isEmpty())
        if (auto st = check(config.backupBaseUrl, "api/backup_url"); !st)
            return st;
    if (config.connectTimeoutMs <= 0 || config.totalTimeoutMs <= 0
        || config.connectTimeoutMs > config.totalTimeoutMs)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("TIMEOUT_INVALID"),
            QStringLiteral("timeouts must be positive and the connect timeout must not exceed the "
                           "total timeout"));
    return {};
}

Error parseErrorBody(int httpStatus, QByteArrayView body, QByteArrayView requestId)
{
    Error e;
    e.kind = ErrorKind::Http;
    e.httpStatus = httpStatus;
    e.requestId = QString::fromLatin1(requestId);
    e.requestSent = true;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &pe);
    if (pe.error == QJsonParseError::NoError && doc.isObject()) {
        const QJsonObject o = doc.object();
        e.code = o.value(QLatin1String("code")).toString();
        e.message = o.value(QLatin1String("message")).toString();
        e.detail = o.value(QLatin1String("detail")).toObject();
        e.field = e.detail.value(QLatin1String("field")).toString();
    }
    if (e.message.isEmpty()) {
        QString snippet = QString::fromUtf8(body.first(qMin<qsizetype>(body.size(), 200))).simplified();
        e.message = snippet.isEmpty() ? QStringLiteral("HTTP %1 without a body").arg(httpStatus)
                                      : QStringLiteral("HTTP %1: %2").arg(httpStatus).arg(snippet);
    }
    return e;
}

ApiResponse evaluateResponse(int httpStatus, QByteArray body, const ResponseSignature &signature,
    QByteArray requestId, const Verifier &verifier, qint64 nowSecs)
{
    ApiResponse r;
    r.httpStatus = httpStatus;
    r.body = std::move(body);
    r.requestId = std::move(requestId);
    r.signature = signature;
    if (const auto ts = parseTimestamp(signature.timestamp))
        r.clockSkewSecs = *ts - nowSecs;

    if (httpStatus == 202) {
        Error e = Error::make(ErrorKind::Http, QStringLiteral("ACCEPTED_NOT_PROCESSED"),
            QStringLiteral("WeChat Pay accepted the request but has not processed it yet (202)"));
        e.httpStatus = 202;
        e.requestId = QString::fromLatin1(r.requestId);
        e.requestSent = true;
        r.error = e;
    } else if (httpStatus >= 200 && httpStatus < 300) {
        Status st = verifier.verify(signature, r.body, nowSecs);
        if (!st) {
            Error e = st.error();
            e.httpStatus = httpStatus;
            e.requestId = QString::fromLatin1(r.requestId);
            e.requestSent = true;
            r.error = e;
        }
    } else if (httpStatus >= 300 && httpStatus < 400) {
        Error e = Error::make(ErrorKind::Http, QStringLiteral("UNEXPECTED_REDIRECT"),
            QStringLiteral("unexpected redirect (HTTP %1); check api/base_url").arg(httpStatus));
        e.httpStatus = httpStatus;
        e.requestSent = true;
        r.error = e;
    } else {
        r.error = parseErrorBody(httpStatus, r.body, r.requestId);
    }
    return r;
}

ApiCall::~ApiCall()
{
    delete m_reply.data(); // the reply is the manager's child (so it never outlives the manager)
}

void ApiCall::abort()
{
    m_aborted = true;
    if (m_reply)
        m_reply->abort();
}

ApiClient::ApiClient(
    ClientConfig config, const RequestSigner &signer, const Verifier &verifier, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_signer(signer)
    , m_verifier(verifier)
{
    if (m_config.userAgent.isEmpty())
        m_config.userAgent = defaultUserAgent();
    // Answers are never cached, never followed to another address, and never stored as cookies.
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_network.setCookieJar(nullptr);
    applyProxy(m_network, m_config.proxy);
    m_tls.addCaCertificates(m_config.extraCaCertificates);
    // connectToHostEncrypted allows HTTP/2 only when the configuration offers it, calls allow it by
    // default: one ALPN list keeps both on one connection (without it a pre-connected scan still
    // waited the simulator's whole 1,000 ms connect delay; test_sim_https).
    m_tls.setAllowedNextProtocols(
        { QSslConfiguration::ALPNProtocolHTTP2, QSslConfiguration::NextProtocolHttp1_1 });
}

ApiCall *ApiClient::send(const ApiRequest &request)
{
    auto *call = new ApiCall(this);
    call->m_request = request;
    if (Status st = validateConfig(m_config); !st) {
        call->m_response.error = st.error();
        QTimer::singleShot(0, call, [this, call] { finish(call); });
        return call;
    }
    start(call, false);
    return call;
}

namespace {

// Failures in which no byte of the request can have reached WeChat Pay: the connection (or the
// proxy's tunnel, or the TLS handshake) was never made.
bool nothingReachedTheServer(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return true;
    default:
        return false;
    }
}

bool isProxyError(QNetworkReply::NetworkError e)
{
    return e >= QNetworkReply::ProxyConnectionRefusedError && e <= QNetworkReply::UnknownProxyError;
}

} // namespace

void ApiClient::start(ApiCall *call, bool backup)
{
    const QUrl base = backup ? m_config.backupBaseUrl : m_config.baseUrl;
    QByteArray prefix = base.toEncoded(QUrl::RemoveQuery | QUrl::RemoveFragment);
    while (prefix.endsWith('/'))
        prefix.chop(1);
    const QUrl url = QUrl::fromEncoded(prefix + call->m_request.pathAndQuery, QUrl::StrictMode);
    // The request target exactly as QNetworkAccessManager writes it (origin-form, fully encoded):
    // the signature covers these bytes, so the server verifies what it received.
    const QByteArray target = canonicalUrl(url);

    auto signedReq = m_signer.sign(call->m_request.method, target, call->m_request.body);
    if (!signedReq) {
        call->m_response.error = signedReq.error();
        QTimer::singleShot(0, call, [this, call] { finish(call); });
        return;
    }

    QNetworkRequest req(url);
    req.setRawHeader("Authorization", signedReq->authorization);
    req.setRawHeader("Accept", "application/json");
    req.setRawHeader("User-Agent", m_config.userAgent);
    if (!call->m_request.body.isEmpty() || call->m_request.method == "POST")
        req.setRawHeader("Content-Type", "application/json");
    if (!m_config.wechatpaySerial.isEmpty())
        req.setRawHeader("Wechatpay-Serial", m_config.wechatpaySerial.toLatin1());
    if (!m_config.acceptLanguage.isEmpty())
        req.setRawHeader("Accept-Language", m_config.acceptLanguage);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    req.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    req.setSslConfiguration(m_tls);

    call->m_timedOut = false; // (m_requestSent stays: a backup attempt follows one that never left)
    call->m_viaProxy = m_network.proxyFactory()
        ? m_network.proxyFactory()->queryProxy(QNetworkProxyQuery(url)).value(0).type()
            != QNetworkProxy::NoProxy
        : m_network.proxy().type() != QNetworkProxy::NoProxy
            && m_network.proxy().type() != QNetworkProxy::DefaultProxy;
    // A POST whose kept-alive connection closes before any answer is sent again by Qt on a new
    // connection, same bytes: the request number makes WeChat Pay apply it once (tested).
    QNetworkReply *reply = m_network.sendCustomRequest(req, call->m_request.method, call->m_request.body);
    call->m_reply = reply;
    qCDebug(lcWechatpay) << "sending" << call->m_request.method << url.toString(QUrl::RemoveUserInfo)
                         << (backup ? "(backup host)" : "");

    if (!call->m_connectTimer) {
        call->m_connectTimer = new QTimer(call);
        call->m_totalTimer = new QTimer(call);
        call->m_connectTimer->setSingleShot(true);
        call->m_totalTimer->setSingleShot(true);
        connect(call->m_connectTimer, &QTimer::timeout, call, [call] {
            if (!call->m_requestSent && call->m_reply) {
                call->m_timedOut = true;
                call->m_reply->abort();
            }
        });
        connect(call->m_totalTimer, &QTimer::timeout, call, [call] {
            if (call->m_reply) {
                call->m_timedOut = true;
                call->m_reply->abort();
            }
        });
    }
    // Qt emits requestSent from its network thread: it reaches us as a queued event, possibly after
    // finished() (a timeout's abort finishes at once). A finished call has nothing more to say.
    connect(reply, &QNetworkReply::requestSent, call, [call] {
        if (call->m_finished || !call->m_reply)
            return;
        const bool first = !call->m_requestSent;
        call->m_requestSent = true;
        call->m_connectTimer->stop();
        if (first)
            Q_EMIT call->requestSent();
    });
    // TLS errors are never ignored: the reply then fails with SslHandshakeFailedError.
    connect(reply, &QNetworkReply::finished, this,
        [this, call, reply, backup] { onReplyFinished(call, reply, backup); });
    // Qt 6.4 emits requestSent for a request with a body (POST: ~5 ms after a pre-connected send),
    // never for one without (GET, measured over HTTPS): a GET's connect phase cannot be told apart
    // from its wait for the answer, so only the total timeout bounds it (GETs change nothing).
    if (!call->m_request.body.isEmpty())
        call->m_connectTimer->start(m_config.connectTimeoutMs);
    call->m_totalTimer->start(m_config.totalTimeoutMs);
}

void ApiClient::onReplyFinished(ApiCall *call, QNetworkReply *reply, bool backup)
{
    reply->deleteLater();
    call->m_reply = nullptr;
    call->m_connectTimer->stop();
    call->m_totalTimer->stop();

    const QNetworkReply::NetworkError netError = reply->error();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    // Errors below ContentAccessDenied are network/proxy failures; ProtocolUnknownError/ProtocolFailure
    // mean the HTTP exchange itself broke. Every other QNetworkReply error mirrors the HTTP status.
    const bool transportFailure = status == 0 || call->m_timedOut || call->m_aborted
        || (netError != QNetworkReply::NoError
            && (netError < QNetworkReply::ContentAccessDenied
                || netError == QNetworkReply::ProtocolUnknownError
                || netError == QNetworkReply::ProtocolFailure));

    // Qt 6.4 sometimes delivers a body cut short by the server's close as a complete answer (seen in
    // CI: the close raced the read). An uncompressed answer shorter than its Content-Length is broken off.
    const QByteArray body = transportFailure ? QByteArray() : reply->readAll();
    const QVariant declaredLength = reply->header(QNetworkRequest::ContentLengthHeader);
    const bool brokenOff = !transportFailure && declaredLength.isValid()
        && reply->rawHeader("Content-Encoding").isEmpty() && body.size() < declaredLength.toLongLong();

    if (!transportFailure && !brokenOff) {
        ResponseSignature sig;
        sig.timestamp = reply->rawHeader("Wechatpay-Timestamp");
        sig.nonce = reply->rawHeader("Wechatpay-Nonce");
        sig.signature = reply->rawHeader("Wechatpay-Signature");
        sig.serial = reply->rawHeader("Wechatpay-Serial");
        call->m_response = evaluateResponse(
            status, body, sig, reply->rawHeader("Request-ID"), m_verifier, m_signer.clock().nowSecs());
        call->m_response.usedBackupHost = backup;
        finish(call);
        return;
    }

    // Through a proxy, nothing can reach WeChat Pay before the tunnel and the TLS handshake are made,
    // and Qt 6.4 reports the proxy's refusals (down, 407, CONNECT refused) as UnknownNetworkError
    // (measured with tinyproxy); a drop after the request was written is RemoteHostClosedError.
    const bool proxyFailure = isProxyError(netError)
        || (call->m_viaProxy && !call->m_requestSent && status == 0 && !call->m_timedOut && !call->m_aborted
            && netError == QNetworkReply::UnknownNetworkError);
    // Nothing reached the server when the connection itself failed before the request went out.
    // Any other failure may have come after the server received it: it stays "may have been applied".
    // That includes a timeout before requestSent arrived: Qt writes from its own thread, so the
    // request may be on the wire while that news is still queued for us (seen under ASan load).
    const bool requestSent = call->m_requestSent || !(nothingReachedTheServer(netError) || proxyFailure);
    const bool connectionFailure
        = !requestSent && netError != QNetworkReply::SslHandshakeFailedError && !proxyFailure;
    if (connectionFailure && !backup && !call->m_aborted && !m_config.backupBaseUrl.isEmpty()) {
        qCInfo(lcWechatpay) << "connection to" << m_config.baseUrl.host() << "failed:" << reply->errorString()
                            << "- trying the backup host";
        start(call, true);
        return;
    }

    Error e;
    if (call->m_aborted) {
        e = Error::make(
            ErrorKind::Cancelled, QStringLiteral("CANCELLED"), QStringLiteral("the request was cancelled"));
    } else if (call->m_timedOut) {
        // Named by what we had heard (the request may still be on the wire either way).
        e = Error::make(ErrorKind::Timeout,
            QString::fromLatin1(call->m_requestSent ? "TIMEOUT" : "CONNECT_TIMEOUT"),
            call->m_requestSent ? QStringLiteral("no answer from WeChat Pay in time")
                                : QStringLiteral("could not connect to WeChat Pay in time"));
    } else if (netError == QNetworkReply::SslHandshakeFailedError) {
        e = Error::make(ErrorKind::Tls, QStringLiteral("TLS_FAILED"),
            QStringLiteral("secure connection refused: %1").arg(reply->errorString()));
    } else if (proxyFailure) {
        e = Error::make(ErrorKind::Network, QStringLiteral("PROXY_ERROR"),
            QStringLiteral("%1: %2").arg(m_config.proxy.describe(), reply->errorString()));
    } else if (brokenOff) {
        e = Error::make(ErrorKind::Network, QStringLiteral("NETWORK_ERROR"),
            QStringLiteral("the answer was broken off after %1 of %2 bytes")
                .arg(body.size())
                .arg(declaredLength.toLongLong()));
    } else {
        e = Error::make(ErrorKind::Network, QStringLiteral("NETWORK_ERROR"), reply->errorString());
    }
    e.httpStatus = status;
    e.requestSent = requestSent;
    call->m_response = ApiResponse();
    call->m_response.httpStatus = status;
    call->m_response.usedBackupHost = backup;
    call->m_response.error = e;
    finish(call);
}

void ApiClient::preconnect()
{
    if (!validateConfig(m_config))
        return;
    const QUrl &url = m_config.baseUrl;
    if (url.scheme() == QLatin1String("https")) {
        // The same TLS configuration as the calls', so Qt reuses this connection for them.
        m_network.connectToHostEncrypted(url.host(), quint16(url.port(443)), m_tls);
    } else {
        m_network.connectToHost(url.host(), quint16(url.port(80)));
    }
}

void ApiClient::finish(ApiCall *call)
{
    call->m_finished = true;
    if (call->m_response.error)
        qCInfo(lcWechatpay) << "request" << call->m_request.method << call->m_request.pathAndQuery
                            << "failed:" << call->m_response.error->toString();
    Q_EMIT call->finished();
}

} // namespace wechatpay
