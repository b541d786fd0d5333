// The history as people read it: an Excel workbook (.xlsx, written with libxlsxwriter) whose column
// titles, operations (核销/作废/退券), results (成功/失败/未确认) and reasons are in the UI language, with
// local times, and with coupon codes, stock ids and request numbers as text cells, so Excel keeps
// long numbers intact (a CSV opened in Excel turns 397812345678 into 3.97812E+11).
// Machines keep history::Journal's CSV/JSON export. Rows from the chain database (the Shop and Chain
// scopes) get a Shop column at the end.
#pragma once

#include "staff.h"

#include "history/journal.h"
#include "result.h"

#include <functional>

namespace desk {

// One row of the workbook; the shop is set for chain rows, empty for the journal's.
struct XlsxRow
{
    history::JournalEntry entry;
    QString shopId;
    QString shopName;
};
// The next page of rows, newest first, after `last` (nullptr: the first page); a page shorter than
// history::Journal::kMaxPageSize is the last.
using XlsxPages = std::function<Result<QList<XlsxRow>>(const XlsxRow *last)>;

// Writes every row the pages give to `path`, with a Shop column when `withShop`; returns how many.
Result<qint64> exportHistoryXlsx(
    const XlsxPages &pages, bool withShop, const QString &path, const StaffDirectory &staff);
// Every row of the journal the filter selects (newest first).
Result<qint64> exportHistoryXlsx(const history::Journal &journal, const history::JournalFilter &filter,
    const QString &path, const StaffDirectory &staff);

} // namespace desk
