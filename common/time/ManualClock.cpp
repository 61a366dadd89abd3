#include "time/ManualClock.h"

#include "time/ClockTimer.h"

#include <limits>

#include <algorithm>

// Holds its due time; its ManualClock decides when it fires.
class ManualClockTimer final : public ClockTimer {
public:
    explicit ManualClockTimer(ManualClock &clock)
        : m_clock(&clock)
    {
        m_clock->m_timers.push_back(this);
    }
    ~ManualClockTimer() override
    {
        if (m_clock)
            std::erase(m_clock->m_timers, this);
    }
    Q_DISABLE_COPY_MOVE(ManualClockTimer)

    void start(qint64 delayMs) override
    {
        if (!m_clock)
            return;
        m_dueMs = m_clock->m_elapsedMs + std::max<qint64>(0, delayMs);
        m_order = m_clock->m_startCount++;
        m_active = true;
    }
    void stop() override { m_active = false; }
    bool isActive() const override { return m_active; }

private:
    friend class ManualClock;

    ManualClock *m_clock; // null once the clock is gone
    qint64 m_dueMs = 0;
    quint64 m_order = 0;
    bool m_active = false;
};

namespace {

// More timers than this firing in one advance() means one that restarts
// itself without a delay: the advance would never end.
constexpr int MaxFiringsPerAdvance = 1'000'000;

} // namespace

QDateTime ManualClock::defaultStart()
{
    return QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
}

ManualClock::ManualClock(const QDateTime &wallStart)
    : m_wallStart(wallStart.toUTC())
{
}

ManualClock::~ManualClock()
{
    for (ManualClockTimer *timer : m_timers) {
        timer->m_clock = nullptr;
        timer->m_active = false;
    }
}

qint64 ManualClock::elapsedMs() const
{
    return m_elapsedMs;
}

QDateTime ManualClock::now() const
{
    return m_wallStart.addMSecs(m_elapsedMs + m_wallJumpMs);
}

std::unique_ptr<ClockTimer> ManualClock::createTimer()
{
    return std::make_unique<ManualClockTimer>(*this);
}

void ManualClock::advance(qint64 ms)
{
    if (ms < 0)
        qFatal("ManualClock::advance(%lld): monotonic time does not go back", static_cast<long long>(ms));
    // A slot that advances the clock again would fire timers out of order.
    if (m_advancing)
        qFatal("ManualClock::advance() called from a timer's slot");
    m_advancing = true;
    const qint64 untilMs = m_elapsedMs + ms;
    int fired = 0;
    while (ManualClockTimer *timer = nextDue(untilMs)) {
        if (++fired > MaxFiringsPerAdvance)
            qFatal("ManualClock::advance(): a timer keeps restarting itself without a delay");
        m_elapsedMs = timer->m_dueMs;
        timer->m_active = false;
        // The slot may stop, start or delete any timer, this one included;
        // the next one is looked up afresh.
        Q_EMIT timer->timeout();
    }
    m_elapsedMs = untilMs;
    m_advancing = false;
}

void ManualClock::jumpWallClock(qint64 ms)
{
    m_wallJumpMs += ms;
}

int ManualClock::activeTimerCount() const
{
    return static_cast<int>(
        std::count_if(m_timers.cbegin(), m_timers.cend(), [](const ManualClockTimer *timer) { return timer->m_active; }));
}

std::optional<qint64> ManualClock::nextTimerInMs() const
{
    const ManualClockTimer *next = nextDue(std::numeric_limits<qint64>::max());
    if (!next)
        return std::nullopt;
    return next->m_dueMs - m_elapsedMs;
}

ManualClockTimer *ManualClock::nextDue(qint64 untilMs) const
{
    ManualClockTimer *next = nullptr;
    for (ManualClockTimer *timer : m_timers) {
        if (!timer->m_active || timer->m_dueMs > untilMs)
            continue;
        if (!next || timer->m_dueMs < next->m_dueMs || (timer->m_dueMs == next->m_dueMs && timer->m_order < next->m_order))
            next = timer;
    }
    return next;
}
