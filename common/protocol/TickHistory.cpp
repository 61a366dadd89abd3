#include "protocol/TickHistory.h"

#include <algorithm>

TickHistory::TickHistory(qsizetype capacity, qint64 ttlMs)
    : m_capacity(std::max<qsizetype>(1, capacity))
    , m_ttlMs(std::max<qint64>(1, ttlMs))
{
}

void TickHistory::append(const EncodedTick &tick)
{
    if (tick.seq <= m_latestSeq)
        return;
    m_latestSeq = tick.seq;
    m_ticks.push_back(tick);
    while (qsizetype(m_ticks.size()) > m_capacity)
        m_ticks.pop_front();
}

void TickHistory::expire(qint64 nowMs)
{
    while (!m_ticks.empty() && nowMs - m_ticks.front().ts > m_ttlMs)
        m_ticks.pop_front();
}

quint64 TickHistory::oldestSeq(qint64 nowMs) const
{
    for (const EncodedTick &tick : m_ticks) {
        if (nowMs - tick.ts <= m_ttlMs)
            return tick.seq;
    }
    return 0;
}

TickHistory::Lookup TickHistory::after(quint64 seq, qint64 nowMs) const
{
    Lookup lookup;
    lookup.latestSeq = m_latestSeq;
    lookup.oldestSeq = oldestSeq(nowMs);
    if (seq > m_latestSeq) {
        lookup.answer = Answer::Ahead;
        return lookup;
    }
    if (seq == m_latestSeq) // nothing missed
        return lookup;
    // The tick right after seq must still be held (and not too old), or
    // something in between is lost.
    if (lookup.oldestSeq == 0 || lookup.oldestSeq > seq + 1) {
        lookup.answer = Answer::TooOld;
        return lookup;
    }
    // Ticks are in seq order: find the first one after seq.
    const auto first =
        std::upper_bound(m_ticks.cbegin(), m_ticks.cend(), seq, [](quint64 value, const EncodedTick &tick) { return value < tick.seq; });
    for (auto it = first; it != m_ticks.cend(); ++it)
        lookup.ticks.append(*it);
    return lookup;
}
