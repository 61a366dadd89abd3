#pragma once

#include "config/Config.h"
#include "config/OptionSpec.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

// The transport's options (listening address, heartbeat, limits, threads),
// declared here once and read into plain fields once, so that no connection
// or tick looks anything up by name.
struct TransportSettings {
    Q_DECLARE_TR_FUNCTIONS(TransportSettings)

public:
    enum class Dispatcher { Epoll, Qt };

    QString host; // an address, "localhost" or "any"; Server checks it when it listens
    quint16 port = 0;
    int pingIntervalMs = 0; // Engine.IO heartbeat
    int pingTimeoutMs = 0;
    int connectTimeoutMs = 0; // to join a Socket.IO namespace once the WebSocket is open
    int handshakeTimeoutMs = 0; // to complete the HTTP request and the WebSocket handshake
    int maxMessageBytes = 0; // largest message a client may send
    qint64 maxSendBufferBytes = 0; // unsent bytes after which a client is a slow consumer
    int socketSendBufferBytes = 0; // SO_SNDBUF of each accepted socket; 0: the kernel's autotuning
    // Limits (ConnectionLimits, MessageRateLimit; docs/security.md).
    int maxConnections = 0;
    int maxConnectionsPerIp = 0; // 0: none
    int maxPendingHandshakes = 0;
    QList<std::pair<QHostAddress, int>> trustedProxies; // subnets whose X-Forwarded-For is believed
    int clientMessageRate = 0; // messages a second a client may send; 0: no limit
    int clientMessageBurst = 0;
    // Access control (AccessControl; docs/security.md): reloadable.
    QString authTokenFile; // empty: none
    QString jwtSecretFile; // empty: none
    int jwtLeewaySeconds = 30;
    QStringList allowedOrigins; // empty or "*": every origin
    int ioThreads = 0; // 0: one per CPU core
    Dispatcher dispatcher = Dispatcher::Epoll;
    // Recovery after reconnect (docs/protocol.md): each I/O thread keeps the
    // last historySize ticks of every stream, none older than historyTtlMs.
    qsizetype historySize = DefaultHistorySize;
    qint64 historyTtlMs = DefaultHistoryTtlMs;
    // Socket.IO connection state recovery: off, the wire is the replaced
    // gateway's exactly.
    bool socketIoRecovery = false;
    qint64 socketIoRecoveryWindowMs = 0; // how long a dropped session is kept
    // TLS (TlsContext): PEM files; both empty serves plain TCP.
    QString tlsCertPath;
    QString tlsKeyPath;

    static constexpr qsizetype DefaultHistorySize = 300;
    static constexpr qint64 DefaultHistoryTtlMs = 300 * 1000;

    static QList<OptionSpec> options();
    // The address host names; null when it names none.
    static QHostAddress listenAddress(const QString &host);
    // config holds options(); their parsers have validated every value.
    static TransportSettings from(const Config &config);
};
