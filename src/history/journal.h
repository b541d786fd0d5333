// The journal: one SQLite row per operation sent (or about to be sent) to WeChat Pay.
//
// desk writes a PENDING row, committed and durable, before the first byte goes on the wire, then
// records the outcome. After a crash, unsettled() lists what still has to be settled. The file is
// shared safely by several program instances (WAL, busy timeout, BEGIN IMMEDIATE for writes).
//
// history knows nothing of HTTP: it stores the request body and the response facts that desk
// hands it. It never stores secrets: there is no column for Authorization headers, keys or PINs.
#pragma once

#include "history/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <functional>
#include <memory>
#include <optional>

class QIODevice;

namespace history {

// Stored as 'use' | 'deactivate' | 'return' | 'query'.
enum class Operation { Use, Deactivate, Return, Query };

// Stored as 'PENDING' | 'UNCERTAIN' | 'SUCCEEDED' | 'FAILED'.
// PENDING: written before sending. UNCERTAIN: sent, outcome unknown (timeout, 5xx, 202, 429,
// unverifiable answer). SUCCEEDED / FAILED: settled, final.
enum class State { Pending, Uncertain, Succeeded, Failed };

// Who settled a row; stored as '' | 'response' | 'retry' | 'query' | 'manual'.
enum class SettledBy { None, Response, Retry, Query, Manual };

QString operationName(Operation operation);
std::optional<Operation> operationFromName(QStringView name);
QString stateName(State state);
std::optional<State> stateFromName(QStringView name);
QString settledByName(SettledBy settledBy);
std::optional<SettledBy> settledByFromName(QStringView name);
inline bool isSettled(State state)
{
    return state == State::Succeeded || state == State::Failed;
}

struct JournalEntry
{
    qint64 id = 0; // assigned by the journal on insert
    Operation operation = Operation::Use;
    QString couponCode;
    QString stockId;
    QString openid;
    QString appid;
    QString reason; // deactivate_reason / return reason, empty otherwise
    QString requestNo; // unique in the journal; reused unchanged for every retry
    QByteArray requestBody; // the exact JSON bytes sent (signed), never re-serialised
    State state = State::Pending;
    QString staff;
    QString counterId;
    QDateTime createdAt; // local time; stored as UTC epoch ms (filled from the clock if invalid)
    QDateTime updatedAt; // set by the journal on every write
    int attempts = 0;
    QString wechatTime; // RFC 3339 from WeChat (wechatpay_use_time, deactivate_time…)
    QString requestId; // WeChat's Request-ID header of the answer that settled the row
    QString wechatCode; // e.g. USER_ACCOUNT_ABNORMAL, empty on success
    QString message; // WeChat's message or our transport-failure description
    int httpStatus = 0; // 0 when no HTTP answer arrived
    SettledBy settledBy = SettledBy::None;
    QString batchId; // bulk job id; empty = none (stored as NULL)
    QString note;
    std::optional<qint64> orderFen; // the order amount the cashier typed (use only), in fen
    std::optional<qint64> discountFen; // what the coupon took off that order, in fen
};

struct Outcome
{
    State state = State::Uncertain;
    QString wechatTime;
    QString requestId;
    QString wechatCode;
    QString message;
    int httpStatus = 0;
    SettledBy settledBy = SettledBy::None; // required for SUCCEEDED/FAILED, None for UNCERTAIN
};

// Every set field narrows the result (AND). Empty strings and unset optionals do not filter.
struct JournalFilter
{
    QString codeExact;
    QString codePrefix; // literal prefix: %, _, *, ', ; and -- are ordinary characters
    QString codeContains; // any part of the code (cashiers read the last digits); literal, case-sensitive
    QDateTime from; // inclusive; invalid = unbounded
    QDateTime to; // exclusive; invalid = unbounded
    std::optional<Operation> operation;
    std::optional<State> state;
    QString staff;
    QString batchId;
};

// One journal row waiting in the outbox (chain mode): the row as it is now, and the newest outbox
// entry for it in the batch that listed it.
struct OutboxItem
{
    qint64 seq = 0;
    JournalEntry entry;
};

// What the outbox holds, for the status bar ("N waiting").
struct OutboxStatus
{
    bool enabled = false;
    qint64 rows = 0; // distinct journal rows waiting
    qint64 entries = 0; // changes waiting (a row changed twice is two entries)
    QDateTime oldestQueuedAt; // invalid when nothing waits; the age is now minus this
};

// A stock as WeChat Pay described it when this counter last looked it up (table stocks, schema v4):
// reports name stocks and value coupons from it without the network. rawJson is the answer verbatim
// (UTF-8 JSON; coupon_use_rule inside it says what a coupon is worth).
struct StoredStock
{
    QString stockId;
    QString stockName;
    QByteArray rawJson;
    QDateTime fetchedAt; // local time; stored as UTC epoch ms
};

// Where a newest-first page ended: created_at and id of its last row (see Journal::queryAfter).
struct JournalCursor
{
    QDateTime createdAt; // millisecond precision, as stored
    qint64 id = 0;
};

// One shift handed over at a counter (desk's HandoverService writes and reads them). history keeps
// the totals as the JSON bytes desk gives it and never reads inside them.
struct HandoverRecord
{
    qint64 id = 0; // assigned on insert
    QString counterId;
    QString staff; // whose shift it was
    QString confirmedBy; // whose PIN confirmed it
    QDateTime shiftStart; // inclusive; stored as UTC epoch ms
    QDateTime shiftEnd; // exclusive
    QByteArray totalsJson; // the totals as printed on the slip
    QDateTime createdAt;
};

// Not thread-safe: use a Journal from the thread that opened it (a QSqlDatabase rule). Several
// Journal objects, in one process or several, may open the same file at once.
class Journal
{
public:
    using NowFunction = std::function<QDateTime()>;

    static constexpr int kBusyTimeoutMs = 5000;
    static constexpr int kMaxPageSize = 10000;

    // `now` is the clock for createdAt (when the entry has none) and updatedAt; default: system time.
    explicit Journal(NowFunction now = {});
    ~Journal();
    Journal(const Journal &) = delete;
    Journal &operator=(const Journal &) = delete;

    // Opens (creating if needed, with its parent directories) and migrates the file. Refuses a file
    // written by a newer program (ErrorKind::SchemaTooNew) without changing it. A write waits up to
    // `busyTimeoutMs` for another instance's write to finish, then fails with ErrorKind::Busy.
    Result<void> open(const QString &path, int busyTimeoutMs = kBusyTimeoutMs);
    void close();
    bool isOpen() const;
    QString path() const;
    QString connectionName() const; // unique per Journal object
    Result<int> schemaVersion() const;

    // --- writes (each one transaction, BEGIN IMMEDIATE; synced at commit except as markOutcome says) ---

    enum class InFlightPolicy {
        RefuseSameCoupon, // refuse while the coupon has a PENDING/UNCERTAIN use/deactivate/return row
        Allow, // no check (e.g. a manager's deliberate override)
    };

    // Stores `entry` as PENDING and assigns entry.id. attempts is stored as 0, or 1 when the caller
    // sets it to count the first send in the same commit. When this returns ok the
    // row is durable, so the caller may send the request. A request number already in the journal
    // is refused with ErrorKind::Duplicate. Unless `policy` is Allow, a use/deactivate/return for a
    // coupon that already has one in flight (in any program instance) is refused with
    // ErrorKind::InFlight; the check and the insert are one transaction. Query rows never conflict.
    Result<qint64> insertPending(
        JournalEntry &entry, InFlightPolicy policy = InFlightPolicy::RefuseSameCoupon);

    // Stores all entries as given (state, outcome fields, attempts) in one transaction, or none
    // of them. For bulk jobs (PENDING rows for a whole file) and imports. Assigns ids on success.
    // No in-flight check: the bulk engine owns that decision for its own rows.
    Result<void> insertBatch(QList<JournalEntry> &entries);

    // Records an outcome. A PENDING/UNCERTAIN row may become UNCERTAIN, SUCCEEDED or FAILED. An
    // already settled row is only changed by a manual correction (settledBy == Manual); anything
    // else is refused with ErrorKind::InvalidTransition so the first settlement is kept.
    // Durability: inserts, failures and manual corrections are on disk when the call returns (the
    // WAL is synced). SUCCEEDED and UNCERTAIN outcomes (not manual) are committed without a sync
    // of their own: a crash of the program never loses them, and the next insert or checkpoint
    // syncs them; a power cut before that can only take the row back to PENDING, and settling
    // finds the success again (the same request number re-sent, else the coupon's state). That
    // saves one disk sync per successful operation.
    Result<void> markOutcome(qint64 id, const Outcome &outcome);

    // attempts + 1; returns the new count.
    Result<int> incrementAttempts(qint64 id);
    Result<void> setNote(qint64 id, const QString &note);

    // --- reads ---

    Result<JournalEntry> entry(qint64 id) const; // ErrorKind::NotFound when absent
    Result<std::optional<JournalEntry>> findByRequestNo(const QString &requestNo) const;
    // PENDING and UNCERTAIN rows, oldest first.
    Result<QList<JournalEntry>> unsettled() const;
    Result<qint64> unsettledCount() const; // how many rows unsettled() would list
    // PENDING and UNCERTAIN rows for a coupon (optionally one operation), oldest first.
    Result<QList<JournalEntry>> inFlightFor(
        const QString &couponCode, std::optional<Operation> operation = std::nullopt) const;

    // Newest first (created_at DESC, id DESC). 0 <= offset, 1 <= limit <= kMaxPageSize.
    Result<QList<JournalEntry>> query(const JournalFilter &filter, int offset, int limit) const;
    // The page after `after` in query()'s order: rows with (created_at, id) < (after.createdAt,
    // after.id), newest first (keyset paging). Rows written since the earlier pages were read do
    // not shift it, as they shift an offset. 1 <= limit <= kMaxPageSize; an invalid time is refused.
    Result<QList<JournalEntry>> queryAfter(
        const JournalFilter &filter, const JournalCursor &after, int limit) const;
    Result<qint64> count(const JournalFilter &filter) const;
    // SQLite's EXPLAIN QUERY PLAN for query(filter, …), or for queryAfter(filter, *after, …):
    // diagnostics, tests and the benchmark.
    Result<QStringList> queryPlan(
        const JournalFilter &filter, const std::optional<JournalCursor> &after = std::nullopt) const;

    // --- shift handovers (table handovers, schema v4; handovers.cpp) ---
    // Records a handover and assigns record.id (createdAt from the clock when invalid). One
    // transaction, BEGIN IMMEDIATE, synced: refused with ErrorKind::InvalidArgument when the period
    // is invalid or backwards or the totals are empty, and with ErrorKind::Duplicate when the shift
    // starts before the counter's last recorded shift_end (that shift was handed over already, e.g.
    // by another program instance a moment earlier), so no period is ever handed over twice.
    Result<qint64> insertHandover(HandoverRecord &record);
    // The counter's handover with the latest shift_end, if any.
    Result<std::optional<HandoverRecord>> lastHandover(const QString &counterId) const;
    // The counter's handovers, newest first (shift_end DESC, id DESC). 0 <= offset,
    // 1 <= limit <= kMaxPageSize.
    Result<QList<HandoverRecord>> handovers(const QString &counterId, int offset, int limit) const;
    Result<HandoverRecord> handover(qint64 id) const; // ErrorKind::NotFound when absent

    // --- exports (UTF-8, newest first, streamed: rows are never all held in memory) ---

    // RFC 4180 CSV with CRLF line ends and an English header row; optional UTF-8 BOM for Excel.
    // Text cells starting with = + - @ TAB CR get a leading ' (formula-injection guard).
    // Returns the number of data rows written.
    Result<qint64> exportCsv(const JournalFilter &filter, QIODevice &out, bool withBom) const;
    // A JSON array of objects with the same snake_case keys as the CSV header; created_at and
    // updated_at in ISO 8601 local time with offset; batch_id null when none.
    Result<qint64> exportJson(const JournalFilter &filter, QIODevice &out) const;

    // The CSV header, in column order.
    static QStringList exportColumns();

    // --- outbox (chain mode; outbox.cpp) ---
    // With the outbox enabled, every insert into the journal and every update of a row (outcome,
    // attempts, note) adds an outbox entry in the same transaction, by any writer of the file. The
    // setting is kept in the file. Off by default: nothing is queued. Turning it on queues every row
    // that has no entry yet, once (the backfill), and returns how many; turning it off stops
    // queueing and keeps what is queued. Another thread uses its own Journal on the same file.
    Result<qint64> setOutboxEnabled(bool enabled);
    Result<bool> outboxEnabled() const;
    // The oldest `limit` (1..kMaxPageSize) entries, one item per row in them, each with the row's
    // current state and its newest seq among them, in seq order; read in one snapshot. After the
    // rows are stored elsewhere, ackOutbox(items.last().seq) removes exactly those entries; a row
    // changed since then has a newer entry and is listed again.
    Result<QList<OutboxItem>> outboxBatch(int limit) const;
    // Removes the entries with seq <= upToSeq; returns how many.
    Result<qint64> ackOutbox(qint64 upToSeq);
    Result<OutboxStatus> outboxStatus() const;

    // --- stocks looked up (stocks.cpp) ---
    // Stores the stock, replacing what was stored for its id (the newest description wins). An empty
    // stock id is refused (ErrorKind::InvalidArgument); an invalid fetchedAt is taken from the clock.
    Result<void> saveStock(const StoredStock &stock);
    // Every stock stored, ordered by stock id.
    Result<QList<StoredStock>> stocks() const;

    // PRAGMA integrity_check; ok when SQLite answers "ok".
    Result<void> checkIntegrity() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace history
