#include "TestServer.h"

Config TestServer::defaultConfig()
{
    Config config;
    config.host = QStringLiteral("127.0.0.1");
    config.port = 0;
    config.randomIntervalMs = 50;
    config.btcProviders = {QStringLiteral("simulated")};
    config.btcIntervalMs = 60 * 60 * 1000;
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
