#include "ProcessStats.h"

#include <QByteArray>
#include <QFile>
#include <QList>

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

namespace {

QByteArray readAll(const char *path)
{
    QFile file(QString::fromLatin1(path));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

qint64 countOpenFds()
{
    DIR *dir = ::opendir("/proc/self/fd");
    if (!dir)
        return 0;
    qint64 count = 0;
    while (const dirent *entry = ::readdir(dir)) {
        if (entry->d_name[0] != '.')
            ++count;
    }
    ::closedir(dir);
    return count - 1; // the descriptor of the directory being read
}

// When the process started, from its start in clock ticks after boot
// (/proc/self/stat, field 22) and the boot time (/proc/stat, btime).
double readStartTimeSeconds()
{
    const QByteArray stat = readAll("/proc/self/stat");
    // The command name (field 2) may hold spaces; fields count from after it.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return 0;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    if (fields.size() < 20)
        return 0;
    const double ticksAfterBoot = fields.at(19).toDouble(); // field 22
    double bootTime = 0;
    for (const QByteArray &line : readAll("/proc/stat").split('\n')) {
        if (line.startsWith("btime "))
            bootTime = line.mid(6).trimmed().toDouble();
    }
    const long ticksPerSecond = ::sysconf(_SC_CLK_TCK);
    return ticksPerSecond > 0 ? bootTime + ticksAfterBoot / double(ticksPerSecond) : 0;
}

} // namespace

ProcessStats ProcessStats::read()
{
    ProcessStats stats;
    rusage usage {};
    if (::getrusage(RUSAGE_SELF, &usage) == 0) {
        stats.cpuSeconds = double(usage.ru_utime.tv_sec) + double(usage.ru_utime.tv_usec) / 1e6 + double(usage.ru_stime.tv_sec)
            + double(usage.ru_stime.tv_usec) / 1e6;
    }
    const QList<QByteArray> statm = readAll("/proc/self/statm").trimmed().split(' ');
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    if (statm.size() >= 2) {
        stats.virtualBytes = statm.at(0).toLongLong() * pageSize;
        stats.residentBytes = statm.at(1).toLongLong() * pageSize;
    }
    stats.openFds = countOpenFds();
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0)
        stats.maxFds = limit.rlim_cur == RLIM_INFINITY ? -1 : qint64(limit.rlim_cur);
    stats.startTimeSeconds = readStartTimeSeconds();
    return stats;
}
