#pragma once

#include "model/ClientInfo.h"
#include "protocol/EncodedTick.h"
#include "transport/AccessGrant.h"
#include "transport/ClientSocket.h"
#include "transport/CloseTiming.h"
#include "transport/SubscriptionTable.h"
#include "transport/TrafficCounters.h"
#include "transport/TransportSettings.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketProtocol>

#include <memory>

class AccessControl;
class MessageRateLimit;
class TlsSocket;

// One connected WebSocket client of either protocol. The base class owns the
// socket, its limits, the slow-consumer cap, closing, the client's
// subscriptions and its counters, and replays what a reconnecting client
// missed; a subclass speaks its protocol.
//
// A replay sends the ticks of one or more streams from this thread's history
// (SubscriptionTable::history()), in the order they were published, through
// the same path and cap as every other frame, a few at a time on the turns
// Recovery gives it; the client is not among the streams' subscribers
// meanwhile, so the fan-out does nothing different for anyone. When it has
// caught up with every stream it replays, it becomes their subscriber in the
// same step, so that the next tick comes live: no gap, no duplicate. A client
// that cannot be sent its replay before the history drops what it still
// needs is a slow consumer, and closed as one.
class Recovery;

class ClientSession : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientSession)

public:
    // Our close codes beyond RFC 6455's (the private-use range 4000-4999).
    static constexpr int CloseSlowConsumer = 4008; // as Centrifugo's 3008
    static constexpr int CloseTokenExpired = 4001; // its JWT's exp has passed
    // What one turn of a replay did (replayTurn()).
    enum class ReplayTurn {
        Progress, // sent what it could; more to send
        Blocked, // its client has too much unsent: later
        Waiting, // waits for this thread's next tick
        Done, // live, or closed
    };

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
    // What the client was granted (AccessControl): the streams it may
    // subscribe to, and, for a JWT with exp, when it is closed
    // (tokenExpired()); access tells the time and must outlive the session.
    void grant(const AccessGrant &grant, const AccessControl &access);
    // For a client over TLS, which has no transport (ClientSocket) to check
    // its frames: its TLS socket (owned by the QWebSocket) checks them
    // instead, and an unmasked one closes the connection with 1002 as on a
    // plain port.
    void checkClientFrames(TlsSocket *socket);

    // One turn of this client's replay: at most maxFrames frames, their
    // number in framesSent (Recovery::runPass()).
    ReplayTurn replayTurn(int maxFrames, int &framesSent);
    // The streams this client gets, live or by a replay still under way, in
    // the order it subscribed to them.
    QStringList subscribedStreams() const;

Q_SIGNALS:
    void subscriptionsChanged();
    // The connection is gone; the owner deletes the session later.
    void finished();

protected:
    // transport is the TCP socket under the WebSocket (not owned), to which
    // ready-made frames are written directly; without it they go through
    // QWebSocket, which re-encodes them per client. counters are the I/O
    // thread's, settings its transport settings; both outlive the session.
    // recovery (may be null: no replay then) is the thread's and outlives
    // every replay.
    ClientSession(QWebSocket *socket, ClientSocket *transport, SubscriptionTable &table, const TransportSettings &settings,
        TrafficCounters &counters, ClientInfo::Protocol protocol, QObject *parent, Recovery *recovery = nullptr);

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
    // Counts a connection of this protocol that was refused after the
    // upgrade (a Socket.IO CONNECT without a valid token), by reason.
    void countConnectionRejected(const QString &reason);
    // Whether the grant lets this client subscribe to stream.
    bool mayReceive(const QString &stream) const { return !m_grant || m_grant->allows(stream); }
    // The client's token has expired: closes with 4001 "token expired".
    virtual void tokenExpired();

    SubscriptionTable::SubscribeResult subscribe(const QString &stream);
    SubscriptionTable::UnsubscribeResult unsubscribe(const QString &stream);
    void unsubscribeAll();
    // After a new subscription to a stream that sends its latest tick on
    // subscribe: sends it and returns true, or returns false if there is none yet.
    bool sendLatest(const QString &stream);
    // A tick of a stream sent outside the fan-out (the latest on subscribe, a
    // replay), counted with the stream's ticks; its size, 0 if not sent.
    qsizetype sendStreamFrame(const QString &stream, const QByteArray &frame);

    // Subscribes this client to stream by replaying every tick after seq
    // `after` of epoch, then live (see the class comment). The caller has
    // checked that the stream is known and not subscribed. The replay starts
    // on Recovery's next pass, so whatever the caller sends now (an ack)
    // comes first.
    void replay(const QString &stream, quint64 after, const QString &epoch);
    bool isReplaying(const QString &stream) const;
    // Per stream, in the table's order: the last seq this client has been
    // sent, or will have been when the frame sent now arrives (a replay's
    // position, else this thread's latest).
    QList<quint64> sentPositions() const;
    // The connection begins to end (closing or gone), once, before its
    // subscriptions are dropped.
    virtual void connectionEnding() { }

    SubscriptionTable &table() const { return m_table; }
    const TransportSettings &settings() const { return m_settings; }
    Recovery *recovery() const;

private:
    void onWebSocketClosing();
    // RFC 6455 §5.1: closes with 1002.
    void onUnmaskedFrame();
    void onDisconnected();
    // False, and the client is being closed, when it has too much unsent data.
    bool admitOutput();
    // False when the message goes over the client's message rate and is
    // dropped (the client is warned, or closed if it keeps on).
    bool admitInput();
    // Takes the message rate of m_settings (at the start and after a reload).
    void followRateLimit();
    qint64 unsentBytes() const;
    void notifyEnding();
    void endReplay();
    // The replay has caught up with every stream: they become subscriptions.
    void goLive();

    struct ReplayedStream {
        QString stream;
        quint64 cursor = 0; // the last seq sent (or known to the client)
    };
    struct Replay {
        QString epoch;
        QList<ReplayedStream> streams; // in the order they were asked for
    };

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
    int m_rateLimitRate = 0; // what m_rateLimit was made with
    int m_rateLimitBurst = 0;
    bool m_ending = false; // connectionEnding() was called
    QPointer<Recovery> m_recovery; // a QPointer: the thread may let it go before its last sessions
    std::unique_ptr<Replay> m_replay; // while replaying
    std::optional<AccessGrant> m_grant; // none: every stream, for ever
    QTimer *m_expiry = nullptr; // child, while a grant has an expiry
};
