// CPU time and peak memory of this process, for the benchmark programs (header-only).
// POSIX: getrusage(RUSAGE_SELF). Windows: GetProcessTimes / GetProcessMemoryInfo.
#pragma once

#include <QtGlobal>

#ifdef Q_OS_WIN
#include <psapi.h>
#include <windows.h>
#else
#include <sys/resource.h>
#include <sys/time.h>
#endif

namespace benchutil {

struct CpuTime
{
    qint64 userUs = 0;
    qint64 systemUs = 0;
    qint64 totalUs() const { return userUs + systemUs; }
    CpuTime operator-(const CpuTime &earlier) const
    {
        return { userUs - earlier.userUs, systemUs - earlier.systemUs };
    }
};

inline CpuTime processCpuTime()
{
#ifdef Q_OS_WIN
    FILETIME created, exited, kernel, user;
    if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user))
        return {};
    auto us = [](const FILETIME &t) { // 100 ns units
        return static_cast<qint64>((static_cast<quint64>(t.dwHighDateTime) << 32 | t.dwLowDateTime) / 10);
    };
    return { us(user), us(kernel) };
#else
    struct rusage u = {};
    if (getrusage(RUSAGE_SELF, &u) != 0)
        return {};
    auto us = [](const struct timeval &t) { return static_cast<qint64>(t.tv_sec) * 1000000 + t.tv_usec; };
    return { us(u.ru_utime), us(u.ru_stime) };
#endif
}

// Peak resident set size in KiB (0 when unknown).
inline qint64 peakRssKiB()
{
#ifdef Q_OS_WIN
    PROCESS_MEMORY_COUNTERS pmc = {};
    if (!GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof(pmc)))
        return 0;
    return static_cast<qint64>(pmc.PeakWorkingSetSize / 1024);
#else
    struct rusage u = {};
    if (getrusage(RUSAGE_SELF, &u) != 0)
        return 0;
#ifdef Q_OS_MACOS
    return static_cast<qint64>(u.ru_maxrss / 1024); // bytes on macOS
#else
    return static_cast<qint64>(u.ru_maxrss); // KiB on Linux and the BSDs
#endif
#endif
}

} // namespace benchutil
