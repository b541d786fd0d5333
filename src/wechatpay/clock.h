// Time and randomness are injected so tests can freeze them and replay signatures byte for byte.
#pragma once

#include <QByteArray>
#include <QDateTime>

namespace wechatpay {

class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowSecs() const = 0;
    QDateTime now() const { return QDateTime::fromSecsSinceEpoch(nowSecs()); }
};

class SystemClock final : public Clock
{
public:
    qint64 nowSecs() const override { return QDateTime::currentSecsSinceEpoch(); }
};

// A clock that reads another clock and adds an offset (tests; the simulator's injected skew).
class OffsetClock final : public Clock
{
public:
    explicit OffsetClock(const Clock &base, qint64 offsetSecs = 0)
        : m_base(base)
        , m_offset(offsetSecs)
    {
    }
    void setOffset(qint64 secs) { m_offset = secs; }
    qint64 offset() const { return m_offset; }
    qint64 nowSecs() const override { return m_base.nowSecs() + m_offset; }

private:
    const Clock &m_base;
    qint64 m_offset;
};

class FixedClock final : public Clock
{
public:
    explicit FixedClock(qint64 secs)
        : m_secs(secs)
    {
    }
    void set(qint64 secs) { m_secs = secs; }
    void advance(qint64 secs) { m_secs += secs; }
    qint64 nowSecs() const override { return m_secs; }

private:
    qint64 m_secs;
};

class NonceSource
{
public:
    virtual ~NonceSource() = default;
    virtual QByteArray nonce() = 0;
};

// 32 characters of [0-9A-Za-z] from the OpenSSL CSPRNG (rejection sampling, no modulo bias).
class RandomNonceSource final : public NonceSource
{
public:
    QByteArray nonce() override;
};

class FixedNonceSource final : public NonceSource
{
public:
    explicit FixedNonceSource(QByteArray nonce)
        : m_nonce(std::move(nonce))
    {
    }
    QByteArray nonce() override { return m_nonce; }

private:
    QByteArray m_nonce;
};

} // namespace wechatpay
