// The aggregate a report is made of (issue 19): journal rows in a period counted per stock, staff,
// hour, shop, operation and state, with the discounts the till recorded. A day of one busy counter is a
// few hundred cells however many rows it has, so desk builds every breakdown (by stock, staff, hour,
// day, shop) from one query. The counter's journal answers journalReportCells (reportcells.cpp); the
// chain database chainReportCells (chainreportcells.cpp).
#pragma once

#include "history/journal.h"
#include "history/result.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

class QSqlDatabase;

namespace history {

struct ReportCell
{
    QString shopId; // empty for the counter's own journal
    QString stockId;
    QString staff;
    qint64 hourStartMs = 0; // the UTC epoch ms of the start of the hour the rows were created in
    Operation operation = Operation::Use;
    State state = State::Succeeded;
    qint64 count = 0;
    qint64 discountFen = 0; // sum of discount_fen over the rows that have one
    qint64 withDiscount = 0; // how many rows have a discount_fen (the others: the till did not know)
};

// Rows with created_at in [fromMs, toMs) (UTC epoch ms), query rows left out, ordered by hour, stock,
// staff, operation, state. Hours are whole UTC hours: a zone whose offset is not whole hours (India,
// +05:30) sees its local hours split across two cells, which desk assigns by the hour's start.
Result<QList<ReportCell>> journalReportCells(const Journal &journal, qint64 fromMs, qint64 toMs);
// SQLite's EXPLAIN QUERY PLAN of journalReportCells (tests and diagnostics): it reads the period from the
// journal_created_at index.
Result<QStringList> journalReportCellsPlan(const Journal &journal, qint64 fromMs, qint64 toMs);

// The same from the chain database (coupondesk.history), for one shop or, with shopId empty, all.
Result<QList<ReportCell>> chainReportCells(
    QSqlDatabase &db, qint64 fromMs, qint64 toMs, const QString &shopId);

// The chain's shops (coupondesk.counters): shop id → the name its counters were registered under, so a
// report by shop names them (chainshops.cpp).
Result<QHash<QString, QString>> chainShopNames(QSqlDatabase &db);

} // namespace history
