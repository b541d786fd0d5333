#include "money.h"

#include <QRegularExpression>

namespace desk {

namespace {
constexpr qint64 kMaxFen = 100'000'000; // ¥1,000,000.00: far above any single order at a counter
}

std::optional<qint64> parseYuan(const QString &typed)
{
    static const QRegularExpression re(QStringLiteral("^[¥￥]?\\s*(\\d{1,9})(?:\\.(\\d{1,2}))?$"));
    const QString text = typed.normalized(QString::NormalizationForm_KC).trimmed();
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    QString decimals = m.captured(2);
    while (decimals.size() < 2)
        decimals += QLatin1Char('0');
    const qint64 fen = m.captured(1).toLongLong() * 100 + decimals.toLongLong();
    if (fen <= 0 || fen > kMaxFen)
        return std::nullopt;
    return fen;
}

QString formatYuan(qint64 fen)
{
    const QString sign = fen < 0 ? QStringLiteral("-") : QString();
    const qint64 a = fen < 0 ? -fen : fen;
    return QStringLiteral("%1¥%2.%3").arg(sign).arg(a / 100).arg(a % 100, 2, 10, QLatin1Char('0'));
}

} // namespace desk
