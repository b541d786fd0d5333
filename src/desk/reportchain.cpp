// The Shop and Chain scopes of ReportService: the chain database's cells (history::chainReportCells).
#include "chainhistory_p.h"
#include "reportservice_p.h"

#include <QCoreApplication>

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
    Q_UNUSED(names)
    if (!chain)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("CHAIN_NOT_CONFIGURED"),
            query.scope == HistoryScope::Shop
                ? Text::tr("This counter is not part of a chain (the settings have no chain section): only "
                           "its own report can be made, not the shop's.")
                : Text::tr("This counter is not part of a chain (the settings have no chain section): only "
                           "its own report can be made, not the chain's."));
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("REPORT_NOT_AVAILABLE"),
        Text::tr("Reports of the shop and of the chain are not available yet: make this counter's report."));
}

} // namespace desk
