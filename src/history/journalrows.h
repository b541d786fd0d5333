// The journal table in SQL: the stored column list and insert, the WHERE clause a JournalFilter
// becomes, a row read into a JournalEntry or bound for insert, and the checks an entry passes
// before it is written. Internal to src/history (not public API).
#pragma once

#include "journal.h"
#include "sqlsupport.h"

#include <QJsonObject>
#include <QList>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

namespace history::detail {

// The columns every read selects, in the order entryFromRow() reads them.
extern const QString kSelectColumns;
// Every column but id, bound in order by bindInsert().
extern const QString kInsertSql;
extern const QString kOrderNewestFirst;
extern const QString kOrderOldestFirst;
extern const QString kUnsettledStates; // a condition: state is PENDING or UNCERTAIN

// " WHERE …" with its bound values; empty SQL when the filter sets nothing.
Statement whereClause(const JournalFilter &filter);
// SELECT kSelectColumns for the filter, newest first, without LIMIT; with `after`, only the rows
// after it in that order.
Statement selectStatement(
    const JournalFilter &filter, const std::optional<JournalCursor> &after = std::nullopt);

JournalEntry entryFromRow(const QSqlQuery &query);
Result<QList<JournalEntry>> readEntries(QSqlQuery &query);

Result<void> validateSettlement(State state, SettledBy settledBy);
Result<void> validateForInsert(const JournalEntry &entry);
// Times are passed in as epoch ms: converting a local QDateTime costs a time-zone lookup each time.
void bindInsert(QSqlQuery &query, const JournalEntry &e, qint64 createdMs, qint64 updatedMs);
// One row of the CSV export (cells in Journal::exportColumns() order, text cells guarded against
// formulas) and of the JSON export (journalexport.cpp); the chain's export adds its columns after them.
QStringList exportCsvCells(const JournalEntry &entry);
QJsonObject exportJsonObject(const JournalEntry &entry);

// ErrorKind::Duplicate for a request number already stored; existingId 0 when unknown.
Error duplicateError(const QString &requestNo, qint64 existingId);

} // namespace history::detail
