// Test support: a tiny HTTP/1.1 server on 127.0.0.1 that records each request and answers from a
// script. Real sockets, so the client's bytes on the wire are what the tests check.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

#include <functional>

namespace testsupport {

struct RecordedRequest
{
    QByteArray method;
    QByteArray target; // request target exactly as received
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QByteArray header(const char *name) const { return headers.value(QByteArray(name).toLower()); }
};

// What to do with one request.
struct Reply
{
    enum class Action { Respond, Hang, Close };
    Action action = Action::Respond;
    QByteArray raw; // full HTTP response bytes for Respond
    bool closeAfter = false; // close the connection right after writing (truncated answers)

    static Reply hang() { return { Action::Hang, {}, false }; }
    static Reply close() { return { Action::Close, {}, false }; }
    static Reply bytes(const QByteArray &raw, bool closeAfter = false)
    {
        return { Action::Respond, raw, closeAfter };
    }
    static Reply http(int status, const QByteArray &body,
        const QList<QPair<QByteArray, QByteArray>> &headers = {}, qsizetype announcedLength = -1)
    {
        QByteArray r = "HTTP/1.1 " + QByteArray::number(status) + " X\r\n";
        r += "Content-Type: application/json; charset=utf-8\r\n";
        r += "Content-Length: " + QByteArray::number(announcedLength >= 0 ? announcedLength : body.size())
            + "\r\n";
        for (const auto &h : headers)
            r += h.first + ": " + h.second + "\r\n";
        r += "\r\n";
        r += body;
        return { Action::Respond, r, false };
    }
};

class ScriptedServer
{
public:
    using Handler = std::function<Reply(const RecordedRequest &)>;

    ScriptedServer()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                ++m_accepted;
                QObject::connect(s, &QTcpSocket::readyRead, s, [this, s] { onData(s); });
                QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(port()); }
    void close() { m_server.close(); }
    void setHandler(Handler h) { m_handler = std::move(h); }
    const QList<RecordedRequest> &requests() const { return m_requests; }
    int connectionsAccepted() const { return m_accepted; }

private:
    void onData(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        for (;;) {
            const qsizetype end = buf.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            RecordedRequest req;
            const QList<QByteArray> lines = buf.left(end).split('\n');
            const QList<QByteArray> first = lines.first().trimmed().split(' ');
            if (first.size() >= 2) {
                req.method = first.at(0);
                req.target = first.at(1);
            }
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines.at(i).indexOf(':');
                if (colon > 0)
                    req.headers.insert(
                        lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
            }
            const qsizetype length = req.headers.value("content-length", "0").toLongLong();
            if (buf.size() < end + 4 + length)
                return;
            req.body = buf.mid(end + 4, length);
            buf.remove(0, end + 4 + length);
            m_requests.append(req);
            const Reply reply = m_handler ? m_handler(req) : Reply::http(200, "{}");
            if (reply.action == Reply::Action::Close) {
                s->abort();
                return;
            }
            if (reply.action == Reply::Action::Respond) {
                s->write(reply.raw);
                s->flush();
                if (reply.closeAfter) {
                    s->disconnectFromHost();
                    return;
                }
            }
        }
    }

    QTcpServer m_server;
    Handler m_handler;
    QList<RecordedRequest> m_requests;
    int m_accepted = 0;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace testsupport
