// The Reports page's table: one breakdown of a desk::Report (by stock, cashier, hour, day or shop),
// one row per group and a total row last. Counts are numbers (Qt::EditRole) and text; the value at the
// till is in yuan, and says for how many redemptions nobody knows it rather than showing a sum that
// looks complete.
#pragma once

#include "desk/report.h"

#include <QAbstractTableModel>

namespace gui {

class ReportTableModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        RedeemedColumn,
        ValueColumn,
        VoidedColumn,
        ReturnedColumn,
        FailedColumn,
        UnsettledColumn,
        ColumnCount
    };

    explicit ReportTableModel(QObject *parent = nullptr);

    void setReport(const desk::Report &report, desk::ReportBreakdown by);
    desk::ReportBreakdown breakdown() const { return m_by; }
    // The group of a row; the total row (the last one) has an empty key.
    const desk::ReportLine *lineAt(int row) const;
    bool isTotalRow(int row) const { return row == m_lines.size(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // "¥12.00", "¥12.00 + 3 unknown", "unknown (3)": the value at the till as far as it is known.
    static QString valueText(const desk::ReportLine &line);
    static QString breakdownTitle(desk::ReportBreakdown by); // the name column's header

private:
    QList<desk::ReportLine> m_lines;
    desk::ReportLine m_total;
    desk::ReportBreakdown m_by = desk::ReportBreakdown::Stock;
};

} // namespace gui
