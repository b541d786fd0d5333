// The handover's totals as the history keeps them (handovers.totals_json): enough to reprint the
// slip exactly — the shop and names as printed, the period, the Report's total, byStock, byStaff and
// byHour, and the unsettled count. Internal to desk (handoverservice.cpp, white-box tests).
#pragma once

#include "handover.h"
#include "result.h"

#include <QByteArray>

namespace desk::detail {

QByteArray handoverTotalsJson(const Handover &handover); // compact UTF-8 JSON, "version": 1
// Fills `handover`'s shop, names and report from `json`; the caller sets id, counter, staff ids and
// the period from the record's columns. InvalidInput (HANDOVER_UNREADABLE) for JSON it cannot read.
Status readHandoverTotals(const QByteArray &json, Handover &handover);

} // namespace desk::detail
