// The Reports page's list of unsettled rows (issue 19): the PENDING / UNCERTAIN operations a report
// counts, in the page's table, and its "Settle now" button, which asks WeChat Pay how each of this
// counter's own rows ended through Desk::settle (the History page's path and messages) and says what
// it found. A chain row of another counter is listed, not settled: its counter settles it.
#pragma once

#include "appcontext.h"

#include "desk/historyrow.h"

#include <QList>
#include <QObject>
#include <QStringList>

class QGroupBox;
class QPushButton;
class QTableWidget;

namespace gui {

class ReportUnsettled final : public QObject
{
    Q_OBJECT
public:
    // The widgets are the page's (its .ui); `page` parents the message saying what settling found.
    ReportUnsettled(
        AppContext &context, QWidget *page, QGroupBox *group, QTableWidget *table, QPushButton *settleButton);

    // Lists `rows` (the group is hidden when there are none).
    void show(const QList<desk::HistoryRow> &rows);

Q_SIGNALS:
    // Every settle task has finished: the report should be made again. Then what they said is shown.
    void settled();

private:
    void settleListed();

    AppContext &m_ctx;
    QWidget *m_page;
    QGroupBox *m_group;
    QTableWidget *m_table;
    QPushButton *m_settleButton;
    QList<desk::HistoryRow> m_rows;
    int m_settling = 0; // settle tasks still running
    QStringList m_settled; // what they said
};

} // namespace gui
