// The chain commands (issue 18, docs/chain.md): the `chain` dispatcher, and `chain init` and
// `chain add-counter` for the chain's administrator (`chain status` and `chain sync` at a counter are
// in cmd_chainsync.cpp). The administrator's commands read only the chain section of the settings: an
// administrator's machine has no WeChat Pay merchant settings.
#include "cli.h"
#include "cmd_chain_p.h"

#include "desk/chainadmin.h"
#include "desk/settings.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>
#include <QUrl>
#include <QUrlQuery>

using namespace desk;

namespace cli {

namespace chain {

bool parseChainCommand(QCommandLineParser &parser, Context &ctx, const QString &description, int &exitCode)
{
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object on stdout."));
    parser.addOption(json);
    if (!parseCommand(parser, ctx, description, exitCode))
        return false;
    if (parser.isSet(json))
        ctx.json = true;
    return true;
}

int settingsPath(const Context &ctx, QString &path)
{
    if (ctx.demo)
        return fail(Usage, QStringLiteral("the chain commands work on a settings file: give --config FILE"));
    path = ctx.configPath.isEmpty() ? Settings::defaultPath() : ctx.configPath;
    if (!QFileInfo::exists(path))
        return fail(Config, QStringLiteral("no settings at %1: give --config FILE").arg(path));
    return Ok;
}

int exitFor(const desk::Error &e)
{
    if (e.code == QLatin1String(chainerror::kUnreachable))
        return Failed;
    if (e.kind == ErrorKind::InvalidInput && !e.field.isEmpty()
        && !e.field.startsWith(QLatin1String("chain/")))
        return Usage;
    if (e.kind == ErrorKind::InvalidInput || e.kind == ErrorKind::Key || e.kind == ErrorKind::Tls
        || e.code == QLatin1String(chainerror::kDriverMissing))
        return Config;
    return Failed;
}

int failWith(const desk::Error &e)
{
    QString reason = e.message;
    if (!e.field.isEmpty() && e.code == QLatin1String("INVALID_ARGUMENT"))
        reason = QStringLiteral("--%1: %2").arg(e.field, e.message);
    return fail(exitFor(e), reason.replace(QLatin1Char('\n'), QStringLiteral("; ")));
}

} // namespace chain

namespace {

using chain::parseChainCommand;

// The administrator's chain section and its password (chain/password through desk's SecretStore).
// `relativeCa`: sslrootcert as written when it is a relative path (beside the settings file).
int adminLogin(
    const Context &ctx, ChainSettings &settings, QByteArray &password, QString *relativeCa = nullptr)
{
    QString path;
    if (int rc = chain::settingsPath(ctx, path); rc != Ok)
        return rc;
    {
        const QSettings ini(path, QSettings::IniFormat);
        if (ini.status() != QSettings::NoError)
            return fail(Config, QStringLiteral("settings %1: cannot be read").arg(path));
        settings = ChainSettings::read(ini, QFileInfo(path).absolutePath());
        const QString root
            = QUrlQuery(QUrl(ini.value(QStringLiteral("chain/database_url")).toString().trimmed()))
                  .queryItemValue(QStringLiteral("sslrootcert"), QUrl::FullyDecoded);
        if (relativeCa && !root.isEmpty() && QDir::isRelativePath(root))
            *relativeCa = root;
    }
    if (const QList<SettingIssue> issues = chainAdminIssues(settings); !issues.isEmpty())
        return fail(Config,
            QStringLiteral("settings %1: %2")
                .arg(path, describeIssues(issues).replace(QLatin1Char('\n'), QStringLiteral("; "))));
    const auto secrets = makeSecretStore(QFileInfo(path).absolutePath());
    auto secret = secrets->read(settings.passwordRef);
    if (!secret)
        return fail(Config, QStringLiteral("chain/password: ") + secret.error().message);
    password = secret.value();
    return Ok;
}

int runInit(Context &ctx)
{
    QCommandLineParser p;
    int code = Ok;
    if (!parseChainCommand(p, ctx,
            QStringLiteral(
                "Creates or upgrades the chain database's schema and the counters' group role; running it "
                "again changes nothing. Needs an administrator's login in the settings' chain section: "
                "chain/database_url names a role that may create roles (CREATEROLE) and owns, or may "
                "create, the coupondesk schema; chain/password is its password (the value, file:PATH or "
                "keychain:NAME). The WeChat Pay settings are not needed.\n\n"
                "Prints the schema version. Exit status: 0 done, 1 the server cannot be reached or refused, "
                "3 the settings or the login are unusable."),
            code))
        return code;
    ChainSettings settings;
    QByteArray password;
    if (int rc = adminLogin(ctx, settings, password); rc != Ok)
        return rc;
    auto version = initChain(settings, password);
    if (!version)
        return chain::failWith(version.error());
    printResult(ctx,
        QJsonObject { { QStringLiteral("server"), settings.describe() },
            { QStringLiteral("schema_version"), version.value() } },
        QStringLiteral("chain database %1: schema version %2").arg(settings.describe()).arg(version.value()));
    return Ok;
}

// The lines to paste into the counter's settings file, written by the settings' own writer.
QString settingsSnippet(const ChainSettings &chain)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chain.ini"));
    {
        QSettings ini(path, QSettings::IniFormat);
        chain.write(ini);
        ini.sync();
    }
    QFile f(path);
    if (!dir.isValid() || !f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll()).trimmed();
}

int runAddCounter(Context &ctx)
{
    QCommandLineParser p;
    const QCommandLineOption shop(QStringLiteral("shop"),
        QStringLiteral("The shop's id (1-32 letters, digits, - or _), e.g. s1."), QStringLiteral("ID"));
    const QCommandLineOption shopName(
        QStringLiteral("shop-name"), QStringLiteral("The shop's name, e.g. 徐汇店."), QStringLiteral("NAME"));
    const QCommandLineOption counter(QStringLiteral("counter"),
        QStringLiteral("The counter's id (1-27 letters, digits, - or _), e.g. 01."), QStringLiteral("ID"));
    const QCommandLineOption host(QStringLiteral("host"),
        QStringLiteral("The server's name as the counters reach it (checked against its certificate); "
                       "default: the host in chain/database_url."),
        QStringLiteral("H"));
    const QCommandLineOption port(QStringLiteral("port"),
        QStringLiteral("The port the counters use; default: the one in chain/database_url."),
        QStringLiteral("P"));
    const QCommandLineOption ca(QStringLiteral("ca"),
        QStringLiteral("The CA certificate file as the counters' machines name it (sslrootcert); default: "
                       "the one in chain/database_url (a relative path stays relative: beside the counter's "
                       "settings file)."),
        QStringLiteral("PATH"));
    p.addOptions({ shop, shopName, counter, host, port, ca });
    int code = Ok;
    if (!parseChainCommand(p, ctx,
            QStringLiteral(
                "Creates a counter's login to the chain database with a new random password (or gives the "
                "counter's existing login a new one: the old password stops working). Prints the chain "
                "section to paste into that counter's settings; with --json one object with database_url and "
                "password. The password is shown only this once and kept nowhere. Needs the administrator's "
                "login of `chain init` and the schema it creates.\n\n"
                "Exit status: 0 done, 1 the server cannot be reached or refused, 2 bad options, 3 the "
                "settings or the login are unusable."),
            code)
        || !requireValues(
            p, { QStringLiteral("shop"), QStringLiteral("shop-name"), QStringLiteral("counter") }, code))
        return code;
    ChainCounterSpec spec;
    spec.shopId = p.value(shop).trimmed();
    spec.shopName = p.value(shopName).trimmed();
    spec.counterId = p.value(counter).trimmed();
    spec.host = p.value(host).trimmed();
    spec.caPath = p.value(ca).trimmed();
    if (p.isSet(port)) {
        bool ok = false;
        spec.port = p.value(port).toInt(&ok);
        if (!ok || spec.port < 1 || spec.port > 65535)
            return fail(Usage, QStringLiteral("--port: a port is a number from 1 to 65535"));
    }
    ChainSettings settings;
    QByteArray password;
    QString relativeCa;
    if (int rc = adminLogin(ctx, settings, password, &relativeCa); rc != Ok)
        return rc;
    // "ca.pem beside the settings file" holds on the counter's machine too: the counter's settings
    // resolve it against their own folder.
    if (spec.caPath.isEmpty())
        spec.caPath = relativeCa;
    auto login = addChainCounter(settings, password, spec);
    if (!login)
        return chain::failWith(login.error());

    ChainSettings counterChain;
    counterChain.databaseUrl = login.value().databaseUrl;
    counterChain.passwordRef = login.value().password;
    counterChain.shopId = spec.shopId;
    counterChain.shopName = spec.shopName;
    printResult(ctx,
        QJsonObject { { QStringLiteral("database_url"), login.value().databaseUrl },
            { QStringLiteral("password"), login.value().password } },
        settingsSnippet(counterChain));
    QTextStream(stderr)
        << "coupondesk-cli: the password of " << login.value().role
        << " is shown only this once and kept nowhere; put it in that counter's chain/password "
           "(the value, file:PATH or keychain:NAME)\n";
    return Ok;
}

int runRemoveCounter(Context &ctx)
{
    QCommandLineParser p;
    const QCommandLineOption shop(
        QStringLiteral("shop"), QStringLiteral("The shop's id, e.g. s1."), QStringLiteral("ID"));
    const QCommandLineOption counter(
        QStringLiteral("counter"), QStringLiteral("The counter's id, e.g. 02."), QStringLiteral("ID"));
    p.addOptions({ shop, counter });
    int code = Ok;
    if (!parseChainCommand(p, ctx,
            QStringLiteral(
                "Takes a counter's login to the chain database away (a till sold or replaced, a machine "
                "lost): it can no longer log in and its open connections are closed. Its history rows stay "
                "in the chain database, and `chain add-counter` with the same ids gives it a new password "
                "and its login back. Needs the administrator's login of `chain init`.\n\n"
                "Exit status: 0 done, 1 the server cannot be reached or refused, 2 bad options or no such "
                "counter, 3 the settings or the login are unusable."),
            code)
        || !requireValues(p, { QStringLiteral("shop"), QStringLiteral("counter") }, code))
        return code;
    ChainSettings settings;
    QByteArray password;
    if (int rc = adminLogin(ctx, settings, password); rc != Ok)
        return rc;
    const QString shopId = p.value(shop).trimmed();
    const QString counterId = p.value(counter).trimmed();
    if (auto removed = removeChainCounter(settings, password, shopId, counterId); !removed)
        return chain::failWith(removed.error());
    printResult(ctx,
        QJsonObject { { QStringLiteral("server"), settings.describe() }, { QStringLiteral("shop"), shopId },
            { QStringLiteral("counter"), counterId }, { QStringLiteral("removed"), true } },
        QStringLiteral("chain database %1: counter %2 of shop %3 can no longer log in; its history stays")
            .arg(settings.describe(), counterId, shopId));
    return Ok;
}

int runChain(Context &ctx)
{
    const QList<Command> subcommands = QList<Command> {
        { QStringLiteral("init"),
            QStringLiteral("Create or upgrade the chain database's schema (administrator)"), runInit },
        { QStringLiteral("add-counter"),
            QStringLiteral("Create a counter's login; prints its settings (administrator)"), runAddCounter },
        { QStringLiteral("remove-counter"),
            QStringLiteral("Take a counter's login away; its history stays (administrator)"),
            runRemoveCounter },
    } + chain::counterCommands();
    // The chain functions' failures come back as one line on stderr: the libraries' own warnings of the
    // same failure (several lines of libpq's text) only with -v.
    if (!ctx.verbose)
        QLoggingCategory::setFilterRules(
            QStringLiteral("coupondesk.*.info=false\ncoupondesk.*.warning=false"));
    const QString sub = ctx.args.value(1);
    for (const Command &c : subcommands) {
        if (c.name == sub) {
            Context subctx = ctx;
            subctx.args = ctx.args.mid(2);
            subctx.args.prepend(QStringLiteral("chain ") + sub);
            return c.run(subctx);
        }
    }
    QString help
        = QStringLiteral("Usage: coupondesk-cli [--config FILE] [--json] chain SUBCOMMAND [options]\n\n"
                         "The chain database (docs/chain.md): the history many shops and counters "
                         "share on PostgreSQL.\n\nSubcommands:\n");
    for (const Command &c : subcommands)
        help += QStringLiteral("  %1%2\n").arg(c.name.leftJustified(14), c.summary);
    help += QStringLiteral("\nchain SUBCOMMAND --help for its options and exit status.\n");
    if (sub.isEmpty() || sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        QTextStream(sub.isEmpty() ? stderr : stdout) << help;
        return sub.isEmpty() ? Usage : Ok;
    }
    return fail(Usage, QStringLiteral("unknown chain subcommand \"%1\" (see chain --help)").arg(sub));
}

} // namespace

QList<Command> chainCommands()
{
    return { { QStringLiteral("chain"), QStringLiteral("Chain database: init, add-counter, status, sync"),
        runChain } };
}

} // namespace cli
