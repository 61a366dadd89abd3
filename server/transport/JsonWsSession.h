#pragma once

#include "protocol/JsonMessage.h"
#include "transport/ClientSession.h"

#include <QHash>

#include <optional>

// A client of the plain-WebSocket JSON protocol at /ws (see
// docs/protocol.md): a welcome on connect (with the epoch of the seqs), the
// (un)subscribe<Stream> events and generic subscribe/unsubscribe with a list
// of streams, acks that echo the client's id, and errors that leave the
// connection open. A subscribe may carry, per stream, the last seq the
// client saw (`since`): it is then sent what it missed, from this thread's
// history, before the live ticks.
class JsonWsSession final : public ClientSession {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonWsSession)

public:
    JsonWsSession(QWebSocket *socket, ClientSocket *transport, SubscriptionTable &table, const TransportSettings &settings,
        TrafficCounters &counters, QObject *parent = nullptr, Recovery *recovery = nullptr);

protected:
    const QByteArray &frameFor(const EncodedTick &tick) const override { return tick.jsonFrame; }
    void handleText(const QString &message) override;
    void handleBinary(const QByteArray &message) override;
    void warnRateLimited(const QString &message) override;

private:
    // What a subscribe asks to recover: the last seq seen per stream, and
    // the epoch those seqs belong to if the client said.
    struct Resume {
        QHash<QString, quint64> since;
        std::optional<QString> epoch;
    };

    void handleRequest(const JsonMessage::Request &request);
    // Subscribes or unsubscribes every stream, or none if one is unknown or
    // a since cannot be true.
    void changeSubscriptions(bool subscribe, const QStringList &streams, const QJsonValue &id, const Resume &resume = {});
    // The checks every since of a subscribe must pass before anything changes.
    bool checkResume(const Resume &resume, const QJsonValue &id);
    // Subscribes to stream from after since, and answers whether that can be done.
    void resumeStream(const QString &stream, quint64 since, const QJsonValue &id);
    // Subscribes to stream and answers as a plain subscribe does; extra goes into the answer.
    void subscribeLive(const QString &stream, const QJsonValue &id, const QJsonObject &extra = {});
    void sendMessage(const QString &event, const QJsonValue &data, const QJsonValue &id = QJsonValue(QJsonValue::Undefined));
    void sendError(const QString &code, const QString &message, const QJsonValue &id = QJsonValue(QJsonValue::Undefined),
        const QJsonObject &details = {});
};
