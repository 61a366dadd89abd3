#include "ProcSampler.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

ProcSampler::Sample ProcSampler::sample(int pid)
{
    Sample s;
    const std::string base = "/proc/" + std::to_string(pid);
    {
        std::ifstream stat(base + "/stat");
        std::string line;
        if (!std::getline(stat, line))
            return s;
        // The command name may contain spaces and parentheses: fields start after the last ')'.
        const size_t close = line.rfind(')');
        if (close == std::string::npos)
            return s;
        std::istringstream fields(line.substr(close + 2));
        std::string field;
        unsigned long long utime = 0, stime = 0;
        // Field 3 (state) is the first one here; utime is field 14, stime 15, num_threads 20.
        for (int number = 3; number <= 20 && fields >> field; ++number) {
            if (number == 14)
                utime = std::strtoull(field.c_str(), nullptr, 10);
            else if (number == 15)
                stime = std::strtoull(field.c_str(), nullptr, 10);
            else if (number == 20)
                s.threads = std::atoi(field.c_str());
        }
        s.cpuS = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
    std::ifstream status(base + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            s.rssKb = std::atoll(line.c_str() + 6);
        else if (line.rfind("VmHWM:", 0) == 0)
            s.hwmKb = std::atoll(line.c_str() + 6);
    }
    s.ok = s.rssKb > 0;
    return s;
}

ProcSampler::Sample ProcSampler::sample(const std::vector<int> &pids)
{
    Sample sum;
    sum.ok = !pids.empty();
    for (const int pid : pids) {
        const Sample one = sample(pid);
        sum.ok = sum.ok && one.ok;
        sum.cpuS += one.cpuS;
        sum.rssKb += one.rssKb;
        sum.hwmKb += one.hwmKb;
        sum.threads += one.threads;
    }
    return sum;
}

double ProcSampler::selfCpuS()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval &tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

int64_t ProcSampler::selfMaxRssKb()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}
