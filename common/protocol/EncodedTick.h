#pragma once

#include "model/Tick.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

// A tick serialized once per protocol, as complete WebSocket text frames.
// The frames are implicitly shared QByteArrays: every subscriber on every I/O
// thread is written the same bytes, and no per-client JSON or frame is built.
struct EncodedTick {
    QString stream;
    quint64 seq = 0;
    qint64 ts = 0; // when the tick was stamped, ms since the epoch
    QByteArray socketIoFrame; // carries the Engine.IO message `42/data,["<stream>",<value>]`
    QByteArray jsonFrame; // carries `{"event":"<stream>","data":{<valueKey>:<value>,…details,"seq":…,"ts":…}}`

    // valueKey: the name of the value in the JSON protocol's data (StreamInfo::valueKey).
    // Socket.IO clients get the bare value, as the replaced gateway sent it.
    static EncodedTick encode(const Tick &tick, const QString &valueKey);
};
Q_DECLARE_METATYPE(EncodedTick)
