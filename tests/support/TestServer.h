#pragma once

#include "Server.h"
#include "config/Config.h"
#include "model/TrafficStats.h"

#include <QUrl>

#include <memory>

// A real datagate Server on 127.0.0.1 and a free port, for loopback tests.
// The Bitcoin feed runs on its offline simulated provider so that no test
// reaches the internet.
class TestServer final {
public:
    static Config defaultConfig();

    explicit TestServer(const Config &config = defaultConfig());
    ~TestServer();

    bool start();
    Server &server() { return *m_server; }
    quint16 port() const { return m_server->port(); }
    QUrl socketIoUrl() const;
    QUrl jsonUrl() const;

    // The server's counters, summed over its I/O threads, waiting up to 5 s
    // for them (an empty TrafficStats, and a warning, if they do not come).
    static TrafficStats trafficStats(Server &server);
    // The seq of stream in a Socket.IO recovery offset (one seq per stream,
    // in the hub's order of streams), -1 if it names none.
    static qint64 seqInOffset(const Hub &hub, const QString &offset, const QString &stream);

private:
    std::unique_ptr<Server> m_server;
};
