#include "chaintotals.h"

#include "chainsql.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QVariant>

namespace history {

using namespace detail;

namespace {

// The aggregate runs on the history rows alone (an index-only scan of history_day_totals over the
// day's range); the shop names are joined to the few result rows afterwards.
const QString kTotals = QStringLiteral(
    "SELECT t.shop_id, COALESCE(s.shop_name, t.shop_id), t.operation, t.state, t.n, t.order_fen,"
    " t.discount_fen FROM ("
    "  SELECT shop_id, operation, state, count(*) AS n,"
    "   COALESCE(sum(order_amount_fen), 0)::bigint AS order_fen,"
    "   COALESCE(sum(discount_fen), 0)::bigint AS discount_fen"
    "  FROM coupondesk.history"
    "  WHERE created_at >= ?::timestamptz AND created_at < ?::timestamptz"
    "  GROUP BY shop_id, operation, state) t"
    " LEFT JOIN (SELECT shop_id, min(shop_name) AS shop_name FROM coupondesk.counters GROUP BY shop_id) s"
    "  ON s.shop_id = t.shop_id"
    " ORDER BY t.shop_id, t.operation, t.state");

QString utcText(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

Result<Statement> dayStatement(QDate day, const QTimeZone &zone)
{
    if (!day.isValid() || !zone.isValid())
        return Error::make(
            ErrorKind::InvalidArgument, QStringLiteral("a day total needs a valid day and time zone"));
    const QDateTime from(day, QTime(0, 0), zone);
    const QDateTime to(day.addDays(1), QTime(0, 0), zone);
    return Statement { kTotals, { utcText(from), utcText(to) } };
}

} // namespace

Result<QList<ChainDayTotal>> chainDayTotals(QSqlDatabase &db, QDate day, const QTimeZone &zone)
{
    if (auto r = requireOpen(db); !r)
        return r.error();
    auto statement = dayStatement(day, zone);
    if (!statement)
        return statement.error();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (auto r = runChain(query, statement.value(), QStringLiteral("could not read the chain's day totals"));
        !r)
        return r.error();
    QList<ChainDayTotal> totals;
    while (query.next()) {
        ChainDayTotal t;
        t.shopId = query.value(0).toString();
        t.shopName = query.value(1).toString();
        const auto operation = operationFromName(query.value(2).toString());
        const auto state = stateFromName(query.value(3).toString());
        if (!operation || !state) // the table's CHECKs allow no other names
            return Error::make(
                ErrorKind::Sql, QStringLiteral("the chain database holds an unknown operation or state"));
        t.operation = *operation;
        t.state = *state;
        t.count = query.value(4).toLongLong();
        t.orderFen = query.value(5).toLongLong();
        t.discountFen = query.value(6).toLongLong();
        totals << t;
    }
    if (query.lastError().isValid())
        return chainError(query.lastError(), QStringLiteral("could not read the chain's day totals"));
    return totals;
}

Result<QStringList> chainDayTotalsPlan(QSqlDatabase &db, QDate day, const QTimeZone &zone)
{
    if (auto r = requireOpen(db); !r)
        return r.error();
    auto statement = dayStatement(day, zone);
    if (!statement)
        return statement.error();
    // EXPLAIN cannot be prepared: the two bounds go in as literals. They are our own ISO 8601 texts
    // (digits, '-', ':', 'T', '.', 'Z'), never the caller's.
    QString sql = QStringLiteral("EXPLAIN ") + statement->sql;
    for (const QVariant &bound : std::as_const(statement->binds))
        sql.replace(
            sql.indexOf(QLatin1Char('?')), 1, QLatin1Char('\'') + bound.toString() + QLatin1Char('\''));
    QSqlQuery query(db);
    if (!query.exec(sql))
        return chainError(query.lastError(), QStringLiteral("could not explain the chain's day totals"));
    QStringList lines;
    while (query.next())
        lines << query.value(0).toString();
    return lines;
}

} // namespace history
