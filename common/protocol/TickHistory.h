#pragma once

#include "protocol/EncodedTick.h"

#include <vector>

// The latest ticks of one stream, as the frames that were sent, bounded both
// by count and by age, so that a client that reconnects can be sent what it
// missed without encoding anything again: a frame in the history is the same
// shared QByteArray every subscriber was written.
//
// Ticks are held in a ring that grows up to its capacity and then overwrites
// its oldest slot, so appending costs no allocation once it is full, and a
// slot that is dropped lets go of its frames at once.
//
// What can be recovered is decided by what was dropped, not by seq + 1 being
// held: a seq that never existed (ticks stamped elsewhere may skip one) is no
// loss. The history knows it holds every tick after its floor: the last tick
// it dropped, by count or by age, or the one before the first it was given
// (what came before that, it never saw).
class TickHistory final {
public:
    enum class Answer {
        Recovered, // every tick after the given seq is held (missed of them; maybe none)
        TooOld, // a tick after the given seq has been dropped
        Ahead, // the seq is beyond the last tick: not of this stream's current run
    };
    struct Lookup {
        Answer answer = Answer::Recovered;
        qsizetype missed = 0; // for Recovered: how many ticks follow the seq
        quint64 oldestSeq = 0; // the oldest seq still held; 0 when none is
        quint64 latestSeq = 0; // the latest seq seen; 0 before any
    };

    // capacity >= 0 ticks (0 keeps none: only the latest seq is known);
    // ttlMs > 0: ticks older than that are dropped.
    TickHistory(qsizetype capacity, qint64 ttlMs);

    // Ticks come in seq order; one at or below the latest is ignored. The
    // tick's own ts is the time against which older ticks are aged out.
    void append(const EncodedTick &tick);
    // Drops what is older than the age bound at nowMs (ms since the epoch,
    // the clock of EncodedTick::ts).
    void expire(qint64 nowMs);
    // Forgets every tick and the latest seq, as when the seqs start a new run.
    void clear();

    // What follows seq, at nowMs: seq is the last tick the client saw.
    Lookup after(quint64 seq, qint64 nowMs) const;
    // True when every tick after seq that this history was given is still
    // held at nowMs (seq at or above its floor).
    bool covers(quint64 seq, qint64 nowMs) const;
    // The first tick after seq, or nullptr when there is none or seq is not
    // covered (a tick after it was dropped). For a replay that walks the
    // history a few ticks at a time while it keeps growing.
    const EncodedTick *next(quint64 seq, qint64 nowMs) const;

    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    qsizetype capacity() const { return m_capacity; }
    qint64 ttlMs() const { return m_ttlMs; }
    quint64 latestSeq() const { return m_latestSeq; }
    // The oldest seq held and not too old at nowMs; 0 when none is.
    quint64 oldestSeq(qint64 nowMs) const;
    // Every tick after this seq is held at nowMs (see the class comment).
    quint64 floorSeq(qint64 nowMs) const;
    // The i-th tick held, oldest first (0 <= i < size()), whatever its age.
    const EncodedTick &at(qsizetype i) const { return m_ring[size_t((m_head + i) % qsizetype(m_ring.size()))]; }

private:
    bool isExpired(const EncodedTick &tick, qint64 nowMs) const { return nowMs - tick.ts > m_ttlMs; }
    void dropOldest();
    // Index of the first tick held with a seq above seq (size() if none).
    qsizetype indexAfter(quint64 seq) const;

    qsizetype m_capacity;
    qint64 m_ttlMs;
    std::vector<EncodedTick> m_ring; // grows up to m_capacity slots
    qsizetype m_head = 0; // slot of the oldest tick
    qsizetype m_size = 0;
    quint64 m_latestSeq = 0;
    quint64 m_floorSeq = 0; // what was dropped last; see the class comment
};
