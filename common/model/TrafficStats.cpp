#include "model/TrafficStats.h"

const QString TrafficStats::SocketIo = QStringLiteral("socket.io");
const QString TrafficStats::Json = QStringLiteral("json");
const QString TrafficStats::Http = QStringLiteral("http");

namespace {

void addCounts(QMap<QString, quint64> &into, const QMap<QString, quint64> &from)
{
    for (auto it = from.cbegin(); it != from.cend(); ++it)
        into[it.key()] += it.value();
}

} // namespace

TrafficStats::Protocol &TrafficStats::Protocol::operator+=(const Protocol &other)
{
    connectionsOpen += other.connectionsOpen;
    connectionsTotal += other.connectionsTotal;
    addCounts(connectionsRejected, other.connectionsRejected);
    messagesReceived += other.messagesReceived;
    addCounts(messagesRejected, other.messagesRejected);
    messagesSent += other.messagesSent;
    bytesSent += other.bytesSent;
    return *this;
}

TrafficStats::Stream &TrafficStats::Stream::operator+=(const Stream &other)
{
    subscribers += other.subscribers;
    messagesSent += other.messagesSent;
    bytesSent += other.bytesSent;
    return *this;
}

TrafficStats &TrafficStats::operator+=(const TrafficStats &other)
{
    for (auto it = other.protocols.cbegin(); it != other.protocols.cend(); ++it)
        protocols[it.key()] += it.value();
    for (auto it = other.streams.cbegin(); it != other.streams.cend(); ++it)
        streams[it.key()] += it.value();
    slowConsumerDisconnects += other.slowConsumerDisconnects;
    return *this;
}
