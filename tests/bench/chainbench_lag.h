// chain_bench's --lag part (header-only, one translation unit): the 20-counter load of test_chain_load
// (chainloadrig.h) while the bench looks at PostgreSQL every ~20 ms; a row's lag is the time of the first
// look that saw it SUCCEEDED minus the moment it settled at its counter, as the counter logged it
// (chaincounter --settle-log, in milliseconds: the journal's updated_at is whole seconds, the session's
// clock, so it cannot time this).
#pragma once

#include "chainbench_history.h"
#include "chainloadrig.h"

#include <QDateTime>
#include <QFile>
#include <QHash>
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
        if (!q.exec(QStringLiteral("SELECT coupon_code FROM coupondesk.history WHERE state = 'SUCCEEDED'"
                                   " AND xmin::text::bigint >= %1")
                        .arg(m_floor)))
            historyFail(q.lastError().text());
        // When the answer is here: each row it holds was visible by then (an upper bound, by the query's
        // few milliseconds).
        const qint64 lookedAt = QDateTime::currentMSecsSinceEpoch();
        while (q.next()) {
            const QString key = q.value(0).toString();
            if (!m_seen.contains(key))
                m_seen.insert(key, lookedAt);
        }
        m_floor = nextFloor;
        ++m_polls;
    }
    qsizetype seen() const { return m_seen.size(); }
    int polls() const { return m_polls; }
    // First seen SUCCEEDED, epoch ms, by coupon code.
    const QHash<QString, qint64> &seenAt() const { return m_seen; }

private:
    QSqlDatabase &m_db;
    qint64 m_floor = 0;
    QHash<QString, qint64> m_seen;
    int m_polls = 0;
};

inline void benchLag(QTextStream &out, int pauseMs)
{
    std::fprintf(stderr, "chain_bench: lag: 20 counters x 500 redemptions, PostgreSQL polled every 20 ms\n");
    chainload::Options options;
    if (pauseMs > 0)
        options.counterArguments = QStringList { QStringLiteral("--pause-ms"), QString::number(pauseMs) };
    chainload::Rig rig(options);
    const CleanupGuard guard([&rig] { rig.shutdown(); });
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
    std::vector<double> lags;
    for (const chainload::Counter &c : rig.counters()) {
        QFile log(c.settleLogPath);
        if (!log.open(QIODevice::ReadOnly))
            historyFail(QStringLiteral("no settle log from %1").arg(c.counterId));
        while (!log.atEnd()) {
            const QList<QByteArray> parts = log.readLine().trimmed().split('\t');
            const QString code = QString::fromLatin1(parts.value(0));
            if (parts.size() != 2 || !poller.seenAt().contains(code))
                historyFail(QStringLiteral("%1: a settle log line without a row: %2").arg(c.counterId, code));
            lags.push_back(double(poller.seenAt().value(code) - parts.at(1).toLongLong()));
        }
    }
    if (qsizetype(lags.size()) != rig.rowsExpected())
        historyFail(
            QStringLiteral("%1 settle times logged, not %2").arg(lags.size()).arg(rig.rowsExpected()));
    const benchutil::Stats s = benchutil::stats(lags);
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
