#pragma once

#include <QDateTime>
#include <QtGlobal>

#include <memory>

class ClockTimer;

// Where code that waits or measures time reads it: a monotonic count of
// milliseconds for deadlines, ages and backoff, the wall clock for what
// people and clients read, and single-shot timers that fire on that same
// monotonic count. Production code runs on SystemClock; tests inject a
// ManualClock and move time themselves instead of sleeping.
class Clock {
public:
    Clock() = default;
    virtual ~Clock();
    Q_DISABLE_COPY_MOVE(Clock)

    // Milliseconds on a clock that never jumps, from an arbitrary origin:
    // only differences between two readings mean something.
    virtual qint64 elapsedMs() const = 0;
    // The wall clock, in UTC. It may jump (NTP, an operator), so durations
    // are measured with elapsedMs(), never with this.
    virtual QDateTime now() const = 0;
    // A new single-shot timer driven by this clock, not yet started. The
    // clock must outlive it.
    virtual std::unique_ptr<ClockTimer> createTimer() = 0;
};
