// desk internal: ReportService's state, shared by reportservice.cpp (the counter's journal, the text
// outputs), reportchain.cpp (the Shop and Chain scopes) and reportxlsx.cpp (the workbook).
#pragma once

#include "chainreader.h"
#include "historyservice.h"
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

class StaffDirectory;

struct ReportService::Impl
{
    Impl(history::Journal &journal, const StaffDirectory &staff);
    ~Impl();

    // The Counter scope of `query` from the journal, or the Shop or Chain scope from the chain database;
    // `names` holds the stocks. Without the unsettled rows: build() reads those through `rows`.
    Result<Report> buildFromJournal(const ReportQuery &query, const ReportNames &names) const;
    Result<Report> buildFromChain(const ReportQuery &query, ReportNames names);

    history::Journal &journal;
    const StaffDirectory &staff;
    HistoryService rows; // the unsettled rows, read as the History page reads them
    ChainReader chain; // null without chain mode; `rows` has the same one
};

} // namespace desk
