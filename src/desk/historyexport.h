// The history as people read it: an Excel workbook (.xlsx, written with libxlsxwriter) whose column
// titles, operations (核销/作废/退券), results (成功/失败/未确认) and reasons are in the UI language, with
// local times, and with coupon codes, stock ids and request numbers as text cells, so Excel keeps
// long numbers intact (a CSV opened in Excel turns 397812345678 into 3.97812E+11).
// Machines keep history::Journal's CSV/JSON export.
#pragma once

#include "staff.h"

#include "history/journal.h"
#include "result.h"

namespace desk {

// Writes every row the filter selects (newest first) to `path`; returns how many.
Result<qint64> exportHistoryXlsx(const history::Journal &journal, const history::JournalFilter &filter,
    const QString &path, const StaffDirectory &staff);

} // namespace desk
