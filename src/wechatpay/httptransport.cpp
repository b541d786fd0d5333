#include "httptransport.h"

#include "logging.h"

#include <QCryptographicHash>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>

namespace wechatpay {

namespace {

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s)
        if (!isTokenChar(c))
            return false;
    return true;
}

bool hasLineBreakOrNul(QByteArrayView s)
{
    for (char c : s)
        if (c == '\r' || c == '\n' || c == '\0')
            return true;
    return false;
}

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && qstrnicmp(a.data(), a.size(), b.data(), b.size()) == 0;
}

// The comma-separated elements of a header value, trimmed and lower-cased.
QList<QByteArray> listElements(QByteArrayView value)
{
    QList<QByteArray> out;
    for (const QByteArray &part : value.toByteArray().split(',')) {
        const QByteArray t = part.trimmed().toLower();
        if (!t.isEmpty())
            out << t;
    }
    return out;
}

} // namespace

// ------------------------------------------------------------------------- parser

QByteArray HttpResponseParser::header(QByteArrayView name) const
{
    for (const HttpHeader &h : m_headers)
        if (equalsIgnoringCase(h.name, name))
            return h.value;
    return {};
}

HttpResponseParser::Result HttpResponseParser::fail(const QString &why)
{
    m_state = State::Error;
    m_error = why;
    m_buffer.clear();
    return Result::Error;
}

HttpResponseParser::Result HttpResponseParser::feed(QByteArrayView data)
{
    if (m_state == State::Error)
        return Result::Error;
    if (data.isEmpty())
        return m_state == State::Done ? Result::Done : Result::NeedMore;
    m_receivedAnything = true;
    if (m_state == State::Done) {
        m_extraBytes = true;
        return Result::Done;
    }
    m_buffer.append(data.data(), data.size());
    for (;;) {
        const State before = m_state;
        const qsizetype left = m_buffer.size();
        const Result r = step();
        if (r != Result::NeedMore)
            return r;
        if (m_state == before && m_buffer.size() == left)
            return Result::NeedMore;  // no progress without more bytes
    }
}

HttpResponseParser::Result HttpResponseParser::finish()
{
    if (m_state == State::UntilClose) {
        m_state = State::Done;
        m_keepAlive = false;
        return Result::Done;
    }
    if (m_state == State::Done)
        return Result::Done;
    if (m_state == State::Error)
        return Result::Error;
    return fail(m_receivedAnything ? QStringLiteral("the connection closed before the whole answer arrived")
                                   : QStringLiteral("the connection closed without an answer"));
}

bool HttpResponseParser::takeLine(QByteArray *line)
{
    const qsizetype lf = m_buffer.indexOf('\n');
    if (lf < 0)
        return false;
    *line = m_buffer.left(lf);
    if (line->endsWith('\r'))
        line->chop(1);
    m_buffer.remove(0, lf + 1);
    return true;
}

HttpResponseParser::Result HttpResponseParser::step()
{
    switch (m_state) {
    case State::StatusLine:
    case State::Headers:
    case State::Trailers: {
        QByteArray line;
        if (!takeLine(&line)) {
            if (m_headerBytes + m_buffer.size() > m_limits.maxHeaderBytes)
                return fail(QStringLiteral("the answer's headers are too large"));
            return Result::NeedMore;
        }
        m_headerBytes += line.size() + 2;
        if (m_headerBytes > m_limits.maxHeaderBytes)
            return fail(QStringLiteral("the answer's headers are too large"));
        if (line.contains('\r') || line.contains('\0'))
            return fail(QStringLiteral("a control character in the answer's headers"));
        if (m_state == State::StatusLine) {
            // HTTP/1.x SP 3DIGIT [SP reason]
            if (!(line.startsWith("HTTP/1.1 ") || line.startsWith("HTTP/1.0 ")) || line.size() < 12
                || (line.size() > 12 && line.at(12) != ' '))
                return fail(QStringLiteral("not an HTTP/1.x status line"));
            int status = 0;
            for (int i = 9; i < 12; ++i) {
                const char c = line.at(i);
                if (c < '0' || c > '9')
                    return fail(QStringLiteral("not an HTTP/1.x status line"));
                status = status * 10 + (c - '0');
            }
            if (status < 100 || status > 599)
                return fail(QStringLiteral("HTTP status %1 is out of range").arg(status));
            m_status = status;
            m_http11 = line.at(7) == '1';
            m_headers.clear();
            m_state = State::Headers;
            return Result::NeedMore;
        }
        if (line.isEmpty()) {
            if (m_state == State::Trailers) {
                m_state = State::Done;
                if (!m_buffer.isEmpty())
                    m_extraBytes = true;
                return Result::Done;
            }
            return headersComplete();
        }
        if (line.front() == ' ' || line.front() == '\t')
            return fail(QStringLiteral("obsolete header line folding in the answer"));
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon)))
            return fail(QStringLiteral("a malformed header line in the answer"));
        if (m_state == State::Trailers)
            return Result::NeedMore;  // trailer fields are read and dropped
        m_headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
        return Result::NeedMore;
    }
    case State::Body:
    case State::ChunkData:
    case State::UntilClose: {
        if (m_buffer.isEmpty())
            return Result::NeedMore;
        const qsizetype n = m_state == State::UntilClose ? m_buffer.size() : qsizetype(qMin<qint64>(m_remaining, m_buffer.size()));
        if (m_body.size() + n > m_limits.maxBodyBytes)
            return fail(QStringLiteral("the answer's body is too large"));
        if (n == m_buffer.size()) {
            if (m_body.isEmpty())
                m_body.swap(m_buffer);
            else
                m_body.append(m_buffer);
            m_buffer.clear();
        } else {
            m_body.append(m_buffer.constData(), n);
            m_buffer.remove(0, n);
        }
        if (m_state == State::UntilClose)
            return Result::NeedMore;
        m_remaining -= n;
        if (m_remaining > 0)
            return Result::NeedMore;
        if (m_state == State::ChunkData) {
            m_state = State::ChunkDataEnd;
            return Result::NeedMore;
        }
        m_state = State::Done;
        if (!m_buffer.isEmpty())
            m_extraBytes = true;
        return Result::Done;
    }
    case State::ChunkSize:
    case State::ChunkDataEnd: {
        QByteArray line;
        if (!takeLine(&line)) {
            if (m_buffer.size() > 1024)
                return fail(QStringLiteral("a malformed chunk in the answer"));
            return Result::NeedMore;
        }
        if (m_state == State::ChunkDataEnd) {
            if (!line.isEmpty())
                return fail(QStringLiteral("a malformed chunk in the answer"));
            m_state = State::ChunkSize;
            return Result::NeedMore;
        }
        const qsizetype semicolon = line.indexOf(';');
        const QByteArray digits = (semicolon >= 0 ? line.left(semicolon) : line).trimmed();
        if (digits.isEmpty() || digits.size() > 15)
            return fail(QStringLiteral("a malformed chunk in the answer"));
        qint64 size = 0;
        for (char c : digits) {
            int v;
            if (c >= '0' && c <= '9')
                v = c - '0';
            else if (c >= 'a' && c <= 'f')
                v = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                v = c - 'A' + 10;
            else
                return fail(QStringLiteral("a malformed chunk in the answer"));
            size = size * 16 + v;
        }
        if (size == 0) {
            m_state = State::Trailers;
            return Result::NeedMore;
        }
        if (m_body.size() + size > m_limits.maxBodyBytes)
            return fail(QStringLiteral("the answer's body is too large"));
        m_remaining = size;
        m_state = State::ChunkData;
        return Result::NeedMore;
    }
    case State::Done:
        return Result::Done;
    case State::Error:
        return Result::Error;
    }
    return Result::Error;
}

HttpResponseParser::Result HttpResponseParser::headersComplete()
{
    if (m_status >= 100 && m_status < 200) {
        if (m_status == 101)
            return fail(QStringLiteral("the server switched protocols (HTTP 101)"));
        m_state = State::StatusLine;  // an interim answer: the real one follows
        return Result::NeedMore;
    }
    const QList<QByteArray> connection = listElements(header("Connection"));
    m_keepAlive = m_http11 ? !connection.contains("close") : connection.contains("keep-alive");

    const QByteArray contentEncoding = header("Content-Encoding").trimmed().toLower();
    if (!contentEncoding.isEmpty() && contentEncoding != "identity")
        return fail(QStringLiteral("the answer uses Content-Encoding %1, which was not asked for")
                        .arg(QString::fromLatin1(contentEncoding)));

    bool hasTransferEncoding = false;
    QList<QByteArray> codings;
    std::optional<qint64> length;
    for (const HttpHeader &h : std::as_const(m_headers)) {
        if (equalsIgnoringCase(h.name, "Transfer-Encoding")) {
            hasTransferEncoding = true;
            codings += listElements(h.value);
        } else if (equalsIgnoringCase(h.name, "Content-Length")) {
            for (const QByteArray &v : h.value.split(',')) {
                const QByteArray t = v.trimmed();
                if (t.isEmpty() || t.size() > 15)
                    return fail(QStringLiteral("an invalid Content-Length in the answer"));
                qint64 n = 0;
                for (char c : t) {
                    if (c < '0' || c > '9')
                        return fail(QStringLiteral("an invalid Content-Length in the answer"));
                    n = n * 10 + (c - '0');
                }
                if (length && *length != n)
                    return fail(QStringLiteral("conflicting Content-Length values in the answer"));
                length = n;
            }
        }
    }

    if (m_status == 204 || m_status == 304) {
        m_state = State::Done;
        if (!m_buffer.isEmpty())
            m_extraBytes = true;
        return Result::Done;
    }
    if (hasTransferEncoding) {
        if (codings != QList<QByteArray>{"chunked"})
            return fail(QStringLiteral("the answer uses a transfer coding this program does not read"));
        if (length)
            m_keepAlive = false;  // both framings present: trust chunked, then close (RFC 9112 §6.3)
        m_state = State::ChunkSize;
        return Result::NeedMore;
    }
    if (length) {
        if (*length > m_limits.maxBodyBytes)
            return fail(QStringLiteral("the answer's body is too large"));
        m_remaining = *length;
        if (m_remaining == 0) {
            m_state = State::Done;
            if (!m_buffer.isEmpty())
                m_extraBytes = true;
            return Result::Done;
        }
        m_state = State::Body;
        return Result::NeedMore;
    }
    m_keepAlive = false;  // the body ends when the connection does
    m_state = State::UntilClose;
    return Result::NeedMore;
}

// ------------------------------------------------------------------------- request bytes

QByteArray buildHttpRequest(QByteArrayView method, QByteArrayView target, const QUrl &origin,
                            const QList<HttpHeader> &headers, QByteArrayView body, QString *error)
{
    auto refuse = [error](const QString &why) {
        if (error)
            *error = why;
        return QByteArray();
    };
    if (!isToken(method))
        return refuse(QStringLiteral("invalid HTTP method"));
    if (!target.startsWith('/'))
        return refuse(QStringLiteral("the request target must start with /"));
    for (char c : target)
        if (c <= ' ' || c == '\x7f')
            return refuse(QStringLiteral("the request target contains a space or control character"));
    const QByteArray host = origin.authority(QUrl::RemoveUserInfo | QUrl::FullyEncoded).toLatin1();
    if (host.isEmpty() || hasLineBreakOrNul(host))
        return refuse(QStringLiteral("no host to send the request to"));

    QByteArray out;
    out.reserve(256 + target.size() + body.size() + headers.size() * 64);
    out.append(method.data(), method.size()).append(' ').append(target.data(), target.size()).append(" HTTP/1.1\r\nHost: ");
    out.append(host).append("\r\n");
    for (const HttpHeader &h : headers) {
        if (!isToken(h.name))
            return refuse(QStringLiteral("invalid header name %1").arg(QString::fromLatin1(h.name)));
        if (equalsIgnoringCase(h.name, "Host") || equalsIgnoringCase(h.name, "Content-Length")
            || equalsIgnoringCase(h.name, "Transfer-Encoding"))
            return refuse(QStringLiteral("header %1 is set by the transport").arg(QString::fromLatin1(h.name)));
        if (hasLineBreakOrNul(h.value))
            return refuse(QStringLiteral("header %1 contains a line break").arg(QString::fromLatin1(h.name)));
        out.append(h.name).append(": ").append(h.value).append("\r\n");
    }
    if (!body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH")
        out.append("Content-Length: ").append(QByteArray::number(body.size())).append("\r\n");
    out.append("\r\n").append(body.data(), body.size());
    return out;
}

// ------------------------------------------------------------------------- connections

class HttpConnection final : public QObject
{
public:
    HttpConnection(HttpConnectionPool *pool, QByteArray originKey, bool useTls)
        : QObject(pool), m_pool(pool), key(std::move(originKey)), tls(useTls)
    {
    }

    HttpConnectionPool *m_pool;
    QByteArray key;
    bool tls;
    QTcpSocket *socket = nullptr;
    bool ready = false;  // connected (and, for https, encrypted)
    bool dead = false;
    QElapsedTimer idleSince;
    QPointer<HttpExchange> exchange;

    void open(const HttpRequest &request);
    void write();
    void onReadyRead();
    void onDropped();
};

namespace {

QByteArray connectionKey(const HttpRequest &r)
{
    QByteArray key = r.url.scheme().toLatin1() + "://" + r.url.host(QUrl::FullyEncoded).toLatin1() + ':'
        + QByteArray::number(r.url.port(r.url.scheme() == QLatin1String("https") ? 443 : 80));
    if (!r.extraCaCertificates.isEmpty()) {
        QCryptographicHash h(QCryptographicHash::Sha256);
        for (const QSslCertificate &c : r.extraCaCertificates)
            h.addData(c.toDer());
        key += '#' + h.result().toHex();
    }
    return key;
}

} // namespace

void HttpConnection::open(const HttpRequest &request)
{
    const QString host = request.url.host();
    if (tls) {
        auto *ssl = new QSslSocket(this);
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        if (!request.extraCaCertificates.isEmpty())
            config.addCaCertificates(request.extraCaCertificates);
        config.setPeerVerifyMode(QSslSocket::VerifyPeer);  // TLS errors are never ignored
        ssl->setSslConfiguration(config);
        socket = ssl;
        connect(ssl, &QSslSocket::encrypted, this, [this] {
            ready = true;
            write();
        });
    } else {
        socket = new QTcpSocket(this);
        connect(socket, &QTcpSocket::connected, this, [this] {
            ready = true;
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            write();
        });
    }
    connect(socket, &QTcpSocket::readyRead, this, [this] { onReadyRead(); });
    connect(socket, &QTcpSocket::bytesWritten, this, [this](qint64 n) {
        if (!exchange)
            return;
        exchange->m_written += n;
        if (exchange->m_written >= exchange->m_wire.size() && !exchange->m_requestSent) {
            exchange->m_requestSent = true;
            Q_EMIT exchange->requestSent();
        }
    });
    connect(socket, &QTcpSocket::disconnected, this, [this] { onDropped(); });
    connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) { onDropped(); });
    const quint16 port = quint16(request.url.port(tls ? 443 : 80));
    if (tls)
        static_cast<QSslSocket *>(socket)->connectToHostEncrypted(host, port);
    else
        socket->connectToHost(host, port);
}

void HttpConnection::write()
{
    if (exchange && ready && !dead)
        socket->write(exchange->m_wire);
}

void HttpConnection::onReadyRead()
{
    if (dead)
        return;
    const QByteArray data = socket->readAll();
    if (!exchange) {
        qCDebug(lcWechatpay) << "unexpected bytes on an idle connection; closing it";
        m_pool->discard(this);
        return;
    }
    HttpExchange *ex = exchange;
    switch (ex->m_parser.feed(data)) {
    case HttpResponseParser::Result::NeedMore:
        return;
    case HttpResponseParser::Result::Done:
        ex->m_requestSent = true;  // the server answered it
        exchange = nullptr;
        ex->m_connection = nullptr;
        // An answer that came before the whole request was written (an early 413, say) leaves the
        // rest of our request in flight: the server would read it as the start of the next one.
        if (ex->m_parser.keepAlive() && socket->state() == QAbstractSocket::ConnectedState
            && ex->m_written >= ex->m_wire.size())
            m_pool->release(this);
        else
            m_pool->discard(this);
        m_pool->finishExchange(ex);
        return;
    case HttpResponseParser::Result::Error:
        ex->m_failure = HttpExchange::Failure::Protocol;
        ex->m_errorString = ex->m_parser.errorString();
        ex->m_requestSent = true;
        exchange = nullptr;
        ex->m_connection = nullptr;
        m_pool->discard(this);
        m_pool->finishExchange(ex);
        return;
    }
}

void HttpConnection::onDropped()
{
    if (dead)
        return;
    // Bytes that arrived with the close are still to be read.
    if (exchange && socket->bytesAvailable() > 0)
        onReadyRead();
    if (dead)
        return;
    HttpExchange *ex = exchange;
    const QAbstractSocket::SocketError error = socket->error();
    const QString errorString = socket->errorString();
    const bool wasReady = ready;
    exchange = nullptr;
    m_pool->discard(this);
    if (!ex)
        return;  // an idle connection the server closed
    ex->m_connection = nullptr;
    if (wasReady && ex->m_parser.finish() == HttpResponseParser::Result::Done) {
        ex->m_requestSent = true;
        m_pool->finishExchange(ex);
        return;
    }
    if (!wasReady) {
        ex->m_failure = (tls && error == QAbstractSocket::SslHandshakeFailedError) ? HttpExchange::Failure::TlsFailed
                                                                                   : HttpExchange::Failure::ConnectFailed;
        ex->m_errorString = errorString;
        m_pool->finishExchange(ex);
        return;
    }
    ex->m_failure = HttpExchange::Failure::Closed;
    ex->m_errorString = error == QAbstractSocket::RemoteHostClosedError || errorString.isEmpty()
        ? ex->m_parser.errorString()
        : errorString;
    m_pool->finishExchange(ex);
}

// ------------------------------------------------------------------------- exchange and pool

HttpExchange::~HttpExchange()
{
    if (m_connection && m_pool)
        m_pool->discard(m_connection);
}

void HttpExchange::abort()
{
    if (m_finished)
        return;
    if (m_finishQueued) {  // the answer is complete; only its delivery was pending
        m_finished = true;
        Q_EMIT finished();
        return;
    }
    m_failure = Failure::Aborted;
    m_errorString = QStringLiteral("the request was cancelled");
    if (m_connection && m_pool)
        m_pool->discard(m_connection);
    m_connection = nullptr;
    m_finished = true;
    Q_EMIT finished();
}

HttpConnectionPool::~HttpConnectionPool()
{
    for (HttpConnection *c : findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly)) {
        c->dead = true;
        if (c->socket)
            QObject::disconnect(c->socket, nullptr, c, nullptr);
    }
}

int HttpConnectionPool::idleConnections() const
{
    return int(m_idle.size());
}

HttpExchange *HttpConnectionPool::send(HttpRequest request)
{
    auto *ex = new HttpExchange(this);
    QString error;
    ex->m_wire = buildHttpRequest(request.method, request.target, request.url, request.headers, request.body, &error);
    ex->m_request = std::move(request);
    const QString scheme = ex->m_request.url.scheme();
    if (ex->m_wire.isEmpty() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        ex->m_failure = HttpExchange::Failure::Protocol;
        ex->m_errorString = error.isEmpty() ? QStringLiteral("only http and https are supported") : error;
        finishExchange(ex);
        return ex;
    }
    start(ex, !ex->m_request.freshConnection);
    return ex;
}

void HttpConnectionPool::start(HttpExchange *ex, bool allowReuse)
{
    const QByteArray key = connectionKey(ex->m_request);
    ex->m_parser = HttpResponseParser();
    ex->m_written = 0;
    while (allowReuse) {
        HttpConnection *idle = nullptr;
        for (HttpConnection *c : std::as_const(m_idle))
            if (c->key == key) {
                idle = c;
                break;
            }
        if (!idle)
            break;
        m_idle.removeOne(idle);
        if (idle->dead || idle->socket->state() != QAbstractSocket::ConnectedState || idle->socket->bytesAvailable() > 0
            || idle->idleSince.elapsed() >= m_idleTimeoutMs) {
            discard(idle);
            continue;
        }
        ex->m_reused = true;
        ex->m_connection = idle;
        idle->exchange = ex;
        idle->write();
        return;
    }
    ex->m_reused = false;
    auto *c = new HttpConnection(this, key, ex->m_request.url.scheme() == QLatin1String("https"));
    ++m_opened;
    ex->m_connection = c;
    c->exchange = ex;
    c->open(ex->m_request);
}

void HttpConnectionPool::release(HttpConnection *c)
{
    c->exchange = nullptr;
    c->idleSince.start();
    m_idle.append(c);
    while (m_idle.size() > m_maxIdle)
        discard(m_idle.first());
}

void HttpConnectionPool::discard(HttpConnection *c)
{
    if (c->dead)
        return;
    c->dead = true;
    m_idle.removeOne(c);
    if (c->exchange)
        c->exchange->m_connection = nullptr;
    c->exchange = nullptr;
    if (c->socket) {
        QObject::disconnect(c->socket, nullptr, c, nullptr);
        c->socket->abort();
    }
    c->deleteLater();
}

// Delivered from the event loop, never from inside a socket's signal: whoever handles finished()
// may delete the exchange, the client or this pool.
void HttpConnectionPool::finishExchange(HttpExchange *ex)
{
    if (ex->m_finished || ex->m_finishQueued)
        return;
    ex->m_finishQueued = true;
    QMetaObject::invokeMethod(
        ex,
        [ex] {
            if (ex->m_finished)
                return;
            ex->m_finished = true;
            Q_EMIT ex->finished();
        },
        Qt::QueuedConnection);
}

} // namespace wechatpay
