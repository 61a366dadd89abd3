#pragma once

#include <QMap>
#include <QMetaType>
#include <QString>

// What the network threads counted, summed over them when asked for
// (Server::requestTrafficStats()). Each I/O thread keeps its own copy and
// adds to it with plain increments, never shared between threads.
struct TrafficStats {
    // Counters of one protocol; "http" holds plain HTTP requests.
    struct Protocol {
        quint64 connectionsOpen = 0; // now
        quint64 connectionsTotal = 0; // since start
        QMap<QString, quint64> connectionsRejected; // by reason, e.g. "not_found", "handshake_timeout"
        quint64 messagesReceived = 0;
        QMap<QString, quint64> messagesRejected; // by reason, e.g. "bad_json", "protocol_error"
        quint64 messagesSent = 0; // ticks and replies
        quint64 bytesSent = 0; // their frames, bytes on the wire

        Protocol &operator+=(const Protocol &other);
        bool operator==(const Protocol &) const = default;
    };
    struct Stream {
        quint64 subscribers = 0; // now
        quint64 messagesSent = 0; // ticks written to subscribers
        quint64 bytesSent = 0;

        Stream &operator+=(const Stream &other);
        bool operator==(const Stream &) const = default;
    };

    QMap<QString, Protocol> protocols; // "socket.io", "json", "http"
    QMap<QString, Stream> streams; // by stream name
    quint64 slowConsumerDisconnects = 0;

    TrafficStats &operator+=(const TrafficStats &other);
    bool operator==(const TrafficStats &) const = default;

    static const QString SocketIo;
    static const QString Json;
    static const QString Http;
};
Q_DECLARE_METATYPE(TrafficStats)
