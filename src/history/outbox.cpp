// The outbox of chain mode (issue 18): the journal rows changed since the replicator last stored
// them in the chain's PostgreSQL. The entries are written by the triggers of schema version 3, in
// the transaction of the journal write itself (see schema.cpp); this file turns the setting on and
// off, lists the waiting rows and removes the acknowledged entries.
#include "journal.h"
#include "journal_p.h"

#include "journalrows.h"
#include "logging.h"
#include "sqlsupport.h"

#include <QDateTime>
#include <QVariant>

namespace history {

using namespace detail;

namespace {

// In outboxBatch(), seq follows the journal columns.
int seqColumn()
{
    static const int column = int(kSelectColumns.count(QLatin1Char(','))) + 1;
    return column;
}

} // namespace

Result<qint64> Journal::setOutboxEnabled(bool enabled)
{
    if (auto r = d->checkOpen(); !r) {
        return r.error();
    }
    // The common case, at every program start: the setting is as wanted. Read it without taking the
    // write lock; it is read again inside the transaction, where it counts.
    if (auto current = outboxEnabled(); current && current.value() == enabled) {
        return qint64(0);
    }
    // BEGIN IMMEDIATE: no other connection writes a journal row between the switch and the
    // backfill, so every row is queued by one or the other.
    WriteTransaction tx(d->statements);
    if (auto r = tx.begin(); !r) {
        return r.error();
    }
    Lease query(d->statements);
    if (auto r = query.run({ QStringLiteral("SELECT enabled FROM outbox_state WHERE id = 1"), {} },
            QStringLiteral("could not read the outbox setting"));
        !r) {
        return r.error();
    }
    const bool wasEnabled = query.next() && query.value(0).toInt() == 1;
    query.finish();
    if (wasEnabled == enabled) {
        return qint64(0);
    }
    if (auto r = query.run(
            { QStringLiteral("UPDATE outbox_state SET enabled = ? WHERE id = 1"), { enabled ? 1 : 0 } },
            QStringLiteral("could not change the outbox setting"));
        !r) {
        return r.error();
    }
    qint64 backfilled = 0;
    if (enabled) {
        // Rows still queued from an earlier period in chain mode are not queued twice.
        const Statement backfill { QStringLiteral("INSERT INTO outbox (journal_id, queued_at)"
                                                  " SELECT id, ? FROM journal"
                                                  " WHERE id NOT IN (SELECT journal_id FROM outbox)"
                                                  " ORDER BY id"),
            { d->currentTime().toMSecsSinceEpoch() } };
        if (auto r = query.run(backfill, QStringLiteral("could not queue the existing rows")); !r) {
            return r.error();
        }
        backfilled = query.numRowsAffected();
    }
    query.finish();
    if (auto r = tx.commit(); !r) {
        return r.error();
    }
    if (enabled) {
        qCInfo(lcHistory).noquote() << "outbox enabled," << backfilled << "existing rows queued";
    } else {
        qCInfo(lcHistory).noquote() << "outbox disabled";
    }
    return backfilled;
}

Result<bool> Journal::outboxEnabled() const
{
    auto enabled = d->countRows(
        { QStringLiteral("SELECT COUNT(*) FROM outbox_state WHERE id = 1 AND enabled = 1"), {} },
        QStringLiteral("could not read the outbox setting"));
    if (!enabled) {
        return enabled.error();
    }
    return *enabled == 1;
}

Result<QList<OutboxItem>> Journal::outboxBatch(int limit) const
{
    if (auto r = d->checkOpen(); !r) {
        return r.error();
    }
    if (limit < 1 || limit > kMaxPageSize) {
        return Error::make(ErrorKind::InvalidArgument,
            QLatin1String("bad outbox batch size ") + QString::number(limit) + QLatin1String(" (1..")
                + QString::number(kMaxPageSize) + QLatin1Char(')'));
    }
    // One statement, so one read snapshot: the window of the oldest entries, grouped by row with
    // the newest seq of each, joined to the rows as they are now. The window's highest seq is the
    // last item's, so acknowledging it removes exactly the window.
    const Statement statement { QLatin1String("SELECT ") + kSelectColumns
            + QLatin1String(", waiting.seq FROM"
                            " (SELECT journal_id, MAX(seq) AS seq FROM"
                            "  (SELECT seq, journal_id FROM outbox ORDER BY seq LIMIT ?)"
                            "  GROUP BY journal_id) AS waiting"
                            " JOIN journal ON journal.id = waiting.journal_id"
                            " ORDER BY waiting.seq"),
        { limit } };
    Lease query(d->statements);
    if (auto r = query.run(statement, QStringLiteral("could not read the outbox")); !r) {
        return r.error();
    }
    QList<OutboxItem> items;
    while (query.next()) {
        items.append({ query.value(seqColumn()).toLongLong(), entryFromRow(query.query()) });
    }
    if (query.lastError().isValid()) {
        return sqlError(query.lastError(), QStringLiteral("could not read the outbox"));
    }
    return items;
}

Result<qint64> Journal::ackOutbox(qint64 upToSeq)
{
    if (auto r = d->checkOpen(); !r) {
        return r.error();
    }
    // Not synced on its own: if a power cut undoes it, the rows are pushed again, and the server
    // applies them idempotently (natural key shop, counter, request number).
    WriteTransaction tx(d->statements, WriteTransaction::Flush::WithNextWrite);
    if (auto r = tx.begin(); !r) {
        return r.error();
    }
    Lease query(d->statements);
    if (auto r = query.run({ QStringLiteral("DELETE FROM outbox WHERE seq <= ?"), { upToSeq } },
            QStringLiteral("could not remove the sent outbox entries"));
        !r) {
        return r.error();
    }
    const qint64 removed = query.numRowsAffected();
    query.finish();
    if (auto r = tx.commit(); !r) {
        return r.error();
    }
    return removed;
}

Result<OutboxStatus> Journal::outboxStatus() const
{
    if (auto r = d->checkOpen(); !r) {
        return r.error();
    }
    // One statement, one snapshot. The oldest entry is the first in the queue (no index on
    // queued_at to keep each write cheap).
    const Statement statement { QStringLiteral("SELECT (SELECT enabled FROM outbox_state WHERE id = 1),"
                                               " (SELECT COUNT(DISTINCT journal_id) FROM outbox),"
                                               " (SELECT COUNT(*) FROM outbox),"
                                               " (SELECT queued_at FROM outbox ORDER BY seq LIMIT 1)"),
        {} };
    Lease query(d->statements);
    if (auto r = query.run(statement, QStringLiteral("could not read the outbox status")); !r) {
        return r.error();
    }
    if (!query.next()) {
        return sqlError(query.lastError(), QStringLiteral("could not read the outbox status"));
    }
    OutboxStatus status;
    status.enabled = query.value(0).toInt() == 1; // NULL (no setting row) is off
    status.rows = query.value(1).toLongLong();
    status.entries = query.value(2).toLongLong();
    if (!query.query().isNull(3)) {
        status.oldestQueuedAt = QDateTime::fromMSecsSinceEpoch(query.value(3).toLongLong());
    }
    return status;
}

} // namespace history
