// A real HTTP/HTTPS proxy for tests: tinyproxy (Debian `tinyproxy`, installed by scripts/setup-deps.sh)
// started in the foreground on a free loopback port, allowed to CONNECT to one target port, logging
// every tunnel. Stopped (and its files removed) with the object.
#pragma once

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

namespace testsupport {

class TinyProxy
{
public:
    static QString executable() { return QStandardPaths::findExecutable(QStringLiteral("tinyproxy")); }

    // `basicAuth` "user password" makes the proxy ask for those credentials (407 otherwise).
    bool start(quint16 connectPort, const QString &basicAuth = {})
    {
        if (executable().isEmpty() || !m_dir.isValid())
            return false;
        {
            QTcpServer probe; // a free port, given back at once
            if (!probe.listen(QHostAddress::LocalHost))
                return false;
            m_port = probe.serverPort();
        }
        QFile conf(m_dir.filePath(QStringLiteral("tinyproxy.conf")));
        if (!conf.open(QIODevice::WriteOnly))
            return false;
        QByteArray text = "Port " + QByteArray::number(m_port)
            + "\nListen 127.0.0.1\nTimeout 30\n"
              "Allow 127.0.0.1\nConnectPort "
            + QByteArray::number(connectPort)
            + "\nMaxClients 20\n"
              "LogFile \""
            + logPath().toUtf8() + "\"\nLogLevel Connect\n";
        if (!basicAuth.isEmpty())
            text += "BasicAuth " + basicAuth.toUtf8() + "\n";
        conf.write(text);
        conf.close();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(executable(), { QStringLiteral("-d"), QStringLiteral("-c"), conf.fileName() });
        if (!m_process.waitForStarted(5000))
            return false;
        for (int i = 0; i < 100; ++i) { // listening within ~5 s
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, m_port);
            if (s.waitForConnected(100))
                return true;
            QTest::qWait(50);
        }
        return false;
    }
    void stop()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(3000))
                m_process.kill();
            m_process.waitForFinished(3000);
        }
    }
    ~TinyProxy() { stop(); }

    quint16 port() const { return m_port; }
    QString logPath() const { return m_dir.filePath(QStringLiteral("tinyproxy.log")); }
    QByteArray log() const
    {
        QFile f(logPath());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace testsupport
