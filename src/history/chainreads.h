// Reading the chain's shared history (issue 18): one shop's rows or the whole chain's, with the local
// journal's filters (JournalFilter), newest first, paged by offset or after a row (keyset), counted,
// and exported as CSV or JSON. A counter's role may read every shop's rows (row-level security,
// chainschema.h). Values travel as bound parameters only.
//
// Rows are in coupondesk.history as the counters pushed them: without the local row id and request
// body, with the shop and counter that made them and the shop's name (from coupondesk.counters).
#pragma once

#include "history/journal.h"
#include "history/result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class QIODevice;
class QSqlDatabase;

namespace history {

// Which rows: one shop's (shopId set) or the whole chain's (shopId empty), narrowed by `filter`
// exactly as Journal narrows the local rows (code exact, prefix or any part, taken literally;
// from inclusive, to exclusive; operation, state, staff, batch id).
struct ChainSelection
{
    QString shopId;
    JournalFilter filter;
};

// One row of the chain's history. entry.id is 0 and entry.requestBody empty (not in the chain).
struct ChainEntry
{
    QString shopId;
    QString shopName;
    JournalEntry entry;
};

// Where a newest-first page ended: its last row's sort key. The order is created_at, then shop,
// counter and request number, all descending; the last three make every row's key unique, so rows
// that share a millisecond are neither repeated nor skipped from one page to the next.
struct ChainCursor
{
    QDateTime createdAt; // millisecond precision, as pushed
    QString shopId;
    QString counterId;
    QString requestNo;

    static ChainCursor of(const ChainEntry &row);
};

class ChainReads
{
public:
    static constexpr int kMaxPageSize = Journal::kMaxPageSize;

    // Newest first. 0 <= offset, 1 <= limit <= kMaxPageSize.
    static Result<QList<ChainEntry>> page(
        QSqlDatabase &db, const ChainSelection &selection, int offset, int limit);
    // The rows after `after` in page()'s order. 1 <= limit <= kMaxPageSize; an invalid time is refused.
    static Result<QList<ChainEntry>> pageAfter(
        QSqlDatabase &db, const ChainSelection &selection, const ChainCursor &after, int limit);
    // With upTo > 0, counting stops there (min(rows, upTo)): the whole chain's 10,000,000 rows are not
    // counted for a label that only needs to say "more than".
    static Result<qint64> count(QSqlDatabase &db, const ChainSelection &selection, qint64 upTo = 0);

    // PostgreSQL's EXPLAIN of page() (or pageAfter() from `after`) with `limit`, one line per plan
    // line: diagnostics, tests and the benchmark. EXPLAIN cannot be prepared, so here alone the values
    // are written into the statement, quoted by the driver (QSqlDriver::formatValue).
    static Result<QStringList> queryPlan(QSqlDatabase &db, const ChainSelection &selection,
        const std::optional<ChainCursor> &after = std::nullopt, int limit = 100);

    // Journal::exportCsv's columns and cells (id and request_body empty: the chain has neither), then
    // shop_id and shop_name. Streamed a page at a time. Returns the number of data rows written.
    static Result<qint64> exportCsv(
        QSqlDatabase &db, const ChainSelection &selection, QIODevice &out, bool withBom);
    // Journal::exportJson's keys (id null, request_body empty) plus shop_id and shop_name.
    static Result<qint64> exportJson(QSqlDatabase &db, const ChainSelection &selection, QIODevice &out);
    // Journal::exportColumns() followed by shop_id and shop_name.
    static QStringList exportColumns();
};

} // namespace history
