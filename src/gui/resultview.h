// The big, unambiguous result panel shared by the counter pages: green, red or amber.
#pragma once

#include "desk/messages.h"

class QFrame;
class QLabel;

namespace gui {

struct ResultWidgets {
    QFrame *frame;
    QLabel *headline;
    QLabel *action;
    QLabel *detail;
};

void showResult(const ResultWidgets &w, const desk::StaffMessage &message, const QString &extraLine = {});
void clearResult(const ResultWidgets &w);
// The colour staff see, for tests: "success", "failure", "pending", "info" or "" when cleared.
QString resultKind(const QFrame *frame);

} // namespace gui
