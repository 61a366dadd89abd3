#pragma once

#include <QtGlobal>

// Exponential backoff with jitter for a source that keeps failing: the wait
// doubles with each consecutive failure, up to a cap, and half of it is
// random so that several gateways started together do not retry in step.
class BackoffPolicy final {
public:
    BackoffPolicy(qint64 baseMs, qint64 capMs);

    // failures >= 1; unitRandom in [0, 1]. The result lies in
    // [d/2, d] with d = min(cap, base * 2^(failures - 1)).
    qint64 delayMs(int failures, double unitRandom) const;
    // The same with a random draw of its own.
    qint64 delayMs(int failures) const;

private:
    qint64 m_baseMs;
    qint64 m_capMs;
};
