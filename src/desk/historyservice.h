// The journal as the history page and the bulk-void dialog use it: counts, filtered pages of rows,
// the exports (CSV and JSON for other programs, an Excel workbook for people), where bulk jobs keep
// their files and what a bulk void would send. Owned by Session; the caller never holds the journal.
//
// In chain mode (setChain) the filter's scope Shop or Chain reads this shop's or the whole chain's
// rows from the chain database instead (chainreader.h): a connection opened on first use, on the
// thread that calls, failing within seconds with "the chain database cannot be reached" while the
// Counter scope keeps working. Rows of this counter not pushed yet are not among them.
#pragma once

#include "bulkvoidplan.h"
#include "chainreader.h"
#include "historyrow.h"
#include "result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>

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
    ~HistoryService();

    // Chain mode: the Shop and Chain scopes read the chain database through `chain` (this shop: its
    // settings' shopId). Without it those scopes are refused (InvalidInput, CHAIN_NOT_CONFIGURED).
    void setChain(ChainReader chain);
    bool hasChain() const { return m_chain != nullptr; }

    // Rows newest first (created_at, then id, descending; in the chain's scopes created_at, then shop,
    // counter and request number). 0 <= offset, 1 <= limit <= kMaxPageSize.
    Result<QList<HistoryRow>> page(const HistoryFilter &filter, int offset, int limit) const;
    // The page after `last` (the last row of the page before) in the same order: rows written
    // meanwhile do not shift it, as they shift an offset (keyset paging). 1 <= limit <= kMaxPageSize.
    Result<QList<HistoryRow>> pageAfter(const HistoryFilter &filter, const HistoryRow &last, int limit) const;
    Result<qint64> count(const HistoryFilter &filter) const;
    // min(count, upTo) (upTo >= 1): what a label needs, without counting a whole chain's history on
    // the thread that shows it. Only the Shop and Chain scopes stop early; the counter's journal is
    // counted whole (1,000,000 rows: milliseconds).
    Result<qint64> countUpTo(const HistoryFilter &filter, qint64 upTo) const;

    // Each returns the number of rows written. CSV: RFC 4180 with an English header (and a UTF-8 BOM
    // for Excel when asked); JSON: an array of objects with the CSV's keys; .xlsx: the workbook for
    // people, in the UI language, written whole or not at all (see historyexport.h). In the Shop and
    // Chain scopes CSV and JSON have the same columns, then shop_id and shop_name (history/chainreads.h);
    // the workbook a Shop column.
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
    // The chain reader for a Shop or Chain filter, or the error saying there is none.
    Result<ChainHistory *> chainFor(const HistoryFilter &filter) const;

    history::Journal &m_journal;
    const StaffDirectory &m_staff;
    ChainReader m_chain;
};

} // namespace desk
