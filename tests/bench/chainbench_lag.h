// chain_bench's --lag part (header-only, one translation unit): the 20-counter load of test_chain_load
// (chainloadrig.h) while the bench looks at PostgreSQL every ~20 ms; a row's lag is the time of the first
// look that saw it SUCCEEDED minus its updated_at (the journal's own, replicated as is: when the row
// settled at the counter).
#pragma once

#include "chainbench_history.h"
#include "chainloadrig.h"

#include <QDateTime>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>

#include <cstdio>
#include <vector>

namespace chainbench {

// Finds the rows that became visible since the last look, by transaction id: a row not visible to a
// statement has an xmin at or above that statement's snapshot xmin, so each look asks only for rows
// with xmin >= the snapshot xmin taken just before the previous look (a fresh cluster: no wraparound).
class VisibilityPoller
{
public:
    explicit VisibilityPoller(QSqlDatabase &db)
        : m_db(db)
    {
    }

    void poll()
    {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"))
            || !q.next())
            historyFail(q.lastError().text());
        const qint64 nextFloor = q.value(0).toLongLong();
        const qint64 lookedAt = QDateTime::currentMSecsSinceEpoch();
        if (!q.exec(QStringLiteral("SELECT counter_id || '/' || request_no,"
                                   " (extract(epoch FROM updated_at) * 1000)::bigint"
                                   " FROM coupondesk.history WHERE state = 'SUCCEEDED'"
                                   " AND xmin::text::bigint >= %1")
                        .arg(m_floor)))
            historyFail(q.lastError().text());
        while (q.next()) {
            const QString key = q.value(0).toString();
            if (m_seen.contains(key))
                continue;
            m_seen.insert(key);
            m_lagsMs.push_back(double(lookedAt - q.value(1).toLongLong()));
        }
        m_floor = nextFloor;
        ++m_polls;
    }
    qsizetype seen() const { return m_seen.size(); }
    int polls() const { return m_polls; }
    std::vector<double> lags() const { return m_lagsMs; }

private:
    QSqlDatabase &m_db;
    qint64 m_floor = 0;
    QSet<QString> m_seen;
    std::vector<double> m_lagsMs;
    int m_polls = 0;
};

inline void benchLag(QTextStream &out, int pauseMs)
{
    std::fprintf(stderr, "chain_bench: lag: 20 counters x 500 redemptions, PostgreSQL polled every 20 ms\n");
    chainload::Options options;
    if (pauseMs > 0)
        options.counterArguments = QStringList { QStringLiteral("--pause-ms"), QString::number(pauseMs) };
    chainload::Rig rig(options);
    if (QString e = rig.prepare(); !e.isEmpty())
        historyFail(e);
    VisibilityPoller poller(rig.admin());
    QElapsedTimer timer;
    timer.start();
    if (QString e = rig.start(); !e.isEmpty())
        historyFail(e);
    if (QString e = rig.wait(900000, [&poller] { poller.poll(); }); !e.isEmpty())
        historyFail(e);
    const qint64 loadMs = timer.elapsed();
    poller.poll();
    if (poller.seen() != rig.rowsExpected())
        historyFail(QStringLiteral("saw %1 settled rows, not %2").arg(poller.seen()).arg(rig.rowsExpected()));
    if (QString e = rig.verify(); !e.isEmpty())
        historyFail(e);
    const benchutil::Stats s = benchutil::stats(poller.lags());
    out << "lag_pause_ms=" << pauseMs << '\n'
        << "lag_rows=" << poller.seen() << '\n'
        << "lag_counters=" << rig.counterCount() << '\n'
        << "lag_polls=" << poller.polls() << '\n'
        << "lag_load_ms=" << loadMs << '\n'
        << "lag_redemptions_per_s="
        << QString::number(double(rig.rowsExpected()) * 1000.0 / double(loadMs), 'f', 0) << '\n'
        << "lag_p50_ms=" << QString::number(s.median, 'f', 0) << '\n'
        << "lag_p99_ms=" << QString::number(s.p99, 'f', 0) << '\n'
        << "lag_max_ms=" << QString::number(s.max, 'f', 0) << '\n';
    out.flush();
}

} // namespace chainbench
