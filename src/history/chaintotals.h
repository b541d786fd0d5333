// Chain-wide day totals (issue 18): for one calendar day in a given time zone, how many journal rows
// each shop has per operation and state, with the sums of the order amounts and discounts — head
// office's "how many coupons did each shop redeem today". One aggregate over a range of created_at,
// answered from the covering index history_day_totals (chainschema.cpp) without reading the table.
#pragma once

#include "history/journal.h"
#include "history/result.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTimeZone>

class QSqlDatabase;

namespace history {

struct ChainDayTotal
{
    QString shopId;
    QString shopName; // from coupondesk.counters (the smallest when a shop's counters disagree)
    Operation operation = Operation::Use;
    State state = State::Succeeded;
    qint64 count = 0;
    qint64 orderFen = 0; // sum of order_amount_fen (rows without one count as 0)
    qint64 discountFen = 0; // sum of discount_fen (likewise)
};

// Rows created on `day` in `zone` (from its midnight to the next, so a DST day has 23 or 25 hours),
// grouped by shop, operation and state; ordered by shop id, operation, state. Any open connection to
// the chain database that may read coupondesk.history (a counter, an administrator).
Result<QList<ChainDayTotal>> chainDayTotals(QSqlDatabase &db, QDate day, const QTimeZone &zone);

// PostgreSQL's EXPLAIN of that query for the same day: diagnostics, tests and the benchmark.
Result<QStringList> chainDayTotalsPlan(QSqlDatabase &db, QDate day, const QTimeZone &zone);

} // namespace history
