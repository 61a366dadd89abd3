#pragma once

#include "protocol/SocketIoPacket.h"
#include "transport/ClientSession.h"
#include "transport/SocketIoSessionShare.h"

#include <QBasicTimer>
#include <QHash>

// A Socket.IO v4 client (Engine.IO v4 over WebSocket) of namespace /data, as
// the replaced NestJS gateway served it: the open packet and server-driven
// heartbeat, namespace connect with the welcome message, the
// (un)subscribe<Stream> events with optional acks, and ticks as
// `42/data,["<stream>",<bare value>]`.
//
// With connection state recovery on (--sio-recovery), as socket.io 4.6+
// does it: the CONNECT answer carries a private session id (pid), every
// event ends with an offset, a session that drops without leaving is kept
// (SocketIoSessionStore), and a client that comes back with its pid and last
// offset gets the same sid and pid, its subscriptions, and the ticks it
// missed, in order, then live (docs/protocol.md has every detail). In a
// cluster the kept session is in the SocketIoSessionShare too: a client that
// comes back with its pid is answered once the share has said whether it has
// the session, which may be another instance's (docs/scaling.md).
class SocketIoSession final : public ClientSession {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SocketIoSession)

public:
    SocketIoSession(QWebSocket *socket, ClientSocket *transport, SubscriptionTable &table, const TransportSettings &settings,
        TrafficCounters &counters, QObject *parent = nullptr, Recovery *recovery = nullptr);

    void kick() override;
    // When access (not owned; it outlives the session) requires tokens at
    // the time the client joins /data, the client must present one it
    // accepts in its CONNECT auth payload, {"token":…}, or it is refused
    // with CONNECT_ERROR {"message":"unauthorized"}.
    void setAccessControl(const AccessControl *access) { m_access = access; }

protected:
    void timerEvent(QTimerEvent *event) override;
    const QByteArray &frameFor(const EncodedTick &tick) const override { return tick.socketIoFrame; }
    void handleText(const QString &message) override;
    void handleBinary(const QByteArray &message) override;
    void warnRateLimited(const QString &message) override;
    void connectionEnding() override;
    // A DISCONNECT of /data, as the socket.io server's disconnect(true),
    // then the close (4001), so that the client does not reconnect on its own.
    void tokenExpired() override;

private:
    void onHeartbeatTimer();
    void handlePacket(const SocketIoPacket &packet);
    void handleConnect(const SocketIoPacket &packet);
    // False, with the client refused, when a token is required and the
    // CONNECT auth holds none that is valid; the client is granted what
    // its token allows otherwise.
    bool authenticate(const SocketIoPacket &packet);
    void handleEvent(const SocketIoPacket &packet);
    // Joins /data with a new session.
    void joinNew();
    // Joins /data with the kept session, if there is one and it can be
    // recovered from offset, or with a new one.
    void joinWith(const std::optional<SocketIoSessionStore::Session> &kept, const QString &offset);
    // Asks the cluster's share for the session with pid; the CONNECT is
    // answered when it says, or after its timeout.
    void askShare(SocketIoSessionShare *share, const QString &pid, const QString &offset);
    void onShareAnswer(quint64 attempt, const SocketIoSessionShare::Taken &taken);
    // Restores the kept session if it can be recovered from offset; false:
    // the client gets a new session.
    bool restore(const SocketIoSessionStore::Session &kept, const QString &offset);
    void sendConnected();
    void sendWelcome();
    // The latest tick of a stream that sends it on subscribe.
    void sendLatestTick(const QString &stream);
    // An offset that says what this client has been sent of every stream.
    QString currentOffset() const;
    bool recoveryEnabled() const;
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
    QBasicTimer m_shareTimeout; // while the share has not answered
    bool m_awaitingPong = false;
    bool m_namespaceConnected = false;
    const AccessControl *m_access = nullptr; // null: no access control
    // Connection state recovery.
    bool m_keepSession = true; // false once the session ends for good (a protocol error, an operator)
    QString m_sid;
    QString m_pid;
    QHash<QString, quint64> m_floors; // SocketIoSessionStore::Session::floors
    // The request to the share the CONNECT waits for: 0 when none.
    quint64 m_shareAttempt = 0;
    quint64 m_shareAttempts = 0;
    QString m_askedPid;
    QString m_askedOffset;
};
