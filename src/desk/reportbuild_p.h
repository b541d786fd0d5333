// desk internal: a Report (report.h) added up from the cells of history::journalReportCells or
// chainReportCells, with stock names and rules, staff names and shop names already looked up. Pure: no
// database, so tests/unit/test_desk_report.cpp checks it cell by cell.
#pragma once

#include "coupondetail.h"
#include "report.h"

#include "history/reportcells.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace desk {

class StaffDirectory;

// What a report knows about a stock: its name and, when it was ever looked up, what a coupon is worth.
struct ReportStock
{
    QString name;
    std::optional<CouponUseRule> rule;
};

struct ReportNames
{
    QHash<QString, ReportStock> stocks; // stock id → stock
    QHash<QString, QString> shops; // shop id → name
};

// Every breakdown of the report; query, unsettled rows are the caller's. The local hour and day of a
// cell are those of its hourStartMs in the computer's time zone; a cell starting before the period's
// first day (a zone whose offset is not whole hours) counts on the first day.
Report buildReport(const ReportQuery &query, const QList<history::ReportCell> &cells,
    const ReportNames &names, const StaffDirectory &staff);

// "14:00–15:00"
QString hourLabel(int hour);

} // namespace desk
