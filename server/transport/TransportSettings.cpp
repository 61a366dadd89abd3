#include "transport/TransportSettings.h"

#include "config/TokenSet.h"
#include "transport/ConnectionLimits.h"
#include "transport/JwtVerifier.h"
#include "transport/OriginPolicy.h"

#include <QHostAddress>

namespace {

constexpr qint64 OneDayMs = 24LL * 3600 * 1000;

} // namespace

QHostAddress TransportSettings::listenAddress(const QString &host)
{
    if (host == QLatin1String("any") || host == QLatin1String("*"))
        return QHostAddress(QHostAddress::Any);
    if (host == QLatin1String("localhost"))
        return QHostAddress(QHostAddress::LocalHost);
    return QHostAddress(host);
}

QList<OptionSpec> TransportSettings::options()
{
    OptionSpec host = OptionSpec::text(QStringLiteral("host"), tr("address"),
        tr("Address to listen on: an IPv4 or IPv6 address, localhost, or any for all interfaces."), QStringLiteral("any"),
        [](const QString &value) {
            return listenAddress(value).isNull() ? tr("expected an IPv4 or IPv6 address, localhost or any") : QString();
        });
    // The files must be readable when the options are read, so that a typo
    // stops the start instead of leaving the server open.
    OptionSpec authTokenFile = OptionSpec::text(QStringLiteral("auth-token-file"), tr("file"),
        tr("Require clients to present one of the tokens in this file (one per line) or a valid JWT."), QString(), [](const QString &path) {
            QString error;
            return path.isEmpty() || TokenSet::load(path, &error) ? QString() : error;
        });
    OptionSpec jwtSecretFile = OptionSpec::text(QStringLiteral("jwt-secret-file"), tr("file"),
        tr("Require clients to present an HS256 JWT signed with the secret in this file (at least 32 bytes) or a token of "
           "--auth-token-file."),
        QString(), [](const QString &path) {
            QString error;
            return path.isEmpty() || JwtVerifier::loadSecret(path, &error) ? QString() : error;
        });
    OptionSpec allowedOrigins = OptionSpec::list(QStringLiteral("allowed-origins"), tr("list"),
        tr("Origins of the web pages that may connect, e.g. https://app.example.com or https://*.example.com; * allows every "
           "origin."),
        {QStringLiteral("*")}, [](const QStringList &entries) {
            QString error;
            return OriginPolicy::parse(entries, &error) ? QString() : error;
        });
    return {
        host,
        OptionSpec::integer(
            QStringLiteral("port"), tr("port"), tr("TCP port for both WebSocket protocols and HTTP; 0 picks a free port."), 3000, 0, 65535),
        OptionSpec::integer(QStringLiteral("ping-interval"), tr("ms"), tr("Socket.IO heartbeat interval in ms."), 20000, 10, OneDayMs),
        OptionSpec::integer(
            QStringLiteral("ping-timeout"), tr("ms"), tr("Time a Socket.IO client has to answer a ping, in ms."), 5000, 10, OneDayMs),
        OptionSpec::integer(QStringLiteral("connect-timeout"), tr("ms"), tr("Time a Socket.IO client has to join a namespace, in ms."),
            45000, 10, OneDayMs),
        OptionSpec::integer(QStringLiteral("handshake-timeout"), tr("ms"),
            tr("Time a connection has to complete its HTTP request and WebSocket handshake, in ms."), 10000, 10, OneDayMs),
        OptionSpec::integer(QStringLiteral("max-message-size"), tr("bytes"), tr("Largest message a client may send, in bytes."), 64 * 1024,
            64, 64 * 1024 * 1024),
        OptionSpec::integer(QStringLiteral("max-send-buffer"), tr("bytes"),
            tr("Unsent bytes after which a client that does not read is disconnected."), 1024 * 1024, 1024, 1024LL * 1024 * 1024)
            .reloadable(),
        OptionSpec::integer(QStringLiteral("socket-send-buffer"), tr("bytes"),
            tr("Kernel send buffer of each client connection (SO_SNDBUF), in bytes; 0 leaves it to the kernel's autotuning."), 0, 0,
            64 * 1024 * 1024),
        OptionSpec::integer(QStringLiteral("max-connections"), tr("count"),
            tr("WebSocket connections the server holds at most; past it, new ones are answered 503."), 20000, 1, 10000000)
            .reloadable(),
        OptionSpec::integer(QStringLiteral("max-connections-per-ip"), tr("count"),
            tr("WebSocket connections one client address may hold; past it, new ones are answered 429. Loopback peers are exempt "
               "unless they are trusted proxies; 0 means no limit."),
            200, 0, 10000000)
            .reloadable(),
        OptionSpec::list(QStringLiteral("trusted-proxies"), tr("list"),
            tr("Addresses or subnets (CIDR) of reverse proxies whose X-Forwarded-For header names the client."), {},
            [](const QStringList &entries) {
                QString error;
                return ConnectionLimits::parseSubnets(entries, &error) ? QString() : error;
            })
            .reloadable(),
        OptionSpec::integer(QStringLiteral("max-pending-handshakes"), tr("count"),
            tr("Connections accepted and not yet answered or upgraded; at it, no more are accepted until one ends."), 4096, 1, 10000000)
            .reloadable(),
        OptionSpec::integer(QStringLiteral("client-message-rate"), tr("per second"),
            tr("Messages a second a client may send on average; 0 means no limit."), 20, 0, 1000000)
            .reloadable(),
        OptionSpec::integer(
            QStringLiteral("client-message-burst"), tr("count"), tr("Messages a client may send at once above its rate."), 40, 1, 1000000)
            .reloadable(),
        authTokenFile.reloadable(),
        jwtSecretFile.reloadable(),
        OptionSpec::integer(QStringLiteral("jwt-leeway"), tr("seconds"),
            tr("How far a JWT's exp and nbf may be off the server's clock, in seconds."), 30, 0, 600)
            .reloadable(),
        allowedOrigins.reloadable(),
        OptionSpec::integer(
            QStringLiteral("io-threads"), tr("count"), tr("Number of network I/O threads; 0 means one per CPU core."), 0, 0, 64),
        OptionSpec::choice(QStringLiteral("io-dispatcher"), tr("kind"),
            tr("Event loop of the I/O threads: epoll (datagate's own, which scales with the number of clients) or qt (Qt's own)."),
            QStringLiteral("epoll"), {QStringLiteral("epoll"), QStringLiteral("qt")}),
        OptionSpec::integer(QStringLiteral("history-size"), tr("ticks"),
            tr("Ticks of each stream kept for clients that reconnect and ask for what they missed; 0 keeps none."), DefaultHistorySize, 0,
            100000),
        OptionSpec::integer(QStringLiteral("history-ttl"), tr("ms"),
            tr("Age after which a tick is no longer kept for reconnecting clients, in ms."), DefaultHistoryTtlMs, 1000, OneDayMs),
        OptionSpec::toggle(QStringLiteral("sio-recovery"),
            tr("Socket.IO connection state recovery (socket.io 4.6+): every event ends with an offset, and a client that reconnects "
               "gets its subscriptions back and what it missed.")),
        OptionSpec::integer(QStringLiteral("sio-recovery-window"), tr("ms"),
            tr("How long the session of a Socket.IO client that dropped is kept for it to recover, in ms."), 120 * 1000, 100, OneDayMs),
        OptionSpec::text(QStringLiteral("tls-cert"), tr("file"),
            tr("PEM certificate, followed by its chain, to serve https:// and wss:// on the port (TLS 1.2 or later); needs --tls-key. "
               "Read again on SIGHUP."),
            QString())
            .reloadable(),
        OptionSpec::text(
            QStringLiteral("tls-key"), tr("file"), tr("PEM private key (unencrypted) of --tls-cert. Read again on SIGHUP."), QString())
            .reloadable(),
    };
}

TransportSettings TransportSettings::from(const Config &config)
{
    TransportSettings settings;
    settings.host = config.text(QStringLiteral("host"));
    settings.port = static_cast<quint16>(config.integer(QStringLiteral("port")));
    settings.pingIntervalMs = static_cast<int>(config.integer(QStringLiteral("ping-interval")));
    settings.pingTimeoutMs = static_cast<int>(config.integer(QStringLiteral("ping-timeout")));
    settings.connectTimeoutMs = static_cast<int>(config.integer(QStringLiteral("connect-timeout")));
    settings.handshakeTimeoutMs = static_cast<int>(config.integer(QStringLiteral("handshake-timeout")));
    settings.maxMessageBytes = static_cast<int>(config.integer(QStringLiteral("max-message-size")));
    settings.maxSendBufferBytes = config.integer(QStringLiteral("max-send-buffer"));
    settings.socketSendBufferBytes = static_cast<int>(config.integer(QStringLiteral("socket-send-buffer")));
    settings.maxConnections = static_cast<int>(config.integer(QStringLiteral("max-connections")));
    settings.maxConnectionsPerIp = static_cast<int>(config.integer(QStringLiteral("max-connections-per-ip")));
    settings.maxPendingHandshakes = static_cast<int>(config.integer(QStringLiteral("max-pending-handshakes")));
    settings.trustedProxies =
        ConnectionLimits::parseSubnets(config.list(QStringLiteral("trusted-proxies"))).value_or(QList<std::pair<QHostAddress, int>>());
    settings.clientMessageRate = static_cast<int>(config.integer(QStringLiteral("client-message-rate")));
    settings.clientMessageBurst = static_cast<int>(config.integer(QStringLiteral("client-message-burst")));
    settings.authTokenFile = config.text(QStringLiteral("auth-token-file"));
    settings.jwtSecretFile = config.text(QStringLiteral("jwt-secret-file"));
    settings.jwtLeewaySeconds = static_cast<int>(config.integer(QStringLiteral("jwt-leeway")));
    settings.allowedOrigins = config.list(QStringLiteral("allowed-origins"));
    settings.ioThreads = static_cast<int>(config.integer(QStringLiteral("io-threads")));
    settings.dispatcher = config.text(QStringLiteral("io-dispatcher")) == QLatin1String("qt") ? Dispatcher::Qt : Dispatcher::Epoll;
    settings.historySize = qsizetype(config.integer(QStringLiteral("history-size")));
    settings.historyTtlMs = config.integer(QStringLiteral("history-ttl"));
    settings.socketIoRecovery = config.toggle(QStringLiteral("sio-recovery"));
    settings.socketIoRecoveryWindowMs = config.integer(QStringLiteral("sio-recovery-window"));
    settings.tlsCertPath = config.text(QStringLiteral("tls-cert"));
    settings.tlsKeyPath = config.text(QStringLiteral("tls-key"));
    return settings;
}
