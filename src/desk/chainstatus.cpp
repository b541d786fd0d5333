#include "chainstatus.h"

#include <QCoreApplication>

#include <climits>

namespace desk {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::ChainStatus)
};

QString clock(const QDateTime &at, const QDateTime &now)
{
    return at.date() == now.date() ? at.toString(QStringLiteral("HH:mm"))
                                   : at.toString(QStringLiteral("MM-dd HH:mm"));
}

} // namespace

bool ChainStatus::sameDisplay(const ChainStatus &o) const
{
    return state == o.state && waiting == o.waiting && unreachableSince == o.unreachableSince
        && lastError == o.lastError && server == o.server && schemaFound == o.schemaFound
        && schemaNeeded == o.schemaNeeded;
}

QString chainStatusText(const ChainStatus &s, const QDateTime &now)
{
    switch (s.state) {
    case ChainStatus::State::Off:
        return {};
    case ChainStatus::State::Connecting:
        return Text::tr("Chain database: connecting…");
    case ChainStatus::State::Synced:
        return Text::tr("Chain database: synced");
    case ChainStatus::State::Waiting:
        return Text::tr("Chain database: %n row(s) waiting", nullptr, int(qMin<qint64>(s.waiting, INT_MAX)));
    case ChainStatus::State::Unreachable: {
        const QDateTime since = s.unreachableSince.isValid() ? s.unreachableSince : now;
        return Text::tr("Chain database unreachable since %1 (%n row(s) queued)", nullptr,
            int(qMin<qint64>(s.waiting, INT_MAX)))
            .arg(clock(since.toLocalTime(), now.toLocalTime()));
    }
    case ChainStatus::State::NeedsUpgrade:
        return Text::tr("Chain database needs an upgrade: run coupondesk-cli chain init");
    case ChainStatus::State::LoginRefused:
        return Text::tr("Chain database refused this counter's login: check its password (%n row(s) queued)",
            nullptr, int(qMin<qint64>(s.waiting, INT_MAX)));
    }
    return {};
}

QString chainStatusToolTip(const ChainStatus &s)
{
    if (s.state == ChainStatus::State::Off)
        return {};
    QStringList lines;
    lines << Text::tr("Chain database: %1").arg(s.server);
    if (s.lastSyncAt.isValid())
        lines << Text::tr("Last reached: %1")
                     .arg(s.lastSyncAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    if (s.waiting > 0 && s.oldestWaitingSince.isValid())
        lines << Text::tr("Oldest waiting change: %1")
                     .arg(s.oldestWaitingSince.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    if (!s.lastError.isEmpty())
        lines << Text::tr("Last error: %1").arg(s.lastError);
    return lines.join(QLatin1Char('\n'));
}

bool chainStatusHealthy(const ChainStatus &s)
{
    return s.state == ChainStatus::State::Synced || s.state == ChainStatus::State::Waiting
        || s.state == ChainStatus::State::Connecting;
}

QString chainStateName(ChainStatus::State state)
{
    switch (state) {
    case ChainStatus::State::Off:
        return QStringLiteral("off");
    case ChainStatus::State::Connecting:
        return QStringLiteral("connecting");
    case ChainStatus::State::Synced:
        return QStringLiteral("synced");
    case ChainStatus::State::Waiting:
        return QStringLiteral("waiting");
    case ChainStatus::State::Unreachable:
        return QStringLiteral("unreachable");
    case ChainStatus::State::NeedsUpgrade:
        return QStringLiteral("needs-upgrade");
    case ChainStatus::State::LoginRefused:
        return QStringLiteral("login-refused");
    }
    return {};
}

} // namespace desk
