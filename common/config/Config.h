#pragma once

#include <QList>
#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// Every setting of datagate in one typed place. Built from the command line,
// then the environment (DATAGATE_<OPTION_NAME>), then the built-in defaults,
// in that order of precedence.
struct Config {
    // An IPv4/IPv6 address, "localhost", or "any" (all interfaces, like the
    // replaced gateway); the server checks it when it starts listening.
    QString host = QStringLiteral("any");
    quint16 port = 3000;
    bool noGui = false;
    QString logLevel = QStringLiteral("info");

    int randomIntervalMs = 1000;

    // Engine.IO heartbeat, as the replaced gateway had it.
    int pingIntervalMs = 20000;
    int pingTimeoutMs = 5000;
    // Time a client has to connect to a Socket.IO namespace once the
    // WebSocket is open (socket.io's connectTimeout).
    int connectTimeoutMs = 45000;
    // Time a TCP connection has to complete its HTTP request and WebSocket handshake.
    int handshakeTimeoutMs = 10000;
    // Largest message a client may send; Qt's own default is about 2 GiB.
    int maxMessageBytes = 64 * 1024;
    // A client whose unsent data grows past this is closed as a slow consumer.
    qint64 maxSendBufferBytes = 4 * 1024 * 1024;
    int ioThreads = 0; // 0: one per CPU core
    // "epoll": the I/O threads run datagate's EpollEventDispatcher; "qt": Qt's own.
    QString ioDispatcher = QStringLiteral("epoll");

    // Bitcoin price feed.
    QStringList btcProviders {QStringLiteral("coingecko"), QStringLiteral("coinbase"), QStringLiteral("kraken"), QStringLiteral("binance"),
        QStringLiteral("bitstamp")};
    int btcIntervalMs = 20000;
    int btcTimeoutMs = 5000;
    QMap<QString, QString> btcUrls; // provider -> whole request URL override

    struct ParseResult;
    // arguments includes the program name, as QCoreApplication::arguments() does.
    static ParseResult parse(
        const QStringList &arguments, const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
};

struct Config::ParseResult {
    enum class Action { Run, ShowHelp, ShowVersion, Fail };
    Action action = Action::Fail;
    Config config;
    QString text; // help, version or the error, ready to print
};
