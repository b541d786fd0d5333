// The Shop and Chain scopes of ReportService: the chain database's cells (history::chainReportCells) and
// its shops (their names in a report; the list to choose one from). Rows of a counter not pushed yet are
// not counted.
#include "chainhistory_p.h"
#include "reportservice_p.h"

#include <QCollator>
#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

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
    , rows(journalIn, staffIn)
{
}

ReportService::Impl::~Impl() = default;

Result<Report> ReportService::Impl::buildFromChain(const ReportQuery &query, ReportNames names)
{
    if (!chain)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("CHAIN_NOT_CONFIGURED"),
            query.scope == HistoryScope::Shop
                ? Text::tr("This counter is not part of a chain (the settings have no chain section): only "
                           "its own report can be made, not the shop's.")
                : Text::tr("This counter is not part of a chain (the settings have no chain section): only "
                           "its own report can be made, not the chain's."));
    const QString shopId = query.scope == HistoryScope::Shop ? chain->settings().shopId : query.shopId;
    auto shops = chain->shopNames();
    if (!shops)
        return shops.error();
    names.shops = shops.value();
    // A shop the chain does not have (a typo in coupondesk-cli report --shop) is not an empty report.
    if (query.scope == HistoryScope::Chain && !shopId.isEmpty() && !names.shops.contains(shopId)) {
        QStringList ids = names.shops.keys();
        ids.sort();
        QStringList known;
        for (const QString &id : ids)
            known << id + QLatin1Char(' ') + names.shops.value(id);
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("REPORT_UNKNOWN_SHOP"),
            Text::tr("The chain has no shop %1 (its shops: %2).")
                .arg(shopId, known.join(QStringLiteral(", "))));
    }
    auto cells = chain->reportCells(query.from.toMSecsSinceEpoch(), query.to.toMSecsSinceEpoch(), shopId);
    if (!cells)
        return cells.error();
    return buildReport(query, cells.value(), names, staff);
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
    // By name as a Chinese reader looks one up, in pinyin order (静安 before 徐汇; by code point 徐 comes
    // first), whatever the UI language: the names are Chinese. Latin names sort alphabetically, before.
    QCollator pinyin(QLocale(QLocale::Chinese, QLocale::China));
    std::sort(shops.begin(), shops.end(), [&pinyin](const ChainShop &a, const ChainShop &b) {
        const int byName = pinyin.compare(a.name, b.name);
        return byName != 0 ? byName < 0 : a.id < b.id;
    });
    return shops;
}

} // namespace desk
