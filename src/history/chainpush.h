// Pushing this counter's journal rows into the chain's shared history (docs/chain.md): a batch from
// the outbox in one statement, applied idempotently on the natural key (shop, counter, request
// number). The replicator calls it off the GUI thread, with its own connections.
#pragma once

#include "history/journal.h"
#include "history/result.h"

#include <QList>
#include <QString>

class QSqlDatabase;

namespace history {

// Writes each item's row (its current state) into coupondesk.history as shop `shopId`, counter
// entry.counterId: one INSERT … SELECT FROM unnest(arrays) … ON CONFLICT DO UPDATE for the whole batch
// (QPSQL emulates prepared statements: one round trip per row otherwise). A row already there is
// updated only when the pushed copy is not older (updated_at), so a late copy never turns a settled
// row back into PENDING. Returns how many rows were inserted or changed. All or nothing: on an error
// (server gone, refused by row-level security) nothing is written and the outbox keeps the entries.
Result<int> pushToChain(QSqlDatabase &db, const QString &shopId, const QList<OutboxItem> &items);

} // namespace history
