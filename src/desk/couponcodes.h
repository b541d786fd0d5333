// Coupon codes as the counter receives them: tidied (full-width input, spaces) and matched to the
// shop's stocks, so a cashier never has to pick the stock (批次) a customer's code belongs to.
#pragma once

#include "settings.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace desk {

// NFKC (a Chinese input method's full-width "３９７８" and "ＣＦ" become "3978" and "CF") and trimmed.
// Only what can be fixed without guessing is changed: inner characters stay as typed.
QString normalizeCode(const QString &typed);

// A stock's code pattern: empty (none), "re:<regular expression>" matched against the whole code,
// or a literal prefix. nullopt when fine, else what is wrong (translated).
std::optional<QString> checkCodePattern(const QString &pattern);
bool codeMatchesPattern(const QString &code, const QString &pattern);

// The order in which the shop's stocks are tried for a code: stocks whose pattern matches, then
// stocks the journal has seen the code with (`journalStocks`, newest first), then stocks without a
// pattern, then the rest (a wrong pattern must not turn a customer away). Each stock once.
QStringList candidateStocks(
    const QList<StockRef> &stocks, const QString &code, const QStringList &journalStocks);

} // namespace desk
