#include "connectionstatus.h"

#include <QCoreApplication>

namespace desk {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::ConnectionStatus)
};

QString clock(const QDateTime &at, const QDateTime &now)
{
    return at.date() == now.date() ? at.toString(QStringLiteral("HH:mm"))
                                   : at.toString(QStringLiteral("MM-dd HH:mm"));
}

constexpr qint64 kSkewWarningSecs = 60; // WeChat Pay refuses at 300 s; warn well before

} // namespace

StatusLine connectionStatusLine(const ConnectionState &s, const QDateTime &now)
{
    StatusLine line;
    QStringList parts;
    if (!s.problem.isEmpty()) {
        parts << Text::tr("WeChat Pay: %1").arg(s.problem.left(60));
    } else if (s.unreachableSince) {
        parts << Text::tr("WeChat Pay unreachable since %1").arg(clock(*s.unreachableSince, now));
    } else if (s.lastAnswer) {
        parts << Text::tr("WeChat Pay answered at %1").arg(clock(*s.lastAnswer, now));
        line.healthy = true;
    } else {
        parts << (s.ready ? Text::tr("WeChat Pay: no call yet") : Text::tr("Connecting to WeChat Pay…"));
        line.healthy = s.ready;
    }
    if (s.clockSkewSecs && qAbs(*s.clockSkewSecs) >= kSkewWarningSecs) {
        parts << Text::tr("clock off by %1 s").arg(*s.clockSkewSecs);
        line.healthy = false;
    }
    if (s.unsettled > 0)
        parts << Text::tr("%n not confirmed", nullptr, s.unsettled);
    line.text = parts.join(QStringLiteral(" · "));
    return line;
}

void ConnectionStatus::setReady(bool ready, const QString &problem)
{
    m_state.ready = ready;
    m_state.problem = problem;
    Q_EMIT changed();
}

void ConnectionStatus::observeCall(bool reached, const QDateTime &at)
{
    if (reached) {
        m_state.lastAnswer = at;
        m_state.unreachableSince.reset();
    } else if (!m_state.unreachableSince) {
        m_state.unreachableSince = at;
    }
    Q_EMIT changed();
}

void ConnectionStatus::observeSkew(qint64 secs)
{
    m_state.clockSkewSecs = secs;
    Q_EMIT changed();
}

void ConnectionStatus::setUnsettled(int count)
{
    m_state.unsettled = count;
    Q_EMIT changed();
}

} // namespace desk
