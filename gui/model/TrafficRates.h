#pragma once

#include "model/TrafficStats.h"

#include <optional>

// Messages and bytes sent per second, from two successive traffic samples
// (their counters only grow; a restarted server starts them again).
class TrafficRates {
public:
    struct Rates {
        double messagesPerSecond = 0;
        double bytesPerSecond = 0;
    };

    // atMs on a monotonic clock. The first sample, or one after the
    // counters went back, gives no rates yet.
    std::optional<Rates> add(const TrafficStats &stats, qint64 atMs);
    void reset();

    static quint64 messagesSent(const TrafficStats &stats);
    static quint64 bytesSent(const TrafficStats &stats);
    // Open connections of one protocol ("socket.io", "json").
    static quint64 connections(const TrafficStats &stats, const QString &protocol);

private:
    struct Sample {
        quint64 messages;
        quint64 bytes;
        qint64 atMs;
    };
    std::optional<Sample> m_last;
};
