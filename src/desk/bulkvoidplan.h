// What a bulk void run will really send: the rows of a file that an earlier run of the same job
// (same file, reason and stock) has not settled yet. Lets the confirmation say "void 3 coupons
// (16 already handled)" instead of counting every row of a file that is already done.
#pragma once

#include "bulkvoid.h"

#include <QString>

namespace history {
class Journal;
}

namespace desk {

struct BulkSendPlan
{
    int toSend = 0; // rows that will be sent (or whose unconfirmed void will be settled)
    int alreadyDone = 0; // rows an earlier run settled in the journal: nothing is sent for them
    bool resumed = false; // an earlier run of this job exists in jobDir

    int total() const { return toSend + alreadyDone; }
};

// Counts, without sending or writing anything, the rows of `preview` that a run would send: the
// valid rows (the invalid ones too are skipped when excludeInvalid) minus those whose void the
// journal already holds as settled for this job (succeeded, or refused after being sent). A void
// whose request was never sent, or whose outcome is not confirmed yet, counts as to send.
BulkSendPlan planBulkSend(const history::Journal &journal, const QString &jobDir, const BulkPreview &preview,
    const QString &defaultReason, const QString &stockId);

// The manager's confirmation for a plan, e.g. "Void 3 coupons now (16 already handled)? This cannot
// be undone." or "19 of 19 coupons already handled: nothing to send. Show their results?"
QString bulkConfirmText(const BulkSendPlan &plan);

} // namespace desk
