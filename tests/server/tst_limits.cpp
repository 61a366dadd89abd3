// The limits of docs/security.md against a real Server over loopback
// sockets: --max-connections (503), --max-connections-per-ip (429) with
// X-Forwarded-For believed only from --trusted-proxies and loopback peers
// exempt otherwise, --max-pending-handshakes (new connections wait), the message
// rate (an error, then 1008), and the slow consumer (4008). Each case checks
// the reason in the metrics, and that the counts come back to zero once the
// clients are gone.
#include "RawWsClient.h"
#include "TestClients.h"
#include "TestServer.h"
#include "UpgradeAttempt.h"

#include "model/TrafficStats.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

namespace {

const QByteArray JsonPath = "/ws";
const QByteArray SocketIoPath = "/socket.io/?EIO=4&transport=websocket";
const QString Random = QStringLiteral("randomNumber");

using Attempt = UpgradeAttempt;

Attempt upgrade(quint16 port, const QByteArray &target, const QByteArray &extraHeaders = {})
{
    return UpgradeAttempt::upgrade(port, target, extraHeaders);
}

QByteArray forwardedFor(const QByteArray &addresses)
{
    return "X-Forwarded-For: " + addresses + "\r\n";
}

quint64 connectionsRejected(Server &server, const QString &protocol, const QString &reason)
{
    return TestServer::trafficStats(server).protocols.value(protocol).connectionsRejected.value(reason);
}

quint64 messagesRejected(Server &server, const QString &protocol, const QString &reason)
{
    return TestServer::trafficStats(server).protocols.value(protocol).messagesRejected.value(reason);
}

// No feed ticks on their own: every message a client gets is an answer.
Config quietConfig()
{
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("random-interval"), 24 * 3600 * 1000);
    return config;
}

// A started server on quietConfig() with these options changed; null (and a
// warning) if it did not start.
std::unique_ptr<TestServer> startServer(const QList<std::pair<QString, QVariant>> &options)
{
    Config config = quietConfig();
    for (const auto &[name, value] : options)
        config.set(name, value);
    auto server = std::make_unique<TestServer>(config);
    return server->start() ? std::move(server) : nullptr;
}

// Connects and sends nothing: a half-open handshake.
bool connectSilently(QTcpSocket &socket, quint16 port)
{
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(5000);
}

// GET /metrics, and the value of the sample named `sample` (e.g.
// `datagate_handshakes_pending`); -1 if there is none.
double metric(quint16 port, const QByteArray &sample)
{
    QTcpSocket socket;
    if (!connectSilently(socket, port))
        return -1;
    socket.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray text;
    (void)QTest::qWaitFor(
        [&] {
            text += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        5000);
    text += socket.readAll();
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith(QByteArray(sample + ' ')))
            return line.sliced(sample.size() + 1).trimmed().toDouble();
    }
    return -1;
}

bool countsAreZero(Server &server)
{
    return QTest::qWaitFor(
        [&] {
            const Server::ConnectionCounts counts = server.connectionCounts();
            return counts.connections == 0 && counts.pendingHandshakes == 0 && counts.addresses == 0;
        },
        5000);
}

} // namespace

class tst_Limits final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void maxConnectionsAnswers503_data();
    void maxConnectionsAnswers503();
    void perIpLimitFollowsTrustedForwardedFor();
    void loopbackIsExemptAndItsForwardedForIgnored();
    void pendingHandshakesMakeNewConnectionsWait();
    void handshakeTimeoutFreesItsPlace();
    void failedUpgradeFreesItsPlace();
    void jsonFloodIsWarnedThenClosed();
    void socketIoFloodIsWarnedThenClosed();
    void slowConsumerIsClosedWith4008_data();
    void slowConsumerIsClosedWith4008();
    void reloadChangesTheLimits();
};

void tst_Limits::maxConnectionsAnswers503_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("protocol");
    QTest::addRow("json") << JsonPath << TrafficStats::Json;
    QTest::addRow("socket.io") << SocketIoPath << TrafficStats::SocketIo;
}

void tst_Limits::maxConnectionsAnswers503()
{
    QFETCH(QByteArray, target);
    QFETCH(QString, protocol);
    const std::unique_ptr<TestServer> server = startServer({{QStringLiteral("max-connections"), 2}});
    QVERIFY(server);

    Attempt first = upgrade(server->port(), target);
    Attempt second = upgrade(server->port(), target);
    QCOMPARE(first.status, 101);
    QCOMPARE(second.status, 101);
    QCOMPARE(server->server().connectionCounts().connections, 2);

    const Attempt third = upgrade(server->port(), target);
    QCOMPARE(third.status, 503);
    QCOMPARE(QJsonDocument::fromJson(third.body).object().value(QStringLiteral("error")).toString(), QStringLiteral("max_connections"));
    QCOMPARE(connectionsRejected(server->server(), protocol, QStringLiteral("max_connections")), 1u);
    // Plain HTTP is not a WebSocket connection and is still answered.
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, server->port());
    QVERIFY(probe.waitForConnected(5000));
    probe.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QTRY_VERIFY(probe.bytesAvailable() > 0 || probe.state() == QAbstractSocket::UnconnectedState);
    QVERIFY(probe.readAll().startsWith("HTTP/1.1 200"));

    // A place given back is taken again.
    first.socket->abort();
    QTRY_COMPARE(server->server().connectionCounts().connections, 1);
    Attempt again = upgrade(server->port(), target);
    QCOMPARE(again.status, 101);

    second.socket->abort();
    again.socket->abort();
    QVERIFY(countsAreZero(server->server()));
}

void tst_Limits::perIpLimitFollowsTrustedForwardedFor()
{
    const std::unique_ptr<TestServer> server = startServer({{QStringLiteral("max-connections-per-ip"), 2},
        {QStringLiteral("trusted-proxies"), QVariant(QStringList {QStringLiteral("127.0.0.1")})}});
    QVERIFY(server);
    const quint16 port = server->port();

    std::vector<Attempt> held;
    for (int i = 0; i < 2; ++i) {
        held.push_back(upgrade(port, JsonPath, forwardedFor("198.51.100.7")));
        QCOMPARE(held.back().status, 101);
    }
    const Attempt third = upgrade(port, JsonPath, forwardedFor("198.51.100.7"));
    QCOMPARE(third.status, 429);
    QCOMPARE(
        QJsonDocument::fromJson(third.body).object().value(QStringLiteral("error")).toString(), QStringLiteral("max_connections_per_ip"));
    // The right-most untrusted entry is the client, whatever it put before.
    QCOMPARE(upgrade(port, JsonPath, forwardedFor("203.0.113.1, 198.51.100.7")).status, 429);
    QCOMPARE(connectionsRejected(server->server(), TrafficStats::Json, QStringLiteral("max_connections_per_ip")), 2u);
    // Another client behind the same proxy has its own count.
    held.push_back(upgrade(port, SocketIoPath, forwardedFor("198.51.100.8")));
    QCOMPARE(held.back().status, 101);
    // A trusted loopback peer is not exempt: without the header it counts as itself.
    held.push_back(upgrade(port, JsonPath));
    held.push_back(upgrade(port, JsonPath));
    QCOMPARE(held.at(3).status, 101);
    QCOMPARE(held.at(4).status, 101);
    QCOMPARE(upgrade(port, JsonPath).status, 429);
    QCOMPARE(server->server().connectionCounts().addresses, 3);
    QCOMPARE(server->server().connectionCounts().connections, 5);

    for (Attempt &attempt : held)
        attempt.socket->abort();
    QVERIFY(countsAreZero(server->server()));
    QCOMPARE(upgrade(port, JsonPath, forwardedFor("198.51.100.7")).status, 101);
}

void tst_Limits::loopbackIsExemptAndItsForwardedForIgnored()
{
    // Without trusted proxies a loopback peer is exempt, and the address it
    // claims in X-Forwarded-For (which would be limited) is not believed.
    const std::unique_ptr<TestServer> server = startServer({{QStringLiteral("max-connections-per-ip"), 2}});
    QVERIFY(server);
    std::vector<Attempt> held;
    for (int i = 0; i < 5; ++i) {
        held.push_back(upgrade(server->port(), i % 2 ? JsonPath : SocketIoPath, forwardedFor("198.51.100.7")));
        QCOMPARE(held.back().status, 101);
    }
    QCOMPARE(server->server().connectionCounts().connections, 5);
    QCOMPARE(server->server().connectionCounts().addresses, 0);
    for (Attempt &attempt : held)
        attempt.socket->abort();
    QVERIFY(countsAreZero(server->server()));
}

void tst_Limits::pendingHandshakesMakeNewConnectionsWait()
{
    const std::unique_ptr<TestServer> server =
        startServer({{QStringLiteral("max-pending-handshakes"), 2}, {QStringLiteral("handshake-timeout"), 60000}});
    QVERIFY(server);

    // Two half-open connections: connected, and silent.
    QTcpSocket silent1;
    QTcpSocket silent2;
    QVERIFY(connectSilently(silent1, server->port()));
    QVERIFY(connectSilently(silent2, server->port()));
    QTRY_COMPARE(server->server().connectionCounts().pendingHandshakes, 2);

    // A third, a real client, is not accepted meanwhile: it waits in the
    // kernel's backlog, neither answered nor refused, and holds no place.
    const QByteArray head = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
    QTcpSocket waiting;
    QVERIFY(connectSilently(waiting, server->port()));
    waiting.write(head);
    QTest::qWait(500);
    QCOMPARE(waiting.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(waiting.bytesAvailable(), 0);
    QCOMPARE(server->server().connectionCounts().pendingHandshakes, 2);
    QCOMPARE(connectionsRejected(server->server(), TrafficStats::Http, QStringLiteral("max_pending_handshakes")), 0u);

    // A half-open connection that completes its handshake frees its place,
    // and the waiting client takes it and is upgraded.
    silent1.write(head);
    QTRY_VERIFY(silent1.peek(12) == "HTTP/1.1 101");
    QTRY_VERIFY(waiting.peek(12) == "HTTP/1.1 101");
    QTRY_COMPARE(server->server().connectionCounts().connections, 2);
    QCOMPARE(server->server().connectionCounts().pendingHandshakes, 1);

    // One that leaves frees it too.
    silent2.abort();
    silent1.abort();
    waiting.abort();
    QVERIFY(countsAreZero(server->server()));
    // The metrics show the peak; the request for them is the one pending now.
    QCOMPARE(metric(server->port(), "datagate_handshakes_pending_peak"), 2.0);
    QCOMPARE(metric(server->port(), "datagate_handshakes_pending"), 1.0);
}

void tst_Limits::handshakeTimeoutFreesItsPlace()
{
    const std::unique_ptr<TestServer> server =
        startServer({{QStringLiteral("max-pending-handshakes"), 1}, {QStringLiteral("handshake-timeout"), 200}});
    QVERIFY(server);
    QTcpSocket silent;
    QVERIFY(connectSilently(silent, server->port()));
    QTRY_COMPARE(server->server().connectionCounts().pendingHandshakes, 1);
    // Answered 408 at the timeout, and the place is free again.
    QTRY_COMPARE(silent.state(), QAbstractSocket::UnconnectedState);
    QVERIFY(silent.readAll().startsWith("HTTP/1.1 408"));
    QVERIFY(countsAreZero(server->server()));
    QCOMPARE(upgrade(server->port(), JsonPath).status, 101);
}

void tst_Limits::failedUpgradeFreesItsPlace()
{
    // Admitted by the front door (an upgrade to /ws), then refused by the
    // WebSocket handshake itself (no Sec-WebSocket-Key): its place is given
    // back with its socket.
    const std::unique_ptr<TestServer> server = startServer({{QStringLiteral("max-connections"), 1}});
    QVERIFY(server);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, server->port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QTRY_VERIFY(socket.bytesAvailable() > 0 || socket.state() == QAbstractSocket::UnconnectedState);
    QVERIFY(!socket.peek(12).startsWith("HTTP/1.1 101"));
    QVERIFY(countsAreZero(server->server()));
    QCOMPARE(upgrade(server->port(), JsonPath).status, 101);
}

void tst_Limits::jsonFloodIsWarnedThenClosed()
{
    const std::unique_ptr<TestServer> server =
        startServer({{QStringLiteral("client-message-rate"), 1}, {QStringLiteral("client-message-burst"), 3}});
    QVERIFY(server);
    JsonTestClient client;
    QVERIFY(client.connectTo(server->jsonUrl()));
    // A well-behaved client on the same server is not affected.
    JsonTestClient calm;
    QVERIFY(calm.connectTo(server->jsonUrl()));

    // Seven at once: three within the burst, the fourth warned, and three
    // more over the limit (a burst's worth) close the connection.
    const QJsonObject subscribe {{QStringLiteral("event"), QStringLiteral("subscribe")},
        {QStringLiteral("data"), QJsonObject {{QStringLiteral("streams"), QJsonArray {Random}}}}};
    for (int i = 0; i < 7; ++i)
        client.sendJson(subscribe);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(client.nextJson().value(QStringLiteral("event")).toString(), QStringLiteral("subscribed"));
    const QJsonObject error = client.nextJson();
    QCOMPARE(error.value(QStringLiteral("event")).toString(), QStringLiteral("error"));
    QCOMPARE(error.value(QStringLiteral("data")).toObject().value(QStringLiteral("code")).toString(), QStringLiteral("rate_limited"));
    QVERIFY(client.waitForDisconnect());
    QCOMPARE(int(client.closeCode()), 1008);
    QCOMPARE(client.closeReason(), QStringLiteral("rate limited"));
    QCOMPARE(client.drain(0), QStringList()); // nothing but the error came for the dropped messages
    QCOMPARE(messagesRejected(server->server(), TrafficStats::Json, QStringLiteral("rate_limited")), 4u);

    calm.sendJson(subscribe);
    QCOMPARE(calm.nextJson().value(QStringLiteral("event")).toString(), QStringLiteral("subscribed"));
    QVERIFY(calm.isConnected());
}

void tst_Limits::socketIoFloodIsWarnedThenClosed()
{
    const std::unique_ptr<TestServer> server =
        startServer({{QStringLiteral("client-message-rate"), 1}, {QStringLiteral("client-message-burst"), 3}});
    QVERIFY(server);
    SocketIoTestClient client;
    // Joining /data is one message: two of the burst are left.
    QVERIFY(client.connectTo(server->socketIoUrl()));
    const QString subscribe = QStringLiteral("subscribe") + Random.left(1).toUpper() + Random.mid(1);
    for (int ack = 1; ack <= 6; ++ack)
        client.emitEvent(subscribe, ack);
    QCOMPARE(client.waitForAck(1).value(QStringLiteral("ok")).toBool(), true);
    QCOMPARE(client.waitForAck(2).value(QStringLiteral("ok")).toBool(), true);
    const QJsonArray error = client.nextEvent(QStringLiteral("error"));
    QCOMPARE(error.size(), 2);
    QCOMPARE(error.at(1).toObject().value(QStringLiteral("code")).toString(), QStringLiteral("rate_limited"));
    QVERIFY(client.waitForDisconnect());
    QCOMPARE(int(client.closeCode()), 1008);
    QCOMPARE(client.closeReason(), QStringLiteral("rate limited"));
    QCOMPARE(messagesRejected(server->server(), TrafficStats::SocketIo, QStringLiteral("rate_limited")), 4u);
    QVERIFY(countsAreZero(server->server()));
}

void tst_Limits::slowConsumerIsClosedWith4008_data()
{
    QTest::addColumn<bool>("reload");
    QTest::addRow("the cap at start") << false;
    // From 1 GiB, which the flood below never reaches, to 1 KiB while the
    // client is connected: it applies to the clients already there.
    QTest::addRow("the cap lowered by a reload") << true;
}

void tst_Limits::slowConsumerIsClosedWith4008()
{
    QFETCH(bool, reload);
    const qint64 cap = 1024;
    Config config = quietConfig();
    config.set(QStringLiteral("max-send-buffer"), reload ? 1024LL * 1024 * 1024 : cap);
    config.set(QStringLiteral("client-message-rate"), 0); // it floods on purpose
    TestServer server(config);
    QVERIFY(server.start());
    RawWsClient slow;
    QVERIFY(slow.open(server.port(), JsonPath));
    QVERIFY(slow.nextMessage().has_value()); // the welcome
    slow.stopReading();
    if (reload) {
        config.set(QStringLiteral("max-send-buffer"), cap);
        server.server().reconfigure(config);
        QCOMPARE(server.server().maxSendBufferBytes(), cap);
    }

    // Requests whose answers (each echoes its 40 KB id) are never read,
    // until the server gives up on the client.
    const QByteArray request = R"({"event":"fooBar","id":")" + QByteArray(40 * 1024, 'x') + R"("})";
    bool closing = false;
    for (int i = 0; i < 600 && !closing; ++i) {
        QVERIFY(slow.sendText(request));
        closing = TestServer::trafficStats(server.server()).slowConsumerDisconnects == 1;
    }
    QVERIFY(closing);
    // It reads again within the close grace, and finds the close frame
    // behind everything that was queued.
    slow.resumeReading();
    QVERIFY(slow.waitForCloseOrEnd(5000));
    QCOMPARE(slow.closeCode(), std::optional<quint16>(4008));
    QCOMPARE(slow.closeReason(), QByteArray("slow consumer"));
    QVERIFY(countsAreZero(server.server()));
}

// A reload (what SIGHUP does: Server::reconfigure) changes the limits with
// no restart: the connection limit for the connections that come next, with
// nobody cut off, and the message rate for the clients already connected.
void tst_Limits::reloadChangesTheLimits()
{
    Config config = quietConfig();
    config.set(QStringLiteral("max-connections"), 1);
    TestServer server(config);
    QVERIFY(server.start());
    JsonTestClient first;
    QVERIFY(first.connectTo(server.jsonUrl()));
    QCOMPARE(upgrade(server.port(), JsonPath).status, 503);

    config.set(QStringLiteral("max-connections"), 2);
    config.set(QStringLiteral("client-message-rate"), 1);
    config.set(QStringLiteral("client-message-burst"), 1);
    server.server().reconfigure(config);
    Attempt second = upgrade(server.port(), JsonPath);
    QCOMPARE(second.status, 101);
    QVERIFY(first.isConnected());
    QCOMPARE(upgrade(server.port(), JsonPath).status, 503);

    // Two at once: the first within the new burst of one, the second over it.
    const QJsonObject subscribe {{QStringLiteral("event"), QStringLiteral("subscribe")},
        {QStringLiteral("data"), QJsonObject {{QStringLiteral("streams"), QJsonArray {Random}}}}};
    first.sendJson(subscribe);
    first.sendJson(subscribe);
    QCOMPARE(first.nextJson().value(QStringLiteral("event")).toString(), QStringLiteral("subscribed"));
    const QJsonObject error = first.nextJson();
    QCOMPARE(error.value(QStringLiteral("data")).toObject().value(QStringLiteral("code")).toString(), QStringLiteral("rate_limited"));

    // Lowered below what is held: nobody is cut off.
    config.set(QStringLiteral("max-connections"), 1);
    server.server().reconfigure(config);
    QCOMPARE(server.server().connectionCounts().connections, 2);
    QVERIFY(first.isConnected());
    second.socket->abort();
    QTRY_COMPARE(server.server().connectionCounts().connections, 1);
    QCOMPARE(upgrade(server.port(), JsonPath).status, 503);
}

QTEST_GUILESS_MAIN(tst_Limits)
#include "tst_limits.moc"
