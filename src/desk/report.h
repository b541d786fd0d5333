// Reports (issue 19): what a manager counts at the end of a shift or a day — per stock, per cashier,
// per hour of the day, per day and (chain mode) per shop: how many coupons were redeemed and what they
// were worth at the till, how many were voided, returned, failed or are still unsettled. The GUI's
// Reports page, the shift handover slip and `coupondesk-cli report` all read the same Report, so the
// slip equals the report to the fen.
#pragma once

#include "historyrow.h"
#include "result.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace desk {

// Which rows a report counts: created_at in [from, to), in a scope. Query rows (F5 look-ups) are never
// counted.
struct ReportQuery
{
    HistoryScope scope = HistoryScope::Counter;
    QString shopId; // Chain scope only: one chosen shop (empty = the whole chain)
    QDateTime from; // inclusive; must be valid
    QDateTime to; // exclusive; must be valid and after from
};

// What one group of rows (a stock, a cashier, an hour…) adds up to.
//   redeemed / voided / returned: SUCCEEDED use / deactivate / return rows
//   failed: FAILED rows of those operations; unsettled: PENDING or UNCERTAIN rows
//   valueFen: the value at the till of the redeemed coupons — the discount the till recorded where the
//     cashier typed the order amount, else the stock's fixed discount; valueUnknown counts redemptions
//     whose value nobody knows (a percentage or exchange coupon without an order amount, or a stock
//     whose rule was never fetched). The value is complete only when valueUnknown is 0. A return does
//     not lower it: the coupon returned may have been redeemed in another period (another shift's
//     slip), and the return call carries no amount; `returned` counts them beside it.
struct ReportLine
{
    QString key; // stock id, staff id, hour "00".."23", shop id, or day "yyyy-MM-dd"
    QString label; // stock name, staff name, "14:00–15:00", shop name, the day; key when none is known
    qint64 redeemed = 0;
    qint64 voided = 0;
    qint64 returned = 0;
    qint64 failed = 0;
    qint64 unsettled = 0;
    qint64 valueFen = 0;
    qint64 valueUnknown = 0;
};

// Redemptions in one hour of the day for one stock: the bars of the chart, stacked by stock.
struct HourStockCount
{
    int hour = 0; // local hour of day, 0..23
    QString stockId;
    qint64 redeemed = 0;
};

struct Report
{
    ReportQuery query;
    ReportLine total; // key and label empty
    QList<ReportLine> byStock; // ordered by stock id
    QList<ReportLine> byStaff; // ordered by staff id
    QList<ReportLine> byHour; // only hours with rows, ascending
    QList<ReportLine> byDay; // every day of the period, ascending (days without rows are zero)
    QList<ReportLine> byShop; // Shop and Chain scopes; ordered by shop id
    QList<HourStockCount> hourByStock; // ascending by hour, then stock id
    QList<HistoryRow> unsettled; // the PENDING / UNCERTAIN rows themselves, oldest first
    bool hasUnsettled() const { return total.unsettled > 0; }
};

// A shop of the chain (chain mode) as its counters are registered in the chain database, whether or
// not it has rows: what a manager chooses from for a report of one shop.
struct ChainShop
{
    QString id;
    QString name; // as registered; empty when none was given
};

// The breakdowns a caller can ask for by name (coupondesk-cli report --by).
enum class ReportBreakdown { Stock, Staff, Hour, Day, Shop };
QString breakdownName(ReportBreakdown by); // "stock", "staff", "hour", "day", "shop"
std::optional<ReportBreakdown> breakdownFromName(QStringView name);
const QList<ReportLine> &linesOf(const Report &report, ReportBreakdown by);

// The periods of the Reports page, as [from, to) in the computer's time zone at `now`.
enum class ReportPeriod { Today, Yesterday, ThisWeek }; // a week starts on Monday
ReportQuery periodQuery(ReportPeriod period, const QDateTime &now);
ReportQuery dayRangeQuery(QDate first, QDate last); // both days included

} // namespace desk
