// report_bench: a day report (issue 19) over a big journal, e.g. the 1,000,000-row file history_bench
// --db FILE leaves: desk::ReportService::build — the journal's report cells of the day, the remembered
// stocks, every breakdown, the day's unsettled rows — as the Reports page and coupondesk-cli report run
// it. A benchmark, not a test; scripts/bench.sh runs it after history_bench.
//
//   report_bench --db FILE [--day YYYY-MM-DD] [--runs R]
//
// Remembers a stock (fixed ¥5 off) for each stock id of the day first, so redemptions are valued.
// stdout: key=value lines; stderr: a summary. "first" is the first build in this process, "median" over
// R builds.
#include "benchbasics.h"

#include "desk/report.h"
#include "desk/reportservice.h"
#include "desk/staff.h"
#include "history/journal.h"
#include "wechatpay/clock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSet>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

[[noreturn]] void fail(const QString &message)
{
    benchutil::failBench("report_bench", message);
}

using benchutil::median;

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A day report over an existing history file."));
    parser.addHelpOption();
    const QCommandLineOption dbOption(
        QStringLiteral("db"), QStringLiteral("An existing journal file."), QStringLiteral("file"));
    const QCommandLineOption dayOption(QStringLiteral("day"),
        QStringLiteral("The day to report (default 2024-07-01, mid-way through history_bench's year)."),
        QStringLiteral("YYYY-MM-DD"), QStringLiteral("2024-07-01"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs (default 15)."),
        QStringLiteral("R"), QStringLiteral("15"));
    parser.addOptions({ dbOption, dayOption, runsOption });
    parser.process(app);
    const QString path = parser.value(dbOption);
    if (path.isEmpty() || !QFileInfo::exists(path))
        fail(QStringLiteral("--db must name an existing journal file"));
    const QDate day = QDate::fromString(parser.value(dayOption), QStringLiteral("yyyy-MM-dd"));
    if (!day.isValid())
        fail(QStringLiteral("--day must be a date like 2024-07-01"));
    bool ok = false;
    const int runs = parser.value(runsOption).toInt(&ok);
    if (!ok || runs < 1)
        fail(QStringLiteral("--runs must be a positive number"));

    history::Journal journal;
    if (auto opened = journal.open(path); !opened)
        fail(opened.error().message);
    history::JournalFilter dayFilter;
    dayFilter.from = day.startOfDay();
    dayFilter.to = day.addDays(1).startOfDay();
    const qint64 dayRows = journal.count(dayFilter).value();
    auto sample = journal.query(dayFilter, 0, history::Journal::kMaxPageSize);
    if (!sample)
        fail(sample.error().message);
    QSet<QString> stockIds;
    for (const history::JournalEntry &e : sample.value())
        stockIds.insert(e.stockId);
    for (const QString &id : stockIds) {
        const QByteArray raw = QStringLiteral(R"({"stock_id":"%1","stock_name":"bench %1","coupon_use_rule":)"
                                              R"({"fixed_normal_coupon":{"discount_amount":500}}})")
                                   .arg(id)
                                   .toUtf8();
        if (auto saved = journal.saveStock({ id, QStringLiteral("bench ") + id, raw, QDateTime() }); !saved)
            fail(saved.error().message);
    }

    wechatpay::SystemClock clock;
    desk::StaffDirectory staff({}, clock);
    desk::ReportService reports(journal, staff);
    const desk::ReportQuery query = desk::dayRangeQuery(day, day);
    std::vector<double> ms;
    desk::Report last;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        auto built = reports.build(query);
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
        if (!built)
            fail(built.error().message);
        last = built.value();
    }
    const double first = ms.front();
    const double max = *std::max_element(ms.begin(), ms.end());

    // A week, for scale (the Reports page's "this week").
    std::vector<double> weekMs;
    const desk::ReportQuery week = desk::dayRangeQuery(day, day.addDays(6));
    for (int i = 0; i < std::max(3, runs / 3); ++i) {
        QElapsedTimer t;
        t.start();
        if (auto built = reports.build(week); !built)
            fail(built.error().message);
        weekMs.push_back(double(t.nsecsElapsed()) / 1e6);
    }

    QTextStream out(stdout);
    out << "report_day_rows=" << dayRows << '\n'
        << "report_day_redeemed=" << last.total.redeemed << '\n'
        << "report_day_unsettled=" << last.unsettled.size() << '\n'
        << "report_day_ms_first=" << QString::number(first, 'f', 1) << '\n'
        << "report_day_ms_median=" << QString::number(median(ms), 'f', 1) << '\n'
        << "report_day_ms_max=" << QString::number(max, 'f', 1) << '\n'
        << "report_week_ms_median=" << QString::number(median(weekMs), 'f', 1) << '\n';
    QTextStream(stderr) << "report_bench: day " << day.toString(Qt::ISODate) << ", " << dayRows << " rows, "
                        << last.byStock.size() << " stocks: median " << QString::number(median(ms), 'f', 1)
                        << " ms (first " << QString::number(first, 'f', 1) << ", max "
                        << QString::number(max, 'f', 1) << "); a week "
                        << QString::number(median(weekMs), 'f', 1) << " ms\n";
    return 0;
}
