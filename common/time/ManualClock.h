#pragma once

#include "time/Clock.h"

#include <optional>
#include <vector>

class ManualClockTimer;

// A clock for tests that moves only when told. advance(ms) moves its
// monotonic and wall time together and fires the timers that fall due on
// the way, synchronously and in order (by due time, then by when they were
// started); while a timer's slot runs, the clock reads that timer's due
// time. A timer started by such a slot fires within the same advance() if it
// falls due before its end. So a test states exactly how much time passes,
// and what a component does with it happens before advance() returns.
//
// Single-threaded: the clock and its timers belong to the test's thread. The
// clock must outlive the components that use it; timers left behind by a
// clock that is gone never fire.
class ManualClock final : public Clock {
public:
    // The wall time it starts at, when the test does not care.
    static QDateTime defaultStart();

    explicit ManualClock(const QDateTime &wallStart = defaultStart());
    ~ManualClock() override;
    Q_DISABLE_COPY_MOVE(ManualClock)

    qint64 elapsedMs() const override;
    QDateTime now() const override;
    std::unique_ptr<ClockTimer> createTimer() override;

    // Moves time on by ms >= 0, firing every timer that falls due.
    void advance(qint64 ms);
    // Moves the wall clock alone, as NTP or an operator might: elapsedMs()
    // and the timers are unaffected. ms may be negative.
    void jumpWallClock(qint64 ms);

    // Timers started and not yet fired or stopped.
    int activeTimerCount() const;
    // How far ahead the next active timer is due; nullopt when none is.
    std::optional<qint64> nextTimerInMs() const;

private:
    friend class ManualClockTimer;

    ManualClockTimer *nextDue(qint64 untilMs) const;

    const QDateTime m_wallStart;
    qint64 m_elapsedMs = 0;
    qint64 m_wallJumpMs = 0;
    quint64 m_startCount = 0; // orders timers due at the same time
    bool m_advancing = false;
    std::vector<ManualClockTimer *> m_timers; // every live timer, active or not
};
