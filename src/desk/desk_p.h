// Desk's private parts shared by its .cpp files (desk.cpp, desksettle.cpp): one write or settling
// under way.
#pragma once

#include "desk.h"

#include "history/journal.h"
#include "wechatpay/httpclient.h"

#include <QPointer>

namespace desk {

struct Desk::Job
{
    QPointer<Task> task;
    bool isSettle = false; // settling an existing row (settle / settleAll / crash recovery)
    history::JournalEntry entry;
    wechatpay::ApiRequest request;
    int attemptsThisRun = 0;
    bool freshRow = false; // written by this run: nothing can have been sent before
    bool mayHaveBeenSent = false; // some attempt may have reached WeChat Pay
    bool uncertainMarked = false;
    bool queried = false;
    bool canQuery() const { return !entry.openid.isEmpty() && !queried; }
};

} // namespace desk
