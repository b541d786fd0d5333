#include "journal.h"

#include "journalrows.h"
#include "logging.h"
#include "schema.h"
#include "sqlsupport.h"
#include "textutil.h"

#include <QDir>
#include <QFileInfo>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QScopeGuard>
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

Result<void> writeAll(QIODevice &out, const QByteArray &bytes)
{
    if (bytes.isEmpty()) {
        return {};
    }
    if (out.write(bytes) != bytes.size()) {
        return Error::make(ErrorKind::Io, QLatin1String("could not write the export: ") + out.errorString());
    }
    return {};
}

constexpr int kExportChunkRows = 500; // rows per write() while streaming an export

} // namespace

// ---------------------------------------------------------------------------------------------
// Journal

struct Journal::Private
{
    NowFunction now;
    QString connectionName;
    QString path;
    QSqlDatabase db; // invalid while closed
    mutable StatementCache statements;

    QDateTime currentTime() const { return now ? now() : QDateTime::currentDateTime(); }

    Result<void> checkOpen() const
    {
        if (!db.isValid() || !db.isOpen()) {
            return Error::make(ErrorKind::NotOpen, QStringLiteral("the history journal is not open"));
        }
        return {};
    }

    Result<void> pragma(const QString &statement, const QString &expected = QString())
    {
        QSqlQuery query(db);
        if (!query.exec(statement)) {
            // Not logged here: open() logs the one resulting failure.
            return Error::make(ErrorKind::Open, statement + QLatin1String(": ") + query.lastError().text());
        }
        if (!expected.isEmpty()) {
            const QString got = query.next() ? query.value(0).toString() : QString();
            if (got.compare(expected, Qt::CaseInsensitive) != 0) {
                return Error::make(ErrorKind::Open,
                    statement + QLatin1String(" answered '") + got + QLatin1String("', expected '") + expected
                        + QLatin1Char('\''));
            }
        }
        return {};
    }

    Result<void> migrate();
    Result<QList<JournalEntry>> select(const Statement &statement, const QString &what) const;
    Result<qint64> countRows(const Statement &statement, const QString &what) const;  // a SELECT COUNT(*)
    Result<qint64> insertOne(QSqlQuery &insert, const JournalEntry &entry, qint64 createdMs, qint64 updatedMs,
        const QString &what);
    template<typename RowWriter>
    Result<qint64> exportRows(const JournalFilter &filter, QIODevice &out, QByteArray prologue,
        RowWriter &&writeRow, const QByteArray &separator) const;
};

Result<void> Journal::Private::migrate()
{
    WriteTransaction tx(statements);
    if (auto r = tx.begin(); !r) {
        return r;
    }
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version ("
                                   " version INTEGER PRIMARY KEY,"
                                   " description TEXT NOT NULL DEFAULT '',"
                                   " applied_at TEXT NOT NULL)"))) {
        return sqlError(query.lastError(), QStringLiteral("could not create schema_version"));
    }
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version"))
        || !query.next()) {
        return sqlError(query.lastError(), QStringLiteral("could not read schema_version"));
    }
    const int current = query.value(0).toInt();
    query.finish();
    if (current > kSchemaVersion) {
        const QString message = QLatin1String("the history file ") + QDir::toNativeSeparators(path)
            + QLatin1String(" has schema version ") + QString::number(current)
            + QLatin1String(", newer than this program supports (") + QString::number(kSchemaVersion)
            + QLatin1String("); use a newer CouponDesk or another history file");
        return Error::make(ErrorKind::SchemaTooNew, message);
    }
    for (const Migration &migration : migrations()) {
        if (migration.version <= current) {
            continue;
        }
        qCInfo(lcHistory).noquote() << "migrating" << QDir::toNativeSeparators(path) << "to schema version"
                                    << migration.version << '(' << migration.description << ')';
        for (const QString &statement : migration.statements) {
            if (!query.exec(statement)) {
                const Error e = sqlError(query.lastError(),
                    QLatin1String("migration to version ") + QString::number(migration.version)
                        + QLatin1String(" failed"));
                return Error::make(ErrorKind::Migration, e.message);
            }
        }
        Statement record { QStringLiteral("INSERT INTO schema_version (version, description, applied_at)"
                                          " VALUES (?, ?, ?)"),
            { migration.version, migration.description,
                QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) } };
        if (auto r = run(query, record, QStringLiteral("could not record the schema version")); !r) {
            return Error::make(ErrorKind::Migration, r.error().message);
        }
    }
    return tx.commit();
}

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

template<typename RowWriter>
Result<qint64> Journal::Private::exportRows(const JournalFilter &filter, QIODevice &out, QByteArray prologue,
    RowWriter &&writeRow, const QByteArray &separator) const
{
    if (auto r = checkOpen(); !r) {
        return r.error();
    }
    if (!out.isWritable()) {
        return Error::make(ErrorKind::Io, QStringLiteral("the export device is not open for writing"));
    }
    // Exact bytes: a device opened with QIODevice::Text would turn CRLF into CR CR LF on Windows.
    const bool textMode = out.isTextModeEnabled();
    out.setTextModeEnabled(false);
    const auto restoreTextMode = qScopeGuard([&out, textMode] { out.setTextModeEnabled(textMode); });

    // One forward-only statement: SQLite hands rows over one at a time from a consistent snapshot
    // (WAL), and they are written out in chunks, so memory stays flat however large the journal.
    QSqlQuery query(db);
    if (auto r = run(query, selectStatement(filter), QStringLiteral("could not export the journal")); !r) {
        return r.error();
    }
    QByteArray chunk = std::move(prologue);
    qint64 rows = 0;
    while (query.next()) {
        if (rows > 0) {
            chunk += separator;
        }
        writeRow(chunk, entryFromRow(query));
        ++rows;
        if (rows % kExportChunkRows == 0) {
            if (auto r = writeAll(out, chunk); !r) {
                return r.error();
            }
            chunk.clear();
        }
    }
    if (query.lastError().isValid()) {
        return sqlError(query.lastError(), QStringLiteral("could not read journal rows for the export"));
    }
    if (auto r = writeAll(out, chunk); !r) {
        return r.error();
    }
    return rows;
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
    row.attempts = qBound(0, entry.attempts, 1);  // 1: the caller counts the first send now (one commit less)
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

Result<qint64> Journal::count(const JournalFilter &filter) const
{
    Statement statement = whereClause(filter);
    statement.sql = QLatin1String("SELECT COUNT(*) FROM journal") + statement.sql;
    return d->countRows(statement, QStringLiteral("could not count journal rows"));
}

Result<QStringList> Journal::queryPlan(const JournalFilter &filter) const
{
    if (auto r = d->checkOpen(); !r) {
        return r.error();
    }
    Statement statement = selectStatement(filter);
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

QStringList Journal::exportColumns()
{
    return { QStringLiteral("id"), QStringLiteral("created_at"), QStringLiteral("operation"),
        QStringLiteral("state"), QStringLiteral("coupon_code"), QStringLiteral("stock_id"),
        QStringLiteral("openid"), QStringLiteral("appid"), QStringLiteral("reason"),
        QStringLiteral("request_no"), QStringLiteral("staff"), QStringLiteral("counter_id"),
        QStringLiteral("attempts"), QStringLiteral("http_status"), QStringLiteral("wechat_code"),
        QStringLiteral("message"), QStringLiteral("wechat_time"), QStringLiteral("request_id"),
        QStringLiteral("settled_by"), QStringLiteral("batch_id"), QStringLiteral("note"),
        QStringLiteral("order_amount_fen"), QStringLiteral("discount_fen"), QStringLiteral("updated_at"),
        QStringLiteral("request_body") };
}

Result<qint64> Journal::exportCsv(const JournalFilter &filter, QIODevice &out, bool withBom) const
{
    QByteArray prologue;
    if (withBom) {
        prologue += "\xEF\xBB\xBF";
    }
    prologue += exportColumns().join(QLatin1Char(',')).toUtf8() + "\r\n";

    const auto writeRow = [](QByteArray &chunk, const JournalEntry &e) {
        // Numbers and our own ISO times cannot start a formula; every text cell is guarded.
        const QStringList cells {
            QString::number(e.id),
            isoWithOffset(e.createdAt),
            operationName(e.operation),
            stateName(e.state),
            csvField(e.couponCode),
            csvField(e.stockId),
            csvField(e.openid),
            csvField(e.appid),
            csvField(e.reason),
            csvField(e.requestNo),
            csvField(e.staff),
            csvField(e.counterId),
            QString::number(e.attempts),
            QString::number(e.httpStatus),
            csvField(e.wechatCode),
            csvField(e.message),
            csvField(e.wechatTime),
            csvField(e.requestId),
            settledByName(e.settledBy),
            csvField(e.batchId),
            csvField(e.note),
            e.orderFen ? QString::number(*e.orderFen) : QString(),
            e.discountFen ? QString::number(*e.discountFen) : QString(),
            isoWithOffset(e.updatedAt),
            csvField(QString::fromUtf8(e.requestBody)),
        };
        chunk += cells.join(QLatin1Char(',')).toUtf8();
        chunk += "\r\n";
    };
    return d->exportRows(filter, out, prologue, writeRow, QByteArray());
}

Result<qint64> Journal::exportJson(const JournalFilter &filter, QIODevice &out) const
{
    const auto writeRow = [](QByteArray &chunk, const JournalEntry &e) {
        QJsonObject o;
        o.insert(QLatin1String("id"), e.id);
        o.insert(QLatin1String("created_at"), isoWithOffset(e.createdAt));
        o.insert(QLatin1String("operation"), operationName(e.operation));
        o.insert(QLatin1String("state"), stateName(e.state));
        o.insert(QLatin1String("coupon_code"), e.couponCode);
        o.insert(QLatin1String("stock_id"), e.stockId);
        o.insert(QLatin1String("openid"), e.openid);
        o.insert(QLatin1String("appid"), e.appid);
        o.insert(QLatin1String("reason"), e.reason);
        o.insert(QLatin1String("request_no"), e.requestNo);
        o.insert(QLatin1String("staff"), e.staff);
        o.insert(QLatin1String("counter_id"), e.counterId);
        o.insert(QLatin1String("attempts"), e.attempts);
        o.insert(QLatin1String("http_status"), e.httpStatus);
        o.insert(QLatin1String("wechat_code"), e.wechatCode);
        o.insert(QLatin1String("message"), e.message);
        o.insert(QLatin1String("wechat_time"), e.wechatTime);
        o.insert(QLatin1String("request_id"), e.requestId);
        o.insert(QLatin1String("settled_by"), settledByName(e.settledBy));
        o.insert(QLatin1String("batch_id"),
            e.batchId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(e.batchId));
        o.insert(QLatin1String("note"), e.note);
        o.insert(QLatin1String("order_amount_fen"),
            e.orderFen ? QJsonValue(*e.orderFen) : QJsonValue(QJsonValue::Null));
        o.insert(QLatin1String("discount_fen"),
            e.discountFen ? QJsonValue(*e.discountFen) : QJsonValue(QJsonValue::Null));
        o.insert(QLatin1String("updated_at"), isoWithOffset(e.updatedAt));
        o.insert(QLatin1String("request_body"), QString::fromUtf8(e.requestBody));
        chunk += "  ";
        chunk += QJsonDocument(o).toJson(QJsonDocument::Compact);
    };
    auto rows = d->exportRows(filter, out, QByteArray("[\n"), writeRow, QByteArray(",\n"));
    if (!rows) {
        return rows;
    }
    if (auto r = writeAll(out, *rows > 0 ? QByteArray("\n]\n") : QByteArray("]\n")); !r) {
        return r.error();
    }
    return rows;
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
