// What the counter can tell about a code without the customer's openid (F5 at the counter): this
// counter's own journal rows for it and the stock it belongs to. Information, never a redemption
// result: the message's severity is Info.
#pragma once

#include "messages.h"
#include "settings.h"
#include "staff.h"

#include "history/journal.h"

namespace desk {

struct CouponKnowledge
{
    QString couponCode;
    QList<history::JournalEntry> rows; // newest first, at most kMaxRows
    QString stockId; // from the journal, else the one stock whose pattern matches
    static constexpr int kMaxRows = 5;
};

CouponKnowledge couponKnowledge(
    const history::Journal &journal, const QList<StockRef> &stocks, const QString &couponCode);

// A row's time as staff read it: "14:03" today, "2026-12-04 14:03" on another day (local time).
QString counterTime(const QDateTime &at);
// The staff member's name, or the id when the name is not known.
QString staffName(const StaffDirectory &staff, const QString &id);

// One line a row: "12-05 14:03 Redeem · succeeded (收银员小王)".
QString describeRow(const history::JournalEntry &row, const StaffDirectory &staff);

// The F5 answer without an openid: what this counter knows, the stock, and how to get the live state.
// `stockLine` is the stock's name, value and validity when known (may be empty).
StaffMessage knowledgeMessage(
    const CouponKnowledge &k, const StaffDirectory &staff, const QString &stockLine);

} // namespace desk
