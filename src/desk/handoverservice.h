// The shift handover (交班单, issue 19): which period the shift in progress covers, ending it (the
// shift's Report, recorded in the history with who handed over and who confirmed it), and the past
// handovers as they were printed, for reprints. Owned by Session (Session::handovers()).
//
// A shift at this counter starts where the counter's last handover ended, else at the start of the
// day, and ends at the handover. Its totals are ReportService::build of exactly that period, so the
// slip equals the Reports page's "this shift" (currentShift) to the fen.
#pragma once

#include "handover.h"
#include "report.h"
#include "result.h"
#include "staff.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace history {
class Journal;
}

namespace desk {

class ReportService;

class HandoverService
{
public:
    static constexpr int kMaxPageSize = 1000;

    // `counterId`: this counter (desk/counter_id); `shop`: what the slip names the shop by.
    HandoverService(history::Journal &journal, const ReportService &reports, const StaffDirectory &staff,
        QString counterId, QString shop);

    // The shift in progress at `now`: Counter scope, from the last handover's end at this counter (else
    // the start of `now`'s day, local time) to `now` in whole seconds (the journal's precision). The
    // Reports page's "this shift" period. InvalidInput: SHIFT_EMPTY when the last handover was in this
    // very second, CLOCK_BEHIND when `now` is before it.
    Result<ReportQuery> currentShift(const QDateTime &now) const;

    // Whether `confirmer` may confirm the end of `shiftOwner`'s shift: a manager whose PIN was
    // verified, or the cashier themself when they have a PIN of their own (cashier PINs are on) and
    // typed it.
    static bool mayConfirm(const StaffMember &shiftOwner, const StaffSession &confirmer);

    // Ends `staffId`'s shift at `now`: builds the shift's Report (currentShift), records the handover
    // and returns it (with its id). Refused (InvalidInput) for an unknown staff id (UNKNOWN_STAFF), a
    // confirmer mayConfirm refuses (NOT_ALLOWED), a shift another program instance handed over a
    // moment earlier (ALREADY_HANDED_OVER); a report or history failure keeps its code.
    Result<Handover> endShift(const QString &staffId, const StaffSession &confirmer, const QDateTime &now);

    // Past handovers at this counter, newest first, rebuilt from what was recorded (the totals as
    // printed, not a new count). 0 <= offset, 1 <= limit <= kMaxPageSize.
    Result<QList<Handover>> past(int limit, int offset = 0) const;
    // One recorded handover (of any counter in this history file); NOT_FOUND when there is none.
    Result<Handover> find(qint64 id) const;

private:
    history::Journal &m_journal;
    const ReportService &m_reports;
    const StaffDirectory &m_staff;
    QString m_counterId;
    QString m_shop;
};

} // namespace desk
