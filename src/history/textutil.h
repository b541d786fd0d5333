// Pure text helpers used by queries and exports (kept apart so tests can call them directly).
#pragma once

#include <QString>
#include <QStringView>

namespace history {

// The smallest string greater than every string that starts with `prefix`, in SQLite's BINARY
// order (memcmp of UTF-8, which is code point order). `code >= prefix AND code < upper` is then
// exactly "starts with prefix" and can use the index on the column; no pattern characters are
// involved, so `%`, `_`, `*`, `'` in user input are literal. Returns a null QString when there is
// no such bound (every code point is U+10FFFF); the caller then uses `code >= prefix` alone.
QString prefixUpperBound(const QString &prefix);

// One CSV cell per RFC 4180: quoted when it holds a comma, a double quote, CR or LF, with inner
// quotes doubled. With `guardFormula`, a cell starting with = + - @ TAB or CR is prefixed with a
// single quote so spreadsheets show it as text instead of evaluating it (CSV/formula injection).
QString csvField(QStringView value, bool guardFormula = true);

} // namespace history
