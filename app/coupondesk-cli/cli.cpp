#include "cli.h"

#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>

namespace cli {

void printResult(const Context &ctx, const QJsonObject &json, const QString &text)
{
    QTextStream out(stdout);
    if (ctx.json)
        out << QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)) << '\n';
    else
        out << text << '\n';
}

int fail(int code, const QString &reason)
{
    QTextStream err(stderr);
    err << "coupondesk-cli: " << reason << '\n';
    return code;
}

bool parseCommand(QCommandLineParser &parser, const Context &ctx, const QString &description, int &exitCode)
{
    parser.setApplicationDescription(description);
    const QCommandLineOption help(
        { QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(ctx.args)) {
        exitCode = fail(Usage, parser.errorText());
        return false;
    }
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        text.replace(0, text.indexOf(QLatin1Char('\n')),
            QStringLiteral("Usage: coupondesk-cli [--json] %1 [options]").arg(ctx.args.value(0)));
        QTextStream(stdout) << text;
        exitCode = Ok;
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        exitCode = fail(
            Usage, QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()));
        return false;
    }
    return true;
}

bool requireValues(const QCommandLineParser &parser, const QStringList &names, int &exitCode)
{
    for (const QString &n : names) {
        if (parser.value(n).isEmpty()) {
            exitCode = fail(Usage, QStringLiteral("missing --%1 (see --help)").arg(n));
            return false;
        }
    }
    return true;
}

void quietChainReads(const Context &ctx)
{
    if (!ctx.verbose)
        QLoggingCategory::setFilterRules(
            QStringLiteral("coupondesk.*.info=false\ncoupondesk.history.warning=false"));
}

bool readInput(const QString &path, QByteArray &out, QString &error)
{
    QFile f;
    if (path == QLatin1String("-")) {
        if (!f.open(stdin, QIODevice::ReadOnly)) {
            error = QStringLiteral("cannot read standard input");
            return false;
        }
    } else {
        f.setFileName(path);
        if (!f.open(QIODevice::ReadOnly)) {
            error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
            return false;
        }
    }
    out = f.readAll();
    return true;
}

} // namespace cli
