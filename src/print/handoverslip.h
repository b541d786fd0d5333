// The shift handover slip (交班单, issue 19) on paper: A4 for an ordinary printer, 58 mm and 80 mm for
// receipt printers (narrow, one column, large totals, one page as long as the slip). Shows the shop
// and counter, the cashier, the shift's start and end, per stock what was redeemed and worth at the
// till, voided, returned, failed and unsettled, the totals, who confirmed it, when it was printed, and
// REPRINT on a reprint. The numbers are the Handover's Report as recorded, never counted again.
#pragma once

#include "desk/handover.h"
#include "desk/result.h"

#include <QDateTime>
#include <QString>
#include <QStringView>

#include <optional>

class QPagedPaintDevice;

namespace print {

enum class SlipPaper { A4, Receipt58, Receipt80 };
QString paperName(SlipPaper paper); // "a4", "58mm", "80mm" (coupondesk-cli --paper)
std::optional<SlipPaper> paperFromName(QStringView name);
QString paperLabel(SlipPaper paper); // staff-facing, translated: "A4", "58 mm receipt"…
double paperWidthMm(SlipPaper paper); // 210, 58, 80

struct SlipOptions
{
    QDateTime printedAt; // shown as "Printed at"; invalid = now
    bool reprint = false; // a past handover printed again
};

// The slip as rich text (Qt's HTML subset), for the paper's layout: a table per stock on A4, one
// column on receipt paper. The GUI's summary shows the same numbers.
QString slipHtml(const desk::Handover &handover, SlipPaper paper, const SlipOptions &options);

// Sets `device`'s page layout for the paper (A4 portrait; receipt paper: its width, and as long as the
// slip) and paints the slip on it, page after page. `device` is a QPdfWriter or a QPrinter not yet
// painted on. Returns the number of pages.
desk::Result<int> paintSlip(
    const desk::Handover &handover, SlipPaper paper, const SlipOptions &options, QPagedPaintDevice &device);

// The slip as a PDF file, written whole or not at all (a temporary file renamed into place).
desk::Result<int> writeSlipPdf(
    const desk::Handover &handover, SlipPaper paper, const SlipOptions &options, const QString &path);

} // namespace print
