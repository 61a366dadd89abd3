#pragma once

#include <QDeadlineTimer>
#include <QSignalSpy>

#include <algorithm>

// Waits until done() holds, looking again each time sender emits signal.
// The wait ends as soon as the event that settles it has been handled,
// whereas QTRY_* and QTest::qWaitFor look only every 10 to 50 ms, which adds
// up to seconds over a test that waits for hundreds of loopback requests.
// False when timeoutMs of real time pass first.
template<typename Signal, typename Done>
bool waitForSignal(const typename QtPrivate::FunctionPointer<Signal>::Object *sender, Signal signal, Done done, int timeoutMs)
{
    QSignalSpy spy(sender, signal);
    const QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        spy.wait(static_cast<int>(std::max<qint64>(1, deadline.remainingTime())));
    }
    return true;
}
