// The cashier's page: scan, Enter, big result. Holds no protocol or SQL code; talks to desk::Desk.
#pragma once

#include "appcontext.h"
#include "resultview.h"

#include <QPointer>
#include <QWidget>

#include <memory>

namespace Ui {
class RedeemPage;
}

namespace gui {

class RedeemPage final : public QWidget
{
    Q_OBJECT
public:
    RedeemPage(AppContext &context, std::function<desk::StaffSession()> staffOnDuty, QWidget *parent = nullptr);
    ~RedeemPage() override;

    void focusCode();
    bool isBusy() const;

Q_SIGNALS:
    void operationFinished(const desk::OperationResult &result);

protected:
    void changeEvent(QEvent *event) override;

private:
    void submit();
    void check();
    bool validateFields(bool needOpenid);
    void setBusy(bool busy);
    void show(const desk::OperationResult &r);
    QString currentStock() const;
    ResultWidgets resultWidgets() const;

    std::unique_ptr<Ui::RedeemPage> ui;
    AppContext &m_ctx;
    std::function<desk::StaffSession()> m_staffOnDuty;
    QPointer<desk::Task> m_task;
    qint64 m_shownJournalId = 0;  // the row whose result is on screen (updated when settled later)
};

} // namespace gui
