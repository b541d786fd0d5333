#include "chainsql.h"

#include "logging.h"

#include <QVariant>

namespace history::detail {

Result<void> requireOpen(const QSqlDatabase &db)
{
    if (!db.isOpen() || db.driverName() != QLatin1String("QPSQL"))
        return Error::make(
            ErrorKind::NotOpen, QStringLiteral("no open PostgreSQL connection to the chain database"));
    return {};
}

Error chainError(const QSqlError &error, const QString &what)
{
    // QSqlError's text is the server's message; statements (and so password verifiers) are not in it.
    QString message = what + QLatin1String(": ") + error.text();
    if (!error.nativeErrorCode().isEmpty())
        message += QLatin1String(" (SQLSTATE ") + error.nativeErrorCode() + QLatin1Char(')');
    qCWarning(lcHistory).noquote() << message;
    return Error::make(ErrorKind::Sql, message);
}

Result<void> runChain(QSqlQuery &query, const Statement &statement, const QString &what)
{
    if (!query.prepare(statement.sql))
        return chainError(query.lastError(), what);
    for (const QVariant &value : statement.binds)
        query.addBindValue(value);
    if (!query.exec())
        return chainError(query.lastError(), what);
    return {};
}

ChainTransaction::~ChainTransaction()
{
    if (m_open)
        m_db.rollback();
}

Result<void> ChainTransaction::begin()
{
    if (!m_db.transaction())
        return chainError(m_db.lastError(), QStringLiteral("could not begin a transaction"));
    m_open = true;
    QSqlQuery quiet(m_db);
    if (!quiet.exec(QStringLiteral("SET LOCAL client_min_messages = warning")))
        return chainError(quiet.lastError(), QStringLiteral("could not quieten notices"));
    return {};
}

Result<void> ChainTransaction::commit()
{
    if (!m_db.commit())
        return chainError(m_db.lastError(), QStringLiteral("could not commit"));
    m_open = false;
    return {};
}

} // namespace history::detail
