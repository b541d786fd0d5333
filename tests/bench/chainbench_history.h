// chain_bench's --history-rows part (header-only, one translation unit): a chain history of N rows
// generated server-side (500 shops x 4 counters x 30 days, tests/support/chainhistorygen.h), then the
// three reads issue 18 sets goals for, each through the function the program uses, as a counter's login:
// a coupon's trail by code (≤ 10 ms), one shop's day page of 50 rows newest first (≤ 50 ms) and the
// chain-wide day totals by shop (≤ 1 s); and issue 19's day report cells of the whole chain (≤ 1 s).
#pragma once

#include "chainhistorygen.h"
#include "testpostgres.h"

#include "history/chainconnection.h"
#include "history/chainreads.h"
#include "history/chainreportcells.h"
#include "history/chainschema.h"
#include "history/chaintotals.h"
#include "history/chaintrail.h"
#include "history/reportcells.h"

#include "desk/reportbuild_p.h"
#include "desk/staff.h"
#include "wechatpay/clock.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace benchutil {

struct Stats
{
    double median = 0;
    double p99 = 0;
    double max = 0;
};

inline Stats stats(std::vector<double> samples)
{
    Stats s;
    if (samples.empty())
        return s;
    std::sort(samples.begin(), samples.end());
    s.median = samples[samples.size() / 2];
    s.p99 = samples[std::min(samples.size() - 1, samples.size() * 99 / 100)];
    s.max = samples.back();
    return s;
}

} // namespace benchutil

namespace chainbench {

// What must be stopped if the bench fails: std::exit skips destructors, and a PostgreSQL server or a
// simulator left running would hold its port (and gigabytes in /tmp).
inline std::vector<std::pair<int, std::function<void()>>> &cleanups()
{
    static std::vector<std::pair<int, std::function<void()>>> list;
    return list;
}

// Registers `stop` until the end of the scope.
class CleanupGuard
{
public:
    explicit CleanupGuard(std::function<void()> stop)
        : m_id(nextId()++)
    {
        cleanups().emplace_back(m_id, std::move(stop));
    }
    ~CleanupGuard()
    {
        auto &list = cleanups();
        list.erase(
            std::remove_if(list.begin(), list.end(), [this](const auto &c) { return c.first == m_id; }),
            list.end());
    }
    CleanupGuard(const CleanupGuard &) = delete;
    CleanupGuard &operator=(const CleanupGuard &) = delete;

private:
    static int &nextId()
    {
        static int id = 0;
        return id;
    }
    int m_id;
};

[[noreturn]] inline void historyFail(const QString &message)
{
    std::fprintf(stderr, "chain_bench: %s\n", qPrintable(message));
    auto list = cleanups();
    for (auto it = list.rbegin(); it != list.rend(); ++it)
        it->second();
    std::exit(1);
}

// Milliseconds of each call; stops the program when a call fails.
inline std::vector<double> timeCalls(int samples, const std::function<bool(int)> &call)
{
    std::vector<double> ms;
    for (int i = 0; i < samples; ++i) {
        QElapsedTimer t;
        t.start();
        if (!call(i))
            historyFail(QStringLiteral("a timed read failed"));
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    return ms;
}

// The Result goes out of scope here, so closeChainDatabase later removes the last copy.
inline QSqlDatabase openOrFail(const QString &uri, const QString &password)
{
    auto db = history::openChainDatabase(uri, password);
    if (!db)
        historyFail(db.error().message);
    return db.value();
}

inline QString fmt(const benchutil::Stats &s)
{
    const auto f = [](double v) { return QString::number(v, 'f', v < 10 ? 2 : 1); };
    return f(s.median) + QLatin1Char('/') + f(s.p99) + QLatin1Char('/') + f(s.max);
}

inline void benchHistory(qint64 rows, QTextStream &out)
{
    constexpr int kShops = 500;
    constexpr int kCounters = 4;
    constexpr int kDays = 30;
    const QTimeZone zone(QByteArrayLiteral("Asia/Shanghai"));
    const QDate lastDay = QDateTime::currentDateTimeUtc().toTimeZone(zone).date();
    std::fprintf(stderr, "chain_bench: history: generating %lld rows (%d shops x %d counters x %d days)\n",
        static_cast<long long>(rows), kShops, kCounters, kDays);

    testsupport::TestPostgres pg;
    const CleanupGuard guard([&pg] { pg.stop(); });
    if (!pg.start())
        historyFail(pg.errorString());
    QSqlDatabase adminDb = openOrFail(pg.uri(pg.superuser(), pg.caPath()), pg.superuserPassword());
    if (auto r = history::ChainSchema::init(adminDb); !r)
        historyFail(r.error().message);
    auto login = history::ChainSchema::addCounter(adminDb, QStringLiteral("g001"), QStringLiteral("门店1"),
        QStringLiteral("09"), { pg.host(), pg.port(), pg.database(), pg.caPath() });
    if (!login)
        historyFail(login.error().message);

    QElapsedTimer timer;
    timer.start();
    auto q = std::make_unique<QSqlQuery>(adminDb);
    for (const QString &statement :
        testsupport::chainHistoryGenerationSql(kShops, kCounters, kDays, rows, lastDay, zone))
        if (!q->exec(statement))
            historyFail(q->lastError().text());
    const qint64 generateMs = timer.restart();
    if (!q->exec(QStringLiteral("VACUUM (ANALYZE) coupondesk.history")))
        historyFail(q->lastError().text());
    const qint64 vacuumMs = timer.restart();
    if (!q->exec(QStringLiteral("SELECT pg_total_relation_size('coupondesk.history')")) || !q->next())
        historyFail(q->lastError().text());
    const qint64 bytes = q->value(0).toLongLong();
    q.reset();
    std::fprintf(stderr, "chain_bench: history: generated in %lld ms, VACUUM ANALYZE %lld ms, %.0f MiB\n",
        static_cast<long long>(generateMs), static_cast<long long>(vacuumMs), double(bytes) / 1048576.0);

    QSqlDatabase db = openOrFail(login->databaseUrl, login->password);
    QRandomGenerator random(18);
    const auto code = [](qint64 i) {
        return QStringLiteral("%1").arg((i * 982451653LL) % 1000000000000LL, 12, 10, QLatin1Char('0'));
    };
    const auto day = [&random, lastDay] { return lastDay.addDays(-random.bounded(kDays)); };

    // A coupon's trail across the chain, newest first (history/chaintrail.h: "redeemed at … by …").
    const std::vector<double> lookup = timeCalls(300, [&](int) {
        auto r = history::chainTrail(db, code(1 + random.bounded(rows)));
        return r.ok() && r->size() == 1;
    });
    // One shop's day, newest first, the first page of 50 (history/chainreads.h, the History page's shop
    // scope).
    const std::vector<double> page = timeCalls(300, [&](int) {
        const QDate d = day();
        history::ChainSelection selection;
        selection.shopId = QStringLiteral("g%1").arg(1 + random.bounded(kShops), 3, 10, QLatin1Char('0'));
        selection.filter.from = QDateTime(d, QTime(0, 0), zone);
        selection.filter.to = QDateTime(d.addDays(1), QTime(0, 0), zone);
        auto r = history::ChainReads::page(db, selection, 0, 50);
        return r.ok() && !r->isEmpty(); // 50 rows once a shop has that many a day (10M rows: ~660)
    });
    // The chain-wide day totals by shop (history/chaintotals.h).
    const std::vector<double> totals = timeCalls(10, [&](int) {
        auto r = history::chainDayTotals(db, day(), zone);
        return r.ok() && r->size() >= kShops;
    });
    // A day's report cells of the whole chain (history/reportcells.h, issue 19): every row of the day
    // counted by hour, shop, stock, staff, operation and state; and of one shop, for comparison.
    qint64 reportCells = 0;
    const auto dayMs = [zone](QDate d) {
        return std::make_pair(QDateTime(d, QTime(0, 0), zone).toMSecsSinceEpoch(),
            QDateTime(d.addDays(1), QTime(0, 0), zone).toMSecsSinceEpoch());
    };
    const std::vector<double> report = timeCalls(10, [&](int) {
        const auto [from, to] = dayMs(day());
        auto r = history::chainReportCells(db, from, to, QString());
        if (r.ok())
            reportCells = r->size();
        return r.ok() && r->size() >= kShops;
    });
    // The whole day report as the Reports page and coupondesk-cli get it: the cells, then every
    // breakdown desk builds from them (desk/reportbuild_p.h; the "≤ 1 s" is this figure).
    const wechatpay::SystemClock clock;
    const desk::StaffDirectory noStaff({}, clock);
    const std::vector<double> fullReport = timeCalls(10, [&](int) {
        const auto [from, to] = dayMs(day());
        auto r = history::chainReportCells(db, from, to, QString());
        if (!r.ok())
            return false;
        desk::ReportQuery query;
        query.scope = desk::HistoryScope::Chain;
        query.from = QDateTime::fromMSecsSinceEpoch(from);
        query.to = QDateTime::fromMSecsSinceEpoch(to);
        const desk::Report built = desk::buildReport(query, r.value(), {}, noStaff);
        return built.byShop.size() >= kShops;
    });
    const std::vector<double> shopReport = timeCalls(50, [&](int) {
        const auto [from, to] = dayMs(day());
        auto r = history::chainReportCells(
            db, from, to, QStringLiteral("g%1").arg(1 + random.bounded(kShops), 3, 10, QLatin1Char('0')));
        return r.ok() && !r->isEmpty();
    });
    const auto [planFrom, planTo] = dayMs(lastDay.addDays(-1));
    auto reportPlan = history::chainReportCellsPlan(db, planFrom, planTo, QString());
    if (reportPlan)
        std::fprintf(stderr, "chain_bench: day report cells plan:\n  %s\n",
            qPrintable(reportPlan->join(QStringLiteral("\n  "))));
    auto shopReportPlan = history::chainReportCellsPlan(db, planFrom, planTo, QStringLiteral("g250"));
    if (shopReportPlan)
        std::fprintf(stderr, "chain_bench: one shop's day report cells plan:\n  %s\n",
            qPrintable(shopReportPlan->join(QStringLiteral("\n  "))));
    auto plan = history::chainDayTotalsPlan(db, lastDay.addDays(-1), zone);
    if (plan)
        std::fprintf(
            stderr, "chain_bench: day totals plan:\n  %s\n", qPrintable(plan->join(QStringLiteral("\n  "))));
    history::ChainSelection oneShopDay;
    oneShopDay.shopId = QStringLiteral("g250");
    oneShopDay.filter.from = QDateTime(lastDay.addDays(-1), QTime(0, 0), zone);
    oneShopDay.filter.to = QDateTime(lastDay, QTime(0, 0), zone);
    auto pagePlan = history::ChainReads::queryPlan(db, oneShopDay, std::nullopt, 50);
    if (pagePlan)
        std::fprintf(stderr, "chain_bench: day page plan:\n  %s\n",
            qPrintable(pagePlan->join(QStringLiteral("\n  "))));
    auto trailPlan = history::ChainReads::queryPlan(
        db,
        [&] {
            history::ChainSelection byCode;
            byCode.filter.codeExact = code(rows / 2);
            return byCode;
        }(),
        std::nullopt, 20);
    if (trailPlan)
        std::fprintf(stderr, "chain_bench: code lookup plan (as ChainReads would):\n  %s\n",
            qPrintable(trailPlan->join(QStringLiteral("\n  "))));

    out << "history_rows=" << rows << '\n'
        << "history_generate_ms=" << generateMs << '\n'
        << "history_vacuum_ms=" << vacuumMs << '\n'
        << "history_mib=" << QString::number(double(bytes) / 1048576.0, 'f', 0) << '\n'
        << "history_lookup_ms=" << fmt(benchutil::stats(lookup)) << '\n'
        << "history_lookup_p50=" << benchutil::stats(lookup).median << '\n'
        << "history_page_ms=" << fmt(benchutil::stats(page)) << '\n'
        << "history_page_p50=" << benchutil::stats(page).median << '\n'
        << "history_totals_ms=" << fmt(benchutil::stats(totals)) << '\n'
        << "history_totals_p50=" << benchutil::stats(totals).median << '\n'
        << "history_report_ms=" << fmt(benchutil::stats(report)) << '\n'
        << "history_report_p50=" << benchutil::stats(report).median << '\n'
        << "history_report_cells=" << reportCells << '\n'
        << "history_report_full_ms=" << fmt(benchutil::stats(fullReport)) << '\n'
        << "history_report_full_p50=" << benchutil::stats(fullReport).median << '\n'
        << "history_shop_report_ms=" << fmt(benchutil::stats(shopReport)) << '\n';
    out.flush();
    history::closeChainDatabase(db);
    history::closeChainDatabase(adminDb);
}

} // namespace chainbench
