#include "journal.h"
#include "journal_p.h"

#include "journalrows.h"
#include "logging.h"
#include "sqlsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <atomic>
#include <memory>
#include <utility>
#include <vector>

namespace history {

using namespace detail;

namespace {

std::atomic<quint64> g_connectionCounter { 0 };

} // namespace

// ---------------------------------------------------------------------------------------------
// Journal

Result<qint64> Journal::Private::countRows(const Statement &statement, const QString &what) const
{
    if (auto r = checkOpen(); !r) {
        return r.error();
    }
    Lease query(statements);
    if (auto r = query.run(statement, what); !r) {
        return r.error();
    }
    if (!query.next()) {
        return sqlError(query.lastError(), what);
    }
    return query.value(0).toLongLong();
}

Result<QList<JournalEntry>> Journal::Private::select(const Statement &statement, const QString &what) const
{
    if (auto r = checkOpen(); !r) {
        return r.error();
    }
    Lease query(statements);
    if (auto r = query.run(statement, what); !r) {
        return r.error();
    }
    return readEntries(query.query());
}

Result<qint64> Journal::Private::insertOne(
    QSqlQuery &insert, const JournalEntry &entry, qint64 createdMs, qint64 updatedMs, const QString &what)
{
    bindInsert(insert, entry, createdMs, updatedMs);
    if (!insert.exec()) {
        if (isUniqueViolation(insert.lastError())) {
            return duplicateError(entry.requestNo, 0);
        }
        return sqlError(insert.lastError(), what);
    }
    return insert.lastInsertId().toLongLong();
}

Journal::Journal(NowFunction now)
    : d(std::make_unique<Private>())
{
    d->now = std::move(now);
    d->connectionName = QLatin1String("coupondesk.history.")
        + QString::number(g_connectionCounter.fetch_add(1, std::memory_order_relaxed));
}

Journal::~Journal()
{
    close();
}

Result<void> Journal::open(const QString &path, int busyTimeoutMs)
{
    close();
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        return Error::make(ErrorKind::Driver,
            QStringLiteral("the Qt SQLite driver (QSQLITE) is not installed; on Debian/Ubuntu "
                           "install libqt6sql6-sqlite"));
    }
    if (path.isEmpty()) {
        return Error::make(ErrorKind::InvalidArgument, QStringLiteral("no history file given"));
    }
    if (busyTimeoutMs < 0) {
        return Error::make(ErrorKind::InvalidArgument, QStringLiteral("the busy timeout is negative"));
    }
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        return Error::make(ErrorKind::Open,
            QLatin1String("could not create the folder ") + QDir::toNativeSeparators(info.absolutePath()));
    }

    d->path = info.absoluteFilePath();
    d->db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), d->connectionName);
    d->db.setDatabaseName(d->path);
    d->db.setConnectOptions(QLatin1String("QSQLITE_BUSY_TIMEOUT=") + QString::number(busyTimeoutMs));
    d->statements.attach(d->db);
    Result<void> result;
    if (!d->db.open()) {
        result = Error::make(ErrorKind::Open,
            QLatin1String("could not open the history file ") + QDir::toNativeSeparators(d->path)
                + QLatin1String(": ") + d->db.lastError().text());
    }
    const QStringList pragmas {
        QLatin1String("PRAGMA busy_timeout = ") + QString::number(busyTimeoutMs),
        // Also the first read of the file: a file that is not a database fails here.
        QStringLiteral("PRAGMA journal_mode = WAL"),
        QStringLiteral("PRAGMA synchronous = FULL"),
        QStringLiteral("PRAGMA foreign_keys = ON"),
    };
    for (const QString &statement : pragmas) {
        if (!result) {
            break;
        }
        const bool isJournalMode = statement.contains(QLatin1String("journal_mode"));
        if (auto r = d->pragma(statement, isJournalMode ? QStringLiteral("wal") : QString()); !r) {
            result = Error::make(ErrorKind::Open,
                QLatin1String("could not use the history file ") + QDir::toNativeSeparators(d->path)
                    + QLatin1String(": ") + r.error().message);
        }
    }
    if (result) {
        result = d->migrate();
    }
    if (!result) {
        qCWarning(lcHistory).noquote() << result.error().message;
        close();
        return result;
    }
    qCDebug(lcHistory).noquote() << "opened history" << QDir::toNativeSeparators(d->path);
    return {};
}

void Journal::close()
{
    d->statements.clear();
    if (d->db.isValid()) {
        d->db.close();
        d->db = QSqlDatabase(); // drop our handle first, or removeDatabase warns "still in use"
        QSqlDatabase::removeDatabase(d->connectionName);
    }
}

bool Journal::isOpen() const
{
    return d->db.isValid() && d->db.isOpen();
}

QString Journal::path() const
{
    return d->path;
}

QString Journal::connectionName() const
{
    return d->connectionName;
}

Result<int> Journal::schemaVersion() const
{
    if (auto r = d->checkOpen(); !r) {
        return r.error();
    }
    QSqlQuery query(d->db);
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version"))
        || !query.next()) {
        return sqlError(query.lastError(), QStringLiteral("could not read schema_version"));
    }
    return query.value(0).toInt();
}

Result<qint64> Journal::insertPending(JournalEntry &entry, InFlightPolicy policy)
{
    if (auto r = d->checkOpen(); !r) {
        return r.error();
    }
    JournalEntry row = entry;
    row.id = 0;
    row.state = State::Pending;
    row.attempts = qBound(0, entry.attempts, 1); // 1: the caller counts the first send now (one commit less)
    row.settledBy = SettledBy::None;
    row.updatedAt = d->currentTime();
    if (!row.createdAt.isValid()) {
        row.createdAt = row.updatedAt;
    }
    if (auto r = validateForInsert(row); !r) {
        return r.error();
    }

    WriteTransaction tx(d->statements);
    if (auto r = tx.begin(); !r) {
        return r.error();
    }
    Lease query(d->statements);
    if (auto r
        = query.run({ QStringLiteral("SELECT id FROM journal WHERE request_no = ?"), { row.requestNo } },
            QStringLiteral("could not check the request number"));
        !r) {
        return r.error();
    }
    if (query.next()) {
        return duplicateError(row.requestNo, query.value(0).toLongLong());
    }
    query.finish();
    if (policy == InFlightPolicy::RefuseSameCoupon && row.operation != Operation::Query) {
        // Checked inside the write transaction, so two program instances cannot both pass it.
        const Statement inFlight { QLatin1String("SELECT id, request_no, operation, state FROM journal"
                                                 " WHERE coupon_code = ? AND ")
                + kUnsettledStates + QLatin1String(" AND operation <> 'query'") + kOrderOldestFirst
                + QLatin1String(" LIMIT 1"),
            { text(row.couponCode) } };
        if (auto r = query.run(inFlight, QStringLiteral("could not check for operations in flight")); !r) {
            return r.error();
        }
        if (query.next()) {
            return Error::make(ErrorKind::InFlight,
                QLatin1String("coupon ") + row.couponCode
                    + QLatin1String(" already has an operation in flight: ") + query.value(2).toString()
                    + QLatin1Char(' ') + query.value(1).toString() + QLatin1String(" (row ")
                    + query.value(0).toString() + QLatin1String(", ") + query.value(3).toString()
                    + QLatin1Char(')'));
        }
        query.finish();
    }
    QSqlError prepareError;
    QSqlQuery *insert = d->statements.get(kInsertSql, &prepareError);
    if (!insert) {
        return sqlError(prepareError, QStringLiteral("could not prepare the journal insert"));
    }
    const auto id = d->insertOne(*insert, row, row.createdAt.toMSecsSinceEpoch(),
        row.updatedAt.toMSecsSinceEpoch(), QStringLiteral("could not write the pending journal row"));
    insert->finish();
    if (!id) {
        return id.error();
    }
    if (auto r = tx.commit(); !r) {
        return r.error();
    }
    row.id = *id;
    entry = row;
    qCDebug(lcHistory).noquote() << "pending" << operationName(row.operation) << row.requestNo << "row"
                                 << row.id;
    return row.id;
}

Result<void> Journal::insertBatch(QList<JournalEntry> &entries)
{
    if (auto r = d->checkOpen(); !r) {
        return r;
    }
    if (entries.isEmpty()) {
        return {};
    }
    // Validate everything and convert the times before taking the write lock.
    const QDateTime now = d->currentTime();
    const qint64 nowMs = now.toMSecsSinceEpoch();
    std::vector<qint64> createdMs;
    createdMs.reserve(size_t(entries.size()));
    for (const JournalEntry &row : std::as_const(entries)) {
        if (auto r = validateForInsert(row); !r) {
            return Error::make(r.error().kind,
                QLatin1String("request number ") + row.requestNo + QLatin1String(": ") + r.error().message);
        }
        createdMs.push_back(row.createdAt.isValid() ? row.createdAt.toMSecsSinceEpoch() : nowMs);
    }

    WriteTransaction tx(d->statements);
    if (auto r = tx.begin(); !r) {
        return r;
    }
    QSqlQuery insert(d->db);
    if (!insert.prepare(kInsertSql)) {
        return sqlError(insert.lastError(), QStringLiteral("could not prepare the journal insert"));
    }
    std::vector<qint64> ids;
    ids.reserve(createdMs.size());
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const auto id = d->insertOne(insert, entries.at(i), createdMs[size_t(i)], nowMs,
            QStringLiteral("could not write a journal row"));
        if (!id) {
            return id.error(); // the transaction rolls back: none of the batch is stored
        }
        ids.push_back(*id);
    }
    insert.finish();
    if (auto r = tx.commit(); !r) {
        return r;
    }
    for (qsizetype i = 0; i < entries.size(); ++i) {
        JournalEntry &row = entries[i];
        row.id = ids[size_t(i)];
        row.updatedAt = now;
        if (!row.createdAt.isValid()) {
            row.createdAt = now;
        }
    }
    return {};
}

Result<void> Journal::markOutcome(qint64 id, const Outcome &outcome)
{
    if (auto r = d->checkOpen(); !r) {
        return r;
    }
    if (outcome.state == State::Pending) {
        return Error::make(ErrorKind::InvalidTransition,
            QStringLiteral("an outcome cannot be PENDING; rows start PENDING on insert"));
    }
    if (auto r = validateSettlement(outcome.state, outcome.settledBy); !r) {
        return r;
    }

    // A success or an UNCERTAIN is found again by settling if a power cut undoes it (see
    // WriteTransaction). A failure is not: the request re-sent later might succeed (a coupon not
    // usable yet), after the cashier was told it failed. Manual corrections exist nowhere else.
    const bool refoundBySettling = outcome.settledBy != SettledBy::Manual
        && (outcome.state == State::Succeeded || outcome.state == State::Uncertain);
    WriteTransaction tx(d->statements,
        refoundBySettling ? WriteTransaction::Flush::WithNextWrite : WriteTransaction::Flush::AtCommit);
    if (auto r = tx.begin(); !r) {
        return r;
    }
    Lease query(d->statements);
    if (auto r = query.run({ QStringLiteral("SELECT state, settled_by FROM journal WHERE id = ?"), { id } },
            QStringLiteral("could not read the journal row"));
        !r) {
        return r;
    }
    if (!query.next()) {
        return Error::make(ErrorKind::NotFound, QLatin1String("no journal row ") + QString::number(id));
    }
    const QString currentName = query.value(0).toString();
    const QString currentSettledBy = query.value(1).toString();
    query.finish();
    const State current = stateFromName(currentName).value_or(State::Uncertain);
    if (isSettled(current) && outcome.settledBy != SettledBy::Manual) {
        return Error::make(ErrorKind::InvalidTransition,
            QLatin1String("journal row ") + QString::number(id) + QLatin1String(" is already ") + currentName
                + QLatin1String(" (settled by ") + currentSettledBy
                + QLatin1String("); only a manual correction may change it"));
    }

    const Statement update {
        QStringLiteral("UPDATE journal SET state = ?, wechat_time = ?, request_id = ?, wechat_code = ?,"
                       " message = ?, http_status = ?, settled_by = ?, updated_at = ? WHERE id = ?"),
        { stateName(outcome.state), text(outcome.wechatTime), text(outcome.requestId),
            text(outcome.wechatCode), text(outcome.message), outcome.httpStatus,
            settledByName(outcome.settledBy), d->currentTime().toMSecsSinceEpoch(), id }
    };
    if (auto r = query.run(update, QStringLiteral("could not record the outcome")); !r) {
        return r;
    }
    if (query.numRowsAffected() != 1) {
        return Error::make(ErrorKind::Sql,
            QLatin1String("the outcome update of row ") + QString::number(id)
                + QLatin1String(" changed no row"));
    }
    if (auto r = tx.commit(); !r) {
        return r;
    }
    qCDebug(lcHistory).noquote() << "row" << id << currentName << "->" << stateName(outcome.state);
    return {};
}

Result<int> Journal::incrementAttempts(qint64 id)
{
    if (auto r = d->checkOpen(); !r) {
        return r.error();
    }
    WriteTransaction tx(d->statements);
    if (auto r = tx.begin(); !r) {
        return r.error();
    }
    Lease query(d->statements);
    const Statement update { QStringLiteral(
                                 "UPDATE journal SET attempts = attempts + 1, updated_at = ? WHERE id = ?"),
        { d->currentTime().toMSecsSinceEpoch(), id } };
    if (auto r = query.run(update, QStringLiteral("could not count the attempt")); !r) {
        return r.error();
    }
    if (query.numRowsAffected() != 1) {
        return Error::make(ErrorKind::NotFound, QLatin1String("no journal row ") + QString::number(id));
    }
    if (auto r = query.run({ QStringLiteral("SELECT attempts FROM journal WHERE id = ?"), { id } },
            QStringLiteral("could not read the attempt count"));
        !r) {
        return r.error();
    }
    if (!query.next()) {
        return sqlError(query.lastError(), QStringLiteral("could not read the attempt count"));
    }
    const int attempts = query.value(0).toInt();
    query.finish();
    if (auto r = tx.commit(); !r) {
        return r.error();
    }
    return attempts;
}

Result<void> Journal::setNote(qint64 id, const QString &note)
{
    if (auto r = d->checkOpen(); !r) {
        return r;
    }
    WriteTransaction tx(d->statements);
    if (auto r = tx.begin(); !r) {
        return r;
    }
    Lease query(d->statements);
    const Statement update { QStringLiteral("UPDATE journal SET note = ?, updated_at = ? WHERE id = ?"),
        { text(note), d->currentTime().toMSecsSinceEpoch(), id } };
    if (auto r = query.run(update, QStringLiteral("could not save the note")); !r) {
        return r;
    }
    if (query.numRowsAffected() != 1) {
        return Error::make(ErrorKind::NotFound, QLatin1String("no journal row ") + QString::number(id));
    }
    return tx.commit();
}

Result<JournalEntry> Journal::entry(qint64 id) const
{
    auto rows = d->select(
        { QLatin1String("SELECT ") + kSelectColumns + QLatin1String(" FROM journal WHERE id = ?"), { id } },
        QStringLiteral("could not read the journal row"));
    if (!rows) {
        return rows.error();
    }
    if (rows->isEmpty()) {
        return Error::make(ErrorKind::NotFound, QLatin1String("no journal row ") + QString::number(id));
    }
    return rows->first();
}

Result<std::optional<JournalEntry>> Journal::findByRequestNo(const QString &requestNo) const
{
    auto rows = d->select(
        { QLatin1String("SELECT ") + kSelectColumns + QLatin1String(" FROM journal WHERE request_no = ?"),
            { text(requestNo) } },
        QStringLiteral("could not look up the request number"));
    if (!rows) {
        return rows.error();
    }
    if (rows->isEmpty()) {
        return std::optional<JournalEntry>();
    }
    return std::optional<JournalEntry>(rows->first());
}

Result<QList<JournalEntry>> Journal::unsettled() const
{
    return d->select({ QLatin1String("SELECT ") + kSelectColumns + QLatin1String(" FROM journal WHERE ")
                             + kUnsettledStates + kOrderOldestFirst,
                         {} },
        QStringLiteral("could not list unsettled rows"));
}

Result<qint64> Journal::unsettledCount() const
{
    // One count over the state index (both states in one statement, one read snapshot).
    return d->countRows({ QLatin1String("SELECT COUNT(*) FROM journal WHERE ") + kUnsettledStates, {} },
        QStringLiteral("could not count unsettled rows"));
}

Result<QList<JournalEntry>> Journal::inFlightFor(
    const QString &couponCode, std::optional<Operation> operation) const
{
    Statement statement { QLatin1String("SELECT ") + kSelectColumns
            + QLatin1String(" FROM journal WHERE coupon_code = ? AND ") + kUnsettledStates,
        { text(couponCode) } };
    if (operation) {
        statement.sql += QLatin1String(" AND operation = ?");
        statement.binds << operationName(*operation);
    }
    statement.sql += kOrderOldestFirst;
    return d->select(statement, QStringLiteral("could not list in-flight rows"));
}

Result<QList<JournalEntry>> Journal::query(const JournalFilter &filter, int offset, int limit) const
{
    if (offset < 0 || limit < 1 || limit > kMaxPageSize) {
        return Error::make(ErrorKind::InvalidArgument,
            QLatin1String("bad page: offset ") + QString::number(offset) + QLatin1String(", limit ")
                + QString::number(limit) + QLatin1String(" (1..") + QString::number(kMaxPageSize)
                + QLatin1Char(')'));
    }
    Statement statement = selectStatement(filter);
    statement.sql += QLatin1String(" LIMIT ? OFFSET ?");
    statement.binds << limit << offset;
    return d->select(statement, QStringLiteral("could not query the journal"));
}

Result<QList<JournalEntry>> Journal::queryAfter(
    const JournalFilter &filter, const JournalCursor &after, int limit) const
{
    if (limit < 1 || limit > kMaxPageSize || !after.createdAt.isValid()) {
        return Error::make(ErrorKind::InvalidArgument,
            QLatin1String("bad page: after row ") + QString::number(after.id)
                + (after.createdAt.isValid() ? QString() : QStringLiteral(" (no time)"))
                + QLatin1String(", limit ") + QString::number(limit) + QLatin1String(" (1..")
                + QString::number(kMaxPageSize) + QLatin1Char(')'));
    }
    Statement statement = selectStatement(filter, after);
    statement.sql += QLatin1String(" LIMIT ?");
    statement.binds << limit;
    return d->select(statement, QStringLiteral("could not query the journal"));
}

Result<qint64> Journal::count(const JournalFilter &filter) const
{
    Statement statement = whereClause(filter);
    statement.sql = QLatin1String("SELECT COUNT(*) FROM journal") + statement.sql;
    return d->countRows(statement, QStringLiteral("could not count journal rows"));
}

Result<QStringList> Journal::queryPlan(
    const JournalFilter &filter, const std::optional<JournalCursor> &after) const
{
    if (auto r = d->checkOpen(); !r) {
        return r.error();
    }
    Statement statement = selectStatement(filter, after);
    statement.sql = QLatin1String("EXPLAIN QUERY PLAN ") + statement.sql + QLatin1String(" LIMIT ? OFFSET ?");
    statement.binds << 50 << 0;
    QSqlQuery query(d->db);
    if (auto r = run(query, statement, QStringLiteral("could not explain the query")); !r) {
        return r.error();
    }
    QStringList plan;
    while (query.next()) {
        plan << query.value(3).toString(); // columns: id, parent, notused, detail
    }
    return plan;
}

Result<void> Journal::checkIntegrity() const
{
    if (auto r = d->checkOpen(); !r) {
        return r;
    }
    QSqlQuery query(d->db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("PRAGMA integrity_check"))) {
        return sqlError(query.lastError(), QStringLiteral("could not check the history file"));
    }
    QStringList problems;
    while (query.next()) {
        problems << query.value(0).toString();
    }
    if (problems == QStringList { QStringLiteral("ok") }) {
        return {};
    }
    return Error::make(
        ErrorKind::Sql, QLatin1String("the history file is damaged: ") + problems.join(QLatin1String("; ")));
}

} // namespace history
