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

    return list;
}

} // namespace

const QList<Migration> &migrations()
{
    static const QList<Migration> list = buildMigrations();
    return list;
}

} // namespace history
