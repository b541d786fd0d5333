// The truth about the line to WeChat Pay, for the status bar: the last call's outcome (answered at
// 14:03 / unreachable since 14:05), clock skew worth a warning, and the number of unconfirmed rows.
// Fed by Desk's signals; the text is a pure function of the state (tested without a network).
#pragma once

#include <QDateTime>
#include <QObject>

#include <optional>

namespace desk {

struct ConnectionState
{
    bool ready = false; // the verifier is ready (certificates / public key)
    QString problem; // why it is not, when it failed
    std::optional<QDateTime> lastAnswer; // the last call that got an HTTP answer
    std::optional<QDateTime> unreachableSince; // the first failed call after the last answer
    std::optional<qint64> clockSkewSecs;
    int unsettled = 0;
};

struct StatusLine
{
    QString text;
    bool healthy = false; // green when true, red otherwise
};

StatusLine connectionStatusLine(const ConnectionState &state, const QDateTime &now);

class ConnectionStatus final : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    const ConnectionState &state() const { return m_state; }
    StatusLine line() const { return connectionStatusLine(m_state, QDateTime::currentDateTime()); }

    void setReady(bool ready, const QString &problem = {});
    void observeCall(bool reached, const QDateTime &at = QDateTime::currentDateTime());
    void observeSkew(qint64 secs);
    void setUnsettled(int count);

Q_SIGNALS:
    void changed();

private:
    ConnectionState m_state;
};

} // namespace desk
