// Expected outcomes are values: a refused coupon or a missing row is returned, never thrown.
// One result template for every layer; each layer brings its own error type and names it with
// `template<typename T> using Result = core::Result<T, Error>;` (see wechatpay/result.h,
// history/result.h).
#pragma once

#include <optional>
#include <utility>

namespace core {

// A value of T, or an error E. E must be default-constructible (it is held by value).
template<typename T, typename E> class [[nodiscard]] Result
{
public:
    Result(T value) // NOLINT(google-explicit-constructor)
        : m_value(std::move(value))
    {
    }
    Result(E error) // NOLINT(google-explicit-constructor)
        : m_error(std::move(error))
    {
    }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    T *operator->() { return &*m_value; }
    const T &operator*() const { return *m_value; }
    const E &error() const { return m_error; }

private:
    std::optional<T> m_value;
    E m_error;
};

// Success with nothing to carry, or an error E.
template<typename E> class [[nodiscard]] Result<void, E>
{
public:
    Result() = default;
    Result(E error) // NOLINT(google-explicit-constructor)
        : m_failed(true)
        , m_error(std::move(error))
    {
    }

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const E &error() const { return m_error; }

private:
    bool m_failed = false;
    E m_error;
};

} // namespace core
