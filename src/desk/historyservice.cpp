#include "historyservice.h"

#include "bulkmanifest.h"
#include "historyexport.h"
#include "historymapping_p.h"

#include "history/journal.h"

namespace desk {

namespace {

// The journal's own errors (history::Error) become desk's, keeping the message staff read.
Error exportError(const QString &message)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("EXPORT_FAILED"), message);
}

Error queryError(const QString &message)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("HISTORY_FAILED"), message);
}

Result<QList<HistoryRow>> toDeskRows(const history::Result<QList<history::JournalEntry>> &rows)
{
    if (!rows)
        return queryError(rows.error().message);
    QList<HistoryRow> out;
    out.reserve(rows->size());
    for (const history::JournalEntry &e : rows.value())
        out.append(toDesk(e));
    return out;
}

} // namespace

HistoryService::HistoryService(history::Journal &journal, const StaffDirectory &staff)
    : m_journal(journal)
    , m_staff(staff)
{
}

Result<QList<HistoryRow>> HistoryService::page(const HistoryFilter &filter, int offset, int limit) const
{
    return toDeskRows(m_journal.query(toHistory(filter), offset, limit));
}

Result<QList<HistoryRow>> HistoryService::pageAfter(
    const HistoryFilter &filter, const HistoryRow &last, int limit) const
{
    return toDeskRows(
        m_journal.queryAfter(toHistory(filter), history::JournalCursor { last.createdAt, last.id }, limit));
}

Result<qint64> HistoryService::count(const HistoryFilter &filter) const
{
    auto n = m_journal.count(toHistory(filter));
    if (!n)
        return queryError(n.error().message);
    return n.value();
}

Result<qint64> HistoryService::exportCsv(const HistoryFilter &filter, QIODevice &out, bool withBom) const
{
    auto written = m_journal.exportCsv(toHistory(filter), out, withBom);
    if (!written)
        return exportError(written.error().message);
    return written.value();
}

Result<qint64> HistoryService::exportJson(const HistoryFilter &filter, QIODevice &out) const
{
    auto written = m_journal.exportJson(toHistory(filter), out);
    if (!written)
        return exportError(written.error().message);
    return written.value();
}

Result<qint64> HistoryService::exportXlsx(const HistoryFilter &filter, const QString &path) const
{
    return exportHistoryXlsx(m_journal, toHistory(filter), path, m_staff);
}

QString HistoryService::bulkJobDir() const
{
    return defaultBulkJobDir(m_journal.path());
}

BulkSendPlan HistoryService::planBulkSend(const QString &jobDir, const BulkPreview &preview,
    const QString &defaultReason, const QString &stockId) const
{
    return desk::planBulkSend(m_journal, jobDir, preview, defaultReason, stockId);
}

} // namespace desk
