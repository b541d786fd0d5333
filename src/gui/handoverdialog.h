// The shift handover (交班单, issue 19) on screen: the shift just handed over (or a past one) with its
// totals large, a table per stock, and the slip printed (A4, 58 mm or 80 mm paper, with a print
// preview) or saved as PDF; past handovers on the left, printed again marked REPRINT.
#pragma once

#include "appcontext.h"

#include "desk/handover.h"

#include <QDialog>

#include <memory>
#include <optional>

class QPrinter;

namespace Ui {
class HandoverDialog;
}

namespace gui {

class HandoverDialog final : public QDialog
{
    Q_OBJECT
public:
    // `ended`: the handover just recorded (shown first); without it, the newest past one.
    HandoverDialog(AppContext &context, std::optional<desk::Handover> ended, QWidget *parent = nullptr);
    ~HandoverDialog() override;

    // The handover shown; nullptr when there is none.
    const desk::Handover *shown() const;
    bool shownIsReprint() const;

private:
    void loadPast();
    void showHandover(int row);
    void printSlip();
    void savePdf();
    void retranslate();
    void changeEvent(QEvent *event) override;

    std::unique_ptr<Ui::HandoverDialog> ui;
    AppContext &m_ctx;
    qint64 m_endedId = 0;
    QList<desk::Handover> m_handovers; // the list's rows, newest first
    int m_row = -1;
    std::unique_ptr<QPrinter> m_printer;
};

} // namespace gui
