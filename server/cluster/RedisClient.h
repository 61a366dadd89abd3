#pragma once

#include "cluster/RedisReply.h"
#include "cluster/RedisUrl.h"
#include "time/ReconnectBackoff.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <functional>
#include <memory>

struct redisAsyncContext;

// One connection to Redis inside the Qt event loop: hiredis's asynchronous
// API, driven by QSocketNotifiers on its descriptor (our own glue rather
// than hiredis's adapters/qt.h, which deletes a notifier from inside its own
// signal, uses string-based connects and has no timeouts). Nothing here ever
// blocks: the host name is resolved with QHostInfo before hiredis sees it
// (hiredis 0.14 would call getaddrinfo() itself, synchronously), the connect
// is non-blocking, and a connect or a command that takes longer than its
// timeout drops the connection.
//
// The client keeps reconnecting, with jittered backoff (ReconnectBackoff),
// until close(). After each connect it authenticates, selects the database,
// and subscribes again to its patterns, and only then says connected(). A
// connection with patterns is a subscriber: Redis accepts no other command
// on it, so a user that needs both opens two clients.
class RedisClient final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedisClient)

public:
    enum class State { Closed, Connecting, Connected };
    struct Settings {
        RedisUrl url;
        int connectTimeoutMs = 2000;
        int commandTimeoutMs = 2000;
        qint64 backoffBaseMs = 100;
        qint64 backoffCapMs = 5000;
        QByteArray name; // CLIENT SETNAME, for `redis-cli client list`
    };
    using Callback = std::function<void(const RedisReply &)>;

    explicit RedisClient(const Settings &settings, QObject *parent = nullptr);
    ~RedisClient() override;

    // Starts connecting, and reconnecting whenever the connection is lost.
    void open();
    // Drops the connection (pending commands get an error reply) and stays closed.
    void close();
    State state() const { return m_state; }
    bool isConnected() const { return m_state == State::Connected; }
    // Why the last attempt or connection failed; empty while connected.
    QString lastError() const { return m_lastError; }
    // Times the connection was (re)established.
    quint64 connectCount() const { return m_connectCount; }

    // Sends a command; done runs exactly once, in context's thread and only
    // while context lives, with the reply or an Error reply (not connected,
    // connection lost, timed out). Never calls done from within this call.
    void command(const QList<QByteArray> &args, QObject *context, Callback done);
    // PSUBSCRIBE pattern on every connection from now on; messages arrive as
    // message(). Only for a client that sends no commands.
    void subscribe(const QByteArray &pattern);

Q_SIGNALS:
    void connected();
    void disconnected(const QString &reason);
    void message(const QByteArray &channel, const QByteArray &payload);

private:
    struct Connection;
    struct Pending;

    void connectTo(const QString &address);
    bool send(const QList<QByteArray> &args, Pending *pending);
    void onConnected();
    void onHandshakeDone();
    void drop(const QString &reason);
    void onLost(const QString &reason);
    void scheduleReconnect();
    void checkTimeouts();

    static void onConnect(const redisAsyncContext *context, int status);
    static void onDisconnect(const redisAsyncContext *context, int status);
    static void onReply(redisAsyncContext *context, void *reply, void *privdata);
    static void onMessage(redisAsyncContext *context, void *reply, void *privdata);

    const Settings m_settings;
    State m_state = State::Closed;
    bool m_open = false;
    redisAsyncContext *m_context = nullptr; // freed by hiredis on loss, by us on drop()
    std::shared_ptr<Connection> m_connection;
    QList<QByteArray> m_patterns;
    std::deque<qint64> m_sentAt; // ms on m_clock of every command awaiting its reply, oldest first
    QElapsedTimer m_clock;
    QTimer m_reconnectTimer;
    QTimer m_timeoutTimer;
    qint64 m_connectStartedMs = 0;
    ReconnectBackoff m_backoff;
    QString m_lastError;
    quint64 m_connectCount = 0;
    quint64 m_lookupId = 0; // which host lookup is still wanted
};
