// coupondesk-cli: shared plumbing for the commands (output, exit codes, reading files).
#pragma once

#include <QByteArray>
#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace cli {

// Exit status: 0 success; others with a one-line reason on stderr.
enum Exit : int {
    Ok = 0,
    Failed = 1, // the operation ran and failed (refused coupon, invalid signature…)
    Usage = 2, // wrong flags or values; nothing was sent
    Config = 3, // settings, keys or files unusable; nothing was sent
    Uncertain = 4, // sent, but the outcome is not known yet (journaled; run `reconcile`)
};

struct Context
{
    bool json = false;
    bool demo = false; // --demo: the built-in simulator
    bool verbose = false; // -v: the libraries' notes on stderr
    QString configPath; // --config FILE
    QStringList args; // the command's own arguments (command name first)
};

struct Command
{
    QString name;
    QString summary;
    std::function<int(Context &)> run;
    bool gui = false; // paints (fonts): runs under a QGuiApplication, offscreen unless QT_QPA_PLATFORM says
};

// stdout: one line, or one JSON object per result with --json.
void printResult(const Context &ctx, const QJsonObject &json, const QString &text);
// stderr: one line "coupondesk-cli: <reason>"; returns code.
int fail(int code, const QString &reason);

// Parses the command's flags; on --help prints help and returns false with exitCode 0;
// on a bad flag prints the reason and returns false with exitCode Usage.
bool parseCommand(QCommandLineParser &parser, const Context &ctx, const QString &description, int &exitCode);
// A value that must be present; prints "missing --name" when absent.
bool requireValues(const QCommandLineParser &parser, const QStringList &names, int &exitCode);

// history and report in the Shop and Chain scopes: a failure of the chain database comes back as one
// line on stderr (fail's), the history library's warning of it (libpq's several lines) only with -v.
void quietChainReads(const Context &ctx);

// Reads a file as raw bytes ("-" = standard input).
bool readInput(const QString &path, QByteArray &out, QString &error);

QList<Command> debugCommands();
QList<Command> deskCommands();
QList<Command> bulkCommands();
QList<Command> chainCommands();
QList<Command> reportCommands();
QList<Command> handoverCommands();

} // namespace cli
