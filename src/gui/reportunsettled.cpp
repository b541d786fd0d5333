#include "reportunsettled.h"

#include "journalmodel.h"

#include "desk/desk.h"

#include <QGroupBox>
#include <QPushButton>
#include <QTableWidget>

namespace gui {

namespace {

// This counter's own row, from its journal: settled here. A chain row has no id here and a shop.
bool settledHere(const desk::HistoryRow &row)
{
    return row.id > 0 && row.shopId.isEmpty();
}

} // namespace

ReportUnsettled::ReportUnsettled(
    AppContext &context, QWidget *page, QGroupBox *group, QTableWidget *table, QPushButton *settleButton)
    : QObject(page)
    , m_ctx(context)
    , m_page(page)
    , m_group(group)
    , m_table(table)
    , m_settleButton(settleButton)
{
    connect(m_settleButton, &QPushButton::clicked, this, &ReportUnsettled::settleListed);
}

void ReportUnsettled::show(const QList<desk::HistoryRow> &rows)
{
    m_rows = rows;
    m_group->setVisible(!rows.isEmpty());
    m_table->clear();
    m_table->setColumnCount(6);
    m_table->setHorizontalHeaderLabels(
        { tr("Time"), tr("Operation"), tr("Coupon code"), tr("Stock"), tr("Cashier"), tr("State") });
    m_table->setRowCount(static_cast<int>(rows.size()));
    int own = 0;
    for (int r = 0; r < rows.size(); ++r) {
        const desk::HistoryRow &e = rows.at(r);
        const QStringList cells { e.createdAt.toString(QStringLiteral("MM-dd HH:mm:ss")),
            JournalModel::operationLabel(e.operation), e.couponCode, e.stockId,
            e.shopId.isEmpty() ? e.staff
                               : QStringLiteral("%1 · %2 · %3").arg(e.shopName, e.counterId, e.staff),
            JournalModel::stateLabel(e.state) };
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(r, c, new QTableWidgetItem(cells.at(c)));
        own += settledHere(e) ? 1 : 0;
    }
    m_table->resizeColumnsToContents();
    // Only this counter settles its rows, from its own journal.
    m_settleButton->setEnabled(own > 0 && m_settling == 0);
    m_settleButton->setToolTip(own == int(rows.size())
            ? tr("Ask WeChat Pay how each of this counter's unsettled operations ended")
            : tr("Only this counter's own rows are settled here; the others are settled at their counter"));
}

void ReportUnsettled::settleListed()
{
    if (!m_ctx.session || m_settling > 0)
        return;
    m_settled.clear();
    QList<qint64> ids;
    for (const desk::HistoryRow &e : std::as_const(m_rows))
        if (settledHere(e))
            ids << e.id;
    if (ids.isEmpty())
        return;
    m_settleButton->setEnabled(false);
    m_settling = static_cast<int>(ids.size());
    for (qint64 id : std::as_const(ids)) {
        // The History page's "settle now", row by row: the same desk path, the same messages.
        desk::Task *t = m_ctx.session->desk().settle(id);
        connect(t, &desk::Task::finished, this, [this, t](const desk::OperationResult &r) {
            t->deleteLater();
            m_settled << r.message.headline + QLatin1Char(' ') + r.message.action;
            if (--m_settling > 0)
                return;
            Q_EMIT settled();
            m_ctx.prompter->inform(m_page, tr("Settle now"), m_settled.join(QLatin1Char('\n')));
        });
    }
}

} // namespace gui
