#include "chaintrail.h"

#include "chainsql.h"

#include <QSqlQuery>
#include <QVariant>

namespace history {

using namespace detail;

namespace {

const QString kColumns = QStringLiteral(
    "SELECT h.shop_id, COALESCE(c.shop_name, ''), h.counter_id, h.staff, h.request_no, h.coupon_code,"
    " h.operation, h.state, h.created_at, h.updated_at FROM coupondesk.history h"
    " LEFT JOIN coupondesk.counters c ON c.shop_id = h.shop_id AND c.counter_id = h.counter_id ");

Result<QList<ChainRow>> readRows(QSqlDatabase &db, const Statement &statement, const QString &what)
{
    if (auto r = requireOpen(db); !r)
        return r.error();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (auto r = runChain(query, statement, what); !r)
        return r.error();
    QList<ChainRow> rows;
    while (query.next()) {
        ChainRow row;
        row.shopId = query.value(0).toString();
        row.shopName = query.value(1).toString();
        row.counterId = query.value(2).toString();
        row.staff = query.value(3).toString();
        row.requestNo = query.value(4).toString();
        row.couponCode = query.value(5).toString();
        row.operation = operationFromName(query.value(6).toString()).value_or(Operation::Use);
        row.state = stateFromName(query.value(7).toString()).value_or(State::Uncertain);
        row.createdAt = query.value(8).toDateTime();
        row.updatedAt = query.value(9).toDateTime();
        rows << row;
    }
    if (query.lastError().isValid())
        return chainError(query.lastError(), what);
    return rows;
}

} // namespace

Result<QList<ChainRow>> chainOpenRows(
    QSqlDatabase &db, const QString &shopId, const QString &counterId, int limit)
{
    if (limit < 1 || limit > 10000)
        return Error::make(ErrorKind::InvalidArgument, QStringLiteral("bad limit for the open chain rows"));
    // The state predicate is the partial index's own, so the few open rows are read from it alone.
    return readRows(db,
        { kColumns
                + QStringLiteral("WHERE h.state IN ('PENDING', 'UNCERTAIN') AND h.operation <> 'query'"
                                 " AND NOT (h.shop_id = ? AND h.counter_id = ?)"
                                 " ORDER BY h.created_at LIMIT ?"),
            { shopId, counterId, limit } },
        QStringLiteral("could not read the chain's open rows"));
}

Result<QList<ChainRow>> chainTrail(QSqlDatabase &db, const QString &couponCode, int limit)
{
    if (limit < 1 || limit > 1000)
        return Error::make(
            ErrorKind::InvalidArgument, QStringLiteral("bad limit for a coupon's chain trail"));
    // history_coupon_code (coupon_code, created_at DESC) answers it in index order.
    return readRows(db,
        { kColumns
                + QStringLiteral(
                    "WHERE h.coupon_code = ? ORDER BY h.created_at DESC, h.counter_id, h.request_no"
                    " LIMIT ?"),
            { couponCode, limit } },
        QStringLiteral("could not read the coupon's chain trail"));
}

} // namespace history
