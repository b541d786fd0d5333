// The shift handover (交班单, issue 19): a cashier ends a shift, the program records who handed over,
// when, the period and its totals, and the slip is printed or saved as PDF. The next shift at this
// counter starts where the last one ended. The totals are the Report of the shift (reportservice.h),
// so the slip equals the report for that shift to the fen.
#pragma once

#include "report.h"
#include "result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace desk {

// One handover as recorded (and reprinted: the slip of a past handover shows these totals, not a new
// count).
struct Handover
{
    qint64 id = 0;
    QString counterId;
    QString staff; // whose shift it was (staff id)
    QString staffName;
    QString confirmedBy; // whose PIN confirmed it (the cashier's own, or a manager's)
    QString confirmedByName; // their name as it was printed
    QString shop; // the shop's name (chain mode) or the merchant id, as printed on the slip
    QDateTime shiftStart; // inclusive
    QDateTime shiftEnd; // exclusive: the moment of the handover
    QDateTime createdAt;
    // The shift's report. Fresh from endShift: the whole Report. Rebuilt from the stored record (past,
    // find): query, total, byStock, byStaff and byHour as printed; the unsettled rows themselves are
    // not kept, their count is total.unsettled.
    Report report;
};

} // namespace desk
