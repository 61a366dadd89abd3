#pragma once

#include <QtGlobal>

#include <functional>

// How long a client waits before it tries a lost server again (the
// dashboard's remote source, the Redis client of a cluster):
// the wait doubles with each failure in a row, from base up to cap, and its
// second half is random, so that several clients that lost the same
// server do not all knock at once when it comes back. A success starts it
// over.
class ReconnectBackoff final {
public:
    // A number in [0, 1]; tests pass a fixed one.
    using Random = std::function<double()>;

    ReconnectBackoff(qint64 baseMs, qint64 capMs, Random random = {});

    // The wait before the next attempt, counting one more failure. The
    // n-th failure in a row waits between d/2 and d, d = min(cap, base * 2^(n-1)).
    qint64 nextDelayMs();
    void reset() { m_failures = 0; }
    int failures() const { return m_failures; }

private:
    qint64 m_baseMs;
    qint64 m_capMs;
    Random m_random;
    int m_failures = 0;
};
