#include "FakeUpstream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>

namespace {

// The largest request head we read; QNetworkAccessManager sends a few hundred bytes.
constexpr qsizetype MaxHeadBytes = 16 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 418: return "I'm a teapot";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Whatever";
    }
}

QString decimal(double price, int decimals)
{
    return QString::number(price, 'f', decimals);
}

} // namespace

FakeUpstream::FakeUpstream(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeUpstream::onNewConnection);
    m_server.listen(QHostAddress::LocalHost, 0);
}

FakeUpstream::~FakeUpstream()
{
    // Sockets are children of the server; they must not call back into a
    // half-destroyed fake.
    for (auto it = m_connections.keyBegin(); it != m_connections.keyEnd(); ++it)
        (*it)->disconnect(this);
}

QString FakeUpstream::url(const QString &route, const QString &pathAndQuery) const
{
    return QStringLiteral("http://127.0.0.1:%1/%2%3").arg(port()).arg(route, pathAndQuery);
}

QByteArray FakeUpstream::realBody(const QString &provider, double price)
{
    QJsonObject root;
    if (provider == QLatin1String("coingecko")) {
        root = {{QStringLiteral("bitcoin"), QJsonObject {{QStringLiteral("usd"), price}}}};
    } else if (provider == QLatin1String("coinbase")) {
        root = {{QStringLiteral("data"),
            QJsonObject {{QStringLiteral("amount"), decimal(price, 2)}, {QStringLiteral("base"), QStringLiteral("BTC")},
                {QStringLiteral("currency"), QStringLiteral("USD")}}}};
    } else if (provider == QLatin1String("kraken")) {
        // The whole ticker, as Kraken sends it: ask, bid, last trade, volume,
        // VWAP, trade count, low, high, opening price.
        const QJsonObject ticker {
            {QStringLiteral("a"), QJsonArray {decimal(price + 0.1, 5), QStringLiteral("1"), QStringLiteral("1.000")}},
            {QStringLiteral("b"), QJsonArray {decimal(price - 0.1, 5), QStringLiteral("3"), QStringLiteral("3.000")}},
            {QStringLiteral("c"), QJsonArray {decimal(price, 5), QStringLiteral("0.01686188")}},
            {QStringLiteral("v"), QJsonArray {QStringLiteral("1234.56789012"), QStringLiteral("2345.67890123")}},
            {QStringLiteral("p"), QJsonArray {decimal(price * 0.999, 5), decimal(price * 0.998, 5)}},
            {QStringLiteral("t"), QJsonArray {12345, 23456}},
            {QStringLiteral("l"), QJsonArray {decimal(price * 0.97, 5), decimal(price * 0.96, 5)}},
            {QStringLiteral("h"), QJsonArray {decimal(price * 1.02, 5), decimal(price * 1.03, 5)}},
            {QStringLiteral("o"), decimal(price * 0.99, 5)},
        };
        root = {{QStringLiteral("error"), QJsonArray()}, {QStringLiteral("result"), QJsonObject {{QStringLiteral("XXBTZUSD"), ticker}}}};
    } else if (provider == QLatin1String("binance")) {
        root = {{QStringLiteral("symbol"), QStringLiteral("BTCUSDT")}, {QStringLiteral("price"), decimal(price, 8)}};
    } else if (provider == QLatin1String("bitstamp")) {
        root = {
            {QStringLiteral("timestamp"), QStringLiteral("1686068944")},
            {QStringLiteral("open"), decimal(price * 0.99, 0)},
            {QStringLiteral("high"), decimal(price * 1.02, 0)},
            {QStringLiteral("low"), decimal(price * 0.97, 0)},
            {QStringLiteral("last"), QString::number(price, 'g', 15)},
            {QStringLiteral("volume"), QStringLiteral("1563.91482305")},
            {QStringLiteral("vwap"), decimal(price * 0.995, 0)},
            {QStringLiteral("bid"), decimal(price - 1, 0)},
            {QStringLiteral("ask"), decimal(price + 1, 0)},
            {QStringLiteral("side"), QStringLiteral("0")},
            {QStringLiteral("open_24"), decimal(price * 0.98, 0)},
            {QStringLiteral("percent_change_24"), QStringLiteral("1.23")},
        };
    } else {
        qFatal("FakeUpstream::realBody: no provider named %s", qPrintable(provider));
    }
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

void FakeUpstream::setPrice(const QString &provider, double price)
{
    setResponse(provider, body(realBody(provider, price)));
}

void FakeUpstream::setResponse(const QString &route, const Response &response)
{
    m_routes.insert(route, response);
}

FakeUpstream::Response FakeUpstream::status(int code, const QByteArray &body)
{
    Response response;
    response.status = code;
    response.body = body;
    return response;
}

FakeUpstream::Response FakeUpstream::body(const QByteArray &body)
{
    return status(200, body);
}

QStringList FakeUpstream::routesAsked() const
{
    QStringList routes;
    for (const Request &request : m_requests)
        routes.append(request.route);
    return routes;
}

int FakeUpstream::requestCount(const QString &route) const
{
    int count = 0;
    for (const Request &request : m_requests)
        count += request.route == route ? 1 : 0;
    return count;
}

void FakeUpstream::resetCounters()
{
    m_requests.clear();
    m_maxActive = m_active;
}

quint16 FakeUpstream::closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

void FakeUpstream::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        m_connections.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            finish(socket);
            m_connections.remove(socket);
            socket->deleteLater();
        });
    }
}

void FakeUpstream::onReadyRead(QTcpSocket *socket)
{
    Connection &connection = m_connections[socket];
    const QByteArray data = socket->readAll();
    if (connection.answered)
        return; // one request per connection; we always close after answering
    connection.buffer += data;
    const qsizetype headEnd = connection.buffer.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        if (connection.buffer.size() > MaxHeadBytes)
            socket->abort();
        return;
    }
    connection.answered = true;

    const QList<QByteArray> lines = connection.buffer.left(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    Request request;
    request.target = requestLine.value(1);
    const QByteArray path = request.target.split('?').value(0);
    request.route = QString::fromLatin1(path.mid(1).split('/').value(0));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "user-agent")
            request.userAgent = line.mid(colon + 1).trimmed();
    }
    m_requests.append(request);
    connection.active = true;
    m_maxActive = std::max(m_maxActive, ++m_active);

    answer(socket, m_routes.value(request.route, status(404, QByteArrayLiteral("{\"error\":\"no such route\"}"))));
    Q_EMIT requestReceived(request.route);
}

void FakeUpstream::answer(QTcpSocket *socket, const Response &response)
{
    if (response.hang)
        return; // until the client gives up and closes

    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    head += "Content-Type: application/json; charset=utf-8\r\n";
    head += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    head += "Connection: close\r\n";
    for (const auto &[name, value] : response.headers)
        head += name + ": " + value + "\r\n";
    head += "\r\n";

    if (response.chunkBytes <= 0 || response.body.isEmpty()) {
        socket->write(head + response.body);
        // The answer is complete once the kernel has it, which is before the
        // client can read it and ask its next question.
        connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] {
            if (socket->bytesToWrite() == 0) {
                finish(socket);
                socket->disconnectFromHost();
            }
        });
        return;
    }

    socket->write(head);
    auto *timer = new QTimer(socket);
    timer->setInterval(response.chunkIntervalMs);
    connect(timer, &QTimer::timeout, this,
        [this, socket, timer, body = response.body, chunk = response.chunkBytes, sent = qsizetype(0)]() mutable {
            socket->write(body.mid(sent, chunk));
            sent += chunk;
            ++m_chunksSent;
            Q_EMIT chunkSent();
            if (sent >= body.size()) {
                timer->stop();
                finish(socket);
                socket->disconnectFromHost();
            }
        });
    timer->start();
}

void FakeUpstream::finish(QTcpSocket *socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end() || !it->active)
        return;
    it->active = false;
    --m_active;
}
