#pragma once

#include <cstdint>
#include <vector>

// Reads a process's CPU time and memory from /proc/<pid>/stat and /proc/<pid>/status,
// and the load generator's own CPU time from getrusage.
class ProcSampler {
public:
    struct Sample {
        bool ok = false;
        double cpuS = 0; // utime + stime, all threads
        int64_t rssKb = 0; // VmRSS
        int64_t hwmKb = 0; // VmHWM (peak RSS)
        int threads = 0;
    };

    static Sample sample(int pid);
    // Several processes (the instances of a cluster) as one: CPU, memory and
    // threads summed; ok only if every one was read.
    static Sample sample(const std::vector<int> &pids);
    static double selfCpuS();
    static int64_t selfMaxRssKb();
};
