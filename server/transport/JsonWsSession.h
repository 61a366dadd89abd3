#pragma once

#include "protocol/JsonMessage.h"
#include "transport/ClientSession.h"

// A client of the plain-WebSocket JSON protocol at /ws (see
// docs/protocol.md): a welcome on connect, the (un)subscribe<Stream> events
// and generic subscribe/unsubscribe with a list of streams, acks that echo the
// client's id, and errors that leave the connection open.
class JsonWsSession final : public ClientSession {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonWsSession)

public:
    JsonWsSession(QWebSocket *socket, ClientSocket *transport, SubscriptionTable &table, const TransportSettings &settings,
        TrafficCounters &counters, QObject *parent = nullptr);

protected:
    const QByteArray &frameFor(const EncodedTick &tick) const override { return tick.jsonFrame; }
    void handleText(const QString &message) override;
    void handleBinary(const QByteArray &message) override;
    void warnRateLimited(const QString &message) override;

private:
    void handleRequest(const JsonMessage::Request &request);
    // Subscribes or unsubscribes every stream, or none if one is unknown.
    void changeSubscriptions(bool subscribe, const QStringList &streams, const QJsonValue &id);
    void sendMessage(const QString &event, const QJsonValue &data, const QJsonValue &id = QJsonValue(QJsonValue::Undefined));
    void sendError(const QString &code, const QString &message, const QJsonValue &id = QJsonValue(QJsonValue::Undefined));
};
