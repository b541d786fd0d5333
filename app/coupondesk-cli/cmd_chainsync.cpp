// `chain status` and `chain sync` at a counter (issue 18): where this counter's link to the chain
// database stands, and pushing its waiting rows now, through desk's ChainPusher (the replicator's
// synchronous core). Only what the link needs is read from the settings: the chain section, the
// history file and the counter's id; the WeChat Pay settings may be incomplete.
#include "cli.h"
#include "cmd_chain_p.h"

#include "desk/chainpusher.h"
#include "desk/settings.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonObject>
#include <QTextStream>

using namespace desk;

namespace cli::chain {

namespace {

// A failure of the link on one line: the pusher's message may carry libpq's further lines.
QString firstLine(const QString &message)
{
    return message.section(QLatin1Char('\n'), 0, 0).simplified();
}

// libpq's reason alone: "Connection refused" out of "could not connect to the chain database at H:P:
// connection to server at "H", port P failed: Connection refused[\n]Is the server running…[\n]QPSQL: …".
QString connectReason(const QString &message)
{
    const QLatin1String failed("failed: ");
    const qsizetype at = message.indexOf(failed);
    if (at < 0)
        return firstLine(message);
    QString reason = message.mid(at + failed.size());
    reason = reason.left(reason.indexOf(QLatin1String("QPSQL:"))); // -1: all of it
    reason = firstLine(reason);
    return reason.startsWith(QLatin1String("FATAL: ")) ? reason.mid(7) : reason;
}

int exitForPush(const desk::Error &e)
{
    // Unreachable, refused, or a schema that does not fit: the rows wait for a later try.
    if (e.code == QLatin1String("CHAIN_UNREACHABLE") || e.code == QLatin1String("CHAIN_NEEDS_UPGRADE"))
        return Failed;
    return Config; // settings, a password refused or unreadable, driver, the history file
}

// This counter's settings as far as the link needs them, and a ChainPusher for them.
int counterPusher(const Context &ctx, std::unique_ptr<ChainPusher> &pusher)
{
    QString path;
    if (int rc = settingsPath(ctx, path); rc != Ok)
        return rc;
    const Settings settings = Settings::read(path);
    if (!settings.chain.isEnabled())
        return fail(Config,
            QStringLiteral("settings %1 have no chain section: this counter is on its own").arg(path));
    if (const QList<SettingIssue> issues = settings.chain.validate(); !issues.isEmpty())
        return fail(Config,
            QStringLiteral("settings %1: %2")
                .arg(path, describeIssues(issues).replace(QLatin1Char('\n'), QStringLiteral("; "))));
    // Opening a journal creates the file: a counter that has never run has nothing to push.
    if (!QFileInfo::exists(settings.historyDb))
        return fail(Config,
            QStringLiteral("no history file at %1 (desk/history_db): nothing to push")
                .arg(settings.historyDb));
    const auto secrets = makeSecretStore(QFileInfo(path).absolutePath());
    auto password = readChainPassword(settings.chain, *secrets);
    if (!password)
        return fail(Config, password.error().message);
    pusher = std::make_unique<ChainPusher>(ChainPusherConfig::from(settings, password.value()));
    return Ok;
}

QString timeText(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

QJsonValue timeJson(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODate)) : QJsonValue();
}

bool reached(const ChainStatus &s)
{
    return s.state == ChainStatus::State::Synced || s.state == ChainStatus::State::Waiting
        || (s.state == ChainStatus::State::NeedsUpgrade && s.schemaFound > 0);
}

int runStatus(Context &ctx)
{
    QCommandLineParser p;
    int code = Ok;
    if (!parseChainCommand(p, ctx,
            QStringLiteral(
                "Shows this counter's link to the chain database: the server, whether it can be reached, its "
                "schema version, how many history rows wait to be pushed and since when. Nothing is "
                "pushed.\n\n"
                "Exit status: 0 the server was reached, 1 it cannot be reached or its schema does not fit "
                "(the status is printed all the same), 3 the settings or the history file are unusable, or "
                "the "
                "server refused this counter's login (check chain/password; the status is printed)."),
            code))
        return code;
    std::unique_ptr<ChainPusher> pusher;
    if (int rc = counterPusher(ctx, pusher); rc != Ok)
        return rc;
    auto status = pusher->check();
    if (!status)
        return fail(exitForPush(status.error()), firstLine(status.error().message));
    const ChainStatus &s = status.value();
    const bool ok = s.state == ChainStatus::State::Synced || s.state == ChainStatus::State::Waiting;
    const int failed = s.state == ChainStatus::State::LoginRefused ? Config : Failed;
    QJsonObject json { { QStringLiteral("server"), s.server },
        { QStringLiteral("state"), chainStateName(s.state) }, { QStringLiteral("reachable"), reached(s) },
        { QStringLiteral("schema_version"), s.schemaFound },
        { QStringLiteral("schema_needed"), s.schemaNeeded }, { QStringLiteral("waiting"), s.waiting },
        { QStringLiteral("oldest_waiting"), timeJson(s.oldestWaitingSince) } };
    QStringList lines { QStringLiteral("server          %1").arg(s.server),
        QStringLiteral("state           %1").arg(chainStateName(s.state)),
        QStringLiteral("reachable       %1").arg(reached(s) ? QStringLiteral("yes") : QStringLiteral("no")),
        QStringLiteral("schema version  %1 (this program needs %2)")
            .arg(s.schemaFound ? QString::number(s.schemaFound) : QStringLiteral("unknown"))
            .arg(s.schemaNeeded),
        QStringLiteral("rows waiting    %1").arg(s.waiting) };
    if (s.oldestWaitingSince.isValid())
        lines << QStringLiteral("oldest waiting  %1").arg(timeText(s.oldestWaitingSince));
    if (!s.lastError.isEmpty()) {
        json.insert(QStringLiteral("error"), s.lastError);
        lines << QStringLiteral("error           %1").arg(connectReason(s.lastError));
    }
    printResult(ctx, json, lines.join(QLatin1Char('\n')));
    return ok ? Ok : failed;
}

int runSync(Context &ctx)
{
    QCommandLineParser p;
    int code = Ok;
    if (!parseChainCommand(p, ctx,
            QStringLiteral(
                "Pushes this counter's waiting history rows to the chain database now, in batches, until "
                "none is left. Pushing a row twice is harmless: the server keeps one copy.\n\n"
                "Exit status: 0 nothing is left waiting, 1 the server cannot be reached (or refused, or its "
                "schema does not fit): the rows stay queued and are pushed later, 3 the settings or the "
                "history file are unusable, or the server refused this counter's login (chain/password); "
                "the rows stay queued."),
            code))
        return code;
    std::unique_ptr<ChainPusher> pusher;
    if (int rc = counterPusher(ctx, pusher); rc != Ok)
        return rc;
    auto report = pusher->pushAll();
    if (!report) {
        const ChainStatus s = pusher->status();
        QString reason = firstLine(report.error().message);
        if (report.error().code == QLatin1String("CHAIN_UNREACHABLE"))
            reason = QStringLiteral("cannot reach the chain database %1: %2")
                         .arg(s.server, connectReason(report.error().message));
        if (exitForPush(report.error()) == Failed
            || report.error().code == QLatin1String("CHAIN_LOGIN_REFUSED"))
            reason += QStringLiteral("; %1 rows stay queued").arg(s.waiting);
        return fail(exitForPush(report.error()), reason);
    }
    const ChainSyncReport &r = report.value();
    printResult(ctx,
        QJsonObject { { QStringLiteral("server"), pusher->status().server },
            { QStringLiteral("pushed"), r.pushed }, { QStringLiteral("batches"), r.batches },
            { QStringLiteral("waiting"), r.waiting }, { QStringLiteral("elapsed_ms"), r.elapsedMs } },
        r.pushed == 0 ? QStringLiteral("chain database %1: nothing was waiting").arg(pusher->status().server)
                      : QStringLiteral("chain database %1: pushed %2 rows in %3 batches (%4 ms); %5 waiting")
                            .arg(pusher->status().server)
                            .arg(r.pushed)
                            .arg(r.batches)
                            .arg(r.elapsedMs)
                            .arg(r.waiting));
    if (r.waiting > 0) // others kept writing while it pushed
        return fail(Failed, QStringLiteral("%1 rows are still waiting").arg(r.waiting));
    return Ok;
}

} // namespace

QList<Command> counterCommands()
{
    return {
        { QStringLiteral("status"), QStringLiteral("This counter's link to the chain database"), runStatus },
        { QStringLiteral("sync"), QStringLiteral("Push this counter's waiting rows now"), runSync },
    };
}

} // namespace cli::chain
