// Test support: runs a program (coupondesk-cli) while this process's event loop keeps going, so an
// in-process simulator goes on answering it. Waiting is QSignalSpy::wait, never a sleep.
#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QStringList>

namespace testsupport {

struct CliRun
{
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::NormalExit;
    QByteArray out;
    QByteArray err;

    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    // One JSON object per line (--json results), blank lines left out.
    QList<QJsonObject> lines() const
    {
        QList<QJsonObject> l;
        for (const QByteArray &line : out.split('\n'))
            if (!line.trimmed().isEmpty())
                l << QJsonDocument::fromJson(line).object();
        return l;
    }
    QJsonObject summary() const
    {
        const QList<QJsonObject> l = lines();
        return l.isEmpty() ? QJsonObject() : l.last();
    }
};

// env: "NAME=value" entries added to this process's environment.
inline CliRun runProgram(
    const QString &program, const QStringList &args, const QStringList &env = {}, int timeoutMs = 120000)
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const QString &kv : env)
        e.insert(kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1));
    p.setProcessEnvironment(e);
    QSignalSpy done(&p, &QProcess::finished);
    p.start(program, args);
    if (!done.wait(timeoutMs))
        qFatal("%s did not finish", qPrintable(program));
    return { p.exitCode(), p.exitStatus(), p.readAllStandardOutput(), p.readAllStandardError() };
}

} // namespace testsupport
