// Expected outcomes are values: a refused write or a missing row is returned, never thrown.
// history does not depend on wechatpay, so it carries its own error type (the Result template is core's).
#pragma once

#include "core/result.h"

#include <QString>

#include <utility>

namespace history {

enum class ErrorKind {
    NotOpen, // the journal has not been opened (or open failed)
    Driver, // the QSQLITE driver is missing
    Open, // the file could not be opened or is not a usable SQLite database
    SchemaTooNew, // the file was written by a newer program (schema_version > known)
    Migration, // a schema migration failed (the file is left unchanged)
    Busy, // another program instance held the file locked beyond the busy timeout
    Sql, // a statement failed (disk full, I/O error, damaged file…)
    Duplicate, // the request number is already in the journal
    InFlight, // the coupon already has an unsettled operation (insertPending)
    NotFound, // no row with that id
    InvalidArgument, // a caller error: empty request number, bad paging values…
    InvalidTransition, // an outcome that would change an already settled row
    Io, // writing an export to the device failed
};

QString errorKindName(ErrorKind kind);

struct Error
{
    ErrorKind kind = ErrorKind::Sql;
    QString message; // English, for logs and developers; desk maps kinds to staff-facing text

    static Error make(ErrorKind kind, QString message) { return Error { kind, std::move(message) }; }
    QString toString() const;
};

template<typename T> using Result = core::Result<T, Error>;

} // namespace history
