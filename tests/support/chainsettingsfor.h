// desk's chain settings for a counter's login (from ChainFixture::addCounter): for the chain tests
// that link CouponDesk::desk. Kept apart from chainfixture.h, which history-only tests include.
#pragma once

#include "desk/chainsettings.h"
#include "history/chainschema.h"

namespace testsupport {

// The settings of counter `login` of shop `shopId` (`shopName`); the password is the login's own
// unless `passwordRef` (a value, file:<path> or keychain:<name>) is given.
inline desk::ChainSettings chainSettingsFor(const history::ChainCounterLogin &login, const QString &shopId,
    const QString &shopName, const QString &passwordRef = QString())
{
    desk::ChainSettings c;
    c.databaseUrl = login.databaseUrl;
    c.passwordRef = passwordRef.isEmpty() ? login.password : passwordRef;
    c.shopId = shopId;
    c.shopName = shopName;
    return c;
}

} // namespace testsupport
