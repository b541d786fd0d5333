#include "reportbuild_p.h"

#include "historymapping_p.h"
#include "staff.h"

#include <QDateTime>
#include <QHash>
#include <QMap>

#include <functional>

namespace desk {

namespace {

// One cell added to a line: what its operation and state count as, and the redemptions' value.
void add(ReportLine &line, const history::ReportCell &cell, const ReportStock *stock)
{
    const State state = toDesk(cell.state);
    qint64 *settled = nullptr;
    switch (toDesk(cell.operation)) {
    case Operation::Use:
        settled = &line.redeemed;
        break;
    case Operation::Deactivate:
        settled = &line.voided;
        break;
    case Operation::Return:
        settled = &line.returned;
        break;
    case Operation::Query:
        return;
    }
    if (state == State::Failed) {
        line.failed += cell.count;
        return;
    }
    if (!isSettled(state)) {
        line.unsettled += cell.count;
        return;
    }
    *settled += cell.count;
    if (cell.operation != history::Operation::Use)
        return;
    // The till's record first; else the stock's fixed discount; else nobody knows.
    line.valueFen += cell.discountFen;
    const qint64 unrecorded = cell.count - cell.withDiscount;
    if (unrecorded <= 0)
        return;
    if (stock && stock->rule && stock->rule->kind == CouponUseRule::Kind::Fixed)
        line.valueFen += unrecorded * stock->rule->discountAmountFen;
    else
        line.valueUnknown += unrecorded;
}

using Lines = QMap<QString, ReportLine>; // by key, in the order the report lists them

ReportLine &lineFor(Lines &lines, const QString &key)
{
    auto it = lines.find(key);
    if (it == lines.end()) {
        it = lines.insert(key, ReportLine {});
        it->key = key;
    }
    return *it;
}

QList<ReportLine> labelled(const Lines &lines, const std::function<QString(const QString &)> &label)
{
    QList<ReportLine> out;
    out.reserve(lines.size());
    for (ReportLine line : lines) {
        line.label = label(line.key);
        if (line.label.isEmpty())
            line.label = line.key;
        out.append(line);
    }
    return out;
}

constexpr char kDayFormat[] = "yyyy-MM-dd";

} // namespace

QString hourLabel(int hour)
{
    return QStringLiteral("%1:00–%2:00")
        .arg(hour, 2, 10, QLatin1Char('0'))
        .arg(hour + 1, 2, 10, QLatin1Char('0'));
}

Report buildReport(const ReportQuery &query, const QList<history::ReportCell> &cells,
    const ReportNames &names, const StaffDirectory &staff)
{
    Report report;
    report.query = query;
    Lines byStock, byStaff, byHour, byDay, byShop;
    QMap<QPair<int, QString>, qint64> hourByStock;

    // Every day of the period, also those without rows.
    const QDate firstDay = query.from.toLocalTime().date();
    const QDate lastDay = query.to.toLocalTime().addMSecs(-1).date();
    for (QDate d = firstDay; d.isValid() && d <= lastDay; d = d.addDays(1))
        lineFor(byDay, d.toString(QLatin1String(kDayFormat)));

    // A day holds 24 hours and a chain's day ~90,000 cells: each hour's local time and its two keys are
    // made once, not per cell (chain_bench, Debug: building from 90,704 cells 540 → 320 ms).
    struct Hour
    {
        int hour = 0;
        QString hourKey;
        QString dayKey;
    };
    QHash<qint64, Hour> hours;
    for (const history::ReportCell &cell : cells) {
        if (cell.operation == history::Operation::Query)
            continue;
        auto at = hours.constFind(cell.hourStartMs);
        if (at == hours.cend()) {
            const QDateTime local = QDateTime::fromMSecsSinceEpoch(cell.hourStartMs);
            const int h = local.time().hour();
            at = hours.insert(cell.hourStartMs,
                { h, QStringLiteral("%1").arg(h, 2, 10, QLatin1Char('0')),
                    qMax(local.date(), firstDay).toString(QLatin1String(kDayFormat)) });
        }
        const int hour = at->hour;

        const auto stockIt = names.stocks.constFind(cell.stockId);
        const ReportStock *stock = stockIt == names.stocks.cend() ? nullptr : &*stockIt;
        add(report.total, cell, stock);
        add(lineFor(byStock, cell.stockId), cell, stock);
        add(lineFor(byStaff, cell.staff), cell, stock);
        add(lineFor(byHour, at->hourKey), cell, stock);
        add(lineFor(byDay, at->dayKey), cell, stock);
        if (query.scope != HistoryScope::Counter)
            add(lineFor(byShop, cell.shopId), cell, stock);
        if (cell.operation == history::Operation::Use && cell.state == history::State::Succeeded)
            hourByStock[qMakePair(hour, cell.stockId)] += cell.count;
    }

    report.byStock = labelled(byStock, [&names](const QString &id) { return names.stocks.value(id).name; });
    report.byStaff = labelled(byStaff, [&staff](const QString &id) {
        const auto member = staff.find(id);
        return member ? member->name : QString();
    });
    report.byHour = labelled(byHour, [](const QString &key) { return hourLabel(key.toInt()); });
    report.byDay = labelled(byDay, [](const QString &) { return QString(); });
    report.byShop = labelled(byShop, [&names](const QString &id) { return names.shops.value(id); });
    for (auto it = hourByStock.cbegin(); it != hourByStock.cend(); ++it)
        report.hourByStock.append({ it.key().first, it.key().second, it.value() });
    return report;
}

} // namespace desk
