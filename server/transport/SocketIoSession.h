#pragma once

#include "protocol/SocketIoPacket.h"
#include "transport/ClientSession.h"

#include <QBasicTimer>

// A Socket.IO v4 client (Engine.IO v4 over WebSocket) of namespace /data, as
// the replaced NestJS gateway served it: the open packet and server-driven
// heartbeat, namespace connect with the welcome message, the
// (un)subscribe<Stream> events with optional acks, and ticks as
// `42/data,["<stream>",<bare value>]`.
class SocketIoSession final : public ClientSession {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SocketIoSession)

public:
    SocketIoSession(QWebSocket *socket, ClientSocket *transport, SubscriptionTable &table, const TransportSettings &settings,
        TrafficCounters &counters, QObject *parent = nullptr);

protected:
    void timerEvent(QTimerEvent *event) override;
    const QByteArray &frameFor(const EncodedTick &tick) const override { return tick.socketIoFrame; }
    void handleText(const QString &message) override;
    void handleBinary(const QByteArray &message) override;
    void warnRateLimited(const QString &message) override;

private:
    void onHeartbeatTimer();
    void handlePacket(const SocketIoPacket &packet);
    void handleConnect(const SocketIoPacket &packet);
    void handleEvent(const SocketIoPacket &packet);
    void sendPacket(const SocketIoPacket &packet);
    void sendAck(qint64 ackId, const QJsonObject &result);
    // Closes with 1002 and reason, counting the message as refused for
    // "protocol_error", or for label.
    void protocolError(const QString &reason);
    void refuse(const QString &label, const QString &reason);

    // QBasicTimer rather than QTimer: a QObject per timer per client adds up
    // at tens of thousands of clients.
    QBasicTimer m_heartbeat; // next ping, or the pong deadline while awaiting one
    QBasicTimer m_connectTimeout; // until the client joins a namespace
    bool m_awaitingPong = false;
    bool m_namespaceConnected = false;
};
