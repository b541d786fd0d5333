// A table over the journal that pages through desk::HistoryService: opening it reads one page,
// scrolling reads more. Each later page is read from the last row held (HistoryService::pageAfter),
// not from an offset, so a row the desk writes while the page is open neither repeats a row nor
// pushes the oldest one out; it shows at the next reload. totalCount() is the count read at the
// last reload, not updated in between, and paging stops there (or at a short page).
// In the Shop and Chain scopes the rows come from the chain database: a read that fails (server
// unreachable) leaves the rows read so far, stops paging and says why in errorText().
#pragma once

#include "desk/historyservice.h"

#include <QAbstractTableModel>

namespace gui {

class JournalModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        ShopColumn, // the Shop and Chain scopes (the page hides it for this counter's own rows)
        CounterColumn, // likewise
        OperationColumn,
        CodeColumn,
        StockColumn,
        StaffColumn,
        StateColumn,
        WechatTimeColumn,
        MessageColumn,
        ColumnCount
    };
    static constexpr int kPageSize = 100;

    explicit JournalModel(desk::HistoryService &history, QObject *parent = nullptr);

    void setFilter(const desk::HistoryFilter &filter);
    const desk::HistoryFilter &filter() const { return m_filter; }
    void reload();
    // Counted by the last reload() up to kCountCap + 1: more than kCountCap reads "more than".
    static constexpr qint64 kCountCap = 100000;
    qint64 totalCount() const { return m_total; }
    bool totalIsCapped() const { return m_total > kCountCap; }
    // Why the last reload or page could not be read ("" when it could).
    QString errorText() const { return m_error; }
    const desk::HistoryRow *entryAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    static QString stateLabel(desk::State state);
    static QString operationLabel(desk::Operation operation);

Q_SIGNALS:
    void errorTextChanged(const QString &text);

private:
    void setError(const QString &text);

    desk::HistoryService &m_history;
    desk::HistoryFilter m_filter;
    QList<desk::HistoryRow> m_rows;
    qint64 m_total = 0;
    bool m_atEnd = false; // a page came back short (no older rows are left), or could not be read
    QString m_error;
};

} // namespace gui
