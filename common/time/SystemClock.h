#pragma once

#include "time/Clock.h"

#include <QElapsedTimer>

// The real time: QElapsedTimer's monotonic clock, QDateTime's wall clock and
// precise QTimers. One instance serves the whole process (instance()) and
// may be read from any thread; each of its timers lives in, and fires in,
// the thread that created it.
class SystemClock final : public Clock {
public:
    SystemClock();
    ~SystemClock() override;
    Q_DISABLE_COPY_MOVE(SystemClock)

    // The process-wide clock that components use unless a test gives them
    // another one.
    static SystemClock &instance();

    qint64 elapsedMs() const override;
    QDateTime now() const override;
    std::unique_ptr<ClockTimer> createTimer() override;

private:
    QElapsedTimer m_elapsed;
};
