// The protocol layer's lists in desk's terms (the single values convert by constructor; see
// wechatpaymapping.cpp).
#pragma once

#include "fielderror.h"
#include "result.h"

#include "wechatpay/busifavor.h"

#include <QList>

namespace desk {

QList<FieldError> toDesk(const QList<wechatpay::busifavor::FieldError> &fields);
// The error that says which fields are wrong (the protocol layer's wording, busifavor::toError).
Error fieldsError(const QList<FieldError> &fields);

} // namespace desk
