#include "entryresult.h"

#include "answers.h"
#include "historymapping_p.h"
#include "messages.h"

namespace desk {

using namespace wechatpay;

OperationResult resultFromEntry(const history::JournalEntry &e)
{
    OperationResult r;
    r.operation = toDesk(e.operation);
    r.journalId = e.id;
    r.couponCode = e.couponCode;
    r.stockId = e.stockId;
    r.requestNo = e.requestNo;
    r.wechatTime = e.wechatTime;
    r.requestId = e.requestId;
    r.attempts = e.attempts;
    switch (e.state) {
    case history::State::Succeeded:
        r.outcome = Outcome::Succeeded;
        r.message = successMessage(e.operation, e.wechatTime);
        break;
    case history::State::Failed: {
        r.outcome = Outcome::Failed;
        r.error = Error::make(
            isNotSent(e.wechatCode) ? ErrorKind::Network : ErrorKind::Http, e.wechatCode, e.message);
        r.error.httpStatus = e.httpStatus;
        r.error.requestId = e.requestId;
        r.message = errorMessage(e.operation, r.error);
        break;
    }
    case history::State::Pending:
    case history::State::Uncertain:
        r.outcome = Outcome::Uncertain;
        r.error = Error::make(ErrorKind::Http, e.wechatCode, e.message);
        r.error.httpStatus = e.httpStatus;
        r.message = uncertainMessage(e.operation, r.error);
        break;
    }
    return r;
}

} // namespace desk
