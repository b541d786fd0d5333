// SQL plumbing of the chain database (PostgreSQL through QPSQL), internal to src/history: errors with
// their SQLSTATE, bound statements, and a transaction rolled back unless committed.
#pragma once

#include "result.h"
#include "sqlsupport.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

namespace history::detail {

// ErrorKind::NotOpen unless `db` is an open QPSQL connection.
Result<void> requireOpen(const QSqlDatabase &db);

// Logs and returns ErrorKind::Sql with the server's SQLSTATE (e.g. 42501, insufficient privilege).
Error chainError(const QSqlError &error, const QString &what);

// Prepares, binds positionally and executes `statement` (values travel as bound parameters).
Result<void> runChain(QSqlQuery &query, const Statement &statement, const QString &what);

class ChainTransaction
{
public:
    explicit ChainTransaction(QSqlDatabase &db)
        : m_db(db)
    {
    }
    ~ChainTransaction();
    ChainTransaction(const ChainTransaction &) = delete;
    ChainTransaction &operator=(const ChainTransaction &) = delete;

    // BEGIN, and NOTICEs (e.g. "schema already exists") kept off stderr for this transaction.
    Result<void> begin();
    Result<void> commit();

private:
    QSqlDatabase &m_db;
    bool m_open = false;
};

} // namespace history::detail
