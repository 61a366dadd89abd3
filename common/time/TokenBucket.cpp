#include "time/TokenBucket.h"

#include "time/Clock.h"

#include <algorithm>

TokenBucket::TokenBucket(const Clock &clock, double ratePerSecond, double burst)
    : m_clock(&clock)
    , m_ratePerSecond(ratePerSecond)
    , m_burst(burst)
    , m_tokens(burst)
    , m_lastMs(clock.elapsedMs())
{
    Q_ASSERT(ratePerSecond > 0 && burst >= 1);
}

bool TokenBucket::tryTake()
{
    refill();
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

double TokenBucket::tokens() const
{
    const qint64 elapsed = std::max<qint64>(0, m_clock->elapsedMs() - m_lastMs);
    // Multiplied before dividing, so that whole tokens come out whole (50 ms at 20/s is exactly 1).
    return std::min(m_burst, m_tokens + double(elapsed) * m_ratePerSecond / 1000.0);
}

void TokenBucket::refill()
{
    m_tokens = tokens();
    m_lastMs = m_clock->elapsedMs();
}
