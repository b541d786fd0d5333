// The built-in demo world used when no --seed is given: four stocks with Chinese names, a few
// hundred usable coupons and a handful that are already used, expired, deactivated or belong to
// another merchant. Codes are deterministic (same on every machine) so documentation can cite them.
#pragma once

#include "model.h"

namespace sim {

inline constexpr char kDemoMchid[] = "1230000109";
inline constexpr char kDemoOtherMchid[] = "1900000208";
inline constexpr char kDemoAppid[] = "wxd678efh567hg6787";
inline constexpr char kDemoSecondAppid[] = "wx8888888888888888";

// Times are relative to `nowSecs` (the simulator's clock at first start).
SimState buildDemoState(qint64 nowSecs);

// "Codes to try" for a GUI or a person: a few usable coupons of every own stock, plus one in
// every other situation (used, expired, deactivated, another merchant's, codes with - and _).
struct DemoCode
{
    QString couponCode;
    QString stockId;
    QString stockName;
    QString openid;
    QString appid;
    QString state; // effective state now
    QString note; // short Chinese hint, e.g. "可核销", "已核销", "其他商户的券（403 NO_AUTH）"
};
QList<DemoCode> demoCodes(const SimState &state, qint64 nowSecs, int usablePerStock = 3);

} // namespace sim
