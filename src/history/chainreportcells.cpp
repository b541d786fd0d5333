#include "chainreportcells.h"

#include "chainschema.h"
#include "chainsql.h"
#include "reportcells.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QVariant>

namespace history {

using namespace detail;

namespace {

// One small aggregate per UTC hour of the period, each an index-only range scan of history_day_report
// (chain schema v3) hashed by shop, stock, staff, operation and state: a day of the whole chain is
// 24 aggregates of ~14,000 rows into ~4,000 cells each, where one GROUP BY over the day would sort all
// its rows on six keys first (about twice the time: the index gives them in created_at order, which the
// planner does not see is hour order). Text keys sort as bytes (COLLATE "C"): ids are ASCII, and the
// database's own collation (e.g. zh_CN) would only be slower. Binds: from, to, from, to, [shop], to.
const QString kCells = QStringLiteral(
    "SELECT (extract(epoch FROM h) * 1000)::bigint, c.shop_id, c.stock_id, c.staff, c.operation,"
    " c.state, c.n, c.discount_fen, c.with_discount"
    " FROM generate_series(date_trunc('hour', ?::timestamptz, 'UTC'), ?::timestamptz, interval '1 hour') h"
    " CROSS JOIN LATERAL ("
    "  SELECT shop_id, stock_id, staff, operation, state, count(*) AS n,"
    "   COALESCE(sum(discount_fen), 0)::bigint AS discount_fen, count(discount_fen) AS with_discount"
    "  FROM coupondesk.history"
    "  WHERE created_at >= greatest(h, ?::timestamptz)"
    "   AND created_at < least(h + interval '1 hour', ?::timestamptz) AND operation <> 'query'%1"
    "  GROUP BY 1, 2, 3, 4, 5) c"
    " WHERE h < ?::timestamptz"
    " ORDER BY h, c.shop_id COLLATE \"C\", c.stock_id COLLATE \"C\", c.staff COLLATE \"C\","
    "  c.operation COLLATE \"C\", c.state COLLATE \"C\"");

// For this one transaction: no JIT (the estimate of the per-hour loop is far above jit_above_cost, and
// compiling took longer than the query itself), and room to sort a day's cells in memory.
const QString kSettings
    = QStringLiteral("SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)");

QString utcText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

Result<Statement> cellsStatement(qint64 fromMs, qint64 toMs, const QString &shopId)
{
    if (toMs < fromMs)
        return Error::make(
            ErrorKind::InvalidArgument, QStringLiteral("a report period cannot end before it starts"));
    if (!shopId.isEmpty() && !ChainSchema::isValidShopId(shopId))
        return Error::make(ErrorKind::InvalidArgument, QStringLiteral("not a shop id: ") + shopId);
    const QString from = utcText(fromMs);
    const QString to = utcText(toMs);
    Statement statement { kCells.arg(shopId.isEmpty() ? QString() : QStringLiteral(" AND shop_id = ?")),
        { from, to, from, to } };
    if (!shopId.isEmpty())
        statement.binds << shopId;
    statement.binds << to;
    return statement;
}

} // namespace

Result<QList<ReportCell>> chainReportCells(
    QSqlDatabase &db, qint64 fromMs, qint64 toMs, const QString &shopId)
{
    if (auto r = requireOpen(db); !r)
        return r.error();
    auto statement = cellsStatement(fromMs, toMs, shopId);
    if (!statement)
        return statement.error();
    const QString what = QStringLiteral("could not read the chain's report");
    ChainTransaction tx(db);
    if (auto r = tx.begin(); !r)
        return r.error();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(kSettings))
        return chainError(query.lastError(), what);
    if (auto r = runChain(query, statement.value(), what); !r)
        return r.error();
    QList<ReportCell> cells;
    while (query.next()) {
        ReportCell c;
        c.hourStartMs = query.value(0).toLongLong();
        c.shopId = query.value(1).toString();
        c.stockId = query.value(2).toString();
        c.staff = query.value(3).toString();
        const auto operation = operationFromName(query.value(4).toString());
        const auto state = stateFromName(query.value(5).toString());
        if (!operation || !state) // the table's CHECKs allow no other names
            return Error::make(
                ErrorKind::Sql, QStringLiteral("the chain database holds an unknown operation or state"));
        c.operation = *operation;
        c.state = *state;
        c.count = query.value(6).toLongLong();
        c.discountFen = query.value(7).toLongLong();
        c.withDiscount = query.value(8).toLongLong();
        cells << c;
    }
    if (query.lastError().isValid())
        return chainError(query.lastError(), what);
    query.finish();
    if (auto r = tx.commit(); !r)
        return r.error();
    return cells;
}

Result<QStringList> chainReportCellsPlan(QSqlDatabase &db, qint64 fromMs, qint64 toMs, const QString &shopId)
{
    if (auto r = requireOpen(db); !r)
        return r.error();
    auto statement = cellsStatement(fromMs, toMs, shopId);
    if (!statement)
        return statement.error();
    // EXPLAIN cannot be prepared: the binds go in as literals. They are our own ISO 8601 texts and a
    // shop id checked against [A-Za-z0-9_-] above, so none can hold a quote.
    QString sql = QStringLiteral("EXPLAIN ") + statement->sql;
    for (const QVariant &bound : std::as_const(statement->binds))
        sql.replace(
            sql.indexOf(QLatin1Char('?')), 1, QLatin1Char('\'') + bound.toString() + QLatin1Char('\''));
    const QString what = QStringLiteral("could not explain the chain's report");
    ChainTransaction tx(db); // the plan under the settings the report runs with; rolled back
    if (auto r = tx.begin(); !r)
        return r.error();
    QSqlQuery query(db);
    if (!query.exec(kSettings) || !query.exec(sql))
        return chainError(query.lastError(), what);
    QStringList lines;
    while (query.next())
        lines << query.value(0).toString();
    return lines;
}

} // namespace history
