// The slip's text in Qt's HTML subset (sliphtml.cpp); internal to src/print.
#pragma once

#include "handoverslip.h"

namespace print::detail {

// Point sizes of the slip's text and its totals for the paper.
struct SlipFonts
{
    double body = 10;
    double total = 18;
};
SlipFonts slipFonts(SlipPaper paper);

} // namespace print::detail
