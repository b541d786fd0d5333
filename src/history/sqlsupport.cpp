#include "sqlsupport.h"

namespace history::detail {

QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

QVariant blob(const QByteArray &value)
{
    return value.isNull() ? QVariant(QByteArray("")) : QVariant(value);
}

QVariant nullableText(const QString &value)
{
    return value.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

QString isoWithOffset(const QDateTime &dateTime)
{
    if (!dateTime.isValid()) {
        return QString();
    }
    return dateTime.toOffsetFromUtc(dateTime.offsetFromUtc()).toString(Qt::ISODateWithMs);
}

Error sqlError(const QSqlError &error, const QString &what)
{
    QString message = what + QLatin1String(": ") + error.text();
    if (!error.nativeErrorCode().isEmpty()) {
        message += QLatin1String(" (SQLite ") + error.nativeErrorCode() + QLatin1Char(')');
    }
    qCWarning(lcHistory).noquote() << message;
    // SQLITE_BUSY (5) / SQLITE_LOCKED (6), with or without extended codes: another connection held
    // the write lock for longer than the busy timeout.
    bool numeric = false;
    const int primary = error.nativeErrorCode().toInt(&numeric) & 0xFF;
    const bool busy = numeric && (primary == 5 || primary == 6);
    return Error::make(busy ? ErrorKind::Busy : ErrorKind::Sql, message);
}

bool isUniqueViolation(const QSqlError &error)
{
    // 2067 = SQLITE_CONSTRAINT_UNIQUE; 19 = SQLITE_CONSTRAINT when extended codes are off.
    const QString code = error.nativeErrorCode();
    return (code == QLatin1String("2067") || code == QLatin1String("19") || code == QLatin1String("1555"))
        && error.databaseText().contains(QLatin1String("UNIQUE"), Qt::CaseInsensitive);
}

Result<void> run(QSqlQuery &query, const Statement &statement, const QString &what)
{
    query.setForwardOnly(true);
    if (!query.prepare(statement.sql)) {
        return sqlError(query.lastError(), what + QLatin1String(" (prepare)"));
    }
    for (const QVariant &value : statement.binds) {
        query.addBindValue(value);
    }
    if (!query.exec()) {
        return sqlError(query.lastError(), what);
    }
    return {};
}

} // namespace history::detail
