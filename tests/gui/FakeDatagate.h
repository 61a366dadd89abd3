#pragma once

#include "model/ClientInfo.h"
#include "model/FeedHealth.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTcpServer>
#include <QUrl>
#include <QWebSocket>
#include <QWebSocketServer>

// Another datagate's port as the remote source sees it, for the tests that
// need to make it misbehave or to count what was asked of it: one loopback
// port (bound to 0) that answers /api/status and /api/clients from what the
// test sets, in the status API's shapes (StatusJson), upgrades /ws and
// speaks the JSON protocol's welcome, and records every request. Told to,
// it answers an HTTP error, a body that is not JSON, a body too large, or
// nothing at all. The happy path is tested against the real binary; this is
// for the rest.
class FakeDatagate final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeDatagate)

public:
    enum class Answer {
        Normal,
        Status401, // with WWW-Authenticate, as the real one
        Status404,
        Status500,
        NotJson,
        Huge, // a body over the source's limit
        Nothing, // accepts the request and never answers
    };
    Q_ENUM(Answer)

    explicit FakeDatagate(QObject *parent = nullptr);
    ~FakeDatagate() override;

    bool listen(quint16 port = 0);
    void close();
    quint16 port() const { return m_server.serverPort(); }
    QUrl url() const;

    // Two streams as a real datagate has them, healthy.
    static QJsonObject defaultStatus(quint16 port);
    void setStatus(const QJsonObject &status) { m_status = status; }
    QJsonObject status() const { return m_status; }
    void setPriceHealth(const FeedHealth &health);
    void setClients(const QList<ClientInfo> &clients) { m_clients = clients; }
    static QList<ClientInfo> makeClients(int count, quint64 firstId = 1);
    // Requests without "Authorization: Bearer <token>" get a 401.
    void setToken(const QByteArray &token) { m_token = token; }
    // What one path ("/api/status", "/api/clients", "/ws") answers.
    void setAnswer(const QString &path, Answer answer) { m_answers.insert(path, answer); }
    // Whether /ws sends its welcome.
    void setGreets(bool greets) { m_greets = greets; }
    // Answer requests for one path only after this long, as a busy server.
    void setDelay(const QString &path, int ms) { m_delays.insert(path, ms); }
    // The most requests for one path that were open at once: read, and
    // neither answered nor given up by the client.
    int maxInFlight(const QString &path) const { return m_maxInFlight.value(path); }

    // Every request, as "GET /api/clients?offset=0&limit=1000".
    QStringList requests() const { return m_requests; }
    int requestCount(const QString &pathPrefix) const;
    QList<QByteArray> authorizations() const { return m_authorizations; }
    void clearRequests();

    // The WebSocket clients connected now, and what they sent.
    int socketCount() const;
    QList<QJsonObject> received() const { return m_received; }
    void sendToSockets(const QJsonObject &message);
    void closeSockets(QWebSocketProtocol::CloseCode code, const QString &reason = QString());
    void tick(const QString &stream, const QJsonObject &data);

private:
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const QString &target, const QHash<QByteArray, QByteArray> &headers);
    void answerNow(QTcpSocket *socket, const QString &target, const QHash<QByteArray, QByteArray> &headers);
    static void respond(QTcpSocket *socket, int status, const QByteArray &body, const QByteArray &extraHeaders = QByteArray());

    QTcpServer m_server;
    QWebSocketServer m_webSockets;
    QList<QPointer<QWebSocket>> m_sockets;
    QJsonObject m_status;
    QList<ClientInfo> m_clients;
    QByteArray m_token;
    QHash<QString, Answer> m_answers;
    bool m_greets = true;
    QHash<QString, int> m_delays;
    QHash<QString, int> m_inFlight;
    QHash<QString, int> m_maxInFlight;
    QStringList m_requests;
    QList<QByteArray> m_authorizations;
    QList<QJsonObject> m_received;
    quint64 m_seq = 0;
};
