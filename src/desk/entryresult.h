// One journal row as an OperationResult: what the row says happened, for code that answers from the
// journal instead of from WeChat Pay (a row already settled, a bulk job resumed).
#pragma once

#include "desk.h"

#include "history/journal.h"

namespace desk {

// Identity (operation, row, coupon, stock, request number, Request-ID, attempts), WeChat's time, the
// outcome the row's state means, and for a failed or open row the error and the staff message.
OperationResult resultFromEntry(const history::JournalEntry &entry);

} // namespace desk
