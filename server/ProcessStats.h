#pragma once

#include <QtGlobal>

// The process's own resource use, read from the kernel when asked (Linux:
// getrusage, /proc/self), for /metrics' process_* families and the status API.
struct ProcessStats {
    double cpuSeconds = 0; // user and system, every thread
    qint64 residentBytes = 0;
    qint64 virtualBytes = 0;
    qint64 openFds = 0;
    qint64 maxFds = 0;
    double startTimeSeconds = 0; // since the epoch

    static ProcessStats read();
};
