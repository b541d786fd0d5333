// The simulator's HTTP/1.1 layer. A QAbstractHttpServer subclass that never uses QHttpServerResponder
// (Qt 6.4.2 writes late replies to freed sockets through it): the handler gets a QPointer to the
// socket and answers whenever it likes — now, later, never — with raw bytes written only while the
// socket is still connected.
//
// The request target is captured byte for byte as it arrived (QHttpServerRequest::url() is a
// normalised QUrl): WeChat Pay verifies the signature over the target it received, and so do we.
#pragma once

#include "wechatpay/result.h"

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QSslConfiguration>
#include <QTcpSocket>

#include <functional>
#include <memory>
#include <optional>

namespace sim {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

struct IncomingRequest
{
    QByteArray method; // upper case, as sent
    QByteArray target; // raw request target: path and ?query exactly as received
    QByteArray path; // target up to '?'
    QByteArray query; // after '?', raw
    HeaderList headers;
    QByteArray body;
    QHostAddress peer;
    bool closeRequested = false; // "Connection: close"

    QByteArray header(QByteArrayView name) const; // first value, case-insensitive name; empty if absent
    bool hasHeader(QByteArrayView name) const;
};

struct OutgoingResponse
{
    int status = 200;
    HeaderList headers; // besides Content-Length, Content-Type, Connection, Date (added when writing)
    QByteArray body;
    QByteArray contentType = "application/json; charset=utf-8";
    std::optional<qsizetype> sendOnly; // write only this many body bytes, then close (truncation)
};

// Connection behaviour, changeable while the server runs (shared with the listening server and every
// connection's watch, which may outlive the RawHttpServer object by a few events).
struct ConnectionPolicy
{
    int connectDelayMs = 0; // a new connection waits this long before its first byte is processed
    int idleTimeoutSecs = 0; // close a kept-alive connection idle this long; 0: never
};

QByteArray reasonPhrase(int status);
QByteArray serializeHead(const OutgoingResponse &response, bool keepAlive);

class RawHttpServer final : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<void(const IncomingRequest &, QPointer<QTcpSocket>)>;

    explicit RawHttpServer(Handler handler, QObject *parent = nullptr);

    // Listens on `address:port` (HTTPS when `ssl` is given); returns the port.
    wechatpay::Result<quint16> listen(
        const QHostAddress &address, quint16 port, const std::optional<QSslConfiguration> &ssl);

    // Writes the response if the socket is still connected; closes it afterwards when the client
    // asked for that, or when the body is truncated. Returns false when nothing could be written.
    static bool write(const QPointer<QTcpSocket> &socket, const OutgoingResponse &response, bool keepAlive);
    // Closes the connection without an answer.
    static void drop(const QPointer<QTcpSocket> &socket);

    // Applies to connections accepted (TLS: handshake finished) from now on.
    void setConnectDelayMs(int ms);
    // Applies at once: open idle connections count their idle time again from now.
    void setIdleTimeoutSecs(int secs);
    // Connections being served: accepted (TLS: handshake done), past the connect delay, not closed.
    int openConnections() const;
    // Connections accepted but not served yet: in the TLS handshake or waiting out the connect delay.
    int waitingConnections() const;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Handler m_handler;
    std::shared_ptr<ConnectionPolicy> m_policy;
};

} // namespace sim
