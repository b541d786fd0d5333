#include "chainreads.h"

#include "chainsql.h"

#include <QSqlDriver>
#include <QSqlField>
#include <QSqlQuery>
#include <QStringList>
#include <QTimeZone>
#include <QVariant>

namespace history {

using namespace detail;

namespace {

// Times in and out as UTC text and epoch milliseconds: QPSQL's own timestamptz conversion is not
// relied on. Pushed times have millisecond precision, so the round trip is exact.
const QString kSelect = QStringLiteral(
    "SELECT h.shop_id, c.shop_name, h.counter_id, h.request_no, h.operation, h.coupon_code, h.stock_id,"
    " h.openid, h.appid, h.reason, h.state, h.staff,"
    " (extract(epoch FROM h.created_at) * 1000)::bigint, (extract(epoch FROM h.updated_at) * 1000)::bigint,"
    " h.attempts, h.wechat_time, h.request_id, h.wechat_code, h.message, h.http_status, h.settled_by,"
    " h.batch_id, h.note, h.order_amount_fen, h.discount_fen"
    " FROM coupondesk.history h"
    " JOIN coupondesk.counters c ON c.shop_id = h.shop_id AND c.counter_id = h.counter_id");

// The tie-breakers are unique per row (the primary key); COLLATE "C" makes their order the same
// whatever the database's collation, in ORDER BY and in the cursor's comparison alike.
const QString kOrder = QStringLiteral(
    " ORDER BY h.created_at DESC, h.shop_id COLLATE \"C\" DESC, h.counter_id COLLATE \"C\" DESC,"
    " h.request_no COLLATE \"C\" DESC");

QString utcText(const QDateTime &t)
{
    return t.toTimeZone(QTimeZone::utc()).toString(Qt::ISODateWithMs);
}

Statement whereClause(const ChainSelection &selection)
{
    const JournalFilter &f = selection.filter;
    QStringList clauses;
    Statement where;
    auto add = [&](const QString &clause, const QVariant &value) {
        clauses << clause;
        where.binds << value;
    };
    if (!selection.shopId.isEmpty())
        add(QStringLiteral("h.shop_id = ?"), selection.shopId);
    if (!f.codeExact.isEmpty())
        add(QStringLiteral("h.coupon_code = ?"), f.codeExact);
    // starts_with and strpos take the bound text literally (LIKE would read % and _ as patterns), and
    // compare code points whatever the collation.
    if (!f.codePrefix.isEmpty())
        add(QStringLiteral("starts_with(h.coupon_code, ?)"), f.codePrefix);
    if (!f.codeContains.isEmpty())
        add(QStringLiteral("strpos(h.coupon_code, ?) > 0"), f.codeContains);
    if (f.from.isValid())
        add(QStringLiteral("h.created_at >= ?::timestamptz"), utcText(f.from));
    if (f.to.isValid())
        add(QStringLiteral("h.created_at < ?::timestamptz"), utcText(f.to));
    if (f.operation)
        add(QStringLiteral("h.operation = ?"), operationName(*f.operation));
    if (f.state)
        add(QStringLiteral("h.state = ?"), stateName(*f.state));
    if (!f.staff.isEmpty())
        add(QStringLiteral("h.staff = ?"), f.staff);
    if (!f.batchId.isEmpty())
        add(QStringLiteral("h.batch_id = ?"), f.batchId);
    if (!clauses.isEmpty())
        where.sql = QLatin1String(" WHERE ") + clauses.join(QLatin1String(" AND "));
    return where;
}

Statement selectStatement(const ChainSelection &selection, const std::optional<ChainCursor> &after)
{
    Statement s = whereClause(selection);
    if (after) {
        // created_at <= t alone is a range the time indexes answer; the rest orders the rows of time t.
        const QString t = utcText(after->createdAt);
        s.sql += QLatin1String(s.sql.isEmpty() ? " WHERE " : " AND ");
        s.sql += QLatin1String("h.created_at <= ?::timestamptz AND (h.created_at < ?::timestamptz"
                               " OR (h.shop_id COLLATE \"C\", h.counter_id COLLATE \"C\", h.request_no "
                               "COLLATE \"C\") < (?, ?, ?))");
        s.binds << t << t << after->shopId << after->counterId << after->requestNo;
    }
    s.sql = kSelect + s.sql + kOrder;
    return s;
}

std::optional<qint64> optionalFen(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
}

ChainEntry rowFrom(const QSqlQuery &q)
{
    ChainEntry row;
    row.shopId = q.value(0).toString();
    row.shopName = q.value(1).toString();
    JournalEntry &e = row.entry;
    e.counterId = q.value(2).toString();
    e.requestNo = q.value(3).toString();
    e.operation = operationFromName(q.value(4).toString()).value_or(Operation::Use);
    e.couponCode = q.value(5).toString();
    e.stockId = q.value(6).toString();
    e.openid = q.value(7).toString();
    e.appid = q.value(8).toString();
    e.reason = q.value(9).toString();
    e.state = stateFromName(q.value(10).toString()).value_or(State::Uncertain);
    e.staff = q.value(11).toString();
    e.createdAt = QDateTime::fromMSecsSinceEpoch(q.value(12).toLongLong());
    e.updatedAt = QDateTime::fromMSecsSinceEpoch(q.value(13).toLongLong());
    e.attempts = q.value(14).toInt();
    e.wechatTime = q.value(15).toString();
    e.requestId = q.value(16).toString();
    e.wechatCode = q.value(17).toString();
    e.message = q.value(18).toString();
    e.httpStatus = q.value(19).toInt();
    e.settledBy = settledByFromName(q.value(20).toString()).value_or(SettledBy::None);
    e.batchId = q.value(21).toString();
    e.note = q.value(22).toString();
    e.orderFen = optionalFen(q.value(23));
    e.discountFen = optionalFen(q.value(24));
    return row;
}

Result<QList<ChainEntry>> select(QSqlDatabase &db, const Statement &statement)
{
    if (auto r = requireOpen(db); !r)
        return r.error();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (auto r = runChain(query, statement, QStringLiteral("could not read the chain's history")); !r)
        return r.error();
    QList<ChainEntry> rows;
    while (query.next())
        rows.append(rowFrom(query));
    if (query.lastError().isValid())
        return chainError(query.lastError(), QStringLiteral("could not read the chain's history"));
    return rows;
}

Error badPage(const QString &what)
{
    return Error::make(ErrorKind::InvalidArgument,
        QLatin1String("bad page: ") + what + QLatin1String(" (limit 1..")
            + QString::number(ChainReads::kMaxPageSize) + QLatin1Char(')'));
}

} // namespace

ChainCursor ChainCursor::of(const ChainEntry &row)
{
    return { row.entry.createdAt, row.shopId, row.entry.counterId, row.entry.requestNo };
}

Result<QList<ChainEntry>> ChainReads::page(
    QSqlDatabase &db, const ChainSelection &selection, int offset, int limit)
{
    if (offset < 0 || limit < 1 || limit > kMaxPageSize)
        return badPage(QLatin1String("offset ") + QString::number(offset) + QLatin1String(", limit ")
            + QString::number(limit));
    Statement s = selectStatement(selection, std::nullopt);
    s.sql += QLatin1String(" LIMIT ? OFFSET ?");
    s.binds << limit << offset;
    return select(db, s);
}

Result<QList<ChainEntry>> ChainReads::pageAfter(
    QSqlDatabase &db, const ChainSelection &selection, const ChainCursor &after, int limit)
{
    if (limit < 1 || limit > kMaxPageSize || !after.createdAt.isValid())
        return badPage(QLatin1String("after ") + after.shopId + QLatin1Char('/') + after.counterId
            + QLatin1Char('/') + after.requestNo
            + (after.createdAt.isValid() ? QString() : QStringLiteral(" (no time)"))
            + QLatin1String(", limit ") + QString::number(limit));
    Statement s = selectStatement(selection, after);
    s.sql += QLatin1String(" LIMIT ?");
    s.binds << limit;
    return select(db, s);
}

Result<qint64> ChainReads::count(QSqlDatabase &db, const ChainSelection &selection, qint64 upTo)
{
    if (auto r = requireOpen(db); !r)
        return r.error();
    Statement s = whereClause(selection);
    if (upTo > 0) {
        s.sql = QLatin1String("SELECT count(*) FROM (SELECT 1 FROM coupondesk.history h") + s.sql
            + QLatin1String(" LIMIT ?) capped");
        s.binds << upTo;
    } else {
        s.sql = QLatin1String("SELECT count(*) FROM coupondesk.history h") + s.sql;
    }
    QSqlQuery query(db);
    if (auto r = runChain(query, s, QStringLiteral("could not count the chain's history")); !r)
        return r.error();
    if (!query.next())
        return chainError(query.lastError(), QStringLiteral("could not count the chain's history"));
    return query.value(0).toLongLong();
}

Result<QStringList> ChainReads::queryPlan(
    QSqlDatabase &db, const ChainSelection &selection, const std::optional<ChainCursor> &after, int limit)
{
    if (auto r = requireOpen(db); !r)
        return r.error();
    Statement s = selectStatement(selection, after);
    s.sql += QLatin1String(" LIMIT ?");
    s.binds << limit;
    // Each '?' in order becomes its value as the driver quotes it (the statement has no other '?').
    QString sql;
    qsizetype next = 0;
    for (const QChar ch : std::as_const(s.sql)) {
        if (ch != QLatin1Char('?')) {
            sql += ch;
            continue;
        }
        const QVariant &value = s.binds.at(next++);
        QSqlField field(QStringLiteral("v"), value.metaType());
        field.setValue(value);
        sql += db.driver()->formatValue(field);
    }
    QSqlQuery query(db);
    if (!query.exec(QLatin1String("EXPLAIN ") + sql))
        return chainError(query.lastError(), QStringLiteral("could not explain the chain's history query"));
    QStringList plan;
    while (query.next())
        plan << query.value(0).toString();
    return plan;
}

} // namespace history
