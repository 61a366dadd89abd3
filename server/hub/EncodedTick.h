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
    QByteArray socketIoFrame; // carries the Engine.IO message `42/data,["<stream>",<legacy value>]`
    QByteArray jsonFrame; // carries `{"event":"<stream>","data":{…,"seq":…,"ts":…}}`

    static EncodedTick encode(const Tick &tick);
};
Q_DECLARE_METATYPE(EncodedTick)
