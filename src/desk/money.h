// Amounts at the till: WeChat Pay counts in fen (分); staff type and read yuan (元).
#pragma once

#include <QString>

#include <optional>

namespace desk {

// "128", "128.5", "128.50", "¥128.00", full-width "１２８" → fen. nullopt when it is not an amount of
// 0.01 to 1,000,000.00 yuan with at most two decimals.
std::optional<qint64> parseYuan(const QString &typed);
// 2000 → "¥20.00"
QString formatYuan(qint64 fen);

} // namespace desk
