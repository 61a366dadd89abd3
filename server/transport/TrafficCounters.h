#pragma once

#include "model/TrafficStats.h"

#include <QHash>
#include <QString>

class SubscriptionTable;

// One I/O thread's counters, the source of TrafficStats. Only that thread
// writes them, with plain increments: nothing is shared between threads, so
// counting costs no atomic or lock on the hot path, and a snapshot is taken
// in the thread itself (a queued call) and summed by whoever asked.
//
// Sessions keep a pointer to their protocol's counters, so the members are
// plain structs at fixed addresses (a QMap would move them when it detaches).
struct TrafficCounters {
    struct Protocol {
        // Written for every frame sent.
        quint64 messagesSent = 0;
        quint64 bytesSent = 0;
        // Written per connection or per message received.
        quint64 connectionsOpen = 0;
        quint64 connectionsTotal = 0;
        quint64 messagesReceived = 0;
        QHash<QString, quint64> connectionsRejected;
        QHash<QString, quint64> messagesRejected;
    };
    struct Stream {
        quint64 messagesSent = 0;
        quint64 bytesSent = 0;
    };

    Protocol socketIo;
    Protocol json;
    Protocol http; // plain HTTP requests, and connections refused before their protocol is known
    QHash<QString, Stream> streams; // ticks, by stream
    quint64 slowConsumerDisconnects = 0;

    // Reason labels, as metrics and the status API show them.
    static void count(QHash<QString, quint64> &byReason, const QString &reason) { ++byReason[reason]; }

    TrafficStats snapshot(const SubscriptionTable &table) const;
};
