#pragma once

#include <functional>

// Runs the event loop until done() holds or timeoutMs passes; true if it
// holds. QTest::qWaitFor sleeps 10 ms between its rounds of events, which
// paces a test that opens hundreds of connections one after the other; this
// waits for the next event instead (a socket's, a timer's) and checks again.
namespace EventWait {

bool until(const std::function<bool()> &done, int timeoutMs);

} // namespace EventWait
