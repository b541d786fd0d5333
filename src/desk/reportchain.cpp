// The Shop and Chain scopes of ReportService: the chain database's cells (history::chainReportCells), its
// shops (their names in a report; the list to choose one from) and the unsettled rows pushed there.
// Rows of a counter not pushed yet are not counted.
#include "chainhistory_p.h"
#include "reportservice_p.h"

#include <QCoreApplication>

#include <algorithm>

namespace desk {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::ReportService)
};

} // namespace

ReportService::Impl::Impl(history::Journal &journalIn, const StaffDirectory &staffIn)
    : journal(journalIn)
    , staff(staffIn)
{
}

ReportService::Impl::~Impl() = default;

void ReportService::Impl::setChain(const ChainSettings &settings, const Result<QByteArray> &password)
{
    chainSettings = settings;
    chain = std::make_unique<ChainHistory>(settings, password);
}

Result<Report> ReportService::Impl::buildFromChain(const ReportQuery &query, ReportNames names)
{
    if (!chain)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("CHAIN_NOT_CONFIGURED"),
            query.scope == HistoryScope::Shop
                ? Text::tr("This counter is not part of a chain (the settings have no chain section): only "
                           "its own report can be made, not the shop's.")
                : Text::tr("This counter is not part of a chain (the settings have no chain section): only "
                           "its own report can be made, not the chain's."));
    const QString shopId = query.scope == HistoryScope::Shop ? chainSettings.shopId : query.shopId;
    auto cells = chain->reportCells(query.from.toMSecsSinceEpoch(), query.to.toMSecsSinceEpoch(), shopId);
    if (!cells)
        return cells.error();
    auto shops = chain->shopNames();
    if (!shops)
        return shops.error();
    names.shops = shops.value();
    auto unsettled = chainUnsettled(query, shopId);
    if (!unsettled)
        return unsettled.error();
    Report report = buildReport(query, cells.value(), names, staff);
    report.unsettled = unsettled.value();
    return report;
}

Result<QList<ChainShop>> ReportService::chainShops() const
{
    if (!d->chain)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("CHAIN_NOT_CONFIGURED"),
            Text::tr("This counter is not part of a chain (the settings have no chain section): it has no "
                     "chain's shops to choose from."));
    auto names = d->chain->shopNames();
    if (!names)
        return names.error();
    QList<ChainShop> shops;
    shops.reserve(names->size());
    for (auto it = names->cbegin(); it != names->cend(); ++it)
        shops.append({ it.key(), it.value() });
    std::sort(shops.begin(), shops.end(), [](const ChainShop &a, const ChainShop &b) {
        return a.name != b.name ? a.name < b.name : a.id < b.id;
    });
    return shops;
}

Result<QList<HistoryRow>> ReportService::Impl::chainUnsettled(const ReportQuery &query, const QString &shopId)
{
    QList<HistoryRow> rows;
    for (const State state : { State::Pending, State::Uncertain }) {
        HistoryFilter filter;
        filter.scope = query.scope;
        filter.from = query.from;
        filter.to = query.to;
        filter.state = state;
        std::optional<HistoryRow> last;
        for (;;) {
            auto page = last ? chain->pageAfter(filter, *last, history::Journal::kMaxPageSize)
                             : chain->page(filter, 0, history::Journal::kMaxPageSize);
            if (!page)
                return page.error();
            for (const HistoryRow &row : page.value())
                if (row.operation != Operation::Query && (shopId.isEmpty() || row.shopId == shopId))
                    rows.append(row);
            if (page->size() < history::Journal::kMaxPageSize)
                break;
            last = page->constLast();
        }
    }
    std::sort(rows.begin(), rows.end(), [](const HistoryRow &a, const HistoryRow &b) {
        return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.requestNo < b.requestNo;
    });
    return rows;
}

} // namespace desk
