// The cashier's page: scan, Enter, big result. Holds no protocol or SQL code; talks to desk.
// A scan leaves the field at Enter, so the field is ready at once; scans that arrive while an answer
// is pending wait their turn in order (shown as "next"), and no keystroke is lost or merged.
#pragma once

#include "appcontext.h"

#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <optional>

namespace Ui {
class RedeemPage;
}

namespace gui {

class RedeemPage final : public QWidget
{
    Q_OBJECT
public:
    RedeemPage(
        AppContext &context, std::function<desk::StaffSession()> staffOnDuty, QWidget *parent = nullptr);
    ~RedeemPage() override;

    void focusCode();
    bool isBusy() const;
    int queuedScans() const { return static_cast<int>(m_queue.size()); }

Q_SIGNALS:
    void operationFinished(const desk::OperationResult &result);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Scan
    {
        QString code;
        QString stockId; // empty = automatic
        QString openid;
        std::optional<qint64> orderFen; // the order's amount when the shop checks it
    };
    void submit();
    void check();
    void start(const Scan &scan);
    bool validateFields(const QString &code, bool lookup); // lookup: F5, no stock needed
    // Marks the fields desk found wrong (asked before starting, or a Rejected result's fieldErrors).
    bool showFieldErrors(QList<desk::FieldError> errors, bool lookup);
    void showInputProblem(const QString &headline, const QString &action);
    void setBusy(bool busy);
    void show(const desk::OperationResult &r);
    // Chain mode: another counter holds the code open, and this is not the cashier's second scan of it.
    bool warnHeldElsewhere(const Scan &scan);
    void showSettled(const desk::OperationResult &r);
    void updateQueueLabel();
    void showAmountField(bool shown);
    bool amountShown() const;
    void rememberResult(const desk::OperationResult &r);
    QString currentStock() const;
    QString stockLabel(const QString &stockId) const;

    std::unique_ptr<Ui::RedeemPage> ui;
    AppContext &m_ctx;
    std::function<desk::StaffSession()> m_staffOnDuty;
    QPointer<desk::Task> m_task;
    QString m_current; // the code being processed
    // "Processing …" appears only when the answer is slow: a fast one (about 6 ms) would only flash
    // grey for less than a screen refresh, and its paint (1.5 ms) delayed the answer's own.
    QTimer m_processingShown;
    QList<Scan> m_queue; // scans waiting their turn
    QString m_previous; // one line on the last result, while the next one is processed
    qint64 m_shownJournalId = 0; // the row whose result is in the big area
    QSet<qint64> m_watched; // unconfirmed rows this page reported; their settling is shown
    QString m_warnedElsewhere; // the code last refused as open at another counter: scanning it again sends
};

} // namespace gui
