// coupondesk-cli: what the chain commands share (cmd_chain.cpp defines it).
#pragma once

#include "cli.h"

#include <QCommandLineOption>
#include <QString>

namespace desk {
struct Error;
} // namespace desk

namespace cli::chain {

// `--json` after the subcommand, as well as before it.
extern const QCommandLineOption kJsonOption;

// The settings file of --config (or the default one); --demo is refused. An exit code.
int settingsPath(const Context &ctx, QString &path);
// An error of desk's chain functions as an exit code, and printed as one line on stderr.
int exitFor(const desk::Error &e);
int failWith(const desk::Error &e);

// `chain status` and `chain sync` (cmd_chainsync.cpp).
QList<Command> counterCommands();

} // namespace cli::chain
