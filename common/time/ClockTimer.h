#pragma once

#include <QObject>

// A single-shot timer driven by a Clock (Clock::createTimer()): after
// start(delayMs), timeout() is emitted once, when the clock's elapsedMs()
// has moved on by delayMs. Code that waits asks its clock for one of these
// instead of owning a QTimer, so that a test's ManualClock decides when it
// fires.
class ClockTimer : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClockTimer)

public:
    ~ClockTimer() override;

    // (Re)starts the timer; a negative delay counts as 0, which fires as
    // soon as the clock lets it (SystemClock: the next turn of the event
    // loop; ManualClock: the next advance()).
    virtual void start(qint64 delayMs) = 0;
    // A stopped timer does not fire; stopping one that is not active does
    // nothing.
    virtual void stop() = 0;
    // Started and not yet fired or stopped.
    virtual bool isActive() const = 0;

Q_SIGNALS:
    void timeout();

protected:
    ClockTimer();
};
