#include "model/StatusJson.h"

#include <QJsonArray>

namespace {

QJsonValue time(const QDateTime &at)
{
    return at.isValid() ? QJsonValue(at.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

QDateTime timeFrom(const QJsonValue &value)
{
    return value.isString() ? QDateTime::fromString(value.toString(), Qt::ISODateWithMs) : QDateTime();
}

quint64 count(const QJsonValue &value)
{
    return quint64(std::max<qint64>(0, value.toInteger()));
}

QJsonObject fromCounts(const QMap<QString, quint64> &counts)
{
    QJsonObject object;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        object.insert(it.key(), qint64(it.value()));
    return object;
}

QMap<QString, quint64> toCounts(const QJsonObject &object)
{
    QMap<QString, quint64> counts;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        counts.insert(it.key(), count(it.value()));
    return counts;
}

} // namespace

namespace StatusJson {

QJsonObject fromFeedHealth(const FeedHealth &health)
{
    QJsonArray providers;
    for (const FeedHealth::ProviderStats &provider : health.providers) {
        providers.append(QJsonObject {
            {QStringLiteral("name"), provider.name},
            {QStringLiteral("requests"), qint64(provider.requests)},
            {QStringLiteral("successes"), qint64(provider.successes)},
            {QStringLiteral("failures"), qint64(provider.failures)},
            {QStringLiteral("rejected"), qint64(provider.rejected)},
            {QStringLiteral("consecutiveFailures"), provider.consecutiveFailures},
            {QStringLiteral("lastError"), provider.lastError},
            {QStringLiteral("cooldownUntil"), time(provider.cooldownUntil)},
        });
    }
    QJsonObject object {
        {QStringLiteral("state"), FeedHealth::stateName(health.state)},
        {QStringLiteral("lastSuccessAt"), time(health.lastSuccessAt)},
        {QStringLiteral("lastError"), health.lastError},
        {QStringLiteral("consecutiveFailures"), health.consecutiveFailures},
        {QStringLiteral("latencyMs"), health.latencyMs},
        {QStringLiteral("source"), health.source},
        {QStringLiteral("nextAttemptAt"), time(health.nextAttemptAt)},
        {QStringLiteral("providers"), providers},
    };
    // Only when there is one: the shape a lone instance answers stays as it was.
    if (!health.degradedReason.isEmpty())
        object.insert(QStringLiteral("degradedReason"), health.degradedReason);
    return object;
}

FeedHealth toFeedHealth(const QJsonObject &object)
{
    FeedHealth health;
    health.state = FeedHealth::stateFromName(object.value(QStringLiteral("state")).toString());
    health.lastSuccessAt = timeFrom(object.value(QStringLiteral("lastSuccessAt")));
    health.lastError = object.value(QStringLiteral("lastError")).toString();
    health.consecutiveFailures = object.value(QStringLiteral("consecutiveFailures")).toInt();
    health.latencyMs = object.value(QStringLiteral("latencyMs")).toInteger(-1);
    health.source = object.value(QStringLiteral("source")).toString();
    health.nextAttemptAt = timeFrom(object.value(QStringLiteral("nextAttemptAt")));
    health.degradedReason = object.value(QStringLiteral("degradedReason")).toString();
    for (const QJsonValue &value : object.value(QStringLiteral("providers")).toArray()) {
        const QJsonObject provider = value.toObject();
        FeedHealth::ProviderStats stats;
        stats.name = provider.value(QStringLiteral("name")).toString();
        stats.requests = count(provider.value(QStringLiteral("requests")));
        stats.successes = count(provider.value(QStringLiteral("successes")));
        stats.failures = count(provider.value(QStringLiteral("failures")));
        stats.rejected = count(provider.value(QStringLiteral("rejected")));
        stats.consecutiveFailures = provider.value(QStringLiteral("consecutiveFailures")).toInt();
        stats.lastError = provider.value(QStringLiteral("lastError")).toString();
        stats.cooldownUntil = timeFrom(provider.value(QStringLiteral("cooldownUntil")));
        health.providers.append(stats);
    }
    return health;
}

QJsonObject fromClient(const ClientInfo &client)
{
    return {
        {QStringLiteral("id"), qint64(client.id)},
        {QStringLiteral("protocol"), ClientInfo::protocolName(client.protocol)},
        {QStringLiteral("peer"), client.peer},
        {QStringLiteral("connectedAt"), time(client.connectedAt)},
        {QStringLiteral("subscriptions"), QJsonArray::fromStringList(client.streams)},
        {QStringLiteral("messagesSent"), qint64(client.messagesSent)},
        {QStringLiteral("bytesQueued"), client.bytesQueued},
    };
}

ClientInfo toClient(const QJsonObject &object)
{
    ClientInfo client;
    client.id = count(object.value(QStringLiteral("id")));
    client.protocol = object.value(QStringLiteral("protocol")).toString() == ClientInfo::protocolName(ClientInfo::Protocol::SocketIo)
        ? ClientInfo::Protocol::SocketIo
        : ClientInfo::Protocol::JsonWs;
    client.peer = object.value(QStringLiteral("peer")).toString();
    client.connectedAt = timeFrom(object.value(QStringLiteral("connectedAt")));
    for (const QJsonValue &stream : object.value(QStringLiteral("subscriptions")).toArray())
        client.streams.append(stream.toString());
    client.messagesSent = count(object.value(QStringLiteral("messagesSent")));
    client.bytesQueued = object.value(QStringLiteral("bytesQueued")).toInteger();
    return client;
}

QJsonObject fromTraffic(const TrafficStats &stats)
{
    QJsonObject protocols;
    for (auto it = stats.protocols.cbegin(); it != stats.protocols.cend(); ++it) {
        const TrafficStats::Protocol &protocol = it.value();
        protocols.insert(it.key(),
            QJsonObject {
                {QStringLiteral("connectionsOpen"), qint64(protocol.connectionsOpen)},
                {QStringLiteral("connectionsTotal"), qint64(protocol.connectionsTotal)},
                {QStringLiteral("connectionsRejected"), fromCounts(protocol.connectionsRejected)},
                {QStringLiteral("messagesReceived"), qint64(protocol.messagesReceived)},
                {QStringLiteral("messagesRejected"), fromCounts(protocol.messagesRejected)},
                {QStringLiteral("messagesSent"), qint64(protocol.messagesSent)},
                {QStringLiteral("bytesSent"), qint64(protocol.bytesSent)},
            });
    }
    QJsonObject streams;
    for (auto it = stats.streams.cbegin(); it != stats.streams.cend(); ++it) {
        streams.insert(it.key(),
            QJsonObject {
                {QStringLiteral("subscribers"), qint64(it.value().subscribers)},
                {QStringLiteral("messagesSent"), qint64(it.value().messagesSent)},
                {QStringLiteral("bytesSent"), qint64(it.value().bytesSent)},
            });
    }
    return {
        {QStringLiteral("protocols"), protocols},
        {QStringLiteral("streams"), streams},
        {QStringLiteral("slowConsumerDisconnects"), qint64(stats.slowConsumerDisconnects)},
    };
}

TrafficStats toTraffic(const QJsonObject &object)
{
    TrafficStats stats;
    const QJsonObject protocols = object.value(QStringLiteral("protocols")).toObject();
    for (auto it = protocols.constBegin(); it != protocols.constEnd(); ++it) {
        const QJsonObject value = it.value().toObject();
        TrafficStats::Protocol protocol;
        protocol.connectionsOpen = count(value.value(QStringLiteral("connectionsOpen")));
        protocol.connectionsTotal = count(value.value(QStringLiteral("connectionsTotal")));
        protocol.connectionsRejected = toCounts(value.value(QStringLiteral("connectionsRejected")).toObject());
        protocol.messagesReceived = count(value.value(QStringLiteral("messagesReceived")));
        protocol.messagesRejected = toCounts(value.value(QStringLiteral("messagesRejected")).toObject());
        protocol.messagesSent = count(value.value(QStringLiteral("messagesSent")));
        protocol.bytesSent = count(value.value(QStringLiteral("bytesSent")));
        stats.protocols.insert(it.key(), protocol);
    }
    const QJsonObject streams = object.value(QStringLiteral("streams")).toObject();
    for (auto it = streams.constBegin(); it != streams.constEnd(); ++it) {
        const QJsonObject value = it.value().toObject();
        TrafficStats::Stream stream;
        stream.subscribers = count(value.value(QStringLiteral("subscribers")));
        stream.messagesSent = count(value.value(QStringLiteral("messagesSent")));
        stream.bytesSent = count(value.value(QStringLiteral("bytesSent")));
        stats.streams.insert(it.key(), stream);
    }
    stats.slowConsumerDisconnects = count(object.value(QStringLiteral("slowConsumerDisconnects")));
    return stats;
}

} // namespace StatusJson
