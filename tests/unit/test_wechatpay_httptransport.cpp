// The HTTP/1.1 transport: the response parser byte by byte (pure), the request bytes, and the
// connection pool over real loopback sockets (keep-alive, never a resend, failures).
#include "scriptedserver.h"

#include "wechatpay/httptransport.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace wechatpay;
using testsupport::RecordedRequest;
using testsupport::Reply;
using testsupport::ScriptedServer;
using Result = HttpResponseParser::Result;

namespace {

// Feeds `wire` in pieces of `piece` bytes (0: all at once) and returns the last result.
Result feedInPieces(HttpResponseParser &p, const QByteArray &wire, qsizetype piece)
{
    if (piece <= 0)
        return p.feed(wire);
    Result r = Result::NeedMore;
    for (qsizetype i = 0; i < wire.size() && r == Result::NeedMore; i += piece)
        r = p.feed(QByteArrayView(wire).sliced(i, qMin(piece, wire.size() - i)));
    return r;
}

const QByteArray kSigned = "HTTP/1.1 200 OK\r\n"
                           "Server: nginx\r\n"
                           "Content-Type: application/json; charset=utf-8\r\n"
                           "Wechatpay-Nonce: abc\r\n"
                           "wechatpay-timestamp: 1700000000\r\n"
                           "Content-Length: 16\r\n"
                           "\r\n"
                           "{\"state\":\"USED\"}";

} // namespace

class TestWechatpayHttpTransport : public QObject
{
    Q_OBJECT

private:
    HttpRequest request(const ScriptedServer &server, const QByteArray &body = "{}")
    {
        HttpRequest r;
        r.url = QUrl(server.baseUrl());
        r.method = "POST";
        r.target = "/v3/marketing/busifavor/coupons/use";
        r.headers = {{"Content-Type", "application/json"}};
        r.body = body;
        return r;
    }

    // Sends and waits; the exchange is owned by the returned pointer.
    std::unique_ptr<HttpExchange> run(HttpConnectionPool &pool, HttpRequest r)
    {
        std::unique_ptr<HttpExchange> ex(pool.send(std::move(r)));
        QSignalSpy done(ex.get(), &HttpExchange::finished);
        if (!ex->isFinished() && !done.wait(10000))
            qFatal("the exchange never finished");
        return ex;
    }

private Q_SLOTS:
    // ------------------------------------------------------------ parser
    void parsesWhateverTheSplit_data()
    {
        QTest::addColumn<qsizetype>("piece");
        for (qsizetype piece : {0, 1, 2, 3, 7, 64})
            QTest::addRow("pieces of %d", int(piece)) << piece;
    }
    void parsesWhateverTheSplit()
    {
        QFETCH(qsizetype, piece);
        HttpResponseParser p;
        QCOMPARE(feedInPieces(p, kSigned, piece), Result::Done);
        QCOMPARE(p.status(), 200);
        QCOMPARE(p.body(), QByteArray("{\"state\":\"USED\"}"));
        QCOMPARE(p.header("Wechatpay-Timestamp"), QByteArray("1700000000"));  // names compare case-insensitively
        QCOMPARE(p.header("WECHATPAY-NONCE"), QByteArray("abc"));
        QCOMPARE(p.header("Content-Type"), QByteArray("application/json; charset=utf-8"));
        QVERIFY(p.header("Request-ID").isEmpty());
        QVERIFY(p.keepAlive());
        QVERIFY(p.receivedAnything());
    }

    void chunkedBodyWithExtensionsAndTrailers_data()
    {
        QTest::addColumn<qsizetype>("piece");
        for (qsizetype piece : {0, 1, 5})
            QTest::addRow("pieces of %d", int(piece)) << piece;
    }
    void chunkedBodyWithExtensionsAndTrailers()
    {
        QFETCH(qsizetype, piece);
        const QByteArray wire = "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n"
                                "5;ext=1\r\n{\"cod\r\n"
                                "A\r\ne\":\"PARAM_\r\n"
                                "6\r\nERROR\"\r\n"
                                "1\r\n}\r\n"
                                "0\r\nX-Trailer: t\r\n\r\n";
        HttpResponseParser p;
        QCOMPARE(feedInPieces(p, wire, piece), Result::Done);
        QCOMPARE(p.status(), 400);
        QCOMPARE(p.body(), QByteArray("{\"code\":\"PARAM_ERROR\"}"));
        QVERIFY(p.keepAlive());
        QVERIFY(p.header("X-Trailer").isEmpty());  // trailers are not headers
    }

    void bodyUntilCloseIsDoneOnlyAtTheClose()
    {
        HttpResponseParser p;
        QCOMPARE(p.feed("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"a\":"), Result::NeedMore);
        QCOMPARE(p.feed("1}"), Result::NeedMore);
        QCOMPARE(p.finish(), Result::Done);
        QCOMPARE(p.body(), QByteArray("{\"a\":1}"));
        QVERIFY(!p.keepAlive());
    }

    void interimAnswersAreSkipped()
    {
        HttpResponseParser p;
        QCOMPARE(p.feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\n"
                        "HTTP/1.1 204 No Content\r\n\r\n"),
                 Result::Done);
        QCOMPARE(p.status(), 204);
        QVERIFY(p.body().isEmpty());
        QVERIFY(p.header("Link").isEmpty());
        QVERIFY(p.keepAlive());
    }

    void keepAliveRules_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<bool>("keepAlive");
        QTest::newRow("1.1 default") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") << true;
        QTest::newRow("1.1 close") << QByteArray("HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n") << false;
        QTest::newRow("1.1 close in a list") << QByteArray("HTTP/1.1 200 OK\r\nConnection: te, close\r\nContent-Length: 0\r\n\r\n") << false;
        QTest::newRow("1.0 default") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n") << false;
        QTest::newRow("1.0 keep-alive") << QByteArray("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n") << true;
        QTest::newRow("bytes after the answer") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n{}") << false;
        QTest::newRow("chunked and a length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << false;
    }
    void keepAliveRules()
    {
        QFETCH(QByteArray, wire);
        QFETCH(bool, keepAlive);
        HttpResponseParser p;
        QCOMPARE(p.feed(wire), Result::Done);
        QCOMPARE(p.keepAlive(), keepAlive);
    }

    void bytesAfterTheAnswerInALaterPiece()
    {
        HttpResponseParser p;
        QCOMPARE(p.feed("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n{"), Result::Done);
        QVERIFY(p.keepAlive());
        QCOMPARE(p.feed("}"), Result::Done);  // still the same answer …
        QCOMPARE(p.body(), QByteArray("{"));
        QVERIFY(p.extraBytes());  // … but the connection can no longer be trusted
        QVERIFY(!p.keepAlive());
    }

    void refusesWhatItCannotFrame_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QString>("why");
        QTest::newRow("HTTP/2 status line") << QByteArray("HTTP/2 200\r\n\r\n") << QStringLiteral("status line");
        QTest::newRow("garbage") << QByteArray("<html>\r\n") << QStringLiteral("status line");
        QTest::newRow("two-digit status") << QByteArray("HTTP/1.1 20 OK\r\n") << QStringLiteral("status line");
        QTest::newRow("status out of range") << QByteArray("HTTP/1.1 600 X\r\n") << QStringLiteral("out of range");
        QTest::newRow("status glued to reason") << QByteArray("HTTP/1.1 200OK\r\n") << QStringLiteral("status line");
        QTest::newRow("obsolete folding") << QByteArray("HTTP/1.1 200 OK\r\nA: b\r\n c\r\n") << QStringLiteral("folding");
        QTest::newRow("no colon") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length 5\r\n") << QStringLiteral("malformed header");
        QTest::newRow("space before colon") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length : 5\r\n") << QStringLiteral("malformed header");
        QTest::newRow("CR inside a header") << QByteArray("HTTP/1.1 200 OK\r\nA: b\rc\r\n") << QStringLiteral("control character");
        QTest::newRow("conflicting lengths") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n") << QStringLiteral("conflicting");
        QTest::newRow("length list that disagrees") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n") << QStringLiteral("conflicting");
        QTest::newRow("negative length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n") << QStringLiteral("Content-Length");
        QTest::newRow("huge length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n") << QStringLiteral("Content-Length");
        QTest::newRow("gzip transfer coding") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") << QStringLiteral("transfer coding");
        QTest::newRow("compressed body not asked for") << QByteArray("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 1\r\n\r\nx") << QStringLiteral("Content-Encoding");
        QTest::newRow("protocol switch") << QByteArray("HTTP/1.1 101 Switching Protocols\r\n\r\n") << QStringLiteral("switched");
        QTest::newRow("chunk size not hex") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << QStringLiteral("chunk");
        QTest::newRow("chunk size overlong") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF\r\n") << QStringLiteral("chunk");
        QTest::newRow("chunk without its CRLF") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}X\r\n") << QStringLiteral("chunk");
    }
    void refusesWhatItCannotFrame()
    {
        QFETCH(QByteArray, wire);
        QFETCH(QString, why);
        HttpResponseParser p;
        QCOMPARE(p.feed(wire), Result::Error);
        QVERIFY2(p.errorString().contains(why), qPrintable(p.errorString()));
        QCOMPARE(p.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), Result::Error);  // stays refused
        QVERIFY(!p.isDone());
    }

    void limits()
    {
        HttpResponseParser::Limits l;
        l.maxHeaderBytes = 64;
        l.maxBodyBytes = 8;
        HttpResponseParser headers(l);
        QCOMPARE(headers.feed(QByteArray("HTTP/1.1 200 OK\r\nX-Long: " + QByteArray(80, 'a'))), Result::Error);  // no line end yet
        QVERIFY(headers.errorString().contains(QLatin1String("headers are too large")));

        HttpResponseParser declared(l);
        QCOMPARE(declared.feed("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n"), Result::Error);
        HttpResponseParser chunked(l);
        QCOMPARE(chunked.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n12345\r\n4\r\n"), Result::Error);
        HttpResponseParser untilClose(l);
        QCOMPARE(untilClose.feed("HTTP/1.1 200 OK\r\n\r\n12345678"), Result::NeedMore);
        QCOMPARE(untilClose.feed("9"), Result::Error);
        QVERIFY(untilClose.errorString().contains(QLatin1String("body is too large")));
    }

    void closedEarly()
    {
        HttpResponseParser nothing;
        QCOMPARE(nothing.finish(), Result::Error);
        QVERIFY(!nothing.receivedAnything());
        QVERIFY(nothing.errorString().contains(QLatin1String("without an answer")));

        HttpResponseParser midBody;
        QCOMPARE(midBody.feed("HTTP/1.1 200 OK\r\nContent-Length: 16\r\n\r\n{\"state\""), Result::NeedMore);
        QCOMPARE(midBody.finish(), Result::Error);
        QVERIFY(midBody.receivedAnything());
        QVERIFY(midBody.errorString().contains(QLatin1String("before the whole answer")));
    }

    // ------------------------------------------------------------ request bytes
    void requestBytes()
    {
        QString error;
        const QByteArray post = buildHttpRequest("POST", "/v3/x?a=%E5%88%B8", QUrl(QStringLiteral("https://api.mch.weixin.qq.com")),
                                                 {{"Authorization", "WECHATPAY2-SHA256-RSA2048 mchid=\"1\""}, {"Accept", "application/json"}},
                                                 "{\"a\":\"券\"}", &error);
        QCOMPARE(post, QByteArray("POST /v3/x?a=%E5%88%B8 HTTP/1.1\r\n"
                                  "Host: api.mch.weixin.qq.com\r\n"
                                  "Authorization: WECHATPAY2-SHA256-RSA2048 mchid=\"1\"\r\n"
                                  "Accept: application/json\r\n"
                                  "Content-Length: 11\r\n"
                                  "\r\n"
                                  "{\"a\":\"券\"}"));
        QVERIFY(error.isEmpty());
        QCOMPARE(buildHttpRequest("GET", "/v3/y", QUrl(QStringLiteral("http://127.0.0.1:8080")), {}, {}, &error),
                 QByteArray("GET /v3/y HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n"));
        QCOMPARE(buildHttpRequest("POST", "/", QUrl(QStringLiteral("http://[::1]:81")), {}, {}, &error),
                 QByteArray("POST / HTTP/1.1\r\nHost: [::1]:81\r\nContent-Length: 0\r\n\r\n"));
    }

    void requestBytesThatWouldBreakFramingAreRefused_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("line break in a value") << QByteArray("POST") << QByteArray("/") << QByteArray("User-Agent") << QByteArray("a\r\nX-Injected: 1");
        QTest::newRow("NUL in a value") << QByteArray("POST") << QByteArray("/") << QByteArray("User-Agent") << QByteArray("a\0b", 3);
        QTest::newRow("colon in a name") << QByteArray("POST") << QByteArray("/") << QByteArray("A:B") << QByteArray("x");
        QTest::newRow("own Host header") << QByteArray("POST") << QByteArray("/") << QByteArray("host") << QByteArray("evil");
        QTest::newRow("own Content-Length") << QByteArray("POST") << QByteArray("/") << QByteArray("Content-Length") << QByteArray("0");
        QTest::newRow("space in the target") << QByteArray("POST") << QByteArray("/a b") << QByteArray("A") << QByteArray("x");
        QTest::newRow("target not a path") << QByteArray("POST") << QByteArray("http://x/") << QByteArray("A") << QByteArray("x");
        QTest::newRow("method with a space") << QByteArray("PO ST") << QByteArray("/") << QByteArray("A") << QByteArray("x");
    }
    void requestBytesThatWouldBreakFramingAreRefused()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QString error;
        QVERIFY(buildHttpRequest(method, target, QUrl(QStringLiteral("http://127.0.0.1:1")), {{name, value}}, "{}", &error).isEmpty());
        QVERIFY(!error.isEmpty());
    }

    void unbuildableRequestFailsWithoutConnecting()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        HttpConnectionPool pool;
        HttpRequest r = request(server);
        r.headers.append(HttpHeader{"X-Bad", "a\nb"});
        auto ex = run(pool, r);
        QCOMPARE(ex->failure(), HttpExchange::Failure::Protocol);
        QVERIFY(!ex->isRequestSent());
        QCOMPARE(pool.connectionsOpened(), 0);
        QCOMPARE(server.requests().size(), 0);
    }

    // ------------------------------------------------------------ pool over real sockets
    void keepAliveReusesOneConnection()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return Reply::http(200, "{\"ok\":1}"); });
        HttpConnectionPool pool;
        for (int i = 0; i < 5; ++i) {
            auto ex = run(pool, request(server, "{\"n\":" + QByteArray::number(i) + "}"));
            QCOMPARE(ex->failure(), HttpExchange::Failure::None);
            QCOMPARE(ex->status(), 200);
            QCOMPARE(ex->body(), QByteArray("{\"ok\":1}"));
            QVERIFY(ex->isRequestSent());
            QCOMPARE(ex->reusedConnection(), i > 0);
        }
        QCOMPARE(pool.connectionsOpened(), 1);
        QCOMPARE(server.connectionsAccepted(), 1);
        QCOMPARE(server.requests().size(), 5);
        QCOMPARE(server.requests().at(3).body, QByteArray("{\"n\":3}"));
        QCOMPARE(server.requests().at(3).header("content-length"), QByteArray("7"));
        QCOMPARE(server.requests().at(3).header("host"), QByteArray("127.0.0.1:") + QByteArray::number(server.port()));
        QCOMPARE(pool.idleConnections(), 1);
    }

    void concurrentExchangesUseSeparateConnections()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &r) { return Reply::http(200, r.body); });
        HttpConnectionPool pool;
        std::vector<std::unique_ptr<HttpExchange>> all;
        for (int i = 0; i < 3; ++i)
            all.emplace_back(pool.send(request(server, QByteArray::number(i))));
        for (auto &ex : all) {
            QSignalSpy done(ex.get(), &HttpExchange::finished);
            QVERIFY(ex->isFinished() || done.wait(10000));
        }
        for (int i = 0; i < 3; ++i)
            QCOMPARE(all[size_t(i)]->body(), QByteArray::number(i));
        QCOMPARE(pool.connectionsOpened(), 3);
        QCOMPARE(pool.idleConnections(), 3);
        auto again = run(pool, request(server));
        QVERIFY(again->reusedConnection());
        QCOMPARE(pool.connectionsOpened(), 3);
    }

    void connectionCloseIsHonoured()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) {
            return Reply::bytes("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}", true);
        });
        HttpConnectionPool pool;
        QCOMPARE(run(pool, request(server))->failure(), HttpExchange::Failure::None);
        QCOMPARE(pool.idleConnections(), 0);
        auto second = run(pool, request(server));
        QCOMPARE(second->failure(), HttpExchange::Failure::None);
        QVERIFY(!second->reusedConnection());
        QCOMPARE(server.connectionsAccepted(), 2);
    }

    void bodyDelimitedByTheCloseArrives()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return Reply::bytes("HTTP/1.1 500 X\r\n\r\n{\"code\":\"SYSTEM_ERROR\"}", true); });
        HttpConnectionPool pool;
        auto ex = run(pool, request(server));
        QCOMPARE(ex->failure(), HttpExchange::Failure::None);
        QCOMPARE(ex->status(), 500);
        QCOMPARE(ex->body(), QByteArray("{\"code\":\"SYSTEM_ERROR\"}"));
        QCOMPARE(pool.idleConnections(), 0);
    }

    void answerBeforeTheRequestIsWrittenClosesTheConnection()
    {
        // The server answers after the first bytes and reads no more, so most of a 32 MB body
        // (more than loopback's socket buffers hold) is still unwritten when the answer arrives.
        // The answer stands, but the connection must not be kept: the rest of the body would be
        // read as the start of the next request.
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QPointer<QTcpSocket> peer;
        bool answered = false;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            peer = server.nextPendingConnection();
            peer->setReadBufferSize(1024);
            connect(peer, &QTcpSocket::readyRead, peer, [&] {
                if (!answered) {
                    answered = true;
                    peer->write("HTTP/1.1 413 X\r\nContent-Length: 2\r\n\r\n{}");
                }
            });
        });
        HttpConnectionPool pool;
        HttpRequest r;
        r.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort()));
        r.method = "POST";
        r.target = "/v3/marketing/busifavor/coupons/use";
        r.body = QByteArray(32 * 1024 * 1024, 'x');
        auto ex = run(pool, r);
        QCOMPARE(ex->failure(), HttpExchange::Failure::None);
        QCOMPARE(ex->status(), 413);
        QCOMPARE(pool.idleConnections(), 0);
    }

    void keptAliveRaceIsReportedNotResent()
    {
        // The server closes a kept-alive connection as the request goes out: the transport says so
        // (reused, no answer byte) and leaves any resend to the caller, who must sign it anew.
        ScriptedServer server;
        QVERIFY(server.listen());
        int n = 0;
        server.setHandler([&n](const RecordedRequest &) { return ++n == 2 ? Reply::close() : Reply::http(200, "{}"); });
        HttpConnectionPool pool;
        QCOMPARE(run(pool, request(server))->failure(), HttpExchange::Failure::None);
        auto ex = run(pool, request(server));
        QCOMPARE(ex->failure(), HttpExchange::Failure::Closed);
        QVERIFY(ex->reusedConnection());
        QVERIFY(!ex->answerBegan());
        QVERIFY(ex->isRequestSent());
        QCOMPARE(server.requests().size(), 2);
        QCOMPARE(pool.connectionsOpened(), 1);
    }

    void freshConnectionOnRequest()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        HttpConnectionPool pool;
        QCOMPARE(run(pool, request(server))->failure(), HttpExchange::Failure::None);
        QCOMPARE(pool.idleConnections(), 1);
        HttpRequest r = request(server);
        r.freshConnection = true;
        auto ex = run(pool, r);
        QCOMPARE(ex->failure(), HttpExchange::Failure::None);
        QVERIFY(!ex->reusedConnection());
        QCOMPARE(server.connectionsAccepted(), 2);
    }

    void freshConnectionClosedIsNeverResent()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return Reply::close(); });
        HttpConnectionPool pool;
        auto ex = run(pool, request(server));
        QCOMPARE(ex->failure(), HttpExchange::Failure::Closed);
        QVERIFY(ex->isRequestSent());
        QVERIFY(!ex->errorString().isEmpty());
        QCOMPARE(server.requests().size(), 1);
    }

    void closedMidAnswerIsNeverResent()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        int n = 0;
        server.setHandler([&n](const RecordedRequest &) {
            return ++n == 1 ? Reply::http(200, "{}") : Reply::bytes("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"sta", true);
        });
        HttpConnectionPool pool;
        QCOMPARE(run(pool, request(server))->failure(), HttpExchange::Failure::None);
        auto ex = run(pool, request(server));  // on the kept-alive connection, but bytes of an answer came
        QCOMPARE(ex->failure(), HttpExchange::Failure::Closed);
        QVERIFY(ex->reusedConnection());
        QVERIFY(ex->answerBegan());
        QVERIFY(ex->isRequestSent());
        QCOMPARE(server.requests().size(), 2);
    }

    void idleConnectionClosedByTheServerIsDropped()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return Reply::bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", true); });
        HttpConnectionPool pool;
        QCOMPARE(run(pool, request(server))->failure(), HttpExchange::Failure::None);
        QTRY_COMPARE(pool.idleConnections(), 0);  // the server's close arrives while idle
        auto ex = run(pool, request(server));
        QCOMPARE(ex->failure(), HttpExchange::Failure::None);
        QVERIFY(!ex->reusedConnection());
        QCOMPARE(server.requests().size(), 2);
    }

    void idleTimeoutAndIdleLimit()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        HttpConnectionPool pool;
        pool.setIdleTimeoutMs(0);
        QCOMPARE(run(pool, request(server))->failure(), HttpExchange::Failure::None);
        QVERIFY(!run(pool, request(server))->reusedConnection());
        QCOMPARE(pool.connectionsOpened(), 2);

        HttpConnectionPool none;
        none.setMaxIdleConnections(0);
        run(none, request(server));
        QCOMPARE(none.idleConnections(), 0);
        QVERIFY(!run(none, request(server))->reusedConnection());
    }

    void refusedConnectionSentNothing()
    {
        QTcpServer s;
        QVERIFY(s.listen(QHostAddress::LocalHost, 0));
        const quint16 port = s.serverPort();
        s.close();
        HttpConnectionPool pool;
        HttpRequest r;
        r.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        r.method = "POST";
        r.target = "/";
        auto ex = run(pool, r);
        QCOMPARE(ex->failure(), HttpExchange::Failure::ConnectFailed);
        QVERIFY(!ex->isRequestSent());
        QVERIFY(!ex->errorString().isEmpty());
    }

    void abortFinishesAtOnceAndTheConnectionIsNotReused()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        int n = 0;
        server.setHandler([&n](const RecordedRequest &) { return ++n == 2 ? Reply::hang() : Reply::http(200, "{}"); });
        HttpConnectionPool pool;
        QCOMPARE(run(pool, request(server))->failure(), HttpExchange::Failure::None);
        std::unique_ptr<HttpExchange> ex(pool.send(request(server)));
        QSignalSpy sent(ex.get(), &HttpExchange::requestSent);
        QVERIFY(sent.wait(10000));
        QTRY_COMPARE(server.requests().size(), 2);
        QSignalSpy done(ex.get(), &HttpExchange::finished);
        ex->abort();
        QCOMPARE(done.count(), 1);  // synchronously
        QCOMPARE(ex->failure(), HttpExchange::Failure::Aborted);
        ex->abort();
        QCOMPARE(done.count(), 1);  // once
        QCOMPARE(pool.idleConnections(), 0);
        auto next = run(pool, request(server));
        QCOMPARE(next->failure(), HttpExchange::Failure::None);
        QVERIFY(!next->reusedConnection());
    }

    void deletingAnExchangeInFlightIsSafe()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return Reply::hang(); });
        HttpConnectionPool pool;
        HttpExchange *ex = pool.send(request(server));
        QSignalSpy sent(ex, &HttpExchange::requestSent);
        QVERIFY(sent.wait(10000));
        delete ex;
        QCOMPARE(pool.idleConnections(), 0);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);  // the connection goes without touching the exchange
    }

    void finishedIsNeverEmittedInsideSend()
    {
        HttpConnectionPool pool;
        HttpRequest r;
        r.url = QUrl(QStringLiteral("ftp://127.0.0.1/"));
        r.method = "GET";
        r.target = "/";
        std::unique_ptr<HttpExchange> ex(pool.send(r));
        QVERIFY(!ex->isFinished());
        QSignalSpy done(ex.get(), &HttpExchange::finished);
        QVERIFY(done.wait(5000));
        QCOMPARE(ex->failure(), HttpExchange::Failure::Protocol);
    }
};

QTEST_GUILESS_MAIN(TestWechatpayHttpTransport)
#include "test_wechatpay_httptransport.moc"
