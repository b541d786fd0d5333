// The chain database as the History and Reports pages read it (issues 18, 19): one reader per Session,
// shared by HistoryService and ReportService, so a manager who uses both opens one connection and, with
// the server down, waits out one connect timeout, not one per page. It connects on first use, on the
// thread that reads (both services are used on one thread: the GUI's, or coupondesk-cli's).
#pragma once

#include "chainsettings.h"
#include "result.h"

#include <QByteArray>

#include <memory>

namespace desk {

class ChainHistory; // chainhistory_p.h: desk internal
using ChainReader = std::shared_ptr<ChainHistory>;

// `password` as SecretStore read it; an error is reported by every read, not here. Connects nothing.
ChainReader makeChainReader(const ChainSettings &settings, const Result<QByteArray> &password);

} // namespace desk
