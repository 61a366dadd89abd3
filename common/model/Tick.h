#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QMetaType>
#include <QString>

// One value produced by a feed, as the hub publishes it.
//  - legacyValue is what Socket.IO clients of the replaced gateway receive:
//    a bare number (`42/data,["bitcoinPrice",97123.45]`).
//  - fields are the JSON protocol's `data` object; the hub adds `seq` and `ts`.
struct Tick {
    QString stream;
    quint64 seq = 0; // per stream, +1 per tick, assigned by the hub
    qint64 ts = 0; // server time in ms since the epoch when the tick was produced
    QJsonValue legacyValue;
    QJsonObject fields;
};
Q_DECLARE_METATYPE(Tick)
