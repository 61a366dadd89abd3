#include "feeds/bitcoin/BackoffPolicy.h"

#include <QRandomGenerator>

#include <algorithm>

BackoffPolicy::BackoffPolicy(qint64 baseMs, qint64 capMs)
    : m_baseMs(std::max<qint64>(1, baseMs))
    , m_capMs(std::max(m_baseMs, capMs))
{
}

qint64 BackoffPolicy::delayMs(int failures, double unitRandom) const
{
    // Past 2^40 the cap has long been reached; stop before the shift overflows.
    const int doublings = std::clamp(failures - 1, 0, 40);
    const qint64 ceiling = m_baseMs > (m_capMs >> doublings) ? m_capMs : std::min(m_capMs, m_baseMs << doublings);
    const double jitter = std::clamp(unitRandom, 0.0, 1.0);
    return ceiling / 2 + static_cast<qint64>(jitter * static_cast<double>(ceiling - ceiling / 2));
}

qint64 BackoffPolicy::delayMs(int failures) const
{
    return delayMs(failures, QRandomGenerator::global()->generateDouble());
}
