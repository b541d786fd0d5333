// journalReportCells: the report aggregate of this counter's journal, one GROUP BY over a created_at
// range (the journal_created_at index gives the range; the rows of a day are read once).
#include "reportcells.h"

#include "logging.h"
#include "sqlsupport.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

namespace history {

using namespace detail;

namespace {

// created_at - created_at % 3600000: the start of the UTC hour (created_at is never negative). The
// range on created_at is read from the journal_created_at index; the groups are few (a temp b-tree).
const QString kCellsSql = QStringLiteral(
    "SELECT created_at - created_at % 3600000 AS hour, stock_id, staff, operation, state, COUNT(*),"
    " COALESCE(SUM(discount_fen), 0), COUNT(discount_fen)"
    " FROM journal WHERE created_at >= ? AND created_at < ? AND operation <> 'query'"
    " GROUP BY hour, stock_id, staff, operation, state"
    " ORDER BY hour, stock_id, staff, operation, state");

} // namespace

Result<QList<ReportCell>> journalReportCells(const Journal &journal, qint64 fromMs, qint64 toMs)
{
    if (!journal.isOpen()) {
        return Error::make(ErrorKind::NotOpen, QStringLiteral("the history journal is not open"));
    }
    if (toMs <= fromMs) {
        return Error::make(
            ErrorKind::InvalidArgument, QStringLiteral("a report period must end after it starts"));
    }
    // The journal's own connection (same thread, Journal is not thread-safe anyway): a read needs no
    // connection of its own, and sees what this counter wrote a moment ago.
    QSqlDatabase db = QSqlDatabase::database(journal.connectionName(), false);
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(kCellsSql)) {
        return sqlError(query.lastError(), QStringLiteral("could not count the report (prepare)"));
    }
    query.addBindValue(fromMs);
    query.addBindValue(toMs);
    if (!query.exec()) {
        return sqlError(query.lastError(), QStringLiteral("could not count the report"));
    }
    QList<ReportCell> cells;
    while (query.next()) {
        ReportCell c;
        c.hourStartMs = query.value(0).toLongLong();
        c.stockId = query.value(1).toString();
        c.staff = query.value(2).toString();
        const auto operation = operationFromName(query.value(3).toString());
        const auto state = stateFromName(query.value(4).toString());
        if (!operation || !state) {
            continue; // the table's CHECKs make this impossible
        }
        c.operation = *operation;
        c.state = *state;
        c.count = query.value(5).toLongLong();
        c.discountFen = query.value(6).toLongLong();
        c.withDiscount = query.value(7).toLongLong();
        cells.append(c);
    }
    if (query.lastError().isValid()) {
        return sqlError(query.lastError(), QStringLiteral("could not count the report"));
    }
    return cells;
}

Result<QStringList> journalReportCellsPlan(const Journal &journal, qint64 fromMs, qint64 toMs)
{
    if (!journal.isOpen()) {
        return Error::make(ErrorKind::NotOpen, QStringLiteral("the history journal is not open"));
    }
    QSqlQuery query(QSqlDatabase::database(journal.connectionName(), false));
    if (!query.prepare(QLatin1String("EXPLAIN QUERY PLAN ") + kCellsSql)) {
        return sqlError(query.lastError(), QStringLiteral("could not explain the report (prepare)"));
    }
    query.addBindValue(fromMs);
    query.addBindValue(toMs);
    if (!query.exec()) {
        return sqlError(query.lastError(), QStringLiteral("could not explain the report"));
    }
    QStringList lines;
    while (query.next()) {
        lines << query.value(3).toString(); // id, parent, notused, detail
    }
    return lines;
}

} // namespace history
