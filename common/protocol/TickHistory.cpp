#include "protocol/TickHistory.h"

#include <algorithm>

TickHistory::TickHistory(qsizetype capacity, qint64 ttlMs)
    : m_capacity(std::max<qsizetype>(0, capacity))
    , m_ttlMs(std::max<qint64>(1, ttlMs))
{
}

void TickHistory::append(const EncodedTick &tick)
{
    if (tick.seq <= m_latestSeq)
        return;
    // The first tick: whatever came before it was never seen here.
    if (m_latestSeq == 0)
        m_floorSeq = tick.seq - 1;
    m_latestSeq = tick.seq;
    if (m_capacity == 0) {
        m_floorSeq = tick.seq;
        return;
    }
    expire(tick.ts);
    if (m_size == m_capacity)
        dropOldest();
    const qsizetype slots = qsizetype(m_ring.size());
    if (m_size == slots) {
        // Full but below capacity: grow, with the oldest tick first again so
        // that the ring stays contiguous from its head.
        std::rotate(m_ring.begin(), m_ring.begin() + m_head, m_ring.end());
        m_head = 0;
        if (slots == qsizetype(m_ring.capacity()))
            m_ring.reserve(size_t(std::min(m_capacity, std::max<qsizetype>(16, 2 * slots))));
        m_ring.push_back(tick);
    } else {
        m_ring[size_t((m_head + m_size) % slots)] = tick;
    }
    ++m_size;
}

void TickHistory::dropOldest()
{
    EncodedTick &oldest = m_ring[size_t(m_head)];
    m_floorSeq = oldest.seq;
    oldest = EncodedTick(); // lets go of its frames now
    m_head = (m_head + 1) % qsizetype(m_ring.size());
    --m_size;
}

void TickHistory::expire(qint64 nowMs)
{
    while (m_size > 0 && isExpired(at(0), nowMs))
        dropOldest();
}

void TickHistory::clear()
{
    m_ring.clear();
    m_ring.shrink_to_fit();
    m_head = 0;
    m_size = 0;
    m_latestSeq = 0;
    m_floorSeq = 0;
}

quint64 TickHistory::oldestSeq(qint64 nowMs) const
{
    for (qsizetype i = 0; i < m_size; ++i) {
        if (!isExpired(at(i), nowMs))
            return at(i).seq;
    }
    return 0;
}

quint64 TickHistory::floorSeq(qint64 nowMs) const
{
    // Ticks too old at nowMs count as dropped, whether or not expire() has
    // run since; they are the oldest ones, at the front.
    quint64 floor = m_floorSeq;
    for (qsizetype i = 0; i < m_size && isExpired(at(i), nowMs); ++i)
        floor = at(i).seq;
    return floor;
}

qsizetype TickHistory::indexAfter(quint64 seq) const
{
    qsizetype low = 0;
    qsizetype high = m_size;
    while (low < high) {
        const qsizetype middle = low + (high - low) / 2;
        if (at(middle).seq <= seq)
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

bool TickHistory::covers(quint64 seq, qint64 nowMs) const
{
    return seq >= floorSeq(nowMs);
}

TickHistory::Lookup TickHistory::after(quint64 seq, qint64 nowMs) const
{
    Lookup lookup;
    lookup.latestSeq = m_latestSeq;
    lookup.oldestSeq = oldestSeq(nowMs);
    if (seq > m_latestSeq) {
        lookup.answer = Answer::Ahead;
    } else if (!covers(seq, nowMs)) {
        lookup.answer = Answer::TooOld;
    } else {
        // Every tick after seq is newer than the floor, so none is too old.
        lookup.missed = m_size - indexAfter(seq);
    }
    return lookup;
}

const EncodedTick *TickHistory::next(quint64 seq, qint64 nowMs) const
{
    if (!covers(seq, nowMs))
        return nullptr;
    const qsizetype index = indexAfter(seq);
    return index < m_size ? &at(index) : nullptr;
}
