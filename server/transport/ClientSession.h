#pragma once

#include "model/ClientInfo.h"
#include "protocol/EncodedTick.h"
#include "transport/ClientSocket.h"
#include "transport/CloseTiming.h"
#include "transport/SubscriptionTable.h"
#include "transport/TrafficCounters.h"
#include "transport/TransportSettings.h"

#include <QObject>
#include <QWebSocket>
#include <QWebSocketProtocol>

#include <memory>

class MessageRateLimit;

// One connected WebSocket client of either protocol. The base class owns the
// socket, its limits, the slow-consumer cap, closing, the client's
// subscriptions and its counters; a subclass speaks its protocol.
class ClientSession : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientSession)

public:
    // Our close codes beyond RFC 6455's (the private-use range 4000-4999).
    static constexpr int CloseSlowConsumer = 4008; // as Centrifugo's 3008

    ~ClientSession() override;

    quint64 id() const { return m_info.id; }
    // What the dashboard and the status API show of it, counters included.
    ClientInfo info() const;

    // Sends a tick of a stream this client subscribes to and returns the
    // size of its frame; 0 when the client is closing or was just found to be
    // a slow consumer.
    qsizetype deliver(const EncodedTick &tick);
    // Brings this session, or the socket it writes to, into the cache: the
    // fan-out asks for the next clients' while it sends to this one.
    void prefetch() const { __builtin_prefetch(this); }
    void prefetchTransport() const
    {
        if (m_transport)
            __builtin_prefetch(m_transport);
    }
    // Closes with 1001 (going away) on shutdown, leaving the client graceMs
    // to take what is queued for it and answer.
    void goAway(int graceMs);
    // Closes at an operator's request (the dashboard, the API).
    virtual void kick();

Q_SIGNALS:
    void subscriptionsChanged();
    // The connection is gone; the owner deletes the session later.
    void finished();

protected:
    // transport is the TCP socket under the WebSocket (not owned), to which
    // ready-made frames are written directly; without it they go through
    // QWebSocket, which re-encodes them per client. counters are the I/O
    // thread's, settings its transport settings; both outlive the session.
    ClientSession(QWebSocket *socket, ClientSocket *transport, SubscriptionTable &table, const TransportSettings &settings,
        TrafficCounters &counters, ClientInfo::Protocol protocol, QObject *parent);

    virtual const QByteArray &frameFor(const EncodedTick &tick) const = 0;
    virtual void handleText(const QString &message) = 0;
    virtual void handleBinary(const QByteArray &message) = 0;
    // Tells the client that its message was dropped for going over the
    // message rate, and that going on will close the connection.
    virtual void warnRateLimited(const QString &message) = 0;

    // One text message (UTF-8) to this client only.
    void sendText(QByteArrayView utf8);
    // A complete WebSocket text frame shared by many clients; false when not
    // sent (closing, or a slow consumer).
    bool sendFrame(const QByteArray &frame);
    // Sends a close frame with code and reason and performs the closing
    // handshake: no message of the client's is handled any more, and the
    // connection ends when the client answers or after a grace period
    // (transport/CloseTiming.h).
    // code: an int, as ours (CloseSlowConsumer) are not QWebSocketProtocol::CloseCode values.
    void close(int code, const QString &reason, int graceMs = CloseTiming::CloseGraceMs);
    // Counts a message of the client's that was refused, by reason.
    void countRejected(const QString &reason);

    SubscriptionTable::SubscribeResult subscribe(const QString &stream);
    SubscriptionTable::UnsubscribeResult unsubscribe(const QString &stream);
    void unsubscribeAll();
    // After a new subscription to a stream that sends its latest tick on
    // subscribe: sends it and returns true, or returns false if there is none yet.
    bool sendLatest(const QString &stream);

    SubscriptionTable &table() const { return m_table; }
    const TransportSettings &settings() const { return m_settings; }

private:
    void onWebSocketClosing();
    void onDisconnected();
    // False, and the client is being closed, when it has too much unsent data.
    bool admitOutput();
    // False when the message goes over the client's message rate and is
    // dropped (the client is warned, or closed if it keeps on).
    bool admitInput();

    // What a tick reads comes first, within the object's first cache line.
    QWebSocket *m_socket; // child
    ClientSocket *m_transport = nullptr; // owned by m_socket; nullptr once destroyed (ClientSocket::watch)
    TrafficCounters::Protocol *m_protocolCounters; // the I/O thread's, for this protocol
    quint64 m_messagesSent = 0;
    bool m_closing = false;
    bool m_open = false; // the WebSocket is in ConnectedState
    bool m_gone = false; // disconnected() was handled
    SubscriptionTable &m_table;
    const TransportSettings &m_settings;
    TrafficCounters &m_counters;
    ClientInfo m_info;
    bool m_inMessage = false; // handleText() or handleBinary() is running
    int m_closeCode = 0; // of our own close frame; 0 before
    QString m_closeReason;
    std::unique_ptr<MessageRateLimit> m_rateLimit; // none without a limit
};
