#include "historyservice.h"

#include "bulkmanifest.h"
#include "chainhistory_p.h"
#include "historyexport.h"
#include "historymapping_p.h"

#include "history/journal.h"

#include <QCoreApplication>

#include <algorithm>

namespace desk {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::HistoryService)
};

Result<QList<HistoryRow>> toDeskRows(const history::Result<QList<history::JournalEntry>> &rows)
{
    if (!rows)
        return historyError(rows.error().message);
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

HistoryService::~HistoryService() = default;

void HistoryService::setChain(ChainReader chain)
{
    m_chain = std::move(chain);
}

Result<ChainHistory *> HistoryService::chainFor(const HistoryFilter &filter) const
{
    if (!m_chain)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("CHAIN_NOT_CONFIGURED"),
            filter.scope == HistoryScope::Shop
                ? Text::tr("This counter is not part of a chain (the settings have no chain section): only "
                           "its own history can be shown, not the shop's.")
                : Text::tr("This counter is not part of a chain (the settings have no chain section): only "
                           "its own history can be shown, not the chain's."));
    return m_chain.get();
}

Result<QList<HistoryRow>> HistoryService::page(const HistoryFilter &filter, int offset, int limit) const
{
    if (filter.scope != HistoryScope::Counter) {
        auto chain = chainFor(filter);
        return chain ? chain.value()->page(filter, offset, limit) : Result<QList<HistoryRow>>(chain.error());
    }
    return toDeskRows(m_journal.query(toHistory(filter), offset, limit));
}

Result<QList<HistoryRow>> HistoryService::pageAfter(
    const HistoryFilter &filter, const HistoryRow &last, int limit) const
{
    if (filter.scope != HistoryScope::Counter) {
        auto chain = chainFor(filter);
        return chain ? chain.value()->pageAfter(filter, last, limit)
                     : Result<QList<HistoryRow>>(chain.error());
    }
    return toDeskRows(
        m_journal.queryAfter(toHistory(filter), history::JournalCursor { last.createdAt, last.id }, limit));
}

Result<qint64> HistoryService::count(const HistoryFilter &filter) const
{
    if (filter.scope != HistoryScope::Counter) {
        auto chain = chainFor(filter);
        return chain ? chain.value()->count(filter) : Result<qint64>(chain.error());
    }
    auto n = m_journal.count(toHistory(filter));
    if (!n)
        return historyError(n.error().message);
    return n.value();
}

Result<qint64> HistoryService::countUpTo(const HistoryFilter &filter, qint64 upTo) const
{
    if (upTo < 1)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("INVALID_ARGUMENT"),
            QStringLiteral("countUpTo needs a limit of at least 1"));
    if (filter.scope != HistoryScope::Counter) {
        auto chain = chainFor(filter);
        return chain ? chain.value()->count(filter, upTo) : Result<qint64>(chain.error());
    }
    auto n = count(filter);
    if (!n)
        return n;
    return std::min(n.value(), upTo);
}

Result<qint64> HistoryService::exportCsv(const HistoryFilter &filter, QIODevice &out, bool withBom) const
{
    if (filter.scope != HistoryScope::Counter) {
        auto chain = chainFor(filter);
        return chain ? chain.value()->exportCsv(filter, out, withBom) : Result<qint64>(chain.error());
    }
    auto written = m_journal.exportCsv(toHistory(filter), out, withBom);
    if (!written)
        return exportError(written.error().message);
    return written.value();
}

Result<qint64> HistoryService::exportJson(const HistoryFilter &filter, QIODevice &out) const
{
    if (filter.scope != HistoryScope::Counter) {
        auto chain = chainFor(filter);
        return chain ? chain.value()->exportJson(filter, out) : Result<qint64>(chain.error());
    }
    auto written = m_journal.exportJson(toHistory(filter), out);
    if (!written)
        return exportError(written.error().message);
    return written.value();
}

Result<qint64> HistoryService::exportXlsx(const HistoryFilter &filter, const QString &path) const
{
    if (filter.scope != HistoryScope::Counter) {
        auto chain = chainFor(filter);
        return chain ? chain.value()->exportXlsx(filter, path, m_staff) : Result<qint64>(chain.error());
    }
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
