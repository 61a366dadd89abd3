#include "transport/EpollEventDispatcher.h"

#include "transport/TransportLogging.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>

#include <cerrno>
#include <cstring>
#include <ctime>

#include <sys/eventfd.h>
#include <unistd.h>

namespace {

int64_t nowNs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

constexpr int64_t NsPerMs = 1'000'000;

// What wakes each notifier type, as QEventDispatcherUNIX treats poll()'s flags.
constexpr uint32_t ReadyFor[3] = {
    EPOLLIN | EPOLLHUP | EPOLLERR, // Read
    EPOLLOUT | EPOLLHUP | EPOLLERR, // Write
    EPOLLPRI | EPOLLHUP | EPOLLERR, // Exception
};
constexpr uint32_t InterestFor[3] = {EPOLLIN, EPOLLOUT, EPOLLPRI};

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(epoll_create1(EPOLL_CLOEXEC))
    , m_wakeFd(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
    , m_ready(256)
{
    if (m_epoll < 0 || m_wakeFd < 0) {
        qCWarning(lcIo) << "epoll event dispatcher unavailable:" << std::strerror(errno);
        return;
    }
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.fd = m_wakeFd;
    if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &event) < 0) {
        qCWarning(lcIo) << "epoll event dispatcher unavailable:" << std::strerror(errno);
        ::close(m_wakeFd);
        m_wakeFd = -1;
    }
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.storeRelaxed(0);
    Q_EMIT awake();
    QCoreApplication::sendPostedEvents();

    const bool includeTimers = !(flags & QEventLoop::X11ExcludeTimers);
    const bool includeNotifiers = !(flags & QEventLoop::ExcludeSocketNotifiers);
    // Every postEvent() calls wakeUp(), so events posted from now on make the
    // eventfd readable and the wait below returns at once.
    const bool canWait = (flags & QEventLoop::WaitForMoreEvents) && !m_interrupted.loadRelaxed();
    if (canWait)
        Q_EMIT aboutToBlock();
    if (m_interrupted.loadRelaxed())
        return false;

    int timeoutMs = 0;
    if (canWait)
        timeoutMs = includeTimers ? timerWaitMs() : -1;

    int activated = 0;
    int ready;
    do {
        ready = epoll_wait(m_epoll, m_ready.data(), int(m_ready.size()), timeoutMs);
    } while (ready < 0 && errno == EINTR);
    if (ready < 0)
        qCWarning(lcIo) << "epoll_wait:" << std::strerror(errno);
    if (ready > 0) {
        for (int i = 0; i < ready; ++i) {
            if (m_ready[size_t(i)].data.fd == m_wakeFd) {
                drainWakeUps();
                ++activated;
            }
        }
        if (includeNotifiers)
            activated += activateSocketNotifiers(ready);
        if (size_t(ready) == m_ready.size() && m_ready.size() < 65536)
            m_ready.resize(m_ready.size() * 2);
    }
    if (includeTimers)
        activated += activateTimers();
    return activated > 0;
}

void EpollEventDispatcher::drainWakeUps()
{
    eventfd_t value;
    eventfd_read(m_wakeFd, &value);
    // Cleared after reading, or a wakeUp() in between would be read here and
    // then find the flag set and never write again. One that finds it still
    // set is not lost: this thread is awake and sends posted events before it
    // waits again.
    m_wakeUpPending.storeRelease(0);
}

int EpollEventDispatcher::activateSocketNotifiers(int ready)
{
    // Collected first: a notifier's event may unregister or delete others.
    // Each is looked up again just before its event, so none that went away
    // in the meantime is activated.
    struct Pending {
        int fd;
        int type;
    };
    std::vector<Pending> pending;
    pending.reserve(size_t(ready));
    for (int i = 0; i < ready; ++i) {
        const epoll_event &event = m_ready[size_t(i)];
        const int fd = event.data.fd;
        if (fd == m_wakeFd || fd < 0 || size_t(fd) >= m_watches.size())
            continue;
        for (int type = 0; type < 3; ++type) {
            if (m_watches[size_t(fd)].notifiers[type] && (event.events & ReadyFor[type]))
                pending.push_back({fd, type});
        }
    }
    int activated = 0;
    for (const Pending &entry : pending) {
        QSocketNotifier *notifier = m_watches[size_t(entry.fd)].notifiers[entry.type];
        if (!notifier)
            continue;
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &event);
        ++activated;
    }
    return activated;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    if (fd < 0 || type < 0 || type > 2)
        return;
    if (size_t(fd) >= m_watches.size())
        m_watches.resize(std::max(size_t(fd) + 1, m_watches.size() * 2));
    Watch &watch = m_watches[size_t(fd)];
    if (watch.notifiers[type] && watch.notifiers[type] != notifier)
        qCWarning(lcIo) << "a second socket notifier of the same type for descriptor" << fd << "replaces the first";
    watch.notifiers[type] = notifier;
    updateWatch(fd);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    if (fd < 0 || size_t(fd) >= m_watches.size() || type < 0 || type > 2)
        return;
    Watch &watch = m_watches[size_t(fd)];
    if (watch.notifiers[type] != notifier)
        return;
    watch.notifiers[type] = nullptr;
    updateWatch(fd);
}

void EpollEventDispatcher::updateWatch(int fd)
{
    Watch &watch = m_watches[size_t(fd)];
    uint32_t wanted = 0;
    for (int type = 0; type < 3; ++type) {
        if (watch.notifiers[type])
            wanted |= InterestFor[type];
    }
    if (wanted == watch.events)
        return;
    epoll_event event {};
    event.events = wanted;
    event.data.fd = fd;
    int result;
    if (wanted == 0) {
        // The descriptor may be closed already, which removed it from epoll.
        result = epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, &event);
        if (result < 0 && (errno == EBADF || errno == ENOENT))
            result = 0;
    } else if (watch.events == 0) {
        result = epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
        if (result < 0 && errno == EEXIST)
            result = epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event);
    } else {
        result = epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event);
        // Closed and reused since it was added: register the new one.
        if (result < 0 && errno == ENOENT)
            result = epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
    }
    if (result < 0) {
        qCWarning(lcIo) << "epoll_ctl on descriptor" << fd << "failed:" << std::strerror(errno);
        return;
    }
    watch.events = wanted;
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    if (timerId < 1 || interval < 0 || !object)
        return;
    unregisterTimer(timerId);
    Timer timer;
    timer.object = object;
    timer.intervalMs = interval;
    timer.type = timerType;
    timer.deadlineNs = nowNs() + interval * NsPerMs;
    m_timers.insert(timerId, timer);
    m_timerQueue.emplace(timer.deadlineNs, timerId);
    m_timersOf.insert(object, timerId);
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto it = m_timers.constFind(timerId);
    if (it == m_timers.cend())
        return false;
    m_timerQueue.erase({it->deadlineNs, timerId});
    m_timersOf.remove(it->object, timerId);
    m_timers.erase(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    const QList<int> ids = m_timersOf.values(object);
    for (int id : ids)
        unregisterTimer(id);
    return !ids.isEmpty();
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> result;
    for (auto it = m_timersOf.constFind(object); it != m_timersOf.cend() && it.key() == object; ++it) {
        const Timer &timer = m_timers[it.value()];
        result.append(TimerInfo(it.value(), int(timer.intervalMs), timer.type));
    }
    return result;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.constFind(timerId);
    if (it == m_timers.cend())
        return -1;
    const int64_t left = it->deadlineNs - nowNs();
    return left <= 0 ? 0 : int((left + NsPerMs - 1) / NsPerMs);
}

int EpollEventDispatcher::timerWaitMs() const
{
    if (m_timerQueue.empty())
        return -1;
    const int64_t left = m_timerQueue.begin()->first - nowNs();
    if (left <= 0)
        return 0;
    // Rounded up: waking early would only loop back to wait for the rest.
    return int(std::min<int64_t>((left + NsPerMs - 1) / NsPerMs, 1 << 30));
}

int EpollEventDispatcher::activateTimers()
{
    const int64_t now = nowNs();
    // The expired timers, collected first: each may start, stop or delete
    // timers (its own included) while it runs.
    std::vector<int> expired;
    for (auto it = m_timerQueue.begin(); it != m_timerQueue.end() && it->first <= now; ++it)
        expired.push_back(it->second);
    int activated = 0;
    for (int id : expired) {
        auto it = m_timers.find(id);
        if (it == m_timers.end() || it->deadlineNs > now)
            continue; // stopped or restarted by an earlier one
        // The next deadline keeps the timer's phase, unless it fell behind by
        // more than an interval: then it starts again from now.
        m_timerQueue.erase({it->deadlineNs, id});
        const int64_t interval = std::max<int64_t>(it->intervalMs * NsPerMs, 0);
        it->deadlineNs += interval;
        if (it->deadlineNs <= now)
            it->deadlineNs = now + interval;
        m_timerQueue.emplace(it->deadlineNs, id);
        if (it->active)
            continue; // its event is running further up this stack
        it->active = true;
        QObject *object = it->object;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
        ++activated;
        // The timer may be gone now, or registered anew under the same id.
        it = m_timers.find(id);
        if (it != m_timers.end())
            it->active = false;
    }
    return activated;
}

void EpollEventDispatcher::wakeUp()
{
    if (m_wakeUpPending.testAndSetAcquire(0, 1))
        eventfd_write(m_wakeFd, 1);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.storeRelaxed(1);
    wakeUp();
}
