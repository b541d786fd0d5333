#include "reporttablemodel.h"

#include "desk/money.h"

#include <QFont>

namespace gui {

using desk::ReportLine;

ReportTableModel::ReportTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ReportTableModel::setReport(const desk::Report &report, desk::ReportBreakdown by)
{
    beginResetModel();
    m_by = by;
    m_lines = desk::linesOf(report, by);
    m_total = report.total;
    endResetModel();
}

const ReportLine *ReportTableModel::lineAt(int row) const
{
    if (row >= 0 && row < m_lines.size())
        return &m_lines.at(row);
    return isTotalRow(row) ? &m_total : nullptr;
}

int ReportTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_lines.size()) + 1;
}

int ReportTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ReportTableModel::valueText(const ReportLine &line)
{
    if (line.valueUnknown == 0)
        return desk::formatYuan(line.valueFen);
    const int unknown = static_cast<int>(line.valueUnknown);
    if (line.valueFen == 0 && line.valueUnknown == line.redeemed)
        return tr("unknown (%n)", nullptr, unknown);
    return tr("%1 + %n unknown", nullptr, unknown).arg(desk::formatYuan(line.valueFen));
}

QString ReportTableModel::breakdownTitle(desk::ReportBreakdown by)
{
    switch (by) {
    case desk::ReportBreakdown::Stock:
        return tr("Stock");
    case desk::ReportBreakdown::Staff:
        return tr("Cashier");
    case desk::ReportBreakdown::Hour:
        return tr("Hour");
    case desk::ReportBreakdown::Day:
        return tr("Day");
    case desk::ReportBreakdown::Shop:
        return tr("Shop");
    }
    return {};
}

QVariant ReportTableModel::data(const QModelIndex &index, int role) const
{
    const ReportLine *line = index.isValid() ? lineAt(index.row()) : nullptr;
    if (!line)
        return {};
    const bool total = isTotalRow(index.row());
    const auto count = [&](qint64 n) -> QVariant {
        if (role == Qt::EditRole)
            return n;
        return QString::number(n);
    };
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case NameColumn:
            if (total)
                return tr("Total");
            // A stock's or a cashier's id beside the name: staff read names, WeChat Pay speaks in ids.
            if ((m_by == desk::ReportBreakdown::Stock || m_by == desk::ReportBreakdown::Staff
                    || m_by == desk::ReportBreakdown::Shop)
                && !line->label.isEmpty() && line->label != line->key)
                return QStringLiteral("%1 (%2)").arg(line->label, line->key);
            return line->label.isEmpty() ? line->key : line->label;
        case RedeemedColumn:
            return count(line->redeemed);
        case ValueColumn:
            return role == Qt::EditRole ? QVariant(line->valueFen) : QVariant(valueText(*line));
        case VoidedColumn:
            return count(line->voided);
        case ReturnedColumn:
            return count(line->returned);
        case FailedColumn:
            return count(line->failed);
        case UnsettledColumn:
            return count(line->unsettled);
        }
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() != NameColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::FontRole && total) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ToolTipRole && index.column() == ValueColumn && line->valueUnknown > 0)
        return tr("The value of %n redemption(s) is not known: a percentage or exchange coupon redeemed "
                  "without the order amount, or a stock whose rule was never looked up.",
            nullptr, static_cast<int>(line->valueUnknown));
    return {};
}

QVariant ReportTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return breakdownTitle(m_by);
    case RedeemedColumn:
        return tr("Redeemed");
    case ValueColumn:
        return tr("Value at the till");
    case VoidedColumn:
        return tr("Voided");
    case ReturnedColumn:
        return tr("Returned");
    case FailedColumn:
        return tr("Failed");
    case UnsettledColumn:
        return tr("Unsettled");
    }
    return {};
}

} // namespace gui
