#include "writerequest.h"

#include "wechatpay/certificates.h"

namespace desk {

using namespace wechatpay;

QList<busifavor::FieldError> writeRequestBody(history::JournalEntry &e, const QDateTime &now)
{
    if (e.operation == history::Operation::Use) {
        busifavor::UseCouponRequest r { e.couponCode, e.stockId, e.appid,
            formatRfc3339(now, now.offsetFromUtc()), e.requestNo, e.openid };
        e.requestBody = r.toJson();
        return r.validate();
    }
    if (e.operation == history::Operation::Deactivate) {
        busifavor::DeactivateCouponRequest r { e.couponCode, e.stockId, e.requestNo, e.reason };
        e.requestBody = r.toJson();
        return r.validate();
    }
    busifavor::ReturnCouponRequest r { e.couponCode, e.stockId, e.requestNo };
    e.requestBody = r.toJson();
    return r.validate();
}

ApiRequest requestFor(const history::JournalEntry &entry)
{
    const char *path = entry.operation == history::Operation::Use ? busifavor::kUsePath
        : entry.operation == history::Operation::Deactivate       ? busifavor::kDeactivatePath
                                                                  : busifavor::kReturnPath;
    return ApiRequest { "POST", QByteArray(path), entry.requestBody };
}

} // namespace desk
