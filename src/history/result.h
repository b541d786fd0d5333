// Expected outcomes are values: a refused write or a missing row is returned, never thrown.
// history does not depend on wechatpay, so it carries its own small result type.
#pragma once

#include <QString>

#include <optional>
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

template<typename T> class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    {
    } // NOLINT(google-explicit-constructor)
    Result(Error error)
        : m_error(std::move(error))
    {
    } // NOLINT(google-explicit-constructor)

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    T *operator->() { return &*m_value; }
    const T &operator*() const { return *m_value; }
    const Error &error() const { return m_error; }

private:
    std::optional<T> m_value;
    Error m_error;
};

template<> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_failed(true)
        , m_error(std::move(error))
    {
    } // NOLINT(google-explicit-constructor)

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }

private:
    bool m_failed = false;
    Error m_error;
};

} // namespace history
