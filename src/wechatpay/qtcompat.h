// Internal: small helpers that read the same on Qt 6.4 (Debian 12) and newer Qt 6.
#pragma once

#include <QDateTime>
#include <QTimeZone>
#include <QtGlobal>

namespace wechatpay::compat {

inline QDateTime utc(QDate date, QTime time)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime(date, time, QTimeZone::UTC);
#else
    return QDateTime(date, time, Qt::UTC);
#endif
}

inline QDateTime fromSecsUtc(qint64 secs)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime::fromSecsSinceEpoch(secs, QTimeZone::UTC);
#else
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC);
#endif
}

} // namespace wechatpay::compat
