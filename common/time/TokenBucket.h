#pragma once

#include <QtGlobal>

class Clock;

// A token bucket on a Clock's monotonic time: it holds up to `burst` tokens,
// gains `ratePerSecond` of them a second, and each take removes one. Rate
// limits built on it allow a burst, then a steady rate. Tokens are added
// lazily, when the bucket is asked, so an idle bucket costs nothing.
//
// It starts full. Not thread-safe: one owner, one thread.
class TokenBucket final {
public:
    // clock must outlive the bucket; ratePerSecond > 0, burst >= 1.
    TokenBucket(const Clock &clock, double ratePerSecond, double burst);

    // Takes one token and returns true, or returns false (and takes nothing)
    // when less than one is left.
    bool tryTake();
    // The tokens there are now, fractions included.
    double tokens() const;
    bool isFull() const { return tokens() >= m_burst; }

private:
    void refill();

    const Clock *m_clock;
    double m_ratePerSecond;
    double m_burst;
    double m_tokens;
    qint64 m_lastMs; // when m_tokens was last brought up to date
};
