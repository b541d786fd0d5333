// History: the journal with filters, a detail pane, settle-now, copy and CSV export. In chain mode a
// scope selector (this counter / this shop / whole chain) switches to the chain database's rows, with
// their shop and counter; settling stays with this counter's own rows.
#pragma once

#include "appcontext.h"
#include "journalmodel.h"

#include <QWidget>

#include <memory>

namespace Ui {
class HistoryPage;
}

namespace gui {

class HistoryPage final : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryPage(AppContext &context, QWidget *parent = nullptr);
    ~HistoryPage() override;
    JournalModel *model() const { return m_model.get(); }
    void refresh();

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyFilter();
    void showDetail();
    void settleSelected();
    void settleByHand();
    void copySelected();
    void exportCsv();
    const desk::HistoryRow *selected() const;
    void fillCombos();
    void showScope(); // columns and hint of the chosen scope
    void showCount(); // the rows counted, or "more than" when the count stopped at the cap

    std::unique_ptr<Ui::HistoryPage> ui;
    AppContext &m_ctx;
    std::unique_ptr<JournalModel> m_model;
};

} // namespace gui
