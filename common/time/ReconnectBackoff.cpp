#include "time/ReconnectBackoff.h"

#include <QRandomGenerator>

#include <algorithm>

ReconnectBackoff::ReconnectBackoff(qint64 baseMs, qint64 capMs, Random random)
    : m_baseMs(std::max<qint64>(1, baseMs))
    , m_capMs(std::max(m_baseMs, capMs))
    , m_random(random ? std::move(random) : Random([] { return QRandomGenerator::global()->generateDouble(); }))
{
}

qint64 ReconnectBackoff::nextDelayMs()
{
    m_failures = std::min(m_failures + 1, 1000);
    // Past 2^40 the cap has long been reached; stop before the shift overflows.
    const int doublings = std::clamp(m_failures - 1, 0, 40);
    const qint64 ceiling = m_baseMs > (m_capMs >> doublings) ? m_capMs : std::min(m_capMs, m_baseMs << doublings);
    const double jitter = std::clamp(m_random(), 0.0, 1.0);
    return ceiling / 2 + qint64(jitter * double(ceiling - ceiling / 2));
}
