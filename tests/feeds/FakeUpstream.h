#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QTcpServer>

class QTcpSocket;

// A stand-in for the Bitcoin price providers on a loopback port: a small
// HTTP/1.1 server that serves each provider's real response shape and can be
// told to misbehave (hang, fail, rate-limit, send garbage, trickle). It
// records every request so that tests can assert how often and in which
// order the feed asked; when, on the feed's clock, is the test's business.
//
// Routes are named by the first path segment: http://127.0.0.1:<port>/kraken?…
// is served by the "kraken" route. Unknown routes answer 404.
class FakeUpstream final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeUpstream)

public:
    struct Response {
        int status = 200;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        bool hang = false; // read the request and never answer
        int chunkBytes = 0; // > 0: send the body in chunks of this size…
        int chunkIntervalMs = 0; // …this far apart
    };

    struct Request {
        QString route;
        QByteArray target; // path and query, as sent
        QByteArray userAgent;
    };

    explicit FakeUpstream(QObject *parent = nullptr);
    ~FakeUpstream() override;

    quint16 port() const { return m_server.serverPort(); }
    // http://127.0.0.1:<port>/<route><pathAndQuery>
    QString url(const QString &route, const QString &pathAndQuery = QString()) const;

    // The provider's real response shape carrying this price, with the
    // price in the provider's own format (a JSON number or a decimal string).
    static QByteArray realBody(const QString &provider, double price);
    void setPrice(const QString &provider, double price);
    void setResponse(const QString &route, const Response &response);
    static Response status(int code, const QByteArray &body = QByteArrayLiteral("{}"));
    static Response body(const QByteArray &body);

    QList<Request> requests() const { return m_requests; }
    QStringList routesAsked() const;
    int requestCount(const QString &route) const;
    int totalRequests() const { return static_cast<int>(m_requests.size()); }
    // Most requests ever waiting for their answer at the same time.
    int maxConcurrent() const { return m_maxActive; }
    // Body chunks written so far by trickled answers (Response::chunkBytes).
    int chunksSent() const { return m_chunksSent; }
    void resetCounters();

    // A loopback port on which nothing listens, for "connection refused".
    static quint16 closedPort();

Q_SIGNALS:
    // A request has been read (and counted), whatever the answer will be.
    void requestReceived(const QString &route);
    // A trickled answer has written one more chunk.
    void chunkSent();

private:
    struct Connection {
        QByteArray buffer;
        bool answered = false;
        bool active = false; // counted in m_active
    };

    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const Response &response);
    void finish(QTcpSocket *socket);

    QTcpServer m_server;
    QHash<QString, Response> m_routes;
    QHash<QTcpSocket *, Connection> m_connections;
    QList<Request> m_requests;
    int m_active = 0;
    int m_maxActive = 0;
    int m_chunksSent = 0;
};
