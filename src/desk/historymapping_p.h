// desk internal: the one place where the history layer's journal types become desk's (historyrow.h)
// and back. Not reachable from the GUI (see cmake/LayerHeaders.cmake).
#pragma once

#include "historyrow.h"
#include "messages.h"

#include "history/journal.h"

namespace desk {

// The enums mirror history's value for value (static_asserts in historymapping.cpp).
inline Operation toDesk(history::Operation o)
{
    return static_cast<Operation>(o);
}
inline State toDesk(history::State s)
{
    return static_cast<State>(s);
}
inline SettledBy toDesk(history::SettledBy s)
{
    return static_cast<SettledBy>(s);
}
inline history::Operation toHistory(Operation o)
{
    return static_cast<history::Operation>(o);
}
inline history::State toHistory(State s)
{
    return static_cast<history::State>(s);
}
inline history::SettledBy toHistory(SettledBy s)
{
    return static_cast<history::SettledBy>(s);
}

HistoryRow toDesk(const history::JournalEntry &entry);
history::JournalFilter toHistory(const HistoryFilter &filter);

// A history read or write (HISTORY_FAILED) or export (EXPORT_FAILED: the journal's or the chain's CSV and
// JSON, and the workbooks, xlsxfile.cpp) that failed, as desk's error, keeping the message staff read.
inline Error historyError(const QString &message)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("HISTORY_FAILED"), message);
}
inline Error exportError(const QString &message)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("EXPORT_FAILED"), message);
}

// messages.h for desk's own code that holds journal rows.
inline StaffMessage successMessage(history::Operation o, const QString &wechatTime)
{
    return successMessage(toDesk(o), wechatTime);
}
inline StaffMessage errorMessage(history::Operation o, const Error &e)
{
    return errorMessage(toDesk(o), e);
}
inline StaffMessage uncertainMessage(history::Operation o, const Error &e)
{
    return uncertainMessage(toDesk(o), e);
}
inline QString operationLabel(history::Operation o)
{
    return operationLabel(toDesk(o));
}
inline QString stateLabel(history::State s)
{
    return stateLabel(toDesk(s));
}
inline QString journalReason(const history::JournalEntry &row)
{
    return journalReason(toDesk(row));
}

} // namespace desk
