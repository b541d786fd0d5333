// libFuzzer target: the settings file (desk::Settings::load on a temporary INI file), the way
// coupondesk --config and coupondesk-cli --config read it. Any bytes: a Settings or a list of issues.
#include "desk/settings.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv); // QSettings and tr() want one
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static QTemporaryDir dir;
    if (!dir.isValid())
        std::abort();
    const QString path = dir.filePath(QStringLiteral("fuzz.ini"));
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            std::abort();
        f.write(reinterpret_cast<const char *>(data), static_cast<qint64>(size));
    }
    QList<desk::SettingIssue> issues;
    const auto loaded = desk::Settings::load(path, &issues);
    if (loaded.ok() != issues.isEmpty())
        std::abort(); // success exactly when there is nothing to complain about
    if (!loaded)
        (void)desk::describeIssues(issues);
    return 0;
}
