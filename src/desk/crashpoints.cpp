#include "crashpoints.h"

#include <QByteArray>
#include <QtGlobal>

#ifdef COUPONDESK_CRASH_POINTS
#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <csignal>
#endif
#include <cstdlib>
#include <cstring>
#endif

namespace desk {

namespace {

#ifdef COUPONDESK_CRASH_POINTS
[[noreturn]] void killSelf()
{
#ifdef Q_OS_WIN
    TerminateProcess(GetCurrentProcess(), 137); // the Windows twin of SIGKILL
#else
    std::raise(SIGKILL);
#endif
    std::abort(); // not reached
}
#endif

} // namespace

void crashPoint([[maybe_unused]] const char *name)
{
#ifdef COUPONDESK_CRASH_POINTS
    static const QByteArray wanted = qgetenv("COUPONDESK_CRASH_AT");
    if (wanted.isEmpty() || wanted != name)
        return;
    killSelf();
#endif
}

void crashAfterRows([[maybe_unused]] int rowsFinished)
{
#ifdef COUPONDESK_CRASH_POINTS
    static const int wanted = qEnvironmentVariableIntValue("COUPONDESK_CRASH_AFTER_ROWS");
    if (wanted > 0 && rowsFinished == wanted)
        killSelf();
#endif
}

} // namespace desk
