#include "result.h"

namespace history {

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::NotOpen:
        return QStringLiteral("not-open");
    case ErrorKind::Driver:
        return QStringLiteral("driver");
    case ErrorKind::Open:
        return QStringLiteral("open");
    case ErrorKind::SchemaTooNew:
        return QStringLiteral("schema-too-new");
    case ErrorKind::Migration:
        return QStringLiteral("migration");
    case ErrorKind::Busy:
        return QStringLiteral("busy");
    case ErrorKind::Sql:
        return QStringLiteral("sql");
    case ErrorKind::Duplicate:
        return QStringLiteral("duplicate");
    case ErrorKind::InFlight:
        return QStringLiteral("in-flight");
    case ErrorKind::NotFound:
        return QStringLiteral("not-found");
    case ErrorKind::InvalidArgument:
        return QStringLiteral("invalid-argument");
    case ErrorKind::InvalidTransition:
        return QStringLiteral("invalid-transition");
    case ErrorKind::Io:
        return QStringLiteral("io");
    }
    return QStringLiteral("unknown");
}

QString Error::toString() const
{
    return errorKindName(kind) + QLatin1String(": ") + message;
}

} // namespace history
