// Desk's reads: a coupon's details, a stock's. Verified like every answer, never journaled.
#include "desk.h"
#include "wechatpaymapping_p.h"

#include "history/journal.h"
#include "wechatpay/busifavor.h"
#include "wechatpay/httpclient.h"

namespace desk {

using namespace wechatpay;

Task *Desk::startRead(const ApiRequest &request, OperationResult seed,
    std::function<std::optional<Error>(const QByteArray &, OperationResult &)> accept)
{
    auto *task = new Task(this);
    task->m_result = std::move(seed);
    task->m_result.operation = Operation::Query;
    ApiCall *call = m_client.send(request);
    connect(call, &ApiCall::finished, this, [this, task, call, accept = std::move(accept)] {
        const ApiResponse r = call->response();
        call->deleteLater();
        observeSkew(r);
        OperationResult &res = task->m_result;
        res.requestId = QString::fromLatin1(r.requestId);
        std::optional<Error> error = r.error;
        if (!error)
            error = accept(r.body, res); // fills the result; an error when the body cannot be read
        if (error) {
            res.outcome = Outcome::Failed;
            res.error = *error;
            res.message = errorMessage(Operation::Query, *error);
        } else {
            res.outcome = Outcome::Succeeded;
            res.message.severity = Severity::Success;
        }
        task->finish();
    });
    return task;
}

Task *Desk::queryCoupon(const QString &couponCode, const QString &openid)
{
    busifavor::QueryCouponRequest q { openid.trimmed(), couponCode.trimmed(), m_options.appid };
    const auto fields = q.validate();
    if (!fields.isEmpty())
        return rejected(history::Operation::Query, couponCode, {}, toDesk(fields));
    OperationResult seed;
    seed.couponCode = q.couponCode;
    return startRead(
        q.toApiRequest(), seed, [](const QByteArray &body, OperationResult &res) -> std::optional<Error> {
            auto d = busifavor::CouponDetail::fromJson(body);
            if (!d)
                return Error(d.error());
            res.coupon = d.value();
            res.stockId = d->stockId;
            res.message.headline = couponStateLabel(d->couponState);
            return std::nullopt;
        });
}

Task *Desk::stockInfo(const QString &stockId)
{
    busifavor::StockQueryRequest q { stockId.trimmed() };
    const auto fields = q.validate();
    if (!fields.isEmpty())
        return rejected(history::Operation::Query, {}, stockId, toDesk(fields));
    OperationResult seed;
    seed.stockId = q.stockId;
    return startRead(
        q.toApiRequest(), seed, [](const QByteArray &body, OperationResult &res) -> std::optional<Error> {
            auto s = busifavor::StockInfo::fromJson(body);
            if (!s)
                return Error(s.error());
            res.stock = s.value();
            res.message.headline = s->stockName;
            return std::nullopt;
        });
}

} // namespace desk
