#include "FakeDatagate.h"

#include "model/StatusJson.h"
#include "model/TrafficStats.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <memory>

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    default: return "Internal Server Error";
    }
}

QJsonObject stream(const QString &name, const QString &description, const QString &valueKey, const FeedHealth &health)
{
    return {
        {QStringLiteral("name"), name},
        {QStringLiteral("description"), description},
        {QStringLiteral("valueKey"), valueKey},
        {QStringLiteral("running"), true},
        {QStringLiteral("lastSeq"), 10},
        {QStringLiteral("subscribers"), 1},
        {QStringLiteral("messagesSent"), 10},
        {QStringLiteral("bytesSent"), 700},
        {QStringLiteral("health"), StatusJson::fromFeedHealth(health)},
    };
}

} // namespace

FakeDatagate::FakeDatagate(QObject *parent)
    : QObject(parent)
    , m_webSockets(QStringLiteral("fake datagate"), QWebSocketServer::NonSecureMode)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection())
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    });
    connect(&m_webSockets, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket *socket = m_webSockets.nextPendingConnection()) {
            socket->setParent(this);
            m_sockets.append(socket);
            connect(socket, &QWebSocket::textMessageReceived, this,
                [this](const QString &text) { m_received.append(QJsonDocument::fromJson(text.toUtf8()).object()); });
            connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
            if (m_greets) {
                const QJsonObject welcome {{QStringLiteral("event"), QStringLiteral("welcome")},
                    {QStringLiteral("data"),
                        QJsonObject {{QStringLiteral("server"), QStringLiteral("datagate")},
                            {QStringLiteral("version"), QStringLiteral("0.1.0")},
                            {QStringLiteral("streams"), QJsonArray {QStringLiteral("randomNumber"), QStringLiteral("bitcoinPrice")}}}}};
                socket->sendTextMessage(QString::fromUtf8(QJsonDocument(welcome).toJson(QJsonDocument::Compact)));
            }
        }
    });
}

FakeDatagate::~FakeDatagate()
{
    // The sockets die with m_server, after the counters their
    // disconnected() would update.
    for (QTcpSocket *socket : m_server.findChildren<QTcpSocket *>())
        socket->disconnect(this);
}

bool FakeDatagate::listen(quint16 port)
{
    if (!m_server.listen(QHostAddress::LocalHost, port))
        return false;
    if (m_status.isEmpty())
        m_status = defaultStatus(m_server.serverPort());
    return true;
}

void FakeDatagate::close()
{
    m_server.close();
    for (QTcpSocket *socket : m_server.findChildren<QTcpSocket *>())
        socket->abort();
    for (const QPointer<QWebSocket> &socket : std::as_const(m_sockets)) {
        if (socket)
            socket->abort();
    }
}

QUrl FakeDatagate::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port()));
}

QJsonObject FakeDatagate::defaultStatus(quint16 port)
{
    FeedHealth random;
    random.state = FeedHealth::State::Healthy;
    random.lastSuccessAt = QDateTime::currentDateTimeUtc();
    FeedHealth price;
    price.state = FeedHealth::State::Healthy;
    price.source = QStringLiteral("simulated");
    price.latencyMs = 3;
    price.lastSuccessAt = QDateTime::currentDateTimeUtc();
    TrafficStats traffic;
    traffic.protocols[TrafficStats::Json].connectionsOpen = 1;
    traffic.protocols[TrafficStats::Json].messagesSent = 100;
    traffic.protocols[TrafficStats::Json].bytesSent = 7000;
    const QDateTime started = QDateTime::currentDateTimeUtc().addSecs(-90);
    return {
        {QStringLiteral("version"), QStringLiteral("0.1.0")},
        {QStringLiteral("startedAt"), started.toString(Qt::ISODateWithMs)},
        {QStringLiteral("uptimeSeconds"), 90.0},
        {QStringLiteral("listen"), QJsonObject {{QStringLiteral("host"), QStringLiteral("any")}, {QStringLiteral("port"), port}}},
        {QStringLiteral("limits"),
            QJsonObject {{QStringLiteral("maxSendBufferBytes"), 4194304}, {QStringLiteral("maxMessageBytes"), 65536}}},
        {QStringLiteral("ready"), true},
        {QStringLiteral("clients"), QJsonObject {{TrafficStats::SocketIo, 0}, {TrafficStats::Json, 1}, {QStringLiteral("total"), 1}}},
        {QStringLiteral("streams"),
            QJsonArray {
                stream(QStringLiteral("randomNumber"), QStringLiteral("Random integer from 0 to 99"), QStringLiteral("value"), random),
                stream(QStringLiteral("bitcoinPrice"), QStringLiteral("Bitcoin price in USD"), QStringLiteral("price"), price)}},
        {QStringLiteral("traffic"), StatusJson::fromTraffic(traffic)},
    };
}

void FakeDatagate::setPriceHealth(const FeedHealth &health)
{
    QJsonArray streams = m_status.value(QStringLiteral("streams")).toArray();
    for (qsizetype i = 0; i < streams.size(); ++i) {
        QJsonObject entry = streams.at(i).toObject();
        if (entry.value(QStringLiteral("name")).toString() == QLatin1String("bitcoinPrice")) {
            entry.insert(QStringLiteral("health"), StatusJson::fromFeedHealth(health));
            streams.replace(i, entry);
        }
    }
    m_status.insert(QStringLiteral("streams"), streams);
}

QList<ClientInfo> FakeDatagate::makeClients(int count, quint64 firstId)
{
    QList<ClientInfo> clients;
    for (int i = 0; i < count; ++i) {
        ClientInfo client;
        client.id = firstId + quint64(i);
        client.protocol = i % 2 ? ClientInfo::Protocol::SocketIo : ClientInfo::Protocol::JsonWs;
        client.peer = QStringLiteral("10.0.%1.%2:%3").arg(i / 250).arg(i % 250).arg(40000 + i);
        client.connectedAt = QDateTime::currentDateTimeUtc().addSecs(-60);
        client.streams = {QStringLiteral("randomNumber")};
        client.messagesSent = quint64(i);
        clients.append(client);
    }
    return clients;
}

int FakeDatagate::requestCount(const QString &pathPrefix) const
{
    int count = 0;
    for (const QString &request : m_requests) {
        if (request.section(QLatin1Char(' '), 1).startsWith(pathPrefix))
            ++count;
    }
    return count;
}

void FakeDatagate::clearRequests()
{
    m_requests.clear();
    m_authorizations.clear();
}

int FakeDatagate::socketCount() const
{
    int count = 0;
    for (const QPointer<QWebSocket> &socket : m_sockets) {
        if (socket && socket->state() == QAbstractSocket::ConnectedState)
            ++count;
    }
    return count;
}

void FakeDatagate::sendToSockets(const QJsonObject &message)
{
    const QString text = QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact));
    for (const QPointer<QWebSocket> &socket : std::as_const(m_sockets)) {
        if (socket && socket->state() == QAbstractSocket::ConnectedState)
            socket->sendTextMessage(text);
    }
}

void FakeDatagate::closeSockets(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    for (const QPointer<QWebSocket> &socket : std::as_const(m_sockets)) {
        if (socket)
            socket->close(code, reason);
    }
}

void FakeDatagate::tick(const QString &stream, const QJsonObject &data)
{
    QJsonObject stamped = data;
    stamped.insert(QStringLiteral("seq"), qint64(++m_seq));
    stamped.insert(QStringLiteral("ts"), QDateTime::currentMSecsSinceEpoch());
    sendToSockets({{QStringLiteral("event"), stream}, {QStringLiteral("data"), stamped}});
}

void FakeDatagate::onReadyRead(QTcpSocket *socket)
{
    // The head is only peeked at: an upgrade hands the socket over to the
    // WebSocket server with its request unread.
    const QByteArray head = socket->peek(socket->bytesAvailable());
    const qsizetype end = head.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    const QList<QByteArray> lines = head.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    QHash<QByteArray, QByteArray> headers;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
    }
    const QByteArray method = requestLine.value(0);
    const QString target = QString::fromUtf8(requestLine.value(1));
    m_requests.append(QString::fromUtf8(method) + QLatin1Char(' ') + target);
    m_authorizations.append(headers.value("authorization"));
    socket->disconnect(this);
    if (target == QLatin1String("/ws") && headers.value("upgrade").toLower() == "websocket" && m_answers.value(target) == Answer::Normal) {
        m_webSockets.handleConnection(socket);
        return;
    }
    socket->read(end + 4);
    answer(socket, target, headers);
}

void FakeDatagate::answer(QTcpSocket *socket, const QString &target, const QHash<QByteArray, QByteArray> &headers)
{
    const QString path = QUrl(target).path();
    const int delay = m_delays.value(path);
    if (delay <= 0) {
        answerNow(socket, target, headers);
        return;
    }
    // Open until answered or until the client gives up, whichever comes first.
    auto open = std::make_shared<bool>(true);
    auto close = [this, open, path] {
        if (std::exchange(*open, false))
            --m_inFlight[path];
    };
    m_maxInFlight[path] = std::max(m_maxInFlight.value(path), ++m_inFlight[path]);
    connect(socket, &QTcpSocket::disconnected, this, close);
    QTimer::singleShot(delay, socket, [this, socket, target, headers, open, close] {
        if (!*open)
            return;
        close();
        answerNow(socket, target, headers);
    });
}

void FakeDatagate::answerNow(QTcpSocket *socket, const QString &target, const QHash<QByteArray, QByteArray> &headers)
{
    const QUrl url(target);
    const QString path = url.path();
    if (!m_token.isEmpty() && path.startsWith(QLatin1String("/api/")) && headers.value("authorization") != "Bearer " + m_token) {
        respond(socket, 401, R"({"error":"unauthorized","message":"a valid bearer token is required"})",
            "WWW-Authenticate: Bearer realm=\"datagate\"\r\n");
        return;
    }
    switch (m_answers.value(path, Answer::Normal)) {
    case Answer::Normal: break;
    case Answer::Status401: respond(socket, 401, R"({"error":"unauthorized"})"); return;
    case Answer::Status404: respond(socket, 404, R"({"error":"not_found"})"); return;
    case Answer::Status500: respond(socket, 500, R"({"error":"internal"})"); return;
    case Answer::NotJson: respond(socket, 200, "<html>this is not datagate</html>"); return;
    case Answer::Huge: respond(socket, 200, QByteArray(9 * 1024 * 1024, ' ') + "{}"); return;
    case Answer::Nothing: return;
    }
    if (path == QLatin1String("/api/status")) {
        respond(socket, 200, QJsonDocument(m_status).toJson(QJsonDocument::Compact));
    } else if (path == QLatin1String("/api/clients")) {
        const QUrlQuery query(url);
        const qsizetype offset = query.queryItemValue(QStringLiteral("offset")).toLongLong();
        const qsizetype limit =
            query.hasQueryItem(QStringLiteral("limit")) ? query.queryItemValue(QStringLiteral("limit")).toLongLong() : 100;
        if (offset < 0 || limit < 1 || limit > 1000) {
            respond(socket, 400, R"({"error":"bad_request"})");
            return;
        }
        // In the order of their ids, as the real server pages them.
        QList<ClientInfo> clients = m_clients;
        std::sort(clients.begin(), clients.end(), [](const ClientInfo &a, const ClientInfo &b) { return a.id < b.id; });
        QJsonArray page;
        for (qsizetype i = offset; i < clients.size() && i < offset + limit; ++i)
            page.append(StatusJson::fromClient(clients.at(i)));
        const QJsonObject body {{QStringLiteral("total"), clients.size()}, {QStringLiteral("offset"), offset},
            {QStringLiteral("limit"), limit}, {QStringLiteral("clients"), page}};
        respond(socket, 200, QJsonDocument(body).toJson(QJsonDocument::Compact));
    } else {
        respond(socket, 404, R"({"error":"not_found"})");
    }
}

void FakeDatagate::respond(QTcpSocket *socket, int status, const QByteArray &body, const QByteArray &extraHeaders)
{
    socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n" + extraHeaders + "\r\n" + body);
    socket->disconnectFromHost();
}
