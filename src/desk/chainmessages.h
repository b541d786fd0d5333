// What staff read about a coupon's life at the chain's other counters (chain mode, docs/chain.md):
// where and by whom it was redeemed when WeChat Pay refuses it as used, and the warning before
// sending a coupon another counter is still waiting on. WeChat Pay's answer stays the authority;
// these lines only tell staff where to look.
#pragma once

#include "chainstatus.h"
#include "desk.h"
#include "messages.h"

#include <QList>
#include <QString>

#include <optional>

namespace desk {

// Whether the chain's trail of the coupon could explain this result: WeChat Pay refused it as
// already redeemed or as voided.
bool wantsChainTrail(const OperationResult &result);

// "已于 12-05 14:03 在 徐汇店 01 号柜台（小王）核销" for a coupon refused as used (作废 for a voided one):
// from the newest settled row in `trail` that did it. Empty when the trail holds no such row.
QString chainTrailLine(const OperationResult &result, const QList<ChainSighting> &trail);

// The warning shown instead of sending when another counter holds the coupon's row open (PENDING or
// UNCERTAIN): who, where, since when, and that scanning the same code again sends it anyway.
StaffMessage heldElsewhereMessage(const ChainSighting &open);

} // namespace desk
