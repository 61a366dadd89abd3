#pragma once

#include "config/Config.h"
#include "model/ClientInfo.h"
#include "transport/ClientSocket.h"
#include "transport/SubscriptionTable.h"

#include <QObject>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketProtocol>

// One connected WebSocket client of either protocol. The base class owns the
// socket, its limits, the slow-consumer cap, closing, and the client's
// subscriptions; a subclass speaks its protocol.
class ClientSession : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientSession)

public:
    ~ClientSession() override;

    quint64 id() const { return m_info.id; }
    ClientInfo info() const;

    // Sends a tick of a stream this client subscribes to.
    void deliver(const EncodedTick &tick);
    // Brings this session, or the socket it writes to, into the cache: the
    // fan-out asks for the next clients' while it sends to this one.
    void prefetch() const { __builtin_prefetch(this); }
    void prefetchTransport() const
    {
        if (m_transport)
            __builtin_prefetch(m_transport);
    }
    // Closes with 1001 (going away), e.g. on shutdown.
    void goAway();

Q_SIGNALS:
    void subscriptionsChanged();
    // The connection is gone; the owner deletes the session later.
    void finished();

protected:
    // transport is the TCP socket under the WebSocket (not owned), to which
    // ready-made frames are written directly; without it they go through
    // QWebSocket, which re-encodes them per client.
    ClientSession(QWebSocket *socket, ClientSocket *transport, SubscriptionTable &table, const Config &config,
        ClientInfo::Protocol protocol, QObject *parent);

    virtual const QByteArray &frameFor(const EncodedTick &tick) const = 0;
    virtual void handleText(const QString &message) = 0;
    virtual void handleBinary(const QByteArray &message) = 0;

    // One text message (UTF-8) to this client only.
    void sendText(QByteArrayView utf8);
    // A complete WebSocket text frame shared by many clients.
    void sendFrame(const QByteArray &frame);
    void close(QWebSocketProtocol::CloseCode code, const QString &reason);
    bool isClosing() const { return m_closing; }

    SubscriptionTable::SubscribeResult subscribe(const QString &stream);
    SubscriptionTable::UnsubscribeResult unsubscribe(const QString &stream);
    void unsubscribeAll();
    // After a new subscription to a stream that sends its latest tick on
    // subscribe: sends it and returns true, or returns false if there is none yet.
    bool sendLatest(const QString &stream);

    SubscriptionTable &table() const { return m_table; }
    const Config &config() const { return m_config; }

private:
    void onDisconnected();
    // False, and the client is being closed, when it has too much unsent data.
    bool admitOutput();

    // What a tick reads comes first, within the object's first cache line.
    QWebSocket *m_socket; // child
    ClientSocket *m_transport = nullptr; // owned by m_socket; nullptr once destroyed (ClientSocket::watch)
    bool m_closing = false;
    bool m_open = false; // the WebSocket is in ConnectedState
    SubscriptionTable &m_table;
    const Config &m_config;
    ClientInfo m_info;
};
