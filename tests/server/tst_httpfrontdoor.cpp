// The shared port's HTTP front door: what a request that is not a valid
// WebSocket upgrade gets, answered over a raw loopback TCP socket.
#include "TestClients.h"
#include "TestServer.h"

#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

namespace {

struct RawResponse {
    int status = 0;
    QByteArray head;
    QByteArray body;
    bool closed = false;
};

// Sends request bytes and reads until the server closes the connection.
RawResponse exchange(quint16 port, const QByteArray &request, int timeoutMs = 5000)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    if (!request.isEmpty())
        socket.write(request);
    QByteArray received;
    bool closed = false;
    QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [&closed] { closed = true; });
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] { received += socket.readAll(); });
    (void)QTest::qWaitFor([&] { return closed; }, timeoutMs); // a timeout shows as closed == false
    received += socket.readAll();

    RawResponse response;
    response.closed = closed;
    const qsizetype end = received.indexOf("\r\n\r\n");
    response.head = end < 0 ? received : received.first(end);
    response.body = end < 0 ? QByteArray() : received.sliced(end + 4);
    const QList<QByteArray> statusLine = response.head.split('\n').first().split(' ');
    response.status = statusLine.size() > 1 ? statusLine[1].toInt() : 0;
    return response;
}

QByteArray get(const QByteArray &target, const QByteArray &extraHeaders = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
}

const QByteArray UpgradeHeaders =
    "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

} // namespace

class tst_HttpFrontDoor final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void refusedRequests_data();
    void refusedRequests();
    void engineIoErrorsMatchReferenceServer_data();
    void engineIoErrorsMatchReferenceServer();
    void upgradeSucceedsOnBothPaths_data();
    void upgradeSucceedsOnBothPaths();
    void silentConnectionTimesOut();
    void oversizedHeadIsRefused();
    void badRequestsDoNotDisturbSubscribers();

private:
    std::unique_ptr<TestServer> m_server;
};

void tst_HttpFrontDoor::initTestCase()
{
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("handshake-timeout"), 300);
    m_server = std::make_unique<TestServer>(config);
    QVERIFY(m_server->start());
}

void tst_HttpFrontDoor::cleanupTestCase()
{
    m_server.reset();
}

void tst_HttpFrontDoor::refusedRequests_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("errorCode");
    QTest::addRow("unknown path") << get("/nope") << 404 << QStringLiteral("not_found");
    QTest::addRow("root") << get("/") << 404 << QStringLiteral("not_found");
    QTest::addRow("ws without upgrade") << get("/ws") << 426 << QStringLiteral("upgrade_required");
    QTest::addRow("ws with POST") << QByteArray("POST /ws HTTP/1.1\r\nContent-Length: 0\r\n\r\n") << 405
                                  << QStringLiteral("method_not_allowed");
    QTest::addRow("garbage") << QByteArray("hello there\r\n\r\n") << 400 << QStringLiteral("bad_request");
    QTest::addRow("bad header line") << QByteArray("GET /ws HTTP/1.1\r\nno colon here\r\n\r\n") << 400 << QStringLiteral("bad_request");
    QTest::addRow("http/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 400 << QStringLiteral("bad_request");
}

void tst_HttpFrontDoor::refusedRequests()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QString, errorCode);
    const RawResponse response = exchange(m_server->port(), request);
    QCOMPARE(response.status, status);
    QVERIFY(response.closed);
    QVERIFY(response.head.contains("Content-Type: application/json"));
    const QJsonObject body = QJsonDocument::fromJson(response.body).object();
    QCOMPARE(body.value(QStringLiteral("error")).toString(), errorCode);
    QVERIFY(!body.value(QStringLiteral("message")).toString().isEmpty());
}

void tst_HttpFrontDoor::engineIoErrorsMatchReferenceServer_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    QTest::addRow("polling") << get("/socket.io/?EIO=4&transport=polling&t=abc") << 0 << QStringLiteral("Transport unknown");
    QTest::addRow("polling with upgrade headers")
        << get("/socket.io/?EIO=4&transport=polling", UpgradeHeaders) << 0 << QStringLiteral("Transport unknown");
    QTest::addRow("no transport") << get("/socket.io/?EIO=4") << 0 << QStringLiteral("Transport unknown");
    QTest::addRow("EIO 3") << get("/socket.io/?EIO=3&transport=websocket", UpgradeHeaders) << 5
                           << QStringLiteral("Unsupported protocol version");
    QTest::addRow("no EIO") << get("/socket.io/?transport=websocket", UpgradeHeaders) << 5
                            << QStringLiteral("Unsupported protocol version");
    QTest::addRow("unknown sid") << get("/socket.io/?EIO=4&transport=websocket&sid=abc", UpgradeHeaders) << 1
                                 << QStringLiteral("Session ID unknown");
    QTest::addRow("POST") << QByteArray("POST /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nContent-Length: 2\r\n\r\nok") << 2
                          << QStringLiteral("Bad handshake method");
    QTest::addRow("websocket without upgrade") << get("/socket.io/?EIO=4&transport=websocket") << 3 << QStringLiteral("Bad request");
}

void tst_HttpFrontDoor::engineIoErrorsMatchReferenceServer()
{
    QFETCH(QByteArray, request);
    QFETCH(int, code);
    QFETCH(QString, message);
    const RawResponse response = exchange(m_server->port(), request);
    QCOMPARE(response.status, 400);
    QVERIFY(response.closed); // answered, never left hanging
    const QJsonObject body = QJsonDocument::fromJson(response.body).object();
    QCOMPARE(body.value(QStringLiteral("code")).toInt(-1), code);
    QCOMPARE(body.value(QStringLiteral("message")).toString(), message);
}

void tst_HttpFrontDoor::upgradeSucceedsOnBothPaths_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addRow("socket.io") << QByteArray("/socket.io/?EIO=4&transport=websocket");
    QTest::addRow("socket.io, no slash") << QByteArray("/socket.io?EIO=4&transport=websocket");
    QTest::addRow("json") << QByteArray("/ws");
}

void tst_HttpFrontDoor::upgradeSucceedsOnBothPaths()
{
    QFETCH(QByteArray, target);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write(get(target, UpgradeHeaders));
    QByteArray received;
    QVERIFY(QTest::qWaitFor(
        [&] {
            received += socket.readAll();
            return received.contains("\r\n\r\n");
        },
        5000));
    QVERIFY2(received.startsWith("HTTP/1.1 101"), received.constData());
    QVERIFY(received.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
}

void tst_HttpFrontDoor::silentConnectionTimesOut()
{
    // Connects and sends half a request, then nothing: 408 after the handshake timeout.
    const RawResponse response = exchange(m_server->port(), "GET /ws HTTP/1.1\r\nHost: x\r\n");
    QCOMPARE(response.status, 408);
    QVERIFY(response.closed);

    // Sends nothing at all.
    const RawResponse silent = exchange(m_server->port(), {});
    QCOMPARE(silent.status, 408);
    QVERIFY(silent.closed);
}

void tst_HttpFrontDoor::oversizedHeadIsRefused()
{
    const QByteArray huge = "GET /ws HTTP/1.1\r\nX-Filler: " + QByteArray(20000, 'a') + "\r\n\r\n";
    const RawResponse response = exchange(m_server->port(), huge);
    QCOMPARE(response.status, 431);
    QVERIFY(response.closed);
}

void tst_HttpFrontDoor::badRequestsDoNotDisturbSubscribers()
{
    JsonTestClient client;
    QVERIFY(client.connectTo(m_server->jsonUrl()));
    client.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}});
    QVERIFY(!client.nextEvent(QStringLiteral("randomNumber")).isEmpty());

    for (int i = 0; i < 20; ++i)
        QCOMPARE(exchange(m_server->port(), get("/socket.io/?EIO=4&transport=polling")).status, 400);
    client.drain(0);
    QVERIFY(client.countEvents(QStringLiteral("randomNumber"), 300) >= 2);
    QVERIFY(client.isConnected());
}

QTEST_GUILESS_MAIN(tst_HttpFrontDoor)
#include "tst_httpfrontdoor.moc"
