#pragma once

#include "ProcessStats.h"
#include "ServerSettings.h"
#include "config/TokenSet.h"
#include "model/ClientInfo.h"
#include "model/StreamInfo.h"
#include "model/TrafficStats.h"
#include "transport/HttpEndpoints.h"

#include <QByteArray>
#include <QObject>
#include <QThreadPool>

#include <functional>
#include <optional>

struct HeldTicks;
class Server;

// What an operator reads on the shared port: the probes (/healthz,
// /readyz), Prometheus metrics (/metrics) and the status API (/api/status,
// /api/clients, /api/history), and the one thing it does there: DELETE
// /api/clients/{id} disconnects a client. Requests arrive in the I/O threads; they are answered here,
// in the server's thread, where the hub and the feeds live, from counters
// the I/O threads hand over on request (Server::requestTrafficStats), so that
// nothing on the hot path waits for a scrape. docs/operations.md describes
// every answer.
class OperatorEndpoints final : public QObject, public HttpEndpoints {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OperatorEndpoints)

public:
    // An I/O thread that does not answer a health check within this long
    // makes /healthz fail.
    static constexpr int HealthDeadlineMs = 2000;

    explicit OperatorEndpoints(Server &server, const ServerSettings &settings, QObject *parent = nullptr);

    // Reads the token files again (SIGHUP); false, with the reason, when one
    // cannot be read: the tokens in force then stay.
    bool reloadTokens(const ServerSettings &settings, QString *error);

    bool handles(const QString &path) const override;
    QByteArrayList methods(const QString &path) const override;
    void handle(const HttpRequestHead &request, Reply reply) override;

    // The documents themselves, for the tests and the dashboard; process is
    // what ProcessStats::read() says.
    QByteArray metricsText(const TrafficStats &traffic, const ProcessStats &process) const;
    QJsonObject statusDocument(const TrafficStats &traffic, const ProcessStats &process) const;
    static QJsonObject clientsPage(QList<ClientInfo> clients, qsizetype offset, qsizetype limit);
    QJsonObject historyDocument(const QList<StreamInfo> &streams, const QHash<QString, HeldTicks> &held) const;

private:
    void answer(const HttpRequestHead &request, const Reply &reply);
    void answerHealth(const Reply &reply);
    // The I/O threads' counters and the process's figures, then done in this
    // thread. ProcessStats::read() runs on m_statsPool's thread: counting the
    // open descriptors reads /proc/self/fd, about 10 ms of CPU with 10,000
    // connections, which would hold up the ticks this thread publishes.
    void requestStats(std::function<void(const TrafficStats &, const ProcessStats &)> done);
    void answerHistory(const HttpRequestHead &request, const Reply &reply);

    Server &m_server;
    QThreadPool m_statsPool;
    std::optional<TokenSet> m_adminTokens; // nullopt: open
    std::optional<TokenSet> m_metricsTokens; // nullopt: open
};
