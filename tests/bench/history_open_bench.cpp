// history_open_bench: what start-up asks of a big history file (issue 8, "open"). Opens an existing
// journal (e.g. the 1,000,000-row file history_bench --db FILE --keep leaves) the way the program
// does at start-up: open + migrate check, the unsettled rows (crash recovery), the newest page of 50
// (the history view). A benchmark, not a test; scripts/bench.sh runs it after history_bench.
//
//   history_open_bench --db FILE [--runs R]
//
// stdout: key=value lines; stderr: a summary. "first" is the first run in this process (OS cache as
// history_bench left it), "median" over R runs, each with a new Journal object.
#include "benchbasics.h"

#include "cputime.h"

#include "history/journal.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

[[noreturn]] void fail(const QString &message)
{
    benchutil::failBench("history_open_bench", message);
}

using benchutil::median;

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Open an existing history file as start-up does."));
    parser.addHelpOption();
    const QCommandLineOption dbOption(
        QStringLiteral("db"), QStringLiteral("An existing journal file."), QStringLiteral("file"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs (default 7)."),
        QStringLiteral("R"), QStringLiteral("7"));
    parser.addOptions({ dbOption, runsOption });
    parser.process(app);
    const QString path = parser.value(dbOption);
    if (path.isEmpty() || !QFileInfo::exists(path))
        fail(QStringLiteral("--db must name an existing journal file"));
    bool ok = false;
    const int runs = parser.value(runsOption).toInt(&ok);
    if (!ok || runs < 1)
        fail(QStringLiteral("--runs must be a positive number"));

    std::vector<double> openMs, unsettledMs, pageMs, totalMs;
    qint64 rows = 0;
    for (int i = 0; i < runs; ++i) {
        history::Journal journal;
        QElapsedTimer t;
        t.start();
        if (auto r = journal.open(path); !r)
            fail(QStringLiteral("open: ") + r.error().message);
        const qint64 opened = t.nsecsElapsed();
        const auto unsettled = journal.unsettled();
        if (!unsettled)
            fail(QStringLiteral("unsettled: ") + unsettled.error().message);
        const qint64 afterUnsettled = t.nsecsElapsed();
        const auto page = journal.query(history::JournalFilter {}, 0, 50);
        if (!page)
            fail(QStringLiteral("query: ") + page.error().message);
        const qint64 afterPage = t.nsecsElapsed();
        openMs.push_back(double(opened) / 1e6);
        unsettledMs.push_back(double(afterUnsettled - opened) / 1e6);
        pageMs.push_back(double(afterPage - afterUnsettled) / 1e6);
        totalMs.push_back(double(afterPage) / 1e6);
        if (i == 0) {
            const auto count = journal.count(history::JournalFilter {});
            rows = count ? count.value() : -1;
        }
    }

    QTextStream out(stdout);
    auto f = [](double v) { return QString::number(v, 'f', 2); };
    out << "rows=" << rows << '\n'
        << "open_ms_first=" << f(openMs.front()) << '\n'
        << "open_ms_median=" << f(median(openMs)) << '\n'
        << "unsettled_ms_median=" << f(median(unsettledMs)) << '\n'
        << "newest_page_ms_median=" << f(median(pageMs)) << '\n'
        << "startup_history_ms_first=" << f(totalMs.front()) << '\n'
        << "startup_history_ms_median=" << f(median(totalMs)) << '\n'
        << "peak_rss_kib=" << benchutil::peakRssKiB() << '\n';
    out.flush();
    std::fprintf(stderr,
        "history_open_bench: %lld rows; open %.2f ms, unsettled %.2f ms, newest page %.2f ms (medians of "
        "%d)\n",
        static_cast<long long>(rows), median(openMs), median(unsettledMs), median(pageMs), runs);
    return 0;
}
