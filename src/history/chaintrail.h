// Reading the chain's shared history from a counter (issue 18): the rows other counters still hold
// open (PENDING, UNCERTAIN; the v2 partial index history_open), so a counter can warn before sending a
// coupon another counter is waiting on; and a coupon's trail across the chain, newest first, with the
// shop's name, for "redeemed at 徐汇店 01 号柜台 at 14:03".
#pragma once

#include "history/journal.h"
#include "history/result.h"

#include <QDateTime>
#include <QList>
#include <QString>

class QSqlDatabase;

namespace history {

// One row of coupondesk.history as a counter is told about it.
struct ChainRow
{
    QString shopId;
    QString shopName; // coupondesk.counters.shop_name; empty if the counter is not registered
    QString counterId;
    QString staff;
    QString requestNo;
    QString couponCode;
    Operation operation = Operation::Use;
    State state = State::Pending;
    QDateTime createdAt;
    QDateTime updatedAt;
};

// The use/deactivate/return rows in PENDING or UNCERTAIN at every counter except (shopId, counterId),
// oldest first, at most `limit` (1..10000).
Result<QList<ChainRow>> chainOpenRows(
    QSqlDatabase &db, const QString &shopId, const QString &counterId, int limit = 1000);

// The chain's rows for `couponCode` (every shop and counter, this one included), newest first, at most
// `limit` (1..1000).
Result<QList<ChainRow>> chainTrail(QSqlDatabase &db, const QString &couponCode, int limit = 20);

} // namespace history
