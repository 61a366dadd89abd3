#include "TestServer.h"

#include "hub/Hub.h"

#include <QTest>

#include <optional>

Config TestServer::defaultConfig()
{
    Config config(Server::options());
    config.set(QStringLiteral("host"), QStringLiteral("127.0.0.1"));
    config.set(QStringLiteral("port"), 0);
    config.set(QStringLiteral("random-interval"), 50);
    config.set(QStringLiteral("btc-providers"), QStringList {QStringLiteral("simulated")});
    config.set(QStringLiteral("btc-interval"), 60 * 60 * 1000);
    return config;
}

TestServer::TestServer(const Config &config)
    : m_server(std::make_unique<Server>(config))
{
}

TestServer::~TestServer() = default;

bool TestServer::start()
{
    if (m_server->start())
        return true;
    qWarning("test server did not start: %s", qPrintable(m_server->errorString()));
    return false;
}

QUrl TestServer::socketIoUrl() const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket").arg(port()));
}

QUrl TestServer::jsonUrl() const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port()));
}

TrafficStats TestServer::trafficStats(Server &server)
{
    QObject context;
    std::optional<TrafficStats> result;
    server.requestTrafficStats(&context, [&](const TrafficStats &stats) { result = stats; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 5000))
        qWarning("no traffic stats within 5 s");
    return result.value_or(TrafficStats());
}

qint64 TestServer::seqInOffset(const Hub &hub, const QString &offset, const QString &stream)
{
    const QStringList parts = offset.split(QLatin1Char('-'));
    const QList<StreamInfo> streams = hub.streams();
    for (qsizetype i = 0; i < streams.size(); ++i) {
        if (streams[i].name == stream)
            return parts.value(i, QStringLiteral("-1")).toLongLong();
    }
    return -1;
}
