// Request numbers staff can read: <counter>-<op><yyMMddHHmmss>-<4 random>, e.g. 01-U261123103045-a7Kq.
// At most 32 characters of [0-9A-Za-z_-]; fixed once per operation and reused for every retry.
#pragma once

#include "history/journal.h"

#include <QDateTime>
#include <QString>

namespace desk {

// counterId must already be valid (1–8 characters of [0-9A-Za-z]).
QString makeRequestNumber(const QString &counterId, history::Operation operation, const QDateTime &localTime);
bool isValidRequestNumber(const QString &requestNo);
bool isValidCounterId(const QString &counterId);

} // namespace desk
