// The bytes of a write: the body journaled with the PENDING row before anything is sent (and sent
// again byte for byte on every retry), and the HTTP request made from a journal row.
#pragma once

#include "history/journal.h"
#include "wechatpay/busifavor.h"
#include "wechatpay/httpclient.h"

#include <QDateTime>
#include <QList>

namespace desk {

// Fills entry.requestBody for entry.operation (use, deactivate or return) from the row's coupon,
// stock, appid, openid, reason and request number; a use also carries `now` as use_time. The
// fields the body's own checks refuse come back (empty: the body is good).
QList<wechatpay::busifavor::FieldError> writeRequestBody(history::JournalEntry &entry, const QDateTime &now);

// POST of the journaled body to the operation's path.
wechatpay::ApiRequest requestFor(const history::JournalEntry &entry);

} // namespace desk
