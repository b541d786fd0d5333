// What every benchmark program needs (header-only, Qt Core only): leave with a message, and the median
// of the measured times.
#pragma once

#include <QString>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace benchutil {

[[noreturn]] inline void failBench(const char *program, const QString &message)
{
    std::fprintf(stderr, "%s: %s\n", program, qPrintable(message));
    std::exit(1);
}

inline double median(std::vector<double> samples)
{
    std::sort(samples.begin(), samples.end());
    return samples.empty() ? 0 : samples[samples.size() / 2];
}

} // namespace benchutil
