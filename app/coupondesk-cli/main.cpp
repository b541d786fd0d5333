// coupondesk-cli — composition root: parse global flags, dispatch one command, exit with its status.
#include "cli.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QLocale>
#include <QLoggingCategory>
#include <QTextStream>
#include <QTranslator>

#include <memory>

namespace {

QString usage(const QList<cli::Command> &commands)
{
    QString s = QStringLiteral("Usage: coupondesk-cli [--config FILE | --demo] [--json] COMMAND [options]\n\n"
                               "CouponDesk (商家券核销台) on the command line.\n\nCommands:\n");
    for (const cli::Command &c : commands)
        s += QStringLiteral("  %1%2\n").arg(c.name.leftJustified(18), c.summary);
    s += QStringLiteral(
        "\nGlobal options:\n"
        "  --json           one JSON object per result on stdout\n"
        "  --config FILE    settings file (default: the program's own settings)\n"
        "  --demo           run against the built-in simulator with demo coupons\n"
        "  -v, --verbose    progress notes on stderr\n"
        "  --version        print the version\n"
        "  -h, --help       this help; COMMAND --help for a command's options\n"
        "\nExit status: 0 success, 1 failed, 2 usage error, 3 configuration error, 4 outcome uncertain.\n");
    return s;
}

// The command word: the first argument that is not a global option (or the value of --config).
QString commandWord(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "--config")
            ++i;
        else if (!a.startsWith('-'))
            return QString::fromLocal8Bit(a);
    }
    return QString();
}

// A command that paints (the handover slip) needs Qt Gui's fonts, hence a QGuiApplication; the CLI
// shows no window, so it runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise.
std::unique_ptr<QCoreApplication> makeApplication(
    int &argc, char *argv[], const QList<cli::Command> &commands)
{
    const QString word = commandWord(argc, argv);
    for (const cli::Command &c : commands) {
        if (c.name == word && c.gui) {
            if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            return std::make_unique<QGuiApplication>(argc, argv);
        }
    }
    return std::make_unique<QCoreApplication>(argc, argv);
}

} // namespace

int main(int argc, char *argv[])
{
    const QList<cli::Command> commands = cli::deskCommands() + cli::reportCommands() + cli::handoverCommands()
        + cli::bulkCommands() + cli::chainCommands() + cli::debugCommands();
    const std::unique_ptr<QCoreApplication> app = makeApplication(argc, argv, commands);
    QCoreApplication::setApplicationName(QStringLiteral("coupondesk-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("CouponDesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(COUPONDESK_VERSION));
    // Staff-facing results in Chinese on a Chinese system (LANG=zh_CN.UTF-8); English otherwise.
    QTranslator translator;
    if (QLocale::system().language() == QLocale::Chinese
        && translator.load(QStringLiteral(":/i18n/coupondesk_zh_CN.qm")))
        QCoreApplication::installTranslator(&translator);

    cli::Context ctx;
    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    while (!args.isEmpty() && args.first().startsWith(QLatin1Char('-'))) {
        const QString a = args.takeFirst();
        if (a == QLatin1String("--json")) {
            ctx.json = true;
        } else if (a == QLatin1String("-v") || a == QLatin1String("--verbose")) {
            ctx.verbose = true;
        } else if (a == QLatin1String("--demo")) {
            ctx.demo = true;
        } else if (a == QLatin1String("--config")) {
            if (args.isEmpty())
                return cli::fail(cli::Usage, QStringLiteral("--config needs a file"));
            ctx.configPath = args.takeFirst();
        } else if (a == QLatin1String("--version")) {
            QTextStream(stdout) << "coupondesk-cli " << COUPONDESK_VERSION << '\n';
            return cli::Ok;
        } else if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            QTextStream(stdout) << usage(commands);
            return cli::Ok;
        } else {
            return cli::fail(cli::Usage, QStringLiteral("unknown option %1 (see --help)").arg(a));
        }
    }
    if (!ctx.verbose) // progress notes of the libraries go to stderr only when asked for
        QLoggingCategory::setFilterRules(QStringLiteral("coupondesk.*.info=false"));
    if (ctx.demo && !ctx.configPath.isEmpty())
        return cli::fail(cli::Usage, QStringLiteral("give --config or --demo, not both"));
    if (args.isEmpty()) {
        QTextStream(stderr) << usage(commands);
        return cli::Usage;
    }
    for (const cli::Command &c : commands) {
        if (c.name == args.first()) {
            ctx.args = args;
            return c.run(ctx);
        }
    }
    return cli::fail(cli::Usage, QStringLiteral("unknown command \"%1\" (see --help)").arg(args.first()));
}
