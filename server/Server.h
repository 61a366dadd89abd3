#pragma once

#include "config/Config.h"
#include "config/OptionSpec.h"
#include "model/ClientInfo.h"
#include "model/ClusterStatus.h"
#include "model/TrafficStats.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

class AccessControl;
class ClusterNode;
class ClusterSocketIoSessions;
class ConnectionLimits;
struct HeldTicks;
class Hub;
class IoWorker;
class Listener;
class OperatorEndpoints;
class QThread;
class SocketIoSessionStore;
class StreamPositions;
class TlsContext;
struct TransportSettings;

// datagate's server as one object: the hub with its feeds, the listener on
// the shared port and the I/O worker threads. The process, the dashboard,
// the status endpoints and the tests see the server only through this class
// and its hub; the feeds and the transports are private to it.
class Server final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Server)

public:
    enum class StartError { None, Listen, AccessControl, Tls };

    // Every option the server and its feeds declare, for Config::parse().
    static QList<OptionSpec> options();
    // What an operator should know about config before exposing the server
    // (e.g. that every origin may connect), one sentence each.
    static QStringList configWarnings(const Config &config);
    // config holds at least options().
    explicit Server(const Config &config, QObject *parent = nullptr);
    ~Server() override;

    // Creates the feeds, starts the worker threads and listens. On failure,
    // startError() and errorString() say why and nothing keeps running.
    bool start();
    StartError startError() const { return m_startError; }
    // Whether the port speaks TLS (--tls-cert), once started.
    bool servesTls() const { return m_tls != nullptr; }
    QString errorString() const { return m_errorString; }

    quint16 port() const;
    Hub *hub() const { return m_hub; }
    const Config &config() const { return m_config; }
    QDateTime startedAt() const { return m_startedAt; }
    // Listening, not stopping, and every feed past starting: what /readyz
    // answers. reason says what is missing when it is not.
    bool isReady(QString *reason = nullptr) const;
    bool isStopping() const { return m_stopping; }
    // --max-send-buffer as in force (it changes on reload).
    qint64 maxSendBufferBytes() const { return m_maxSendBufferBytes; }

    // Stops accepting (and /readyz answers 503), closes every client with
    // 1001 (going away), leaving each --shutdown-timeout to take what is
    // queued for it, and emits stopped() when all are gone: within the
    // timeout plus 0.7 s (transport/CloseTiming.h) however they behave.
    void stop();
    void setShutdownTimeout(int ms) { m_shutdownTimeoutMs = ms; }

    // Applies what can change while the server runs (the options declared
    // reloadable()) from config, typically the configuration read again on
    // SIGHUP: the feeds' intervals, providers, URLs and timeouts,
    // --shutdown-timeout, --allowed-origins, --jwt-leeway, the connection
    // limits (for the connections that come next), the send cap and the
    // message rate (for every client), and the token
    // files, the JWT secret and the TLS certificate and key, which are read
    // again even under the same names so that tokens can be rotated and
    // certificates renewed. Returns what it
    // applied, one line each, starting with the option's name. A token file
    // (or certificate) that cannot be read leaves the tokens (certificate)
    // in force and says why in *errors. Everything else keeps its value until a restart; config()
    // stays the configuration the server started with.
    QStringList reconfigure(const Config &config, QStringList *errors = nullptr);

    // Asks every I/O thread for its counters, or its clients, and calls done
    // in context's thread with what they say together, once all have
    // answered. Nothing is called if context is destroyed first or the
    // server stops meanwhile. The threads never wait for the caller.
    void requestTrafficStats(QObject *context, std::function<void(const TrafficStats &)> done) const;
    void requestClients(QObject *context, std::function<void(const QList<ClientInfo> &)> done) const;
    // Closes a client (1000, "disconnected by the operator"); nothing if
    // there is no such client.
    void disconnectClient(quint64 id) const;
    // The same, and calls done in context's thread with whether there was
    // such a client (DELETE /api/clients/{id}).
    void disconnectClient(quint64 id, QObject *context, std::function<void(bool found)> done) const;

    // The latest ticks (at most limit) every stream's history holds now,
    // by stream, not yet too old; calls done in context's thread. Every I/O
    // thread holds every tick; the one furthest on answers for a stream.
    void requestHistory(QObject *context, qsizetype limit, std::function<void(const QHash<QString, HeldTicks> &)> done) const;

    // What the connection limits count now (docs/security.md): WebSocket
    // connections admitted, connections waiting for their handshake (and the
    // most there were at once), and client addresses holding connections
    // under the per-address limit. Any thread.
    struct ConnectionCounts {
        int connections = 0;
        int pendingHandshakes = 0;
        int pendingHandshakesPeak = 0;
        int addresses = 0;
    };
    ConnectionCounts connectionCounts() const;

    // Cluster mode (--redis, docs/scaling.md): the Redis connection, this
    // instance's role per stream and the other instances; mode Off without.
    ClusterStatus clusterStatus() const;

Q_SIGNALS:
    void clientConnected(const ClientInfo &info);
    void clientSubscriptionsChanged(quint64 id, const QStringList &streams);
    void clientDisconnected(quint64 id);
    void stopped();

private:
    // Reads --tls-cert and --tls-key (false and a start error when they
    // cannot serve); nothing to do without them.
    bool startTls();
    // On SIGHUP: reads the files again; what was applied (empty if nothing),
    // or an error in *errors, the certificate in force staying.
    QString reloadTls(const TransportSettings &next, QStringList *errors);
    void finishStop();
    void stopThreads();
    // Runs query in every worker's thread and hands the results, in worker
    // order, to done in context's thread.
    template<typename Result>
    void gather(QObject *context, std::function<Result(IoWorker &)> query, std::function<void(const QList<Result> &)> done) const;
    // The same for a query that answers later, in the worker's thread, by
    // calling the function it is given (once).
    template<typename Result>
    void gatherLater(QObject *context, std::function<void(IoWorker &, std::function<void(Result)>)> query,
        std::function<void(const QList<Result> &)> done) const;

    const Config m_config;
    const std::unique_ptr<const TransportSettings> m_settings;
    const std::unique_ptr<ConnectionLimits> m_limits; // shared by the workers; outlives them
    qint64 m_maxSendBufferBytes;
    const std::unique_ptr<AccessControl> m_access; // shared by the workers; outlives them
    std::unique_ptr<TlsContext> m_tls; // with --tls-cert; shared by the workers; outlives them
    const QDateTime m_startedAt;
    Hub *m_hub; // child
    OperatorEndpoints *m_endpoints; // child
    int m_shutdownTimeoutMs;
    Listener *m_listener = nullptr; // child
    ClusterNode *m_cluster = nullptr; // child; only with --redis
    ClusterSocketIoSessions *m_socketIoShare = nullptr; // child; only with --redis and --sio-recovery
    QList<QThread *> m_threads; // children
    QList<IoWorker *> m_workers; // owned; each lives in its thread and is deleted there
    QTimer m_stopDeadline;
    int m_drainedWorkers = 0;
    bool m_stopping = false;
    bool m_stopped = false;
    StartError m_startError = StartError::None;
    QString m_errorString;
    // Shared by the I/O threads for recovery after reconnect; they outlive
    // the threads (members are destroyed after ~Server() stops them).
    std::unique_ptr<StreamPositions> m_streamPositions;
    std::unique_ptr<SocketIoSessionStore> m_socketIoSessions;
};
