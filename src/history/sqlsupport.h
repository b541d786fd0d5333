// SQL plumbing of the journal: bound values, prepared statements reused per connection, and
// write transactions with their durability rules. Internal to src/history (not public API).
#pragma once

#include "logging.h"
#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <QVariantList>

#include <map>
#include <memory>
#include <utility>

namespace history::detail {

// Qt binds a null QString as SQL NULL; text columns are NOT NULL, so bind "" instead.
QVariant text(const QString &value);
QVariant blob(const QByteArray &value);
QVariant nullableText(const QString &value);

// The counter's wall-clock time with its offset, e.g. 2024-05-01T10:00:00.123+08:00.
QString isoWithOffset(const QDateTime &dateTime);

// Logs the failure; SQLITE_BUSY and SQLITE_LOCKED become ErrorKind::Busy, the rest ErrorKind::Sql.
Error sqlError(const QSqlError &error, const QString &what);
bool isUniqueViolation(const QSqlError &error);

struct Statement
{
    QString sql;
    QVariantList binds;
};

// Prepares, binds positionally and executes; `what` names the step in the error message.
Result<void> run(QSqlQuery &query, const Statement &statement, const QString &what);

// Prepared statements, compiled once per connection and reused: SQLite spends about as much CPU
// parsing and planning these small statements as running them, and every counter operation runs
// the same handful. Bounded: filters build their SQL from a fixed set of parts, values are bound.
// Cleared before the connection closes; never while a Lease is alive.
class StatementCache
{
public:
    void attach(const QSqlDatabase &db)
    {
        m_statements.clear();
        m_db = db;
        m_syncRelaxed = false;
    }
    void clear() { attach(QSqlDatabase()); }

    // PRAGMA synchronous: a compile-time pragma, so it is run unprepared every time, never cached.
    // Returns false when SQLite refused it.
    bool setFullSync(bool full)
    {
        QSqlQuery pragma(m_db);
        if (!pragma.exec(full ? QStringLiteral("PRAGMA synchronous = FULL")
                              : QStringLiteral("PRAGMA synchronous = NORMAL"))) {
            qCWarning(lcHistory).noquote() << "PRAGMA synchronous:" << pragma.lastError().text();
            return false;
        }
        m_syncRelaxed = !full;
        return true;
    }
    bool syncRelaxed() const { return m_syncRelaxed; }

    // A prepared statement for `sql`, or nullptr with *error set.
    QSqlQuery *get(const QString &sql, QSqlError *error)
    {
        auto it = m_statements.find(sql);
        if (it != m_statements.end()) {
            return it->second.get();
        }
        auto query = std::make_unique<QSqlQuery>(m_db);
        query->setForwardOnly(true);
        if (!query->prepare(sql)) {
            *error = query->lastError();
            return nullptr;
        }
        return m_statements.emplace(sql, std::move(query)).first->second.get();
    }

private:
    QSqlDatabase m_db;
    std::map<QString, std::unique_ptr<QSqlQuery>> m_statements;
    bool m_syncRelaxed = false; // synchronous = NORMAL is set and FULL not yet restored
};

// Runs cached statements one after another; the statement in use is reset (finish()) when the
// next one runs and when the lease ends, so no read snapshot outlives its use.
class Lease
{
public:
    explicit Lease(StatementCache &cache)
        : m_cache(cache)
    {
    }
    ~Lease() { finish(); }
    Lease(const Lease &) = delete;
    Lease &operator=(const Lease &) = delete;

    Result<void> run(const Statement &statement, const QString &what)
    {
        finish();
        QSqlError error;
        m_query = m_cache.get(statement.sql, &error);
        if (!m_query) {
            return sqlError(error, what + QLatin1String(" (prepare)"));
        }
        for (const QVariant &value : statement.binds) {
            m_query->addBindValue(value);
        }
        if (!m_query->exec()) {
            const QSqlError failed = m_query->lastError();
            finish();
            return sqlError(failed, what);
        }
        return {};
    }
    bool next() { return m_query && m_query->next(); }
    QVariant value(int index) const { return m_query ? m_query->value(index) : QVariant(); }
    int numRowsAffected() const { return m_query ? m_query->numRowsAffected() : -1; }
    QSqlError lastError() const { return m_query ? m_query->lastError() : QSqlError(); }
    QSqlQuery &query() { return *m_query; }
    void finish()
    {
        if (m_query) {
            m_query->finish();
        }
    }

private:
    StatementCache &m_cache;
    QSqlQuery *m_query = nullptr;
};

// A write transaction. BEGIN IMMEDIATE takes the write lock up front (waiting up to the busy
// timeout for another connection), so a transaction never fails half-way on a lock upgrade.
//
// Flush::AtCommit (the connection's setting, synchronous = FULL) syncs the WAL before COMMIT
// returns: the row survives a power cut. Flush::WithNextWrite commits with synchronous = NORMAL:
// the commit is in the WAL, so a crash of this program never loses it, and the next flushed commit
// (every insert is one) or checkpoint syncs it with everything before it; only a power cut in
// between can undo it, and the row is back to PENDING. That is only for outcomes settling finds
// again: it re-sends a PENDING row's request under the same request number and, unless that is
// answered with success, reads the coupon (USED by our request number is a success); an UNCERTAIN
// row was unsettled anyway.
// A flushed transaction never starts while FULL is not restored: it restores it or fails.
class WriteTransaction
{
public:
    enum class Flush { AtCommit, WithNextWrite };

    explicit WriteTransaction(StatementCache &cache, Flush flush = Flush::AtCommit)
        : m_cache(cache)
        , m_flush(flush)
    {
    }
    ~WriteTransaction()
    {
        if (m_active) {
            Lease rollback(m_cache);
            if (auto r = rollback.run({ QStringLiteral("ROLLBACK"), {} }, QStringLiteral("ROLLBACK failed"));
                !r) {
                qCWarning(lcHistory).noquote() << r.error().message;
            }
        }
        if (m_cache.syncRelaxed()) {
            m_cache.setFullSync(true); // if refused, the next flushed transaction tries again or fails
        }
    }
    WriteTransaction(const WriteTransaction &) = delete;
    WriteTransaction &operator=(const WriteTransaction &) = delete;

    Result<void> begin()
    {
        if (m_flush == Flush::WithNextWrite) {
            m_cache.setFullSync(false); // if refused: flushed at commit, as always
        } else if (m_cache.syncRelaxed() && !m_cache.setFullSync(true)) {
            return Error::make(
                ErrorKind::Sql, QStringLiteral("could not make the history file flush this write to disk"));
        }
        Lease begin(m_cache);
        if (auto r = begin.run({ QStringLiteral("BEGIN IMMEDIATE"), {} },
                QStringLiteral("could not start a write transaction"));
            !r) {
            return r;
        }
        m_active = true;
        return {};
    }

    Result<void> commit()
    {
        Lease commit(m_cache);
        if (auto r = commit.run({ QStringLiteral("COMMIT"), {} }, QStringLiteral("could not commit")); !r) {
            return r;
        }
        m_active = false;
        return {};
    }

private:
    StatementCache &m_cache;
    Flush m_flush;
    bool m_active = false;
};

} // namespace history::detail
