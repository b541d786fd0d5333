// Chain mode on the pages that show a refusal (redeem, void): asks the chain where the coupon went and
// hands back the line to add ("已于 12-05 14:03 在 徐汇店 01 号柜台（小王）核销"). Desk composes the text.
#pragma once

#include "desk/desk.h"

#include <QString>

#include <functional>

class QObject;

namespace desk {
class Session;
}

namespace gui {

// When `result` is a refusal the chain's trail can explain and the session is in chain mode, looks the
// coupon up and calls `addLine` once with a non-empty line when the answer comes (never after
// `context` is gone). Otherwise does nothing.
void explainFromChain(QObject *context, desk::Session *session, const desk::OperationResult &result,
    std::function<void(const QString &line)> addLine);

} // namespace gui
