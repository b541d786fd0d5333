// A table over the journal that pages from SQLite: opening it reads one page, scrolling reads more.
#pragma once

#include "history/journal.h"

#include <QAbstractTableModel>

namespace gui {

class JournalModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, OperationColumn, CodeColumn, StockColumn, StaffColumn, StateColumn, WechatTimeColumn, MessageColumn, ColumnCount };
    static constexpr int kPageSize = 100;

    explicit JournalModel(history::Journal &journal, QObject *parent = nullptr);

    void setFilter(const history::JournalFilter &filter);
    const history::JournalFilter &filter() const { return m_filter; }
    void reload();
    qint64 totalCount() const { return m_total; }
    const history::JournalEntry *entryAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    static QString stateLabel(history::State state);
    static QString operationLabel(history::Operation operation);

private:
    history::Journal &m_journal;
    history::JournalFilter m_filter;
    QList<history::JournalEntry> m_rows;
    qint64 m_total = 0;
};

} // namespace gui
