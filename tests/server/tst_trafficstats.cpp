// Server::requestTrafficStats() and Server::requestClients() count exactly,
// over real loopback connections, with two I/O threads so that every number
// is a sum over threads. The feeds are stopped right after the start; the
// test publishes every tick itself (Hub::publishStamped), so it knows how
// many there were. Expected bytes are derived from what the clients received:
// an unmasked server text frame is its payload plus a 2, 4 or 10-byte header
// (RFC 6455 §5.2).
#include "hub/Hub.h"

#include "ClientFrames.h"
#include "TestClients.h"
#include "TestServer.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>

namespace {

const QString Random = QStringLiteral("randomNumber");
const QString Price = QStringLiteral("bitcoinPrice");

qint64 wireSize(const QString &message)
{
    const qint64 payload = message.toUtf8().size();
    return payload + (payload <= 125 ? 2 : payload <= 0xffff ? 4 : 10);
}

// Every text message a client's socket received, the ones its test client
// consumed on the way (open packet, welcome, replies) included. Attach before
// the client opens.
class Tally final {
public:
    explicit Tally(WsTestClient &client)
    {
        QObject::connect(&client.socket(), &QWebSocket::textMessageReceived, &client.socket(),
            [this](const QString &message) { m_messages.append(message); });
    }

    quint64 messages() const { return quint64(m_messages.size()); }
    quint64 bytes() const
    {
        quint64 total = 0;
        for (const QString &message : m_messages)
            total += quint64(wireSize(message));
        return total;
    }
    // The messages that carry a tick of this stream, in either protocol.
    QStringList ticksOf(const QString &stream) const
    {
        const QString socketIoPrefix = QStringLiteral("42/data,[\"") + stream + QStringLiteral("\",");
        QStringList ticks;
        for (const QString &message : m_messages) {
            const bool isJsonTick = message.startsWith(QLatin1Char('{'))
                && QJsonDocument::fromJson(message.toUtf8()).object().value(QStringLiteral("event")).toString() == stream;
            if (isJsonTick || message.startsWith(socketIoPrefix))
                ticks.append(message);
        }
        return ticks;
    }

private:
    QStringList m_messages;
};

Config quietConfig()
{
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("io-threads"), 2);
    config.set(QStringLiteral("random-interval"), 24 * 3600 * 1000);
    config.set(QStringLiteral("ping-interval"), 60 * 60 * 1000);
    return config;
}

// Started, with its feeds stopped: every tick is the test's.
bool startQuiet(TestServer &server)
{
    if (!server.start())
        return false;
    server.server().hub()->stop();
    return true;
}

// Publishes the stream's next tick, as the hub would have stamped it.
bool publish(Server &server, const QString &stream, const QJsonValue &value)
{
    Tick tick;
    tick.stream = stream;
    tick.seq = server.hub()->lastSeq(stream) + 1;
    tick.ts = QDateTime::currentMSecsSinceEpoch();
    tick.value = value;
    return server.hub()->publishStamped(tick);
}

QList<ClientInfo> clients(Server &server)
{
    QObject context;
    std::optional<QList<ClientInfo>> result;
    server.requestClients(&context, [&](const QList<ClientInfo> &clients) { result = clients; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 5000))
        qWarning("no client list within 5 s");
    return result.value_or(QList<ClientInfo>());
}

QJsonObject request(const QString &event, int id)
{
    return {{QStringLiteral("event"), event}, {QStringLiteral("id"), id}};
}

bool subscribeJson(JsonTestClient &client, int id)
{
    client.sendJson(request(QStringLiteral("subscribeRandomNumber"), id));
    return client.nextEvent(QStringLiteral("subscribed")).value(QStringLiteral("id")).toInt() == id;
}

bool subscribeSocketIo(SocketIoTestClient &client, int id)
{
    client.emitEvent(QStringLiteral("subscribeRandomNumber"), id);
    return client.waitForAck(id).value(QStringLiteral("ok")).toBool();
}

// Sends raw bytes and returns what the server answered by the time it closed.
QByteArray httpExchange(quint16 port, const QByteArray &request)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000))
        return {};
    socket.write(request);
    QByteArray answer;
    const bool closed = QTest::qWaitFor(
        [&] {
            answer += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        5000);
    return closed ? answer + socket.readAll() : QByteArray("(still open) ") + answer;
}

} // namespace

class tst_TrafficStats final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ticksAndRepliesCountExactly();
    void latestTickOnSubscribeCountsForItsStream();
    void messagesRejectedByReason_data();
    void messagesRejectedByReason();
    void connectionsRejectedByReason_data();
    void connectionsRejectedByReason();
    void slowConsumerIsCounted();
    void clientSnapshot();
    void disconnectClientClosesThatClientOnly();
    void answerIsDroppedWithItsContext();
};

void tst_TrafficStats::ticksAndRepliesCountExactly()
{
    TestServer server(quietConfig());
    QVERIFY(startQuiet(server));
    // Three clients of each protocol, two of each subscribed.
    JsonTestClient j1, j2, j3;
    SocketIoTestClient s1, s2, s3;
    Tally tj1(j1), tj2(j2), tj3(j3), ts1(s1), ts2(s2), ts3(s3);
    for (JsonTestClient *client : {&j1, &j2, &j3})
        QVERIFY(client->connectTo(server.jsonUrl()));
    for (SocketIoTestClient *client : {&s1, &s2, &s3})
        QVERIFY(client->connectTo(server.socketIoUrl()));
    QVERIFY(subscribeJson(j1, 1));
    QVERIFY(subscribeJson(j2, 2));
    QVERIFY(subscribeSocketIo(s1, 3));
    QVERIFY(subscribeSocketIo(s2, 4));

    constexpr int Ticks = 5;
    for (int i = 0; i < Ticks; ++i)
        QVERIFY(publish(server.server(), Random, i * 1111)); // values of different lengths
    for (Tally *tally : {&tj1, &tj2, &ts1, &ts2})
        QTRY_COMPARE(tally->ticksOf(Random).size(), Ticks);
    QTest::qWait(50);
    for (Tally *tally : {&tj3, &ts3})
        QVERIFY(tally->ticksOf(Random).isEmpty());

    const TrafficStats stats = TestServer::trafficStats(server.server());
    // Per stream: subscribers × ticks, and the bytes of exactly those frames.
    const TrafficStats::Stream random = stats.streams.value(Random);
    QCOMPARE(random.subscribers, 4u);
    QCOMPARE(random.messagesSent, quint64(4 * Ticks));
    quint64 tickBytes = 0;
    for (Tally *tally : {&tj1, &tj2, &ts1, &ts2}) {
        for (const QString &tick : tally->ticksOf(Random))
            tickBytes += quint64(wireSize(tick));
    }
    QCOMPARE(random.bytesSent, tickBytes);
    QCOMPARE(stats.streams.value(Price), TrafficStats::Stream());

    // Per protocol: ticks and replies, everything every client received.
    const TrafficStats::Protocol json = stats.protocols.value(TrafficStats::Json);
    const TrafficStats::Protocol sio = stats.protocols.value(TrafficStats::SocketIo);
    QCOMPARE(json.messagesSent, tj1.messages() + tj2.messages() + tj3.messages());
    QCOMPARE(json.bytesSent, tj1.bytes() + tj2.bytes() + tj3.bytes());
    QCOMPARE(sio.messagesSent, ts1.messages() + ts2.messages() + ts3.messages());
    QCOMPARE(sio.bytesSent, ts1.bytes() + ts2.bytes() + ts3.bytes());
    // And that is: JSON welcome (+ subscribed); Socket.IO open, connect and
    // welcome (+ ack); plus the ticks.
    QCOMPARE(json.messagesSent, quint64(3 + 2 + 2 * Ticks));
    QCOMPARE(sio.messagesSent, quint64(3 * 3 + 2 + 2 * Ticks));
    // Received: two subscribes; three namespace joins and two subscribes.
    QCOMPARE(json.messagesReceived, 2u);
    QCOMPARE(sio.messagesReceived, 5u);
    QVERIFY(json.messagesRejected.isEmpty());
    QVERIFY(sio.messagesRejected.isEmpty());
    QCOMPARE(json.connectionsOpen, 3u);
    QCOMPARE(json.connectionsTotal, 3u);
    QCOMPARE(sio.connectionsOpen, 3u);
    QCOMPARE(sio.connectionsTotal, 3u);
    QCOMPARE(stats.protocols.value(TrafficStats::Http), TrafficStats::Protocol());
    QCOMPARE(stats.slowConsumerDisconnects, 0u);

    // Leaving: open goes down, total stays; the stream loses a subscriber.
    QSignalSpy disconnected(&server.server(), &Server::clientDisconnected);
    j1.socket().close();
    s3.socket().close();
    QTRY_COMPARE(disconnected.size(), 2);
    const TrafficStats after = TestServer::trafficStats(server.server());
    QCOMPARE(after.protocols.value(TrafficStats::Json).connectionsOpen, 2u);
    QCOMPARE(after.protocols.value(TrafficStats::Json).connectionsTotal, 3u);
    QCOMPARE(after.protocols.value(TrafficStats::SocketIo).connectionsOpen, 2u);
    QCOMPARE(after.protocols.value(TrafficStats::SocketIo).connectionsTotal, 3u);
    QCOMPARE(after.streams.value(Random).subscribers, 3u);
    QCOMPARE(after.streams.value(Random).messagesSent, quint64(4 * Ticks));
}

void tst_TrafficStats::latestTickOnSubscribeCountsForItsStream()
{
    // The price is sent to a new subscriber at once: a tick of its stream
    // written to a subscriber, as the stream's counters define them.
    TestServer server(quietConfig());
    QVERIFY(startQuiet(server));
    QVERIFY(publish(server.server(), Price, 97123.45));
    JsonTestClient json;
    SocketIoTestClient sio;
    Tally tallyJson(json);
    Tally tallySio(sio);
    QVERIFY(json.connectTo(server.jsonUrl()));
    QVERIFY(sio.connectTo(server.socketIoUrl()));
    json.sendJson(request(QStringLiteral("subscribeBitcoinPrice"), 1));
    sio.emitEvent(QStringLiteral("subscribeBitcoinPrice"), 2);
    QTRY_COMPARE(tallyJson.ticksOf(Price).size(), 1);
    QTRY_COMPARE(tallySio.ticksOf(Price).size(), 1);

    const TrafficStats stats = TestServer::trafficStats(server.server());
    QCOMPARE(stats.protocols.value(TrafficStats::Json).messagesSent, tallyJson.messages());
    QCOMPARE(stats.protocols.value(TrafficStats::SocketIo).messagesSent, tallySio.messages());
    const TrafficStats::Stream price = stats.streams.value(Price);
    QCOMPARE(price.subscribers, 2u);
    QCOMPARE(price.messagesSent, 2u);
    QCOMPARE(price.bytesSent, quint64(wireSize(tallyJson.ticksOf(Price).first()) + wireSize(tallySio.ticksOf(Price).first())));
}

void tst_TrafficStats::messagesRejectedByReason_data()
{
    QTest::addColumn<bool>("socketIo");
    QTest::addColumn<bool>("binary");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QString>("reason");
    // 0: the connection stays open.
    QTest::addColumn<int>("closeCode");

    const QByteArray tooLarge = R"({"event":"subscribeRandomNumber","id":")" + QByteArray(2048, 'x') + R"("})";
    QTest::addRow("json: not JSON") << false << false << QByteArray("{oops") << QStringLiteral("bad_json") << 0;
    QTest::addRow("json: no event") << false << false << QByteArray(R"({"id":4})") << QStringLiteral("bad_request") << 0;
    QTest::addRow("json: unknown event") << false << false << QByteArray(R"({"event":"fooBar"})") << QStringLiteral("unknown_event") << 0;
    QTest::addRow("json: unknown stream") << false << false << QByteArray(R"({"event":"subscribe","data":{"streams":["nope"]}})")
                                          << QStringLiteral("unknown_stream") << 0;
    QTest::addRow("json: binary") << false << true << QByteArray("{}") << QStringLiteral("binary_not_supported") << 0;
    QTest::addRow("json: too large") << false << false << tooLarge << QStringLiteral("too_large") << 1009;

    QTest::addRow("socket.io: unknown event") << true << false << QByteArray(R"(42/data,["fooBar"])") << QStringLiteral("unknown_event")
                                              << 0;
    QTest::addRow("socket.io: namespace not joined")
        << true << false << QByteArray(R"(42/other,["subscribeRandomNumber"])") << QStringLiteral("namespace_not_joined") << 1002;
    QTest::addRow("socket.io: joined twice") << true << false << QByteArray("40/data,") << QStringLiteral("already_connected") << 1002;
    QTest::addRow("socket.io: reserved event name")
        << true << false << QByteArray(R"(42/data,["connect"])") << QStringLiteral("reserved_event") << 1002;
    QTest::addRow("socket.io: unknown namespace") << true << false << QByteArray("40/other,") << QStringLiteral("invalid_namespace") << 0;
    QTest::addRow("socket.io: not Engine.IO") << true << false << QByteArray("x") << QStringLiteral("protocol_error") << 1002;
    QTest::addRow("socket.io: not Socket.IO") << true << false << QByteArray("49") << QStringLiteral("protocol_error") << 1002;
    QTest::addRow("socket.io: binary frame") << true << true << QByteArray("42") << QStringLiteral("binary") << 1003;
    QTest::addRow("socket.io: binary attachment")
        << true << false << QByteArray(R"(451-/data,["x",{"_placeholder":true,"num":0}])") << QStringLiteral("binary") << 1003;
    QTest::addRow("socket.io: too large") << true << false << "42/data," + tooLarge << QStringLiteral("too_large") << 1009;
}

void tst_TrafficStats::messagesRejectedByReason()
{
    QFETCH(bool, socketIo);
    QFETCH(bool, binary);
    QFETCH(QByteArray, message);
    QFETCH(QString, reason);
    QFETCH(int, closeCode);
    Config config = quietConfig();
    config.set(QStringLiteral("max-message-size"), 1024);
    TestServer server(config);
    QVERIFY(startQuiet(server));
    // A bystander of the other protocol sees nothing of it.
    JsonTestClient json;
    SocketIoTestClient sio;
    QVERIFY(json.connectTo(server.jsonUrl()));
    QVERIFY(sio.connectTo(server.socketIoUrl()));
    WsTestClient &client = socketIo ? static_cast<WsTestClient &>(sio) : json;
    QSignalSpy disconnected(&server.server(), &Server::clientDisconnected);

    if (binary)
        client.socket().sendBinaryMessage(message);
    else
        client.send(QString::fromUtf8(message));
    if (closeCode) {
        QVERIFY(client.waitForDisconnect());
        QCOMPARE(int(client.closeCode()), closeCode);
        // The server's side of the closing handshake may end after the client's.
        QTRY_COMPARE(disconnected.size(), 1);
    } else if (socketIo) {
        // Replies come in order: once this is answered, the message was handled.
        QVERIFY(subscribeSocketIo(sio, 9));
    } else {
        QCOMPARE(json.nextEvent(QStringLiteral("error")).value(QStringLiteral("data"))[QStringLiteral("code")].toString(), reason);
        QVERIFY(subscribeJson(json, 9));
    }

    // The message itself (unless over the limit) and the follow-up; the
    // Socket.IO client also joined /data.
    const quint64 received = (reason == QLatin1String("too_large") ? 0 : 1) + (closeCode ? 0 : 1) + (socketIo ? 1 : 0);
    const TrafficStats stats = TestServer::trafficStats(server.server());
    const TrafficStats::Protocol mine = stats.protocols.value(socketIo ? TrafficStats::SocketIo : TrafficStats::Json);
    const TrafficStats::Protocol other = stats.protocols.value(socketIo ? TrafficStats::Json : TrafficStats::SocketIo);
    QCOMPARE(mine.messagesRejected, (QMap<QString, quint64> {{reason, 1}}));
    QCOMPARE(mine.messagesReceived, received);
    QCOMPARE(mine.connectionsOpen, closeCode ? 0u : 1u);
    QVERIFY(other.messagesRejected.isEmpty());
    QCOMPARE(other.messagesReceived, socketIo ? 0u : 1u);
    QCOMPARE(other.connectionsOpen, 1u);
}

void tst_TrafficStats::connectionsRejectedByReason_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("reason");

    const QByteArray upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
    QTest::addRow("unknown path") << QByteArray("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n") << 404 << TrafficStats::Http
                                  << QStringLiteral("not_found");
    QTest::addRow("malformed request") << QByteArray("hello there\r\n\r\n") << 400 << TrafficStats::Http << QStringLiteral("bad_request");
    QTest::addRow("head too large") << "GET / HTTP/1.1\r\nX-Filler: " + QByteArray(20000, 'a') << 431 << TrafficStats::Http
                                    << QStringLiteral("head_too_large");
    QTest::addRow("nothing in time") << QByteArray() << 408 << TrafficStats::Http << QStringLiteral("request_timeout");
    QTest::addRow("/ws without upgrade") << QByteArray("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n") << 426 << TrafficStats::Json
                                         << QStringLiteral("upgrade_required");
    QTest::addRow("/ws with POST") << "POST /ws HTTP/1.1\r\nHost: x\r\n" + upgrade << 405 << TrafficStats::Json
                                   << QStringLiteral("method_not_allowed");
    QTest::addRow("Engine.IO v3") << "GET /socket.io/?EIO=3&transport=websocket HTTP/1.1\r\nHost: x\r\n" + upgrade << 400
                                  << TrafficStats::SocketIo << QStringLiteral("unsupported_protocol_version");
    QTest::addRow("polling") << QByteArray("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n") << 400
                             << TrafficStats::SocketIo << QStringLiteral("transport_unknown");
    QTest::addRow("upgrade of a polling session") << "GET /socket.io/?EIO=4&transport=websocket&sid=abc HTTP/1.1\r\nHost: x\r\n" + upgrade
                                                  << 400 << TrafficStats::SocketIo << QStringLiteral("unknown_sid");
    QTest::addRow("Engine.IO with POST") << "POST /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n" + upgrade << 400
                                         << TrafficStats::SocketIo << QStringLiteral("bad_handshake_method");
    QTest::addRow("Engine.IO without upgrade") << QByteArray("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n\r\n") << 400
                                               << TrafficStats::SocketIo << QStringLiteral("bad_request");
}

void tst_TrafficStats::connectionsRejectedByReason()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QString, protocol);
    QFETCH(QString, reason);
    Config config = quietConfig();
    config.set(QStringLiteral("handshake-timeout"), 300);
    TestServer server(config);
    QVERIFY(startQuiet(server));

    const QByteArray answer = httpExchange(server.port(), request);
    const QByteArray statusLine = "HTTP/1.1 " + QByteArray::number(status) + ' ';
    QVERIFY2(answer.startsWith(statusLine), answer.left(200).constData());

    // Counted once, under the protocol the request was meant for, and as
    // nothing else.
    const TrafficStats stats = TestServer::trafficStats(server.server());
    for (const QString &name : {TrafficStats::Http, TrafficStats::Json, TrafficStats::SocketIo}) {
        TrafficStats::Protocol expected;
        if (name == protocol)
            expected.connectionsRejected.insert(reason, 1);
        QCOMPARE(stats.protocols.value(name), expected);
    }
}

void tst_TrafficStats::slowConsumerIsCounted()
{
    Config config = quietConfig();
    config.set(QStringLiteral("max-send-buffer"), 1024);
    config.set(QStringLiteral("client-message-rate"), 0); // it floods on purpose; the rate limit would close it first
    TestServer server(config);
    QVERIFY(startQuiet(server));
    JsonTestClient good;
    QVERIFY(good.connectTo(server.jsonUrl()));
    QVERIFY(subscribeJson(good, 1));

    // A client that asks for replies (each echoes its 40 KB id) but reads
    // none: Qt stops reading its socket once 4 KB are buffered, so the
    // server's unsent data grows until the cap cuts it off.
    QSignalSpy connected(&server.server(), &Server::clientConnected);
    QSignalSpy disconnected(&server.server(), &Server::clientDisconnected);
    QTcpSocket slow;
    slow.setReadBufferSize(4096);
    slow.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(slow.waitForConnected(5000));
    slow.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    QTRY_COMPARE(connected.size(), 1);
    const quint64 slowId = connected.first().first().value<ClientInfo>().id;
    const QByteArray message = R"({"event":"fooBar","id":")" + QByteArray(40 * 1024, 'x') + R"("})";
    const QByteArray frame = ClientFrames::text(message);
    for (int i = 0; i < 600 && disconnected.isEmpty(); ++i) {
        slow.write(frame);
        QVERIFY(QTest::qWaitFor([&] { return slow.bytesToWrite() < 4 * frame.size() || !disconnected.isEmpty(); }, 5000));
    }
    QTRY_VERIFY_WITH_TIMEOUT(!disconnected.isEmpty(), 10000);
    QCOMPARE(disconnected.first().first().toULongLong(), slowId);

    const TrafficStats stats = TestServer::trafficStats(server.server());
    QCOMPARE(stats.slowConsumerDisconnects, 1u);
    QCOMPARE(stats.protocols.value(TrafficStats::Json).connectionsOpen, 1u);
    QCOMPARE(stats.protocols.value(TrafficStats::Json).connectionsTotal, 2u);
    // The well-behaved client is still there and still served.
    QVERIFY(publish(server.server(), Random, 1));
    QVERIFY(!good.nextEvent(Random).isEmpty());
    QVERIFY(good.isConnected());
}

void tst_TrafficStats::clientSnapshot()
{
    TestServer server(quietConfig());
    QVERIFY(startQuiet(server));
    QSignalSpy connected(&server.server(), &Server::clientConnected);
    // Two of each protocol: the listener deals them out to both I/O threads.
    JsonTestClient j1, j2;
    SocketIoTestClient s1, s2;
    Tally tj1(j1), tj2(j2), ts1(s1), ts2(s2);
    const QDateTime before = QDateTime::currentDateTimeUtc();
    QVERIFY(j1.connectTo(server.jsonUrl()));
    QVERIFY(j2.connectTo(server.jsonUrl()));
    QVERIFY(s1.connectTo(server.socketIoUrl()));
    QVERIFY(s2.connectTo(server.socketIoUrl()));
    const QDateTime after = QDateTime::currentDateTimeUtc();
    QVERIFY(subscribeJson(j1, 1));
    QVERIFY(subscribeSocketIo(s2, 2));
    s2.emitEvent(QStringLiteral("subscribeBitcoinPrice"), 3);
    QVERIFY(s2.waitForAck(3).value(QStringLiteral("ok")).toBool());
    for (int i = 0; i < 3; ++i)
        QVERIFY(publish(server.server(), Random, i));
    QTRY_COMPARE(tj1.ticksOf(Random).size(), 3);
    QTRY_COMPARE(ts2.ticksOf(Random).size(), 3);
    QCOMPARE(connected.size(), 4);

    struct Expected {
        WsTestClient *client;
        Tally *tally;
        ClientInfo::Protocol protocol;
        QStringList streams;
    };
    const QList<Expected> expected = {
        {&j1, &tj1, ClientInfo::Protocol::JsonWs, {Random}},
        {&j2, &tj2, ClientInfo::Protocol::JsonWs, {}},
        {&s1, &ts1, ClientInfo::Protocol::SocketIo, {}},
        {&s2, &ts2, ClientInfo::Protocol::SocketIo, {Random, Price}},
    };
    const QList<ClientInfo> snapshot = clients(server.server());
    QCOMPARE(snapshot.size(), expected.size());
    for (const Expected &client : expected) {
        const QString peer = QStringLiteral("127.0.0.1:%1").arg(client.client->socket().localPort());
        const auto it = std::find_if(snapshot.cbegin(), snapshot.cend(), [&](const ClientInfo &info) { return info.peer == peer; });
        QVERIFY2(it != snapshot.cend(), qPrintable(peer));
        // The id the server announced for this connection.
        const auto announced = std::find_if(connected.cbegin(), connected.cend(),
            [&](const QList<QVariant> &arguments) { return arguments.first().value<ClientInfo>().peer == peer; });
        QVERIFY(announced != connected.cend());
        QCOMPARE(it->id, announced->first().value<ClientInfo>().id);
        QCOMPARE(it->protocol, client.protocol);
        QVERIFY(it->connectedAt >= before.addMSecs(-1) && it->connectedAt <= after);
        QCOMPARE(it->streams, client.streams);
        QCOMPARE(it->messagesSent, client.tally->messages());
        QCOMPARE(it->bytesQueued, 0);
    }

    // And the counters agree, summed over both threads.
    const TrafficStats stats = TestServer::trafficStats(server.server());
    QCOMPARE(stats.protocols.value(TrafficStats::Json).connectionsOpen, 2u);
    QCOMPARE(stats.protocols.value(TrafficStats::SocketIo).connectionsOpen, 2u);
    QCOMPARE(stats.protocols.value(TrafficStats::Json).messagesSent, tj1.messages() + tj2.messages());
    QCOMPARE(stats.protocols.value(TrafficStats::SocketIo).messagesSent, ts1.messages() + ts2.messages());
    QCOMPARE(stats.streams.value(Random).subscribers, 2u);
    QCOMPARE(stats.streams.value(Random).messagesSent, 6u);
    QCOMPARE(stats.streams.value(Price).subscribers, 1u);
}

void tst_TrafficStats::disconnectClientClosesThatClientOnly()
{
    TestServer server(quietConfig());
    QVERIFY(startQuiet(server));
    QSignalSpy connected(&server.server(), &Server::clientConnected);
    QSignalSpy disconnected(&server.server(), &Server::clientDisconnected);
    JsonTestClient kicked;
    JsonTestClient json;
    SocketIoTestClient sio;
    QVERIFY(kicked.connectTo(server.jsonUrl()));
    QVERIFY(json.connectTo(server.jsonUrl()));
    QVERIFY(sio.connectTo(server.socketIoUrl()));
    QVERIFY(subscribeJson(json, 1));
    QVERIFY(subscribeSocketIo(sio, 2));
    QCOMPARE(connected.size(), 3);
    const quint64 kickedId = connected.first().first().value<ClientInfo>().id;

    // No such client: nothing happens.
    quint64 unknownId = 1;
    for (const QList<QVariant> &arguments : std::as_const(connected))
        unknownId += arguments.first().value<ClientInfo>().id;
    server.server().disconnectClient(unknownId);
    QTest::qWait(100);
    QVERIFY(disconnected.isEmpty());
    QCOMPARE(clients(server.server()).size(), 3);

    server.server().disconnectClient(kickedId);
    QVERIFY(kicked.waitForDisconnect());
    QCOMPARE(kicked.closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QCOMPARE(kicked.closeReason(), QStringLiteral("disconnected by the operator"));
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.first().first().toULongLong(), kickedId);

    QVERIFY(publish(server.server(), Random, 42));
    QVERIFY(!json.nextEvent(Random).isEmpty());
    QCOMPARE(sio.nextEvent(Random), (QJsonArray {Random, 42}));
    QVERIFY(json.isConnected() && sio.isConnected());
    const QList<ClientInfo> remaining = clients(server.server());
    QCOMPARE(remaining.size(), 2);
    for (const ClientInfo &info : remaining)
        QVERIFY(info.id != kickedId);
    const TrafficStats stats = TestServer::trafficStats(server.server());
    QCOMPARE(stats.protocols.value(TrafficStats::Json).connectionsOpen, 1u);
    QCOMPARE(stats.protocols.value(TrafficStats::Json).connectionsTotal, 2u);
}

void tst_TrafficStats::answerIsDroppedWithItsContext()
{
    // A dashboard closing while its question is under way is not called back.
    TestServer server(quietConfig());
    QVERIFY(startQuiet(server));
    bool statsCalled = false;
    bool clientsCalled = false;
    {
        auto context = std::make_unique<QObject>();
        server.server().requestTrafficStats(context.get(), [&](const TrafficStats &) { statsCalled = true; });
        server.server().requestClients(context.get(), [&](const QList<ClientInfo> &) { clientsCalled = true; });
    }
    QTest::qWait(200);
    QVERIFY(!statsCalled);
    QVERIFY(!clientsCalled);
    // While one with a live context is.
    QCOMPARE(TestServer::trafficStats(server.server()).protocols.size(), 3);
}

QTEST_GUILESS_MAIN(tst_TrafficStats)
#include "tst_trafficstats.moc"
