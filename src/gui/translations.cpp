#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>

namespace gui {

bool installTranslations(const QString &language, std::vector<std::unique_ptr<QTranslator>> &keep)
{
    for (auto &t : keep)
        QCoreApplication::removeTranslator(t.get());
    keep.clear();
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    if (locale.language() != QLocale::Chinese)
        return true; // English is the source language
    auto own = std::make_unique<QTranslator>();
    if (own->load(QStringLiteral(":/i18n/coupondesk_zh_CN.qm"))) {
        QCoreApplication::installTranslator(own.get());
        keep.push_back(std::move(own));
    }
    // Qt's own: where Qt keeps them, else a translations folder beside the program (Windows deployment).
    const QLocale zh(QStringLiteral("zh_CN"));
    for (const QString &dir : { QLibraryInfo::path(QLibraryInfo::TranslationsPath),
             QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("translations")) }) {
        auto qt = std::make_unique<QTranslator>();
        if (qt->load(zh, QStringLiteral("qtbase"), QStringLiteral("_"), dir)) {
            QCoreApplication::installTranslator(qt.get());
            keep.push_back(std::move(qt));
            return true;
        }
    }
    return false;
}

} // namespace gui
