#include "time/SystemClock.h"

#include "time/ClockTimer.h"

#include <QTimer>

#include <algorithm>
#include <limits>

namespace {

// A QTimer that fires on the clock's elapsedMs(), not merely "about
// delayMs later". It checks the clock when QTimer fires and waits again if
// that was early, which also covers delays longer than QTimer's int range
// (about 24.8 days), taken in several steps.
class SystemClockTimer final : public ClockTimer {
public:
    explicit SystemClockTimer(const SystemClock &clock)
        : m_clock(clock)
    {
        m_timer.setSingleShot(true);
        // A coarse timer may fire up to 5% early, and code that waits for a
        // deadline (a backoff, a cooldown) must not act before it.
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, &SystemClockTimer::onTimeout);
    }

    void start(qint64 delayMs) override
    {
        m_dueMs = m_clock.elapsedMs() + std::max<qint64>(0, delayMs);
        arm();
    }
    void stop() override { m_timer.stop(); }
    bool isActive() const override { return m_timer.isActive(); }

private:
    void arm()
    {
        const qint64 remainingMs = m_dueMs - m_clock.elapsedMs();
        m_timer.start(static_cast<int>(std::clamp<qint64>(remainingMs, 0, std::numeric_limits<int>::max())));
    }
    void onTimeout()
    {
        if (m_clock.elapsedMs() < m_dueMs) {
            arm();
            return;
        }
        Q_EMIT timeout();
    }

    const SystemClock &m_clock;
    QTimer m_timer;
    qint64 m_dueMs = 0;
};

} // namespace

SystemClock::SystemClock()
{
    m_elapsed.start();
}

SystemClock::~SystemClock() = default;

SystemClock &SystemClock::instance()
{
    static SystemClock clock;
    return clock;
}

qint64 SystemClock::elapsedMs() const
{
    return m_elapsed.elapsed();
}

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

std::unique_ptr<ClockTimer> SystemClock::createTimer()
{
    return std::make_unique<SystemClockTimer>(*this);
}
