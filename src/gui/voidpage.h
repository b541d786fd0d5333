// The manager's page: void (使券失效) an unused coupon, or return (退券) a redeemed one.
#pragma once

#include "appcontext.h"

#include <QPointer>
#include <QWidget>

#include <memory>

namespace Ui {
class VoidPage;
}

namespace gui {

class VoidPage final : public QWidget
{
    Q_OBJECT
public:
    explicit VoidPage(AppContext &context, QWidget *parent = nullptr);
    ~VoidPage() override;
    void focusCode();

Q_SIGNALS:
    void operationFinished(const desk::OperationResult &result);
    void bulkVoidRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void run(bool isVoid);
    void updateCounter();
    QString currentStock() const;

    std::unique_ptr<Ui::VoidPage> ui;
    AppContext &m_ctx;
    QPointer<desk::Task> m_task;
};

} // namespace gui
