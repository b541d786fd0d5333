// What the About box names: this program's version and the libraries it runs on (the Qt and the
// OpenSSL actually loaded, not the ones it was built against).
#pragma once

#include <QString>

namespace desk {

struct VersionInfo
{
    QString program; // e.g. 0.1.0
    QString qt; // e.g. 6.4.2
    QString crypto; // e.g. OpenSSL 3.0.19 1 Jul 2025
};

VersionInfo versionInfo();

} // namespace desk
