// The result vocabulary of desk's API: a value or the reason it could not be had.
//
// Seam: these are still the protocol layer's types under desk's names, so desk's callers name only
// desk::Error / desk::Result and never wechatpay::. When one Result<T, E> template exists below
// desk (src/core), desk::Result becomes an alias of it with desk's own error and this header stops
// including wechatpay/.
#pragma once

#include "wechatpay/result.h"

namespace desk {

using Error = wechatpay::Error;
using ErrorKind = wechatpay::ErrorKind;
template<typename T> using Result = wechatpay::Result<T>;
using Status = wechatpay::Status;

} // namespace desk
