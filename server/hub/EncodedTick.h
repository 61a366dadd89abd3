#pragma once

#include "model/Tick.h"

#include <QMetaType>
#include <QString>

// A tick serialized once per protocol. The frames are implicitly shared
// QStrings, so every subscriber on every I/O thread sends the same bytes and
// no per-client JSON is ever built.
struct EncodedTick {
    QString stream;
    quint64 seq = 0;
    QString socketIoFrame; // Engine.IO message carrying `2/data,["<stream>",<legacy value>]`
    QString jsonFrame; // `{"event":"<stream>","data":{…,"seq":…,"ts":…}}`

    static EncodedTick encode(const Tick &tick);
};
Q_DECLARE_METATYPE(EncodedTick)
