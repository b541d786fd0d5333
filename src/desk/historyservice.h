// The journal as the history page and the bulk-void dialog use it: counts, filtered pages of rows,
// the exports (CSV and JSON for other programs, an Excel workbook for people), where bulk jobs keep
// their files and what a bulk void would send. Owned by Session; the caller never holds the journal.
#pragma once

#include "bulkvoidplan.h"
#include "historyrow.h"
#include "result.h"

#include <QList>
#include <QString>

class QIODevice;

namespace history {
class Journal;
}

namespace desk {

class StaffDirectory;

class HistoryService
{
public:
    static constexpr int kMaxPageSize = 10000;

    HistoryService(history::Journal &journal, const StaffDirectory &staff);

    // Rows newest first (created_at, then id, descending). 0 <= offset, 1 <= limit <= kMaxPageSize.
    Result<QList<HistoryRow>> page(const HistoryFilter &filter, int offset, int limit) const;
    // The page after `last` (the last row of the page before) in the same order: rows written
    // meanwhile do not shift it, as they shift an offset (keyset paging). 1 <= limit <= kMaxPageSize.
    Result<QList<HistoryRow>> pageAfter(const HistoryFilter &filter, const HistoryRow &last, int limit) const;
    Result<qint64> count(const HistoryFilter &filter) const;

    // Each returns the number of rows written. CSV: RFC 4180 with an English header (and a UTF-8 BOM
    // for Excel when asked); JSON: an array of objects with the CSV's keys; .xlsx: the workbook for
    // people, in the UI language, written whole or not at all (see historyexport.h).
    Result<qint64> exportCsv(const HistoryFilter &filter, QIODevice &out, bool withBom) const;
    Result<qint64> exportJson(const HistoryFilter &filter, QIODevice &out) const;
    Result<qint64> exportXlsx(const HistoryFilter &filter, const QString &path) const;

    // <folder of the journal>/bulk-jobs: the GUI and coupondesk-cli bulk-deactivate share it, so a
    // job started in one resumes in the other.
    QString bulkJobDir() const;
    // What a bulk void of `preview` would really send (see bulkvoidplan.h); sends and writes nothing.
    BulkSendPlan planBulkSend(const QString &jobDir, const BulkPreview &preview, const QString &defaultReason,
        const QString &stockId) const;

private:
    history::Journal &m_journal;
    const StaffDirectory &m_staff;
};

} // namespace desk
