// Report vocabulary (report.h): breakdown names, and the periods of the Reports page.
#include "report.h"

namespace desk {

QString breakdownName(ReportBreakdown by)
{
    switch (by) {
    case ReportBreakdown::Stock:
        return QStringLiteral("stock");
    case ReportBreakdown::Staff:
        return QStringLiteral("staff");
    case ReportBreakdown::Hour:
        return QStringLiteral("hour");
    case ReportBreakdown::Day:
        return QStringLiteral("day");
    case ReportBreakdown::Shop:
        return QStringLiteral("shop");
    }
    return QString();
}

std::optional<ReportBreakdown> breakdownFromName(QStringView name)
{
    for (const ReportBreakdown by : { ReportBreakdown::Stock, ReportBreakdown::Staff, ReportBreakdown::Hour,
             ReportBreakdown::Day, ReportBreakdown::Shop })
        if (name == breakdownName(by))
            return by;
    return std::nullopt;
}

const QList<ReportLine> &linesOf(const Report &report, ReportBreakdown by)
{
    switch (by) {
    case ReportBreakdown::Stock:
        return report.byStock;
    case ReportBreakdown::Staff:
        return report.byStaff;
    case ReportBreakdown::Hour:
        return report.byHour;
    case ReportBreakdown::Day:
        return report.byDay;
    case ReportBreakdown::Shop:
        return report.byShop;
    }
    return report.byStock;
}

ReportQuery periodQuery(ReportPeriod period, const QDateTime &now)
{
    const QDate today = now.toLocalTime().date();
    switch (period) {
    case ReportPeriod::Today:
        return dayRangeQuery(today, today);
    case ReportPeriod::Yesterday:
        return dayRangeQuery(today.addDays(-1), today.addDays(-1));
    case ReportPeriod::ThisWeek: {
        const QDate monday = today.addDays(1 - today.dayOfWeek()); // Qt: Monday is 1
        return dayRangeQuery(monday, monday.addDays(6));
    }
    }
    return dayRangeQuery(today, today);
}

ReportQuery dayRangeQuery(QDate first, QDate last)
{
    ReportQuery q;
    // startOfDay: local midnight, or the first moment of the day where a DST change skips midnight.
    if (first.isValid())
        q.from = first.startOfDay();
    if (last.isValid())
        q.to = last.addDays(1).startOfDay();
    return q;
}

} // namespace desk
