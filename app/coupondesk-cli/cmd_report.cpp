// `coupondesk-cli report`: what a manager counts over a period (issue 19) — per stock, cashier, hour,
// day or shop — as a table, CSV, JSON or an Excel workbook. Reads the journal (or, in chain mode with
// --scope shop|chain, the chain database) and the stocks the counter remembered: nothing is sent to
// WeChat Pay.
#include "cli.h"
#include "runtime.h"

#include "desk/report.h"
#include "desk/reportservice.h"
#include "desk/session.h"

#include <QDate>
#include <QFile>
#include <QJsonObject>
#include <QSaveFile>
#include <QTextStream>

using namespace desk;

namespace cli {

namespace {

bool readDay(const QCommandLineParser &p, const QString &name, QDate &day, int &code)
{
    day = QDate::fromString(p.value(name), QStringLiteral("yyyy-MM-dd"));
    if (day.isValid())
        return true;
    code = fail(Usage, QStringLiteral("--%1 must be a date like 2026-11-23").arg(name));
    return false;
}

// Writes `bytes` to --out (whole or not at all) or to standard output.
int writeOut(const QString &file, const QByteArray &bytes)
{
    if (file.isEmpty()) {
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly) || out.write(bytes) != bytes.size())
            return fail(Failed, QStringLiteral("cannot write to standard output"));
        return Ok;
    }
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
        return fail(Failed, QStringLiteral("cannot write %1: %2").arg(file, out.errorString()));
    return Ok;
}

int runReport(Context &ctx)
{
    QCommandLineParser p;
    p.addOptions({
        { QStringLiteral("from"), QStringLiteral("First day (YYYY-MM-DD, local time)."),
            QStringLiteral("DATE") },
        { QStringLiteral("to"), QStringLiteral("Last day, included (YYYY-MM-DD, local time)."),
            QStringLiteral("DATE") },
        { QStringLiteral("by"), QStringLiteral("stock (default), staff, hour, day or shop."),
            QStringLiteral("B") },
        { QStringLiteral("scope"),
            QStringLiteral("counter (default: this counter's journal), shop or chain (chain mode: the chain "
                           "database; rows not pushed yet are not there)."),
            QStringLiteral("S") },
        { QStringLiteral("shop"), QStringLiteral("With --scope chain: one shop only."),
            QStringLiteral("ID") },
        { QStringLiteral("format"),
            QStringLiteral("table (default), csv or json (for machines), or xlsx (for people: a sheet per "
                           "breakdown; needs --out)."),
            QStringLiteral("F") },
        { QStringLiteral("out"),
            QStringLiteral("The file to write (default: standard output; xlsx needs it)."),
            QStringLiteral("FILE") },
    });
    int code = Ok;
    if (!parseCommand(p, ctx,
            QStringLiteral("Counts the coupons redeemed, voided, returned, failed and unsettled over a "
                           "period, and what the redemptions were worth at the till."),
            code))
        return code;
    if (!requireValues(p, { QStringLiteral("from"), QStringLiteral("to") }, code))
        return code;
    QDate first, last;
    if (!readDay(p, QStringLiteral("from"), first, code) || !readDay(p, QStringLiteral("to"), last, code))
        return code;
    if (last < first)
        return fail(Usage, QStringLiteral("--to must not be before --from"));
    ReportQuery query = dayRangeQuery(first, last);

    const QString byName
        = p.value(QStringLiteral("by")).isEmpty() ? QStringLiteral("stock") : p.value(QStringLiteral("by"));
    const auto by = breakdownFromName(byName);
    if (!by)
        return fail(Usage, QStringLiteral("--by must be stock, staff, hour, day or shop"));
    const QString scope = p.value(QStringLiteral("scope"));
    if (!scope.isEmpty()) {
        const auto s = scopeFromName(scope);
        if (!s)
            return fail(Usage, QStringLiteral("--scope must be counter, shop or chain"));
        query.scope = *s;
    }
    if (*by == ReportBreakdown::Shop && query.scope == HistoryScope::Counter)
        return fail(Usage, QStringLiteral("--by shop needs --scope shop or chain"));
    if (p.isSet(QStringLiteral("shop"))) {
        if (query.scope != HistoryScope::Chain)
            return fail(Usage, QStringLiteral("--shop needs --scope chain"));
        query.shopId = p.value(QStringLiteral("shop")).trimmed();
        if (query.shopId.isEmpty()) // not the whole chain by accident
            return fail(Usage, QStringLiteral("--shop needs a shop id (see --scope chain --by shop)"));
    }
    const QString format = p.value(QStringLiteral("format")).isEmpty()
        ? (ctx.json ? QStringLiteral("json") : QStringLiteral("table"))
        : p.value(QStringLiteral("format"));
    if (format != QLatin1String("table") && format != QLatin1String("csv") && format != QLatin1String("json")
        && format != QLatin1String("xlsx"))
        return fail(Usage, QStringLiteral("--format must be table, csv, json or xlsx"));
    const QString file = p.value(QStringLiteral("out"));
    if (format == QLatin1String("xlsx") && file.isEmpty())
        return fail(Usage,
            QStringLiteral("--format xlsx needs --out FILE.xlsx (a workbook is not written to a terminal)"));

    if (query.scope != HistoryScope::Counter)
        quietChainReads(ctx);
    Runtime rt;
    if (int rc = openRuntime(ctx, rt, false); rc != Ok)
        return rc;
    ReportService &reports = rt.session->reports();
    auto report = reports.build(query);
    if (!report)
        return failRead(report.error());
    if (format == QLatin1String("xlsx")) {
        auto sheets = reports.exportXlsx(report.value(), file);
        if (!sheets)
            return failRead(sheets.error());
        printResult(ctx,
            QJsonObject { { QStringLiteral("sheets"), sheets.value() }, { QStringLiteral("file"), file },
                { QStringLiteral("unsettled"), report->total.unsettled } },
            QStringLiteral("%1 sheet(s) written to %2").arg(sheets.value()).arg(file));
        return Ok;
    }
    if (format == QLatin1String("json"))
        return writeOut(file, ReportService::toJson(report.value(), *by));
    if (format == QLatin1String("csv"))
        return writeOut(file, ReportService::toCsv(report.value(), *by));
    return writeOut(file, ReportService::toTable(report.value(), *by).toUtf8());
}

} // namespace

QList<Command> reportCommands()
{
    return {
        { QStringLiteral("report"), QStringLiteral("Count a period by stock, staff, hour, day or shop"),
            runReport },
    };
}

} // namespace cli
