#include "httpclient.h"

#include "logging.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
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
    return QByteArray("CouponDesk/" COUPONDESK_VERSION " (") + QSysInfo::prettyProductName().toUtf8() + ") Qt/"
        + qVersion();
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
                                       "127.0.0.1 or localhost)").arg(QLatin1String(what)));
        return fail(QStringLiteral("%1 must start with https://").arg(QLatin1String(what)));
    };
    if (auto st = check(config.baseUrl, "api/base_url"); !st)
        return st;
    if (!config.backupBaseUrl.isEmpty())
        if (auto st = check(config.backupBaseUrl, "api/backup_url"); !st)
            return st;
    if (config.connectTimeoutMs <= 0 || config.totalTimeoutMs <= 0 || config.connectTimeoutMs > config.totalTimeoutMs)
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

void ApiCall::abort()
{
    m_aborted = true;
    if (m_exchange)
        m_exchange->abort();
}

ApiClient::ApiClient(ClientConfig config, const RequestSigner &signer, const Verifier &verifier, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_signer(signer), m_verifier(verifier)
{
    if (m_config.userAgent.isEmpty())
        m_config.userAgent = defaultUserAgent();
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

void ApiClient::start(ApiCall *call, bool backup, bool freshConnection)
{
    const QUrl base = backup ? m_config.backupBaseUrl : m_config.baseUrl;
    QByteArray prefix = base.toEncoded(QUrl::RemoveQuery | QUrl::RemoveFragment);
    while (prefix.endsWith('/'))
        prefix.chop(1);
    const QUrl url = QUrl::fromEncoded(prefix + call->m_request.pathAndQuery, QUrl::StrictMode);
    const QByteArray target = canonicalUrl(url);

    auto signedReq = m_signer.sign(call->m_request.method, target, call->m_request.body);
    if (!signedReq) {
        call->m_response.error = signedReq.error();
        QTimer::singleShot(0, call, [this, call] { finish(call); });
        return;
    }

    HttpRequest req;
    req.url = url;
    req.method = call->m_request.method;
    req.target = target;
    req.body = call->m_request.body;
    req.headers.reserve(7);
    req.headers.append(HttpHeader{"Authorization", signedReq->authorization});
    req.headers.append(HttpHeader{"Accept", "application/json"});
    req.headers.append(HttpHeader{"User-Agent", m_config.userAgent});
    if (!call->m_request.body.isEmpty() || call->m_request.method == "POST")
        req.headers.append(HttpHeader{"Content-Type", "application/json"});
    if (!m_config.wechatpaySerial.isEmpty())
        req.headers.append(HttpHeader{"Wechatpay-Serial", m_config.wechatpaySerial.toLatin1()});
    if (!m_config.acceptLanguage.isEmpty())
        req.headers.append(HttpHeader{"Accept-Language", m_config.acceptLanguage});
    req.extraCaCertificates = m_config.extraCaCertificates;
    req.freshConnection = freshConnection;

    call->m_timedOut = false;  // (m_requestSent stays: a resend follows an attempt that may have arrived)
    HttpExchange *exchange = m_connections.send(std::move(req));
    exchange->setParent(call);
    call->m_exchange = exchange;
    qCDebug(lcWechatpay) << "sending" << call->m_request.method << url.toString(QUrl::RemoveUserInfo)
                         << (backup ? "(backup host)" : "");

    if (!call->m_connectTimer) {
        call->m_connectTimer = new QTimer(call);
        call->m_totalTimer = new QTimer(call);
        call->m_connectTimer->setSingleShot(true);
        call->m_totalTimer->setSingleShot(true);
        connect(call->m_connectTimer, &QTimer::timeout, call, [call] {
            if (!call->m_requestSent && call->m_exchange) {
                call->m_timedOut = true;
                call->m_exchange->abort();
            }
        });
        connect(call->m_totalTimer, &QTimer::timeout, call, [call] {
            if (call->m_exchange) {
                call->m_timedOut = true;
                call->m_exchange->abort();
            }
        });
    }
    connect(exchange, &HttpExchange::requestSent, call, [call] {
        const bool first = !call->m_requestSent;
        call->m_requestSent = true;
        call->m_connectTimer->stop();
        if (first)
            Q_EMIT call->requestSent();
    });
    connect(exchange, &HttpExchange::finished, this, [this, call, exchange, backup] {
        onExchangeFinished(call, exchange, backup);
    });
    call->m_connectTimer->start(m_config.connectTimeoutMs);
    call->m_totalTimer->start(m_config.totalTimeoutMs);
}

void ApiClient::onExchangeFinished(ApiCall *call, HttpExchange *exchange, bool backup)
{
    exchange->deleteLater();
    call->m_exchange = nullptr;
    call->m_connectTimer->stop();
    call->m_totalTimer->stop();

    const HttpExchange::Failure failure = exchange->failure();
    // The keep-alive race: the server closed an idle connection just as the request went out, and
    // not a byte came back. Sent once more, newly signed, on a fresh connection — WeChat Pay's request
    // numbers make a repeat of a write idempotent (wechatpay-apiv3.md, "Idempotency"). Once only:
    // the repeat goes on a fresh connection, which this race cannot hit.
    if (failure == HttpExchange::Failure::Closed && exchange->reusedConnection() && !exchange->answerBegan()
        && !call->m_aborted && !call->m_timedOut) {
        qCDebug(lcWechatpay) << "a kept-alive connection closed under the request; sending it again on a fresh one";
        start(call, backup, true);
        return;
    }
    if (failure == HttpExchange::Failure::None) {
        ResponseSignature sig;
        sig.timestamp = exchange->header("Wechatpay-Timestamp");
        sig.nonce = exchange->header("Wechatpay-Nonce");
        sig.signature = exchange->header("Wechatpay-Signature");
        sig.serial = exchange->header("Wechatpay-Serial");
        call->m_response = evaluateResponse(exchange->status(), exchange->body(), sig, exchange->header("Request-ID"),
                                            m_verifier, m_signer.clock().nowSecs());
        call->m_response.usedBackupHost = backup;
        finish(call);
        return;
    }

    // The answer may have begun arriving (a request whose connection broke mid-answer), so only
    // the transport's own view says whether the request left: refused, unknown host and failed
    // TLS handshakes happen before a byte of it is written.
    const bool requestSent = call->m_requestSent || exchange->isRequestSent() || failure == HttpExchange::Failure::Closed;
    const bool connectionFailure = !requestSent
        && (failure == HttpExchange::Failure::ConnectFailed || (call->m_timedOut && !call->m_aborted));
    if (connectionFailure && !backup && !call->m_aborted && !m_config.backupBaseUrl.isEmpty()) {
        qCInfo(lcWechatpay) << "connection to" << m_config.baseUrl.host() << "failed:" << exchange->errorString()
                            << "- trying the backup host";
        start(call, true);
        return;
    }

    Error e;
    if (call->m_aborted) {
        e = Error::make(ErrorKind::Cancelled, QStringLiteral("CANCELLED"), QStringLiteral("the request was cancelled"));
    } else if (call->m_timedOut) {
        e = Error::make(ErrorKind::Timeout, QString::fromLatin1(requestSent ? "TIMEOUT" : "CONNECT_TIMEOUT"),
                        requestSent ? QStringLiteral("no answer from WeChat Pay in time")
                                    : QStringLiteral("could not connect to WeChat Pay in time"));
    } else if (failure == HttpExchange::Failure::TlsFailed) {
        e = Error::make(ErrorKind::Tls, QStringLiteral("TLS_FAILED"),
                        QStringLiteral("secure connection refused: %1").arg(exchange->errorString()));
    } else {
        e = Error::make(ErrorKind::Network, QStringLiteral("NETWORK_ERROR"), exchange->errorString());
    }
    e.httpStatus = exchange->status();
    e.requestSent = requestSent;
    call->m_response = ApiResponse();
    call->m_response.httpStatus = e.httpStatus;
    call->m_response.usedBackupHost = backup;
    call->m_response.error = e;
    finish(call);
}

void ApiClient::finish(ApiCall *call)
{
    call->m_finished = true;
    if (call->m_response.error)
        qCInfo(lcWechatpay) << "request" << call->m_request.method << call->m_request.pathAndQuery << "failed:"
                            << call->m_response.error->toString();
    Q_EMIT call->finished();
}

} // namespace wechatpay
