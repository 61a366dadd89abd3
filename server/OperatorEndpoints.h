#pragma once

#include "ServerSettings.h"
#include "config/TokenSet.h"
#include "model/ClientInfo.h"
#include "model/StreamInfo.h"
#include "model/TrafficStats.h"
#include "transport/HttpEndpoints.h"

#include <QByteArray>
#include <QObject>

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

    // The documents themselves, for the tests and the dashboard.
    QByteArray metricsText(const TrafficStats &traffic) const;
    QJsonObject statusDocument(const TrafficStats &traffic) const;
    static QJsonObject clientsPage(QList<ClientInfo> clients, qsizetype offset, qsizetype limit);
    QJsonObject historyDocument(const QList<StreamInfo> &streams, const QHash<QString, HeldTicks> &held) const;

private:
    void answer(const HttpRequestHead &request, const Reply &reply);
    void answerHealth(const Reply &reply);
    void answerHistory(const HttpRequestHead &request, const Reply &reply);

    Server &m_server;
    std::optional<TokenSet> m_adminTokens; // nullopt: open
    std::optional<TokenSet> m_metricsTokens; // nullopt: open
};
