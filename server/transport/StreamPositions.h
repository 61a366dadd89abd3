#pragma once

#include "protocol/EncodedTick.h"

#include <QHash>
#include <QMutex>
#include <QString>
#include <QStringList>

// How far each stream has been published, in which epoch, readable from
// every I/O thread: the one authority on whether a client's "I have seq N"
// can be true. A thread's own history may lag a moment behind another
// thread's (each takes the hub's ticks from its own queue), so a client that
// saw N on one thread and reconnects to another is not refused there; a seq
// beyond this was never published in this epoch.
//
// Written for every tick, before any I/O thread can deliver it (Server
// updates it from the hub's published() before queueing the tick to the
// threads); read only when a client asks to recover. A mutex is cheaper than
// it sounds here: one uncontended lock per tick.
class StreamPositions final {
public:
    StreamPositions(const QStringList &streams, const QString &epoch);
    Q_DISABLE_COPY_MOVE(StreamPositions)

    // A tick was published. One of another epoch starts that epoch: every
    // other stream is back at 0 until its first tick in it.
    void advance(const EncodedTick &tick);
    // The hub changed its epoch (before any tick of it).
    void setEpoch(const QString &epoch);

    QString epoch() const;
    // The stream's last published seq in the current epoch; 0 before any.
    quint64 seq(const QString &stream) const;
    QStringList streams() const { return m_streams; }

private:
    const QStringList m_streams;
    mutable QMutex m_mutex;
    QString m_epoch;
    QHash<QString, quint64> m_seqs;
};
