#include "transport/TrafficCounters.h"

#include "transport/SubscriptionTable.h"

namespace {

QMap<QString, quint64> toMap(const QHash<QString, quint64> &hash)
{
    QMap<QString, quint64> map;
    for (auto it = hash.cbegin(); it != hash.cend(); ++it)
        map.insert(it.key(), it.value());
    return map;
}

TrafficStats::Protocol toStats(const TrafficCounters::Protocol &counters)
{
    TrafficStats::Protocol stats;
    stats.connectionsOpen = counters.connectionsOpen;
    stats.connectionsTotal = counters.connectionsTotal;
    stats.connectionsRejected = toMap(counters.connectionsRejected);
    stats.messagesReceived = counters.messagesReceived;
    stats.messagesRejected = toMap(counters.messagesRejected);
    stats.messagesSent = counters.messagesSent;
    stats.bytesSent = counters.bytesSent;
    return stats;
}

} // namespace

TrafficStats TrafficCounters::snapshot(const SubscriptionTable &table) const
{
    TrafficStats stats;
    stats.protocols.insert(TrafficStats::SocketIo, toStats(socketIo));
    stats.protocols.insert(TrafficStats::Json, toStats(json));
    stats.protocols.insert(TrafficStats::Http, toStats(http));
    for (const QString &name : table.streamNames()) {
        const Stream counters = streams.value(name);
        TrafficStats::Stream stream;
        stream.subscribers = table.subscriberCount(name);
        stream.messagesSent = counters.messagesSent;
        stream.bytesSent = counters.bytesSent;
        stats.streams.insert(name, stream);
    }
    stats.slowConsumerDisconnects = slowConsumerDisconnects;
    return stats;
}
