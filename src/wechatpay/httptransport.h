// A lean HTTP/1.1 client for the one kind of exchange this program makes: a small signed request,
// a small JSON answer. Keep-alive connections on QTcpSocket (http, loopback only) or QSslSocket
// (https, peer always verified), driven by the caller's event loop — no helper thread.
//
// Why not QNetworkAccessManager (which earlier versions used): on Qt 6.4 it reads the answer's
// status line and headers one byte per read() over plain sockets (~800 system calls per WeChat Pay
// answer), hands every step between its own thread and ours, and silently re-sends a POST after a
// dropped connection (with the same nonce and signature). Measured by tests/bench/redeem_bench, the
// protocol layer went from 1.1–2.2 ms to 0.43–0.50 ms of CPU per redemption. What we send and believe is unchanged:
// signing and verification sit above this layer (httpclient.h).
//
// The response parser is a pure, incremental function of the bytes (fuzzed in tests/fuzz).
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

class QTcpSocket;

namespace wechatpay {

struct HttpHeader {
    QByteArray name;
    QByteArray value;
};

// Parses one HTTP/1.x response from a byte stream: status line, headers, then a body framed by
// Content-Length, chunked transfer coding, or the end of the connection. 1xx interim answers are
// skipped. Refuses (Error) anything it cannot frame exactly: bad status line, obsolete header
// folding, conflicting lengths, unknown transfer or content codings, oversize headers or body.
class HttpResponseParser
{
public:
    enum class Result { NeedMore, Done, Error };
    struct Limits {
        qsizetype maxHeaderBytes = 64 * 1024;
        qsizetype maxBodyBytes = 16 * 1024 * 1024;
    };

    HttpResponseParser() = default;
    explicit HttpResponseParser(Limits limits) : m_limits(limits) { }

    // Feeds the next bytes. After Done, further bytes make the connection unusable (extraBytes()).
    Result feed(QByteArrayView data);
    // The peer closed the connection: Done when the body was delimited by the close, else Error.
    Result finish();

    bool receivedAnything() const { return m_receivedAnything; }
    bool isDone() const { return m_state == State::Done; }
    int status() const { return m_status; }
    const QList<HttpHeader> &headers() const { return m_headers; }
    QByteArray header(QByteArrayView name) const;  // first value, case-insensitive name; empty if absent
    const QByteArray &body() const { return m_body; }
    bool keepAlive() const { return m_keepAlive && !m_extraBytes; }
    bool extraBytes() const { return m_extraBytes; }
    const QString &errorString() const { return m_error; }

private:
    enum class State { StatusLine, Headers, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, UntilClose, Done, Error };
    Result fail(const QString &why);
    Result step();
    bool takeLine(QByteArray *line);
    Result headersComplete();

    Limits m_limits;
    State m_state = State::StatusLine;
    QByteArray m_buffer;  // unconsumed bytes
    qsizetype m_headerBytes = 0;
    int m_status = 0;
    bool m_http11 = true;
    bool m_keepAlive = true;
    bool m_receivedAnything = false;
    bool m_extraBytes = false;
    QList<HttpHeader> m_headers;
    QByteArray m_body;
    qint64 m_remaining = 0;  // Body: bytes left; ChunkData: bytes left in this chunk
    QString m_error;
};

// Builds the bytes of one request. Fails (empty result, *error set) when a header name or value
// would break the framing (line breaks, NUL, a colon in a name).
QByteArray buildHttpRequest(QByteArrayView method, QByteArrayView target, const QUrl &origin,
                            const QList<HttpHeader> &headers, QByteArrayView body, QString *error);

struct HttpRequest {
    QUrl url;                 // scheme, host and port are used; the target is `target`
    QByteArray method;
    QByteArray target;        // origin-form: percent-encoded path + "?query"
    QList<HttpHeader> headers;  // Host and Content-Length are added
    QByteArray body;
    QList<QSslCertificate> extraCaCertificates;  // https: trusted besides the system store
    bool freshConnection = false;  // never reuse an idle connection for this one
};

class HttpConnectionPool;

// One request and its answer. Owned by the caller; deleting it aborts the exchange.
class HttpExchange final : public QObject
{
    Q_OBJECT
public:
    enum class Failure {
        None,
        ConnectFailed,  // no connection was made (refused, unknown host, unreachable): nothing was sent
        TlsFailed,      // the TLS handshake failed (certificate not trusted, …): nothing was sent
        Closed,         // the connection ended before the whole answer arrived
        Protocol,       // the answer could not be framed, or the request could not be built
        Aborted,        // abort() was called
    };

    ~HttpExchange() override;

    bool isFinished() const { return m_finished; }
    Failure failure() const { return m_failure; }
    const QString &errorString() const { return m_errorString; }
    bool isRequestSent() const { return m_requestSent; }
    int status() const { return m_parser.status(); }
    QByteArray header(QByteArrayView name) const { return m_parser.header(name); }
    const QByteArray &body() const { return m_parser.body(); }
    bool reusedConnection() const { return m_reused; }
    bool answerBegan() const { return m_parser.receivedAnything(); }

    // Ends the exchange at once (finished() is emitted before this returns) and closes its connection.
    void abort();

Q_SIGNALS:
    void requestSent();  // every byte of the request has left this program
    void finished();

private:
    friend class HttpConnectionPool;
    friend class HttpConnection;
    explicit HttpExchange(HttpConnectionPool *pool) : m_pool(pool) { }

    QPointer<HttpConnectionPool> m_pool;
    QPointer<class HttpConnection> m_connection;
    HttpRequest m_request;
    QByteArray m_wire;
    qint64 m_written = 0;
    HttpResponseParser m_parser;
    Failure m_failure = Failure::None;
    QString m_errorString;
    bool m_requestSent = false;
    bool m_finished = false;
    bool m_finishQueued = false;
    bool m_reused = false;
};

// Opens, reuses and closes connections. A connection returns to the pool after a complete answer
// that allows keep-alive; an idle connection is dropped after idleTimeoutMs or when the server
// closes it. Nothing is ever resent here: when a REUSED connection closes before a byte of the
// answer (the server closed an idle connection as we wrote: the keep-alive race) the exchange
// fails with reusedConnection() && !answerBegan(), and the caller decides (ApiClient re-signs and
// sends once more on a fresh connection).
class HttpConnectionPool final : public QObject
{
    Q_OBJECT
public:
    explicit HttpConnectionPool(QObject *parent = nullptr) : QObject(parent) { }
    ~HttpConnectionPool() override;

    // Starts the exchange; the caller owns the result (finished() is always emitted, never inside send()).
    HttpExchange *send(HttpRequest request);

    void setIdleTimeoutMs(int ms) { m_idleTimeoutMs = ms; }
    void setMaxIdleConnections(int n) { m_maxIdle = n; }
    int connectionsOpened() const { return m_opened; }
    int idleConnections() const;

private:
    friend class HttpConnection;
    friend class HttpExchange;
    void start(HttpExchange *exchange, bool allowReuse);
    void release(HttpConnection *connection);  // back to idle, or closed
    void discard(HttpConnection *connection);
    void finishExchange(HttpExchange *exchange);

    QList<HttpConnection *> m_idle;
    int m_idleTimeoutMs = 20000;
    int m_maxIdle = 8;
    int m_opened = 0;
};

} // namespace wechatpay
