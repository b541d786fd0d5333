// The UI language: our own strings (coupondesk_zh_CN, compiled in) and Qt's (qtbase_zh_CN for the
// OK/Cancel buttons, message boxes and the file dialog; Debian qt6-translations-l10n, on Windows
// deployed by windeployqt beside the program).
#pragma once

#include <QString>
#include <QTranslator>

#include <memory>
#include <vector>

namespace gui {

// Installs the translators for `language` ("zh_CN", "en" or empty = the system's) in place of those
// in `keep`; English is the source language and needs none. Returns whether Qt's own were found.
bool installTranslations(const QString &language, std::vector<std::unique_ptr<QTranslator>> &keep);

} // namespace gui
