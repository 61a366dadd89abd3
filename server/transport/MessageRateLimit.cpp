#include "transport/MessageRateLimit.h"

#include <algorithm>

MessageRateLimit::MessageRateLimit(const Clock &clock, int ratePerSecond, int burst)
    : m_burst(burst)
{
    if (ratePerSecond > 0)
        m_bucket.emplace(clock, ratePerSecond, std::max(burst, 1));
}

MessageRateLimit::Verdict MessageRateLimit::admit()
{
    if (!m_bucket)
        return Verdict::Accept;
    // Checked before taking: a bucket full again means the client kept under
    // the rate for a whole burst's worth of time since its last drop.
    if (m_dropped > 0 && m_bucket->isFull())
        m_dropped = 0;
    if (m_bucket->tryTake())
        return Verdict::Accept;
    ++m_dropped;
    if (m_dropped == 1)
        return Verdict::Warn;
    return m_dropped > m_burst ? Verdict::Close : Verdict::Drop;
}
