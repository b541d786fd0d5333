// desk internal: ReportService's state, shared by reportservice.cpp (the counter's journal, the text
// outputs), reportchain.cpp (the Shop and Chain scopes) and reportxlsx.cpp (the workbook).
#pragma once

#include "chainsettings.h"
#include "report.h"
#include "reportbuild_p.h"
#include "reportservice.h"
#include "result.h"

#include <QByteArray>

#include <memory>

namespace history {
class Journal;
}

namespace desk {

class ChainHistory;
class StaffDirectory;

struct ReportService::Impl
{
    Impl(history::Journal &journal, const StaffDirectory &staff);
    ~Impl();

    void setChain(const ChainSettings &chain, const Result<QByteArray> &password);
    // The Shop or Chain scope of `query` from the chain database; `names` holds the stocks.
    Result<Report> buildFromChain(const ReportQuery &query, ReportNames names);
    // The PENDING / UNCERTAIN rows of the period in the chain database, oldest first.
    Result<QList<HistoryRow>> chainUnsettled(const ReportQuery &query, const QString &shopId);

    history::Journal &journal;
    const StaffDirectory &staff;
    std::unique_ptr<ChainHistory> chain; // null without chain mode
    ChainSettings chainSettings;
};

} // namespace desk
