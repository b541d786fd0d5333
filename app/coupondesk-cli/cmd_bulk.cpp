// bulk-deactivate: void every coupon of a CSV file (or a plain list of codes with one stock),
// resumable: running the same command again after a crash or a kill continues the same job.
#include "cli.h"
#include "runtime.h"

#include "desk/bulkvoid.h"

#include "history/journal.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QLockFile>
#include <QSaveFile>
#include <QTextStream>

#ifdef Q_OS_WIN
#include <cstdio>
#include <io.h>
#else
#include <unistd.h>
#endif

using namespace desk;

namespace cli {

namespace {

// The progress line is for people watching a terminal, never for a pipe or a log file.
bool stderrIsTerminal()
{
#ifdef Q_OS_WIN
    return _isatty(_fileno(stderr)) != 0; // the Windows twin of isatty(STDERR_FILENO)
#else
    return isatty(STDERR_FILENO) != 0;
#endif
}

QJsonObject rowJson(const BulkRowResult &r)
{
    QJsonObject o { { QStringLiteral("line"), r.line }, { QStringLiteral("coupon_code"), r.couponCode },
        { QStringLiteral("stock_id"), r.stockId }, { QStringLiteral("outcome"), bulkOutcomeName(r.outcome) },
        { QStringLiteral("message"), r.message } };
    if (!r.requestNo.isEmpty())
        o.insert(QStringLiteral("request_no"), r.requestNo);
    if (!r.wechatTime.isEmpty())
        o.insert(QStringLiteral("wechat_time"), r.wechatTime);
    if (!r.code.isEmpty())
        o.insert(QStringLiteral("code"), r.code);
    return o;
}

QString rowText(const BulkRowResult &r)
{
    QString t = QStringLiteral("line %1  %2  %3  %4")
                    .arg(r.line)
                    .arg(r.couponCode, bulkOutcomeName(r.outcome).toUpper(), r.message);
    if (!r.code.isEmpty() && !r.message.contains(r.code))
        t += QStringLiteral(" (%1)").arg(r.code);
    return t;
}

int exitForSummary(const BulkSummary &s)
{
    if (s.uncertain > 0)
        return Uncertain; // run `reconcile` (or the same command again) once WeChat Pay answers
    if (s.failed + s.alreadyVoidedUnverified + s.notStarted > 0)
        return Failed;
    return Ok;
}

int printPreviewErrors(const Context &ctx, const BulkPreview &preview)
{
    for (const BulkRow &row : preview.rows) {
        if (row.status != BulkRowStatus::Invalid)
            continue;
        QJsonObject o { { QStringLiteral("line"), row.line },
            { QStringLiteral("coupon_code"), row.couponCode }, { QStringLiteral("stock_id"), row.stockId },
            { QStringLiteral("outcome"), QStringLiteral("invalid") },
            { QStringLiteral("errors"), QJsonArray::fromStringList(row.errors) } };
        printResult(
            ctx, o, QStringLiteral("line %1: %2").arg(row.line).arg(row.errors.join(QStringLiteral("; "))));
    }
    return fail(Usage,
        QStringLiteral(
            "%1 of %2 row(s) have errors; nothing was sent. Correct them, or add --exclude-invalid "
            "to void only the valid rows.")
            .arg(preview.invalidCount())
            .arg(preview.rows.size()));
}

int runBulkDeactivate(Context &ctx)
{
    QCommandLineParser p;
    p.addOptions({
        { QStringLiteral("file"),
            QStringLiteral("CSV file (UTF-8, header coupon_code,stock_id[,reason][,openid]; comma or tab), "
                           "or a plain list of codes, one per line, with --stock."),
            QStringLiteral("F") },
        { QStringLiteral("reason"),
            QStringLiteral("Reason for rows without their own (up to 64 characters, no emoji)."),
            QStringLiteral("R") },
        { QStringLiteral("stock"),
            QStringLiteral("Stock (批次) id for a plain list of codes (or empty stock cells)."),
            QStringLiteral("S") },
        { QStringLiteral("concurrency"), QStringLiteral("Voids in flight at most (1-64, default 8)."),
            QStringLiteral("N") },
        { QStringLiteral("rate"), QStringLiteral("Requests per second at most (default 10; 0 = no limit)."),
            QStringLiteral("QPS") },
        { QStringLiteral("report"),
            QStringLiteral("Write the summary report (CSV, one line per row) to this file."),
            QStringLiteral("OUT.csv") },
        { QStringLiteral("bom"), QStringLiteral("Start the report with a UTF-8 BOM (for Excel).") },
        { QStringLiteral("exclude-invalid"),
            QStringLiteral("Void the valid rows even though some rows have errors (those are skipped).") },
        { QStringLiteral("staff"), QStringLiteral("Manager id (default: the first manager)."),
            QStringLiteral("ID") },
        { QStringLiteral("pin"), QStringLiteral("Manager PIN (or the COUPONDESK_PIN environment variable)."),
            QStringLiteral("PIN") },
    });
    int code = Ok;
    const QString description = QStringLiteral(
        "Voids (使券失效) every coupon of a file. Needs a manager's PIN.\n\n"
        "The file is checked first; while a row has an error nothing is sent (exit 2) unless "
        "--exclude-invalid.\n"
        "Each coupon is its own journaled void with its own request number; unclear outcomes are retried "
        "with\n"
        "the same request number. A coupon WeChat Pay reports as already voided counts as done only when a "
        "query\n"
        "confirms it (needs an openid column).\n\n"
        "Resuming: the job is identified by the file's SHA-256, --reason and --stock. Running the same "
        "command\n"
        "again (after a crash, a kill or a closed laptop) continues that job: voided coupons are never sent "
        "again,\n"
        "unconfirmed ones are settled with their original request number, the rest are sent. The job file "
        "lives\n"
        "in bulk-jobs/ beside the history database.\n\n"
        "Output: with --json one object per row and a final {\"summary\":true,…}; otherwise the rows that "
        "did not\n"
        "end voided and a summary line. A progress line goes to stderr only when stderr is a terminal.\n"
        "Exit status: 0 every row voided or already voided (skipped invalid/duplicate rows aside), 1 some "
        "failed,\n"
        "2 file or flag errors (nothing sent), 3 configuration, 4 some outcomes still uncertain (run again "
        "or reconcile).");
    if (!parseCommand(p, ctx, description, code)
        || !requireValues(p, { QStringLiteral("file"), QStringLiteral("reason") }, code))
        return code;

    bool okNumber = true;
    const int concurrency = p.isSet(QStringLiteral("concurrency"))
        ? p.value(QStringLiteral("concurrency")).toInt(&okNumber)
        : desk::BulkVoidOptions {}.concurrency;
    if (!okNumber || concurrency < 1 || concurrency > 64)
        return fail(Usage, QStringLiteral("--concurrency must be 1 to 64"));
    const double rate
        = p.isSet(QStringLiteral("rate")) ? p.value(QStringLiteral("rate")).toDouble(&okNumber) : 10.0;
    if (!okNumber || rate < 0 || rate > 10000)
        return fail(Usage, QStringLiteral("--rate must be 0 (no limit) to 10000 requests per second"));
    const QString filePath = p.value(QStringLiteral("file"));
    const QString reason = p.value(QStringLiteral("reason")).trimmed();
    const QString stock = p.value(QStringLiteral("stock")).trimmed();
    const bool excludeInvalid = p.isSet(QStringLiteral("exclude-invalid"));
    if (const auto f = Desk::checkReason(reason); !f.isEmpty())
        return fail(Usage, QStringLiteral("--reason: ") + fieldMessage(f.first()).headline);
    if (const auto f = Desk::checkStock(stock); !stock.isEmpty() && !f.isEmpty())
        return fail(Usage, QStringLiteral("--stock: ") + fieldMessage(f.first()).headline);

    // 1. Check the file: nothing is sent, and no settings are needed, while it has errors.
    QByteArray bytes;
    QString readError;
    if (!readInput(filePath, bytes, readError))
        return fail(Usage, readError);
    BulkParseOptions po;
    po.stockId = stock;
    po.defaultReason = reason;
    const BulkPreview preview = parseBulkFile(bytes, po);
    if (!preview.isFileOk())
        return fail(Usage, QStringLiteral("%1: %2").arg(filePath, preview.fileError));
    if (preview.invalidCount() > 0 && !excludeInvalid)
        return printPreviewErrors(ctx, preview);
    if (preview.validCount() == 0)
        return fail(Usage, QStringLiteral("%1: no row can be voided").arg(filePath));

    // 2. The program, the manager, the job (new or resumed).
    Runtime rt;
    if (int rc = openRuntime(ctx, rt); rc != Ok)
        return rc;
    StaffSession manager;
    if (int rc = staffSession(rt, p, true, manager); rc != Ok)
        return rc;
    const QString jobDir = rt.session->history().bulkJobDir();
    QString lockError;
    std::unique_ptr<QLockFile> lock
        = lockBulkJob(bulkManifestPath(jobDir, bulkJobKey(preview.sha256, reason, stock)), lockError);
    if (!lock)
        return fail(Failed, lockError);
    auto jobFile = openOrCreateBulkJob(jobDir, preview, QFileInfo(filePath).fileName(), reason, stock,
        manager, excludeInvalid, QDateTime::currentDateTime());
    if (!jobFile)
        return fail(Config, jobFile.error().message);
    const BulkManifest &manifest = jobFile->manifest;
    const QString manifestPath = jobFile->path;
    const bool resumed = jobFile->resumed;
    const bool terminal = stderrIsTerminal();
    if (resumed && terminal)
        QTextStream(stderr) << QStringLiteral("Resuming bulk job %1 (started %2 by %3)\n")
                                   .arg(manifest.jobId,
                                       manifest.createdAt.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                       manifest.staffId);

    // 3. Settle what an earlier run left unconfirmed, then run.
    settleFirst(rt);
    BulkVoidOptions options;
    options.concurrency = concurrency;
    options.ratePerSec = rate;
    options.manifestPath = manifestPath;
    BulkVoidJob job(rt.session->desk(), manifest, manager, options);

    QElapsedTimer sinceDraw;
    bool drawn = false;
    QObject::connect(&job, &BulkVoidJob::rowFinished, &job, [&](int row, const OperationResult &) {
        const BulkRowResult r = job.rowResult(row);
        if (ctx.json) {
            printResult(ctx, rowJson(r), {});
        } else if (r.outcome != BulkOutcome::Voided && r.outcome != BulkOutcome::AlreadyVoided) {
            if (drawn)
                QTextStream(stderr) << "\r\x1b[K";
            printResult(ctx, {}, rowText(r));
        }
    });
    if (terminal) {
        sinceDraw.start();
        QObject::connect(
            &job, &BulkVoidJob::progress, &job, [&](int done, int failed, int remaining, double perSec) {
                if (drawn && sinceDraw.elapsed() < 100 && remaining > 0)
                    return;
                sinceDraw.restart();
                drawn = true;
                QTextStream(stderr) << QStringLiteral("\r\x1b[K%1/%2 done  %3 failed  %4 remaining  %5/s")
                                           .arg(done + failed)
                                           .arg(done + failed + remaining)
                                           .arg(failed)
                                           .arg(remaining)
                                           .arg(perSec, 0, 'f', 1);
            });
    }
    QEventLoop loop;
    BulkSummary summary;
    QObject::connect(&job, &BulkVoidJob::finished, &loop, [&](const BulkSummary &s) {
        summary = s;
        loop.quit();
    });
    job.start();
    loop.exec();
    if (drawn)
        QTextStream(stderr) << '\n';

    // 4. The report and the summary.
    const QString reportPath = p.value(QStringLiteral("report"));
    int rc = exitForSummary(summary);
    if (!reportPath.isEmpty()) {
        QSaveFile out(reportPath);
        bool written = out.open(QIODevice::WriteOnly);
        if (written) {
            auto st = job.writeReport(out, p.isSet(QStringLiteral("bom")));
            written = st.ok() && out.commit();
        }
        if (!written) {
            fail(Failed, QStringLiteral("cannot write the report %1: %2").arg(reportPath, out.errorString()));
            rc = rc == Ok ? Failed : rc;
        }
    }
    QJsonObject js { { QStringLiteral("summary"), true }, { QStringLiteral("job_id"), summary.jobId },
        { QStringLiteral("resumed"), resumed }, { QStringLiteral("total"), summary.total },
        { QStringLiteral("voided"), summary.voided },
        { QStringLiteral("already_voided"), summary.alreadyVoided },
        { QStringLiteral("already_voided_unverified"), summary.alreadyVoidedUnverified },
        { QStringLiteral("failed"), summary.failed }, { QStringLiteral("uncertain"), summary.uncertain },
        { QStringLiteral("skipped_invalid"), summary.skippedInvalid },
        { QStringLiteral("skipped_duplicate"), summary.skippedDuplicate },
        { QStringLiteral("not_started"), summary.notStarted },
        { QStringLiteral("finished_earlier"), summary.resumedDone },
        { QStringLiteral("sent"), summary.sentThisRun },
        { QStringLiteral("elapsed_ms"), summary.elapsedMs } };
    if (!reportPath.isEmpty())
        js.insert(QStringLiteral("report"), reportPath);
    QString text = QStringLiteral("Bulk job %1%2: %3 voided, %4 already voided, %5 failed, %6 uncertain")
                       .arg(summary.jobId, resumed ? QStringLiteral(" (resumed)") : QString())
                       .arg(summary.voided)
                       .arg(summary.alreadyVoided)
                       .arg(summary.failed + summary.alreadyVoidedUnverified + summary.notStarted)
                       .arg(summary.uncertain);
    if (summary.skippedInvalid + summary.skippedDuplicate > 0)
        text += QStringLiteral(", %1 skipped (%2 invalid, %3 duplicate)")
                    .arg(summary.skippedInvalid + summary.skippedDuplicate)
                    .arg(summary.skippedInvalid)
                    .arg(summary.skippedDuplicate);
    text += QStringLiteral(" of %1 row(s)").arg(summary.total);
    if (!reportPath.isEmpty())
        text += QStringLiteral("; report: %1").arg(reportPath);
    printResult(ctx, js, text);
    return rc;
}

} // namespace

QList<Command> bulkCommands()
{
    return {
        { QStringLiteral("bulk-deactivate"),
            QStringLiteral("Void every coupon of a CSV file (resumable; manager PIN)"), runBulkDeactivate },
    };
}

} // namespace cli
