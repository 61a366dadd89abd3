#pragma once

#include "model/Tick.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringView>

#include <optional>

// A tick serialized once per protocol, as complete WebSocket text frames.
// The frames are implicitly shared QByteArrays: every subscriber on every I/O
// thread is written the same bytes, and no per-client JSON or frame is built.
// A tick kept in a history for replay (TickHistory) shares them too.
struct EncodedTick {
    QString stream;
    quint64 seq = 0;
    qint64 ts = 0; // when the tick was stamped, ms since the epoch
    // The run of seqs the tick belongs to (the hub's epoch): a seq means
    // something only within its epoch.
    QString epoch;
    // The order in which the hub published its ticks, all streams together;
    // a replay of several streams merges on it, so that it sends them in the
    // order they were first sent.
    quint64 order = 0;
    // Carries the Engine.IO message `42/data,["<stream>",<value>]`, or with
    // connection state recovery `42/data,["<stream>",<value>,"<offset>"]`
    // (recoveryOffset()).
    QByteArray socketIoFrame;
    QByteArray jsonFrame; // carries `{"event":"<stream>","data":{<valueKey>:<value>,…details,"seq":…,"ts":…}}`
    // False for a tick from before this process took part (a cluster's
    // history, Hub::recordStamped()): it goes into the histories, for the
    // clients that ask for it, and to no live subscriber.
    bool live = true;

    // valueKey: the name of the value in the JSON protocol's data (StreamInfo::valueKey).
    // Socket.IO clients get the bare value, as the replaced gateway sent it,
    // followed by socketIoOffset when it is not empty.
    static EncodedTick encode(const Tick &tick, const QString &valueKey, const QString &socketIoOffset = QString());

    // The Socket.IO recovery offset: the last seq of every stream, in the
    // hub's order of streams, when a tick was published (e.g. "57-12"). The
    // same for every client, and it tells, from the last event a client
    // received, whichever stream that was, how far it has every stream.
    static QString recoveryOffset(const QList<quint64> &positions);
    // The positions of an offset that names exactly streamCount streams;
    // nullopt for anything else.
    static std::optional<QList<quint64>> parseRecoveryOffset(QStringView offset, qsizetype streamCount);
    // A Socket.IO tick or event frame of ours with its last argument, the
    // offset, replaced by (or, without one, followed by) offset: for the
    // frames a client is sent out of the publish order, such as the latest
    // price on subscribe. nullopt if frame is not one of ours.
    static std::optional<QByteArray> withRecoveryOffset(const QByteArray &socketIoFrame, const QString &offset);
};
Q_DECLARE_METATYPE(EncodedTick)
