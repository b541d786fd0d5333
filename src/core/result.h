// Expected outcomes are values: a refused coupon or a missing row is returned, never thrown.
// One result template for every layer; each layer brings its own error type and names it with
// `template<typename T> using Result = core::Result<T, Error>;` (see wechatpay/result.h,
// history/result.h).
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

namespace core {

// An error of a lower layer that error type E can be made from (desk::Error from wechatpay::Error).
template<typename E2, typename E>
concept ErrorConvertibleTo = !std::is_same_v<E, E2> && std::is_constructible_v<E, const E2 &>;

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
    // A lower layer's result passed up: the value as it is, the error in the upper layer's terms.
    template<ErrorConvertibleTo<E> E2> Result(Result<T, E2> other) // NOLINT(google-explicit-constructor)
    {
        if (other.ok())
            m_value.emplace(std::move(other).value());
        else
            m_error = E(other.error());
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
    template<ErrorConvertibleTo<E> E2>
    Result(const Result<void, E2> &other) // NOLINT(google-explicit-constructor)
        : m_failed(!other.ok())
        , m_error(other.ok() ? E() : E(other.error()))
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
