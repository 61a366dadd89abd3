#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QMetaType>
#include <QString>

// One value of a stream, stamped by the hub (or by the instance that
// produced it, when ticks are shared between instances) and then encoded
// once per protocol (EncodedTick).
struct Tick {
    QString stream;
    quint64 seq = 0; // per stream, +1 per tick
    qint64 ts = 0; // server time in ms since the epoch when the tick was stamped
    QJsonValue value; // the value itself, e.g. 57 or 97123.45
    QJsonObject details; // what else the feed says about it, e.g. its source
};
Q_DECLARE_METATYPE(Tick)
