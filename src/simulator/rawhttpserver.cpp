#include "rawhttpserver.h"

#include "logging.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QLocale>
#include <QQueue>
#include <QSet>
#include <QSslServer>
#include <QTcpServer>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <chrono>

namespace sim {

using wechatpay::Error;
using wechatpay::ErrorKind;
using wechatpay::Result;

namespace {

// Watches the bytes of one connection (it is connected to readyRead before the HTTP server is, so
// it peeks at data the server has not consumed yet) and records each request line's method and
// target. HTTP/1.1 framing by Content-Length; a chunked body stops the tracking for that connection
// (the server then falls back to QHttpServerRequest::url()).
class TargetTracker final : public QObject
{
public:
    explicit TargetTracker(QTcpSocket *socket)
        : QObject(socket)
        , m_socket(socket)
    {
        setObjectName(QLatin1String(kName));
        m_alreadySeen = socket->bytesAvailable();
        if (m_alreadySeen > 0)
            feed(socket->peek(m_alreadySeen));
        connect(socket, &QIODevice::readyRead, this, &TargetTracker::onReadyRead);
    }

    static TargetTracker *of(QTcpSocket *socket)
    {
        // No Q_OBJECT here, so no qobject_cast: found by its unique object name.
        QObject *child = socket
            ? socket->findChild<QObject *>(QLatin1String(kName), Qt::FindDirectChildrenOnly)
            : nullptr;
        return static_cast<TargetTracker *>(child);
    }

    struct Line
    {
        QByteArray method;
        QByteArray target;
    };
    std::optional<Line> take()
    {
        if (m_lines.isEmpty())
            return std::nullopt;
        return m_lines.dequeue();
    }

private:
    static constexpr char kName[] = "wechatpay-sim-target-tracker";

    void onReadyRead()
    {
        const qint64 available = m_socket->bytesAvailable();
        QByteArray data = m_socket->peek(available);
        data.remove(0, std::min<qint64>(m_alreadySeen, data.size()));
        m_alreadySeen = 0; // the server reads everything after us
        feed(data);
    }

    void feed(const QByteArray &data)
    {
        if (m_broken)
            return;
        m_buffer += data;
        for (;;) {
            if (m_skip > 0) {
                const qint64 n = std::min<qint64>(m_skip, m_buffer.size());
                m_buffer.remove(0, n);
                m_skip -= n;
                if (m_skip > 0)
                    return;
            }
            // Tolerate stray CRLF between requests (RFC 9112 §2.2).
            while (m_buffer.startsWith("\r\n"))
                m_buffer.remove(0, 2);
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0) {
                if (m_buffer.size() > 256 * 1024)
                    breakTracking("request head larger than 256 KiB");
                return;
            }
            const QByteArray head = m_buffer.left(end);
            m_buffer.remove(0, end + 4);
            const QList<QByteArray> lines = head.split('\n');
            const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
            if (requestLine.size() != 3) {
                breakTracking("unexpected request line");
                return;
            }
            qint64 length = 0;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon <= 0)
                    continue;
                const QByteArray name = line.left(colon).trimmed().toLower();
                const QByteArray value = line.mid(colon + 1).trimmed();
                if (name == "content-length") {
                    bool ok = false;
                    length = value.toLongLong(&ok);
                    if (!ok || length < 0) {
                        breakTracking("bad Content-Length");
                        return;
                    }
                } else if (name == "transfer-encoding" && value.toLower() != "identity") {
                    breakTracking("chunked request body");
                    return;
                }
            }
            m_lines.enqueue(Line { requestLine.at(0), requestLine.at(1) });
            m_skip = length;
        }
    }

    void breakTracking(const char *why)
    {
        qCDebug(lcSimulator) << "raw request-target tracking stopped for a connection:" << why;
        m_broken = true;
        m_buffer.clear();
    }

    QTcpSocket *m_socket;
    QByteArray m_buffer;
    qint64 m_skip = 0;
    qint64 m_alreadySeen = 0;
    bool m_broken = false;
    QQueue<Line> m_lines;
};

// Closes a kept-alive connection after ConnectionPolicy::idleTimeoutSecs without a request in
// progress or a byte received. A request is in progress from the moment it is parsed until its
// answer is written (RawHttpServer::write), so a delayed or hanging answer never counts as idle.
class ConnectionWatch final : public QObject
{
public:
    ConnectionWatch(QTcpSocket *socket, std::shared_ptr<const ConnectionPolicy> policy)
        : QObject(socket)
        , m_socket(socket)
        , m_policy(std::move(policy))
    {
        setObjectName(QLatin1String(kName));
        m_timer.setSingleShot(true);
        m_timer.setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5% early
        connect(&m_timer, &QTimer::timeout, this, &ConnectionWatch::onIdle);
        connect(socket, &QIODevice::readyRead, this, &ConnectionWatch::rearm);
        connect(socket, &QAbstractSocket::disconnected, &m_timer, &QTimer::stop);
        rearm();
    }

    static ConnectionWatch *of(QTcpSocket *socket)
    {
        QObject *child = socket
            ? socket->findChild<QObject *>(QLatin1String(kName), Qt::FindDirectChildrenOnly)
            : nullptr;
        return static_cast<ConnectionWatch *>(child);
    }

    static QList<ConnectionWatch *> all(const QObject *root)
    {
        QList<ConnectionWatch *> out;
        for (QObject *o : root->findChildren<QObject *>(QLatin1String(kName)))
            out << static_cast<ConnectionWatch *>(o);
        return out;
    }

    bool isOpen() const { return m_socket->state() == QAbstractSocket::ConnectedState; }

    void requestStarted()
    {
        ++m_inFlight;
        m_timer.stop();
    }

    void requestFinished()
    {
        if (m_inFlight > 0)
            --m_inFlight;
        rearm();
    }

    void rearm()
    {
        const int secs = m_policy->idleTimeoutSecs;
        if (m_inFlight > 0 || secs <= 0 || m_socket->state() != QAbstractSocket::ConnectedState) {
            m_timer.stop();
            return;
        }
        m_timer.start(std::chrono::seconds(secs));
    }

private:
    static constexpr char kName[] = "wechatpay-sim-connection-watch";

    void onIdle()
    {
        if (m_inFlight > 0)
            return;
        qCDebug(lcSimulator) << "closing a connection idle for" << m_policy->idleTimeoutSecs << "s";
        m_socket->disconnectFromHost();
    }

    QTcpSocket *m_socket;
    std::shared_ptr<const ConnectionPolicy> m_policy;
    QTimer m_timer;
    int m_inFlight = 0;
};

// The listening server (QTcpServer or QSslServer). Every connection it hands to QAbstractHttpServer
// gets a TargetTracker and a ConnectionWatch. With ConnectionPolicy::connectDelayMs a new connection
// (after the TLS handshake, for QSslServer) is held back that long first: it is taken out of the
// pending queue and added again when the delay ends; whatever the client sent meanwhile stays
// buffered in the socket and is processed then.
template<typename Base> class TrackingServer final : public Base
{
public:
    TrackingServer(std::shared_ptr<const ConnectionPolicy> policy, QObject *parent)
        : Base(parent)
        , m_policy(std::move(policy))
    {
    }

    QTcpSocket *nextPendingConnection() override
    {
        while (QTcpSocket *socket = Base::nextPendingConnection()) {
            if (m_released.remove(socket) || m_policy->connectDelayMs <= 0) {
                new TargetTracker(socket);
                new ConnectionWatch(socket, m_policy);
                return socket;
            }
            holdBack(socket);
        }
        return nullptr;
    }

private:
    void holdBack(QTcpSocket *socket)
    {
        const QPointer<QTcpSocket> guard(socket);
        QTimer::singleShot(m_policy->connectDelayMs, Qt::PreciseTimer, this, [this, guard] {
            if (!guard)
                return;
            if (guard->state() != QAbstractSocket::ConnectedState) {
                guard->deleteLater(); // the client gave up while waiting
                return;
            }
            m_released.insert(guard.data());
            this->addPendingConnection(guard.data()); // → pendingConnectionAvailable → taken at once
            m_released.remove(guard.data()); // (in case nobody took it)
            // Bytes that arrived during the delay raised readyRead before anyone listened.
            if (guard && guard->bytesAvailable() > 0)
                QMetaObject::invokeMethod(guard.data(), &QIODevice::readyRead, Qt::QueuedConnection);
        });
    }

    std::shared_ptr<const ConnectionPolicy> m_policy;
    QSet<QTcpSocket *> m_released;
};

using TrackingTcpServer = TrackingServer<QTcpServer>;
using TrackingSslServer = TrackingServer<QSslServer>;

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

QByteArray httpDate()
{
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
        .toLatin1();
}

} // namespace

QByteArray IncomingRequest::header(QByteArrayView name) const
{
    for (const auto &h : headers)
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

bool IncomingRequest::hasHeader(QByteArrayView name) const
{
    for (const auto &h : headers)
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Unknown";
    }
}

QByteArray serializeHead(const OutgoingResponse &r, bool keepAlive)
{
    QByteArray out;
    out.reserve(512);
    out += "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reasonPhrase(r.status) + "\r\n";
    out += "Server: wechatpay-sim\r\n";
    out += "Date: " + httpDate() + "\r\n";
    if (!r.body.isEmpty() || r.sendOnly)
        out += "Content-Type: " + r.contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n";
    out += keepAlive ? QByteArrayView("Connection: keep-alive\r\n") : QByteArrayView("Connection: close\r\n");
    for (const auto &h : r.headers)
        out += h.first + ": " + h.second + "\r\n";
    out += "\r\n";
    return out;
}

RawHttpServer::RawHttpServer(Handler handler, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_handler(std::move(handler))
    , m_policy(std::make_shared<ConnectionPolicy>())
{
}

void RawHttpServer::setConnectDelayMs(int ms)
{
    m_policy->connectDelayMs = std::max(0, ms);
}

void RawHttpServer::setIdleTimeoutSecs(int secs)
{
    m_policy->idleTimeoutSecs = std::max(0, secs);
    for (ConnectionWatch *watch : ConnectionWatch::all(this))
        watch->rearm();
}

int RawHttpServer::openConnections() const
{
    const QList<ConnectionWatch *> watches = ConnectionWatch::all(this);
    return int(std::count_if(
        watches.cbegin(), watches.cend(), [](const ConnectionWatch *w) { return w->isOpen(); }));
}

int RawHttpServer::waitingConnections() const
{
    int n = 0;
    // The listening server's own sockets (a QSslSocket holds a plain socket of its own: not counted).
    for (const QTcpServer *server : findChildren<QTcpServer *>(Qt::FindDirectChildrenOnly))
        for (QTcpSocket *s : server->findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly))
            n += s->state() == QAbstractSocket::ConnectedState && !ConnectionWatch::of(s) ? 1 : 0;
    return n;
}

Result<quint16> RawHttpServer::listen(
    const QHostAddress &address, quint16 port, const std::optional<QSslConfiguration> &ssl)
{
    QTcpServer *server = nullptr;
    if (ssl) {
        auto *sslServer = new TrackingSslServer(m_policy, this);
        sslServer->setSslConfiguration(*ssl);
        sslServer->setHandshakeTimeout(10000);
        // Qt 6.4's QAbstractHttpServer takes connections on newConnection; QSslServer announces
        // finished handshakes with pendingConnectionAvailable.
        connect(sslServer, &QTcpServer::pendingConnectionAvailable, sslServer,
            [sslServer] { Q_EMIT sslServer->newConnection(); });
        connect(sslServer, &QSslServer::errorOccurred, this,
            [](QSslSocket *, QAbstractSocket::SocketError error) {
                qCDebug(lcSimulator) << "TLS connection failed:" << error;
            });
        server = sslServer;
    } else {
        server = new TrackingTcpServer(m_policy, this);
    }
    if (!server->listen(address, port)) {
        const QString why = server->errorString();
        delete server;
        return Error::make(ErrorKind::Network, QStringLiteral("LISTEN_FAILED"),
            QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(why));
    }
    bind(server);
    return server->serverPort();
}

bool RawHttpServer::write(
    const QPointer<QTcpSocket> &socket, const OutgoingResponse &response, bool keepAlive)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return false;
    const bool close = !keepAlive || response.sendOnly.has_value();
    QByteArray bytes = serializeHead(response, !close);
    if (response.sendOnly)
        bytes += response.body.left(*response.sendOnly);
    else
        bytes += response.body;
    socket->write(bytes);
    if (close)
        socket->disconnectFromHost();
    else if (ConnectionWatch *watch = ConnectionWatch::of(socket))
        watch->requestFinished();
    return true;
}

void RawHttpServer::drop(const QPointer<QTcpSocket> &socket)
{
    if (socket && socket->state() != QAbstractSocket::UnconnectedState)
        socket->abort();
}

bool RawHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    IncomingRequest in;
    in.method = methodName(request.method());
    const auto line = TargetTracker::of(socket) ? TargetTracker::of(socket)->take() : std::nullopt;
    if (line && (line->method == in.method || in.method == "UNKNOWN")) {
        in.method = line->method;
        in.target = line->target;
    } else {
        // Fallback: the normalised URL (differs from the raw target only for unusual escapes).
        const QUrl url = request.url();
        in.target = url.path(QUrl::FullyEncoded).toLatin1();
        if (url.hasQuery())
            in.target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
        qCDebug(lcSimulator) << "request target taken from the parsed URL:" << in.target;
    }
    const qsizetype q = in.target.indexOf('?');
    in.path = q < 0 ? in.target : in.target.left(q);
    in.query = q < 0 ? QByteArray() : in.target.mid(q + 1);
    in.headers = request.headers();
    in.body = request.body();
    in.peer = request.remoteAddress();
    in.closeRequested = in.header("Connection").toLower().contains("close");
    if (ConnectionWatch *watch = ConnectionWatch::of(socket))
        watch->requestStarted();
    m_handler(in, QPointer<QTcpSocket>(socket));
    return true;
}

void RawHttpServer::missingHandler(const QHttpServerRequest &, QTcpSocket *socket)
{
    OutgoingResponse r;
    r.status = 404;
    r.body = "{\"code\":\"NOT_FOUND\",\"message\":\"not found\"}";
    write(QPointer<QTcpSocket>(socket), r, false);
}

} // namespace sim
