#pragma once

#include <QAbstractEventDispatcher>
#include <QAtomicInteger>
#include <QHash>
#include <QMultiHash>

#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include <sys/epoll.h>

// The event dispatcher of the I/O threads (Linux): epoll for socket notifiers,
// an ordered set for timers, an eventfd for wake-ups.
//
// Qt's own dispatchers hand every registered socket notifier to the kernel on
// every loop iteration (poll(), or GLib's scan of its sources), so an
// iteration costs time in proportion to the thread's clients: with 5,000
// clients a thread spent more on those scans than on a tick's sends
// (docs/benchmarks.md). Here an iteration costs in proportion to what is
// ready: epoll keeps the interest set in the kernel, and a timer is found in
// O(log n) among thousands of per-client heartbeat timers.
//
// Semantics follow QEventDispatcherUNIX: posted events first, then wait (not
// while events are pending or when interrupted), then socket notifiers, then
// expired timers; a timer's event never recurses into itself.
class EpollEventDispatcher final : public QAbstractEventDispatcher {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EpollEventDispatcher)

public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    // False if the kernel refused epoll or eventfd; use Qt's dispatcher then.
    bool isValid() const { return m_epoll >= 0 && m_wakeFd >= 0; }

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    struct Watch {
        QSocketNotifier *notifiers[3] = {nullptr, nullptr, nullptr}; // by QSocketNotifier::Type
        uint32_t events = 0; // as registered with epoll
    };
    struct Timer {
        QObject *object = nullptr;
        qint64 intervalMs = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        int64_t deadlineNs = 0;
        bool active = false; // its event is being delivered
    };

    void updateWatch(int fd);
    int activateSocketNotifiers(int ready);
    int activateTimers();
    // Milliseconds epoll_wait may block for the next timer; -1: no timer.
    int timerWaitMs() const;
    void drainWakeUps();

    int m_epoll = -1;
    int m_wakeFd = -1;
    QAtomicInteger<int> m_wakeUpPending = 0;
    QAtomicInteger<int> m_interrupted = 0;

    std::vector<Watch> m_watches; // by descriptor
    std::vector<epoll_event> m_ready;

    QHash<int, Timer> m_timers; // by timer id
    std::set<std::pair<int64_t, int>> m_timerQueue; // (deadline, id)
    QMultiHash<QObject *, int> m_timersOf;
};
