#include "schema.h"

namespace history {

namespace {

QList<Migration> buildMigrations()
{
    QList<Migration> list;

    // v1: the journal. Times are UTC epoch milliseconds (sortable, zone-free); exports show them as
    // local time with the UTC offset. In the sqlite3 shell:
    //   datetime(created_at / 1000, 'unixepoch', 'localtime')
    // There is deliberately no column for Authorization headers, keys or PINs.
    // The CHECKs are OR chains, not IN lists: SQLite builds an ephemeral table for every IN list
    // on every INSERT, which halved the batched insert rate.
    Migration v1;
    v1.version = 1;
    v1.description = QStringLiteral("journal table and indexes");
    v1.statements = {
        QStringLiteral(
            "CREATE TABLE journal ("
            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
            " operation TEXT NOT NULL CHECK (operation = 'use' OR operation = 'deactivate'"
            "  OR operation = 'return' OR operation = 'query'),"
            " coupon_code TEXT NOT NULL,"
            " stock_id TEXT NOT NULL DEFAULT '',"
            " openid TEXT NOT NULL DEFAULT '',"
            " appid TEXT NOT NULL DEFAULT '',"
            " reason TEXT NOT NULL DEFAULT '',"
            " request_no TEXT NOT NULL,"
            " request_body BLOB NOT NULL DEFAULT x'',"
            " state TEXT NOT NULL CHECK (state = 'PENDING' OR state = 'UNCERTAIN' OR state = 'SUCCEEDED'"
            "  OR state = 'FAILED'),"
            " staff TEXT NOT NULL DEFAULT '',"
            " counter_id TEXT NOT NULL DEFAULT '',"
            " created_at INTEGER NOT NULL,"
            " updated_at INTEGER NOT NULL,"
            " attempts INTEGER NOT NULL DEFAULT 0,"
            " wechat_time TEXT NOT NULL DEFAULT '',"
            " request_id TEXT NOT NULL DEFAULT '',"
            " wechat_code TEXT NOT NULL DEFAULT '',"
            " message TEXT NOT NULL DEFAULT '',"
            " http_status INTEGER NOT NULL DEFAULT 0,"
            " settled_by TEXT NOT NULL DEFAULT '' CHECK (settled_by = '' OR settled_by = 'response'"
            "  OR settled_by = 'retry' OR settled_by = 'query' OR settled_by = 'manual'),"
            " batch_id TEXT,"
            " note TEXT NOT NULL DEFAULT ''"
            ")"),
        QStringLiteral("CREATE UNIQUE INDEX journal_request_no ON journal (request_no)"),
        // Each index ends in created_at so "filter, newest first, page of 50" reads the index in
        // order and stops after 50 rows (the rowid is implicitly the last index column).
        QStringLiteral("CREATE INDEX journal_coupon_code ON journal (coupon_code, created_at)"),
        QStringLiteral("CREATE INDEX journal_created_at ON journal (created_at)"),
        QStringLiteral("CREATE INDEX journal_state ON journal (state, created_at)"),
        QStringLiteral("CREATE INDEX journal_staff ON journal (staff, created_at)"),
        // Most rows belong to no bulk job: index only those that do (`batch_id = ?` implies NOT NULL).
        QStringLiteral("CREATE INDEX journal_batch_id ON journal (batch_id, created_at)"
                       " WHERE batch_id IS NOT NULL"),
    };
    list.append(v1);

    // v2: what the till knew (issue 15): the order amount the cashier typed and the discount the
    // coupon gave, in fen; NULL when the counter did not check the order (older rows, voids).
    Migration v2;
    v2.version = 2;
    v2.description = QStringLiteral("order amount and discount of a redemption");
    v2.statements = {
        QStringLiteral("ALTER TABLE journal ADD COLUMN order_amount_fen INTEGER CHECK (order_amount_fen IS "
                       "NULL OR order_amount_fen >= 0)"),
        QStringLiteral("ALTER TABLE journal ADD COLUMN discount_fen INTEGER"
                       " CHECK (discount_fen IS NULL OR discount_fen >= 0)"),
    };
    list.append(v2);

    // v3: the outbox of chain mode (issue 18): one entry per change of a journal row, for the
    // replicator that pushes rows to the chain's PostgreSQL. Filled by triggers, not by the write
    // paths: a trigger runs inside the statement that changed the row, so the row and its entry
    // commit together or not at all (a SIGKILL cannot fall between them), and it catches every
    // writer of the file (insertPending, insertBatch, markOutcome, incrementAttempts, setNote,
    // other program instances and any write added later) without each remembering to. The
    // triggers live in the file and an older program refuses a newer schema, so no writer
    // bypasses them. Off unless outbox_state.enabled is 1 (chain mode): the WHEN clause costs one
    // lookup of a one-row table per write. queued_at is the row's updated_at (the journal's clock,
    // epoch ms). seq is AUTOINCREMENT: never reused, even after the outbox was emptied. Toggling
    // the setting is a row update, not a schema change, so cached statements stay prepared.
    Migration v3;
    v3.version = 3;
    v3.description = QStringLiteral("outbox of changed rows for chain replication");
    v3.statements = {
        QStringLiteral("CREATE TABLE outbox_state ("
                       " id INTEGER PRIMARY KEY CHECK (id = 1),"
                       " enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled = 0 OR enabled = 1))"),
        QStringLiteral("INSERT INTO outbox_state (id, enabled) VALUES (1, 0)"),
        QStringLiteral("CREATE TABLE outbox ("
                       " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                       " journal_id INTEGER NOT NULL REFERENCES journal (id),"
                       " queued_at INTEGER NOT NULL)"),
        QStringLiteral(
            "CREATE TRIGGER journal_outbox_insert AFTER INSERT ON journal"
            " WHEN (SELECT enabled FROM outbox_state WHERE id = 1) = 1"
            " BEGIN INSERT INTO outbox (journal_id, queued_at) VALUES (NEW.id, NEW.updated_at); END"),
        QStringLiteral(
            "CREATE TRIGGER journal_outbox_update AFTER UPDATE ON journal"
            " WHEN (SELECT enabled FROM outbox_state WHERE id = 1) = 1"
            " BEGIN INSERT INTO outbox (journal_id, queued_at) VALUES (NEW.id, NEW.updated_at); END"),
    };
    list.append(v3);

    // v4: what reports and the shift handover need (issue 19). stocks: each stock as WeChat Pay
    // described it when this counter last looked it up (name and coupon_use_rule inside raw_json, the
    // answer verbatim), so a report names stocks and values coupons without the network. handovers:
    // each shift handed over at this counter — who, when, the period it covers ([shift_start,
    // shift_end), epoch ms) and its totals as the slip printed them (JSON), so any slip can be
    // reprinted exactly and the next shift starts where this one ended.
    Migration v4;
    v4.version = 4;
    v4.description = QStringLiteral("stocks looked up and shift handovers");
    v4.statements = {
        QStringLiteral("CREATE TABLE stocks ("
                       " stock_id TEXT PRIMARY KEY,"
                       " stock_name TEXT NOT NULL DEFAULT '',"
                       " raw_json TEXT NOT NULL DEFAULT '{}',"
                       " fetched_at INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE handovers ("
                       " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                       " counter_id TEXT NOT NULL DEFAULT '',"
                       " staff TEXT NOT NULL,"
                       " confirmed_by TEXT NOT NULL,"
                       " shift_start INTEGER NOT NULL,"
                       " shift_end INTEGER NOT NULL CHECK (shift_end >= shift_start),"
                       " totals_json TEXT NOT NULL,"
                       " created_at INTEGER NOT NULL)"),
        QStringLiteral("CREATE INDEX handovers_counter_end ON handovers (counter_id, shift_end)"),
    };
    list.append(v4);

    return list;
}

} // namespace

const QList<Migration> &migrations()
{
    static const QList<Migration> list = buildMigrations();
    return list;
}

} // namespace history
