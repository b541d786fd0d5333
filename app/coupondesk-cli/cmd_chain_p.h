// coupondesk-cli: what the chain commands share (cmd_chain.cpp defines it).
#pragma once

#include "cli.h"

#include <QCommandLineParser>
#include <QString>

namespace desk {
struct Error;
} // namespace desk

namespace cli::chain {

// parseCommand with `--json` taken after the subcommand as well as before it (sets ctx.json). Add the
// command's own options to `parser` first.
bool parseChainCommand(QCommandLineParser &parser, Context &ctx, const QString &description, int &exitCode);

// The settings file of --config (or the default one); --demo is refused. An exit code.
int settingsPath(const Context &ctx, QString &path);
// An error of desk's chain functions as an exit code, and printed as one line on stderr.
int exitFor(const desk::Error &e);
int failWith(const desk::Error &e);

// `chain status` and `chain sync` (cmd_chainsync.cpp).
QList<Command> counterCommands();

} // namespace cli::chain
