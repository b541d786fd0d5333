#include "journalmodel.h"

#include "desk/messages.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

namespace gui {

using desk::HistoryRow;
using desk::State;

JournalModel::JournalModel(desk::HistoryService &history, QObject *parent)
    : QAbstractTableModel(parent)
    , m_history(history)
{
}

void JournalModel::setFilter(const desk::HistoryFilter &filter)
{
    m_filter = filter;
    reload();
}

void JournalModel::reload()
{
    beginResetModel();
    m_rows.clear();
    auto total = m_history.countUpTo(m_filter, kCountCap + 1);
    m_total = total.ok() ? total.value() : 0;
    // Not read twice when the count failed: a chain database that cannot be reached is slow to say so.
    auto page = total.ok() ? m_history.page(m_filter, 0, kPageSize)
                           : desk::Result<QList<HistoryRow>>(total.error());
    m_atEnd = !page.ok() || page->size() < kPageSize;
    if (page.ok())
        m_rows = page.value();
    endResetModel();
    setError(page.ok() ? QString() : page.error().message);
}

void JournalModel::setError(const QString &text)
{
    if (text == m_error)
        return;
    m_error = text;
    Q_EMIT errorTextChanged(m_error);
}

const HistoryRow *JournalModel::entryAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int JournalModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int JournalModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool JournalModel::canFetchMore(const QModelIndex &parent) const
{
    // Rows settled out of a state filter since the count can end the pages before m_total.
    return !parent.isValid() && !m_atEnd && (totalIsCapped() || m_rows.size() < m_total);
}

void JournalModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid())
        return;
    // From the last row held, not from an offset: a row written since the last page would shift an
    // offset by one and show a row twice.
    auto page = m_rows.isEmpty() ? m_history.page(m_filter, 0, kPageSize)
                                 : m_history.pageAfter(m_filter, m_rows.constLast(), kPageSize);
    if (!page.ok()) {
        m_atEnd = true; // not asked again at every scroll; the next reload tries again
        setError(page.error().message);
        return;
    }
    m_atEnd = page->size() < kPageSize;
    if (page->isEmpty())
        return;
    beginInsertRows({}, static_cast<int>(m_rows.size()), static_cast<int>(m_rows.size() + page->size() - 1));
    m_rows += page.value();
    endInsertRows();
}

QString JournalModel::stateLabel(State state)
{
    return desk::stateLabel(state);
}

QString JournalModel::operationLabel(desk::Operation operation)
{
    return desk::operationLabel(operation);
}

QVariant JournalModel::data(const QModelIndex &index, int role) const
{
    const HistoryRow *e = entryAt(index.row());
    if (!e)
        return {};
    if (role == Qt::ToolTipRole && index.column() == MessageColumn) // the raw text and code, for the manager
        return QStringList { desk::journalReason(*e), e->message, e->wechatCode }
            .join(QLatin1Char('\n'))
            .trimmed();
    if (role == Qt::ToolTipRole && index.column() == WechatTimeColumn) // exactly as WeChat Pay sent it
        return e->wechatTime;
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case TimeColumn:
            return e->createdAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case ShopColumn:
            return role == Qt::ToolTipRole || e->shopName.isEmpty() ? e->shopId : e->shopName;
        case CounterColumn:
            return e->counterId;
        case OperationColumn:
            return operationLabel(e->operation);
        case CodeColumn:
            return e->couponCode;
        case StockColumn:
            return e->stockId;
        case StaffColumn:
            return e->staff;
        case StateColumn:
            return stateLabel(e->state);
        case WechatTimeColumn: { // in the counter's clock, like the Time column (WeChat sends +08:00)
            const QDateTime at = QDateTime::fromString(e->wechatTime, Qt::ISODate);
            return at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                : e->wechatTime;
        }
        case MessageColumn:
            return desk::journalReason(*e);
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == StateColumn) {
        switch (e->state) {
        case State::Succeeded:
            return QBrush(QColor(0x1b, 0x5e, 0x20));
        case State::Failed:
            return QBrush(QColor(0xb7, 0x1c, 0x1c));
        default:
            return QBrush(QColor(0xe6, 0x51, 0x00));
        }
    }
    if (role == Qt::UserRole)
        return e->id;
    return {};
}

QVariant JournalModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ShopColumn:
        return tr("Shop");
    case CounterColumn:
        return tr("Counter");
    case OperationColumn:
        return tr("Operation");
    case CodeColumn:
        return tr("Coupon code");
    case StockColumn:
        return tr("Stock");
    case StaffColumn:
        return tr("Staff");
    case StateColumn:
        return tr("State");
    case WechatTimeColumn:
        return tr("WeChat time");
    case MessageColumn:
        return tr("Message");
    default:
        return {};
    }
}

} // namespace gui
