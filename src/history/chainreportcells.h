// The chain side of the report cells (issue 19): chainReportCells is declared with the counter's
// journalReportCells in reportcells.h; this header adds its EXPLAIN for tests and the benchmark.
#pragma once

#include "history/result.h"

#include <QString>
#include <QStringList>

class QSqlDatabase;

namespace history {

// PostgreSQL's EXPLAIN of chainReportCells for the same period and shop (diagnostics, tests, bench).
Result<QStringList> chainReportCellsPlan(QSqlDatabase &db, qint64 fromMs, qint64 toMs, const QString &shopId);

} // namespace history
