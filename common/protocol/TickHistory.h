#pragma once

#include "protocol/EncodedTick.h"

#include <QList>

#include <deque>

// The latest ticks of one stream, as the frames that were sent, bounded both
// by count and by age, so that a client that reconnects can be sent what it
// missed without encoding anything again: a frame in the history is the same
// shared QByteArray every subscriber was written.
class TickHistory final {
public:
    enum class Answer {
        Recovered, // ticks holds every tick after the given seq (maybe none)
        TooOld, // the history no longer holds the tick after it
        Ahead, // the seq is beyond the last tick: not of this stream's current run
    };
    struct Lookup {
        Answer answer = Answer::Recovered;
        QList<EncodedTick> ticks; // oldest first, for Recovered
        quint64 oldestSeq = 0; // the oldest seq still held; 0 when empty
        quint64 latestSeq = 0; // the latest seq seen; 0 before any
    };

    // capacity >= 1 ticks; ttlMs > 0 (ticks older than that are dropped).
    TickHistory(qsizetype capacity, qint64 ttlMs);

    // Ticks come in seq order; one at or below the latest is ignored.
    void append(const EncodedTick &tick);
    // Drops what is older than the age bound at nowMs (ms since the epoch,
    // the clock of EncodedTick::ts).
    void expire(qint64 nowMs);

    // What follows seq, at nowMs: seq is the last tick the client saw.
    Lookup after(quint64 seq, qint64 nowMs) const;

    qsizetype size() const { return qsizetype(m_ticks.size()); }
    qsizetype capacity() const { return m_capacity; }
    qint64 ttlMs() const { return m_ttlMs; }
    quint64 latestSeq() const { return m_latestSeq; }
    quint64 oldestSeq(qint64 nowMs) const;

private:
    qsizetype m_capacity;
    qint64 m_ttlMs;
    std::deque<EncodedTick> m_ticks; // oldest first
    quint64 m_latestSeq = 0;
};
