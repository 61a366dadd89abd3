// The Socket.IO v4 wire contract of the replaced gateway, over real loopback
// sockets against an in-process server.
#include "TestClients.h"
#include "TestServer.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <utility>

class tst_SocketIoTransport final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void openPacket();
    void joinDataNamespace();
    void invalidNamespace_data();
    void invalidNamespace();
    void subscribeAckAndValues();
    void unknownEventAck_data();
    void unknownEventAck();
    void unknownEventAckIsAsDocumented();
    void numericEventNameIsAnUnknownEvent();
    void subscribeTwiceIsIdempotent();
    void unsubscribeAffectsOnlyThatClient();
    void disconnectAffectsOnlyThatClient();
    void namespaceDisconnectStopsStream();
    void packetForNamespaceNotJoinedCloses_data();
    void packetForNamespaceNotJoinedCloses();
    void secondConnectCloses();
    void connectTimeoutClosesIdleClient();
    void pingTimeoutClosesSilentClient();
    void answeringClientStaysConnected();
    void badInputClosesOnlyThatClient_data();
    void badInputClosesOnlyThatClient();
    void binaryFrameIsRefused();
    void oversizedMessageIsRefused();
    void closePacketCloses();
    void connectAckAndWelcomeArriveTogether();
    void subscribeAckAndLatestPriceArriveTogether();
};

namespace {

// Records when each frame arrives, by the prefix it starts with.
class ArrivalClock {
public:
    explicit ArrivalClock(WsTestClient &client)
    {
        m_clock.start();
        QObject::connect(&client.socket(), &QWebSocket::textMessageReceived, &client.socket(), [this](const QString &frame) {
            m_frames.append({frame, m_clock.nsecsElapsed()});
        });
    }
    // Arrival of the first frame starting with prefix, in ns; -1 if none.
    qint64 arrivalOf(const QString &prefix) const
    {
        for (const auto &[frame, at] : m_frames) {
            if (frame.startsWith(prefix))
                return at;
        }
        return -1;
    }
    void clear() { m_frames.clear(); }

private:
    QElapsedTimer m_clock;
    QList<std::pair<QString, qint64>> m_frames;
};

// "median 0.1 ms of 0.1 0.1 … 0.3" from gaps in ns; the median in ms.
double medianMs(QList<qint64> gapsNs, QString *description)
{
    std::sort(gapsNs.begin(), gapsNs.end());
    QStringList all;
    for (qint64 gap : gapsNs)
        all.append(QString::number(double(gap) / 1e6, 'f', 1));
    const double median = double(gapsNs.at(gapsNs.size() / 2)) / 1e6;
    *description = QStringLiteral("median %1 ms of %2").arg(median, 0, 'f', 1).arg(all.join(QLatin1Char(' ')));
    return median;
}

} // namespace

void tst_SocketIoTransport::openPacket()
{
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("ping-interval"), 20000);
    config.set(QStringLiteral("ping-timeout"), 5000);
    TestServer server(config);
    QVERIFY(server.start());

    SocketIoTestClient client;
    QVERIFY(client.connectTo(server.socketIoUrl(), false));
    const QJsonObject open = client.openPacket();
    QVERIFY(!open.value(QStringLiteral("sid")).toString().isEmpty());
    QCOMPARE(open.value(QStringLiteral("upgrades")).toArray(), QJsonArray());
    QCOMPARE(open.value(QStringLiteral("pingInterval")).toInt(), 20000);
    QCOMPARE(open.value(QStringLiteral("pingTimeout")).toInt(), 5000);
    QCOMPARE(open.value(QStringLiteral("maxPayload")).toInteger(), config.integer(QStringLiteral("max-message-size")));

    SocketIoTestClient other;
    QVERIFY(other.connectTo(server.socketIoUrl(), false));
    QVERIFY(other.openPacket().value(QStringLiteral("sid")) != open.value(QStringLiteral("sid")));
}

void tst_SocketIoTransport::joinDataNamespace()
{
    TestServer server;
    QVERIFY(server.start());
    SocketIoTestClient client;
    QVERIFY(client.connectTo(server.socketIoUrl(), false));

    client.send(QStringLiteral("40/data,"));
    const std::optional<QString> connected = client.nextFrame();
    QVERIFY(connected);
    QVERIFY2(connected->startsWith(QLatin1String("40/data,")), qPrintable(*connected));
    const QJsonObject payload = QJsonDocument::fromJson(connected->sliced(8).toUtf8()).object();
    QVERIFY(!payload.value(QStringLiteral("sid")).toString().isEmpty());
    QCOMPARE(client.nextFrame().value_or(QString()), QStringLiteral("42/data,[\"message\",\"Welcome to the data WebSocket gateway!\"]"));
}

void tst_SocketIoTransport::invalidNamespace_data()
{
    QTest::addColumn<QString>("request");
    QTest::addColumn<QString>("expected");
    QTest::addRow("main") << QStringLiteral("40") << QStringLiteral("44{\"message\":\"Invalid namespace\"}");
    QTest::addRow("other") << QStringLiteral("40/other,") << QStringLiteral("44/other,{\"message\":\"Invalid namespace\"}");
    QTest::addRow("with auth") << QStringLiteral("40/admin,{\"token\":\"x\"}")
                               << QStringLiteral("44/admin,{\"message\":\"Invalid namespace\"}");
    QTest::addRow("prefix of /data") << QStringLiteral("40/dat,") << QStringLiteral("44/dat,{\"message\":\"Invalid namespace\"}");
}

void tst_SocketIoTransport::invalidNamespace()
{
    QFETCH(QString, request);
    QFETCH(QString, expected);
    TestServer server;
    QVERIFY(server.start());
    SocketIoTestClient client;
    QVERIFY(client.connectTo(server.socketIoUrl(), false));
    client.send(request);
    QCOMPARE(client.nextFrame().value_or(QString()), expected);
    // The connection stays usable: the right namespace still works.
    client.send(QStringLiteral("40/data,"));
    QVERIFY(client.nextFrame().value_or(QString()).startsWith(QLatin1String("40/data,{")));
}

void tst_SocketIoTransport::subscribeAckAndValues()
{
    TestServer server;
    QVERIFY(server.start());
    SocketIoTestClient client;
    QVERIFY(client.connectTo(server.socketIoUrl()));

    client.emitEvent(QStringLiteral("subscribeRandomNumber"), 7);
    QCOMPARE(
        client.waitForAck(7), (QJsonObject {{QStringLiteral("ok"), true}, {QStringLiteral("stream"), QStringLiteral("randomNumber")}}));
    for (int i = 0; i < 5; ++i) {
        const QJsonArray event = client.nextEvent(QStringLiteral("randomNumber"));
        QCOMPARE(event.size(), 2);
        const QJsonValue value = event.at(1);
        QVERIFY(value.isDouble());
        QCOMPARE(value.toDouble(), double(value.toInt()));
        QVERIFY(value.toInt() >= 0 && value.toInt() <= 99);
    }
}

void tst_SocketIoTransport::unknownEventAck_data()
{
    QTest::addColumn<QString>("event");
    QTest::addRow("unknown") << QStringLiteral("fooBar");
    QTest::addRow("unknown stream") << QStringLiteral("subscribeNoSuchStream");
    QTest::addRow("bare subscribe") << QStringLiteral("subscribe");
    QTest::addRow("wrong case") << QStringLiteral("subscriberandomNumber");
}

void tst_SocketIoTransport::unknownEventAck()
{
    QFETCH(QString, event);
    TestServer server;
    QVERIFY(server.start());
    SocketIoTestClient client;
    QVERIFY(client.connectTo(server.socketIoUrl()));
    client.emitEvent(event, 3);
    QCOMPARE(
        client.waitForAck(3), (QJsonObject {{QStringLiteral("ok"), false}, {QStringLiteral("error"), QStringLiteral("unknown_event")}}));
    QVERIFY(client.isConnected());
}

void tst_SocketIoTransport::unknownEventAckIsAsDocumented()
{
    // docs/protocol.md quotes these bytes.
    TestServer server;
    QVERIFY(server.start());
    SocketIoTestClient client;
    QVERIFY(client.connectTo(server.socketIoUrl()));
    client.emitEvent(QStringLiteral("fooBar"), 7);
    QCOMPARE(client.nextFrame().value_or(QString()), QStringLiteral("43/data,7[{\"error\":\"unknown_event\",\"ok\":false}]"));
    client.emitEvent(QStringLiteral("subscribeRandomNumber"), 8);
    QCOMPARE(client.nextFrame().value_or(QString()), QStringLiteral("43/data,8[{\"ok\":true,\"stream\":\"randomNumber\"}]"));
}

void tst_SocketIoTransport::numericEventNameIsAnUnknownEvent()
{
    // socket.io-parser accepts a number as an event name (socket.emit(1));
    // none of ours is one, so it is an unknown event, not a protocol error.
    TestServer server;
    QVERIFY(server.start());
    SocketIoTestClient client;
    QVERIFY(client.connectTo(server.socketIoUrl()));
    client.send(QStringLiteral("42/data,[1]"));
    client.send(QStringLiteral("42/data,5[1,\"x\"]"));
    QCOMPARE(
        client.waitForAck(5), (QJsonObject {{QStringLiteral("ok"), false}, {QStringLiteral("error"), QStringLiteral("unknown_event")}}));
    QVERIFY(client.isConnected());
    client.emitEvent(QStringLiteral("subscribeRandomNumber"), 6);
    QVERIFY(!client.waitForAck(6).isEmpty());
    QVERIFY(client.isConnected());
}

void tst_SocketIoTransport::subscribeTwiceIsIdempotent()
{
    TestServer server;
    QVERIFY(server.start());
    SocketIoTestClient twice;
    SocketIoTestClient once;
    QVERIFY(twice.connectTo(server.socketIoUrl()));
    QVERIFY(once.connectTo(server.socketIoUrl()));

    twice.emitEvent(QStringLiteral("subscribeRandomNumber"), 1);
    twice.emitEvent(QStringLiteral("subscribeRandomNumber"), 2);
    QVERIFY(!twice.waitForAck(1).isEmpty());
    QVERIFY(!twice.waitForAck(2).isEmpty());
    once.emitEvent(QStringLiteral("subscribeRandomNumber"), 1);
    QVERIFY(!once.waitForAck(1).isEmpty());

    // The old gateway doubled the stream; both clients must see each tick once.
    const int twiceCount = twice.countEvents(QStringLiteral("randomNumber"), 600);
    const int onceCount = once.countEvents(QStringLiteral("randomNumber"), 0);
    QVERIFY2(onceCount >= 4, qPrintable(QString::number(onceCount)));
    QVERIFY2(qAbs(twiceCount - onceCount) <= 1, qPrintable(QStringLiteral("%1 vs %2").arg(twiceCount).arg(onceCount)));
}

void tst_SocketIoTransport::unsubscribeAffectsOnlyThatClient()
{
    TestServer server;
    QVERIFY(server.start());
    SocketIoTestClient a;
    SocketIoTestClient b;
    QVERIFY(a.connectTo(server.socketIoUrl()));
    QVERIFY(b.connectTo(server.socketIoUrl()));
    a.emitEvent(QStringLiteral("subscribeRandomNumber"), 1);
    b.emitEvent(QStringLiteral("subscribeRandomNumber"), 1);
    QVERIFY(!a.waitForAck(1).isEmpty());
    QVERIFY(!b.waitForAck(1).isEmpty());
    QVERIFY(!b.nextEvent(QStringLiteral("randomNumber")).isEmpty());

    b.emitEvent(QStringLiteral("unsubscribeRandomNumber"), 2);
    QCOMPARE(b.waitForAck(2), (QJsonObject {{QStringLiteral("ok"), true}, {QStringLiteral("stream"), QStringLiteral("randomNumber")}}));
    a.drain(0);
    // Nothing follows the ack on b; a keeps its stream.
    QCOMPARE(b.countEvents(QStringLiteral("randomNumber"), 400), 0);
    QVERIFY(a.countEvents(QStringLiteral("randomNumber"), 0) >= 3);
    QVERIFY(b.isConnected());
}

void tst_SocketIoTransport::disconnectAffectsOnlyThatClient()
{
    TestServer server;
    QVERIFY(server.start());
    SocketIoTestClient a;
    auto b = std::make_unique<SocketIoTestClient>();
    QVERIFY(a.connectTo(server.socketIoUrl()));
    QVERIFY(b->connectTo(server.socketIoUrl()));
    a.emitEvent(QStringLiteral("subscribeRandomNumber"), 1);
    b->emitEvent(QStringLiteral("subscribeRandomNumber"), 1);
    QVERIFY(!a.waitForAck(1).isEmpty());
    QVERIFY(!b->waitForAck(1).isEmpty());

    QSignalSpy gone(&server.server(), &Server::clientDisconnected);
    b->socket().close();
    QTRY_COMPARE(gone.size(), 1);
    b.reset();
    a.drain(0);
    QVERIFY(a.countEvents(QStringLiteral("randomNumber"), 400) >= 3);
}

void tst_SocketIoTransport::namespaceDisconnectStopsStream()
{
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("ping-interval"), 100);
    TestServer server(config);
    QVERIFY(server.start());
    SocketIoTestClient client;
    QVERIFY(client.connectTo(server.socketIoUrl()));
    client.emitEvent(QStringLiteral("subscribeRandomNumber"), 1);
    QVERIFY(!client.waitForAck(1).isEmpty());
    QVERIFY(!client.nextEvent(QStringLiteral("randomNumber")).isEmpty());

    client.send(QStringLiteral("41/data,"));
    client.drain(150); // ticks already on the wire may still arrive
    QCOMPARE(client.countEvents(QStringLiteral("randomNumber"), 400), 0);
    QVERIFY(client.isConnected()); // the Engine.IO session outlives the namespace
}

void tst_SocketIoTransport::packetForNamespaceNotJoinedCloses_data()
{
    // As the reference server (socket.io's Client#ondecoded): a packet other
    // than CONNECT for a namespace the client is not in closes the connection.
    QTest::addColumn<bool>("join");
    QTest::addColumn<QStringList>("frames");
    QTest::addRow("event before joining") << false << QStringList {QStringLiteral("42/data,[\"subscribeRandomNumber\"]")};
    QTest::addRow("event with ack before joining") << false << QStringList {QStringLiteral("42/data,4[\"subscribeRandomNumber\"]")};
    QTest::addRow("event after leaving") << true
                                         << QStringList {QStringLiteral("41/data,"), QStringLiteral("42/data,[\"subscribeRandomNumber\"]")};
    QTest::addRow("leave before joining") << false << QStringList {QStringLiteral("41/data,")};
    QTest::addRow("event to the main namespace") << true << QStringList {QStringLiteral("42[\"subscribeRandomNumber\"]")};
    QTest::addRow("event to a refused namespace") << true << QStringList {QStringLiteral("40/other,"), QStringLiteral("42/other,[\"x\"]")};
    QTest::addRow("ack to another namespace") << true << QStringList {QStringLiteral("43/other,1[]")};
}

void tst_SocketIoTransport::packetForNamespaceNotJoinedCloses()
{
    QFETCH(bool, join);
    QFETCH(QStringList, frames);
    TestServer server;
    QVERIFY(server.start());
    SocketIoTestClient client;
    QVERIFY(client.connectTo(server.socketIoUrl(), join));
    for (const QString &frame : frames)
        client.send(frame);
    QVERIFY(client.waitForDisconnect());
    QCOMPARE(client.closeCode(), QWebSocketProtocol::CloseCodeProtocolError);
    QCOMPARE(client.closeReason(), QStringLiteral("namespace not joined"));
    QCOMPARE(client.countEvents(QStringLiteral("randomNumber"), 0), 0);
}

void tst_SocketIoTransport::secondConnectCloses()
{
    // As the reference server: a CONNECT to a namespace the client is already
    // in is an invalid state, not a second session.
    TestServer server;
    QVERIFY(server.start());
    SocketIoTestClient client;
    QVERIFY(client.connectTo(server.socketIoUrl()));
    client.send(QStringLiteral("40/data,"));
    QVERIFY(client.waitForDisconnect());
    QCOMPARE(client.closeCode(), QWebSocketProtocol::CloseCodeProtocolError);
    QCOMPARE(client.closeReason(), QStringLiteral("already connected to /data"));
    // No second CONNECT answer, no second welcome.
    for (const QString &frame : client.drain(0))
        QVERIFY2(!frame.startsWith(QLatin1String("40/data,{")) && !frame.contains(QLatin1String("Welcome")), qPrintable(frame));
}

void tst_SocketIoTransport::connectTimeoutClosesIdleClient()
{
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("connect-timeout"), 200);
    TestServer server(config);
    QVERIFY(server.start());
    SocketIoTestClient idle;
    SocketIoTestClient joined;
    QVERIFY(idle.connectTo(server.socketIoUrl(), false));
    QVERIFY(joined.connectTo(server.socketIoUrl(), true));
    QVERIFY(idle.waitForDisconnect());
    QCOMPARE(idle.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(idle.closeReason(), QStringLiteral("connect timeout"));
    QVERIFY(joined.isConnected());
}

void tst_SocketIoTransport::pingTimeoutClosesSilentClient()
{
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("ping-interval"), 100);
    config.set(QStringLiteral("ping-timeout"), 100);
    TestServer server(config);
    QVERIFY(server.start());
    SocketIoTestClient silent;
    silent.setAnswerPings(false);
    QVERIFY(silent.connectTo(server.socketIoUrl()));
    QVERIFY(silent.next().value_or(QString()) == QLatin1String("2")); // the ping it ignores
    QVERIFY(silent.waitForDisconnect());
    QCOMPARE(silent.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(silent.closeReason(), QStringLiteral("ping timeout"));
}

void tst_SocketIoTransport::answeringClientStaysConnected()
{
    // The server pings every interval and the client's pongs keep it
    // connected: over 600 ms at a 50 ms interval there are about a dozen
    // rounds (each ping follows the previous pong by one interval). Half of
    // them leaves room for a loaded machine and none for a server that does
    // not ping, or stops after the first answer.
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("ping-interval"), 50);
    config.set(QStringLiteral("ping-timeout"), 100);
    TestServer server(config);
    QVERIFY(server.start());
    SocketIoTestClient client;
    QVERIFY(client.connectTo(server.socketIoUrl()));
    QTest::qWait(600);
    QVERIFY(client.isConnected());
    QVERIFY2(client.pingsAnswered() >= 6, qPrintable(QString::number(client.pingsAnswered())));
}

void tst_SocketIoTransport::badInputClosesOnlyThatClient_data()
{
    QTest::addColumn<QString>("frame");
    QTest::addColumn<int>("closeCode");
    const int protocolError = QWebSocketProtocol::CloseCodeProtocolError;
    const int unsupported = QWebSocketProtocol::CloseCodeDatatypeNotSupported;
    QTest::addRow("empty frame") << QString() << protocolError;
    QTest::addRow("unknown engine.io type") << QStringLiteral("9") << protocolError;
    QTest::addRow("not engine.io") << QStringLiteral("hello") << protocolError;
    QTest::addRow("open from client") << QStringLiteral("0{}") << protocolError;
    QTest::addRow("unknown socket.io type") << QStringLiteral("49/data,") << protocolError;
    QTest::addRow("invalid json") << QStringLiteral("42/data,[\"subscribeRandomNumber\"") << protocolError;
    QTest::addRow("event not an array") << QStringLiteral("42/data,{\"a\":1}") << protocolError;
    QTest::addRow("empty event") << QStringLiteral("42/data,[]") << protocolError;
    QTest::addRow("event name a boolean") << QStringLiteral("42/data,[true]") << protocolError;
    QTest::addRow("event name null") << QStringLiteral("42/data,[null,2]") << protocolError;
    QTest::addRow("event name an object") << QStringLiteral("42/data,[{}]") << protocolError;
    // Engine.IO v4 servers ping; a client that does is refused.
    QTest::addRow("ping from client") << QStringLiteral("2") << protocolError;
    QTest::addRow("probe ping from client") << QStringLiteral("2probe") << protocolError;
    // Names socket.io reserves for its own events are refused, as it does.
    for (const char *name : {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"})
        QTest::addRow("reserved event %s", name) << QStringLiteral("42/data,[\"%1\"]").arg(QLatin1String(name)) << protocolError;
    QTest::addRow("reserved event with ack") << QStringLiteral("42/data,3[\"disconnect\"]") << protocolError;
    QTest::addRow("connect error from client") << QStringLiteral("44/data,{\"message\":\"x\"}") << protocolError;
    QTest::addRow("binary event") << QStringLiteral("451-/data,[\"subscribeRandomNumber\",{\"_placeholder\":true,\"num\":0}]")
                                  << unsupported;
}

void tst_SocketIoTransport::badInputClosesOnlyThatClient()
{
    QFETCH(QString, frame);
    QFETCH(int, closeCode);
    TestServer server;
    QVERIFY(server.start());
    SocketIoTestClient good;
    SocketIoTestClient bad;
    QVERIFY(good.connectTo(server.socketIoUrl()));
    QVERIFY(bad.connectTo(server.socketIoUrl()));
    good.emitEvent(QStringLiteral("subscribeRandomNumber"), 1);
    QVERIFY(!good.waitForAck(1).isEmpty());

    bad.send(frame);
    QVERIFY(bad.waitForDisconnect());
    QCOMPARE(int(bad.closeCode()), closeCode);
    QVERIFY(!bad.closeReason().isEmpty());

    good.drain(0);
    QVERIFY(good.countEvents(QStringLiteral("randomNumber"), 300) >= 2);
    QVERIFY(good.isConnected());
}

void tst_SocketIoTransport::binaryFrameIsRefused()
{
    TestServer server;
    QVERIFY(server.start());
    SocketIoTestClient client;
    QVERIFY(client.connectTo(server.socketIoUrl()));
    client.socket().sendBinaryMessage(QByteArray("\x01\x02\x03", 3));
    QVERIFY(client.waitForDisconnect());
    QCOMPARE(client.closeCode(), QWebSocketProtocol::CloseCodeDatatypeNotSupported);
}

void tst_SocketIoTransport::oversizedMessageIsRefused()
{
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("max-message-size"), 1024);
    TestServer server(config);
    QVERIFY(server.start());
    SocketIoTestClient good;
    SocketIoTestClient big;
    QVERIFY(good.connectTo(server.socketIoUrl()));
    QVERIFY(big.connectTo(server.socketIoUrl()));
    QCOMPARE(big.openPacket().value(QStringLiteral("maxPayload")).toInt(), 1024);

    big.send(QStringLiteral("42/data,[\"x\",\"") + QString(4096, QLatin1Char('a')) + QStringLiteral("\"]"));
    QVERIFY(big.waitForDisconnect());
    QCOMPARE(big.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);

    good.emitEvent(QStringLiteral("subscribeRandomNumber"), 1);
    QVERIFY(!good.waitForAck(1).isEmpty());
    QVERIFY(!good.nextEvent(QStringLiteral("randomNumber")).isEmpty());
}

void tst_SocketIoTransport::closePacketCloses()
{
    TestServer server;
    QVERIFY(server.start());
    SocketIoTestClient client;
    QVERIFY(client.connectTo(server.socketIoUrl()));
    QSignalSpy gone(&server.server(), &Server::clientDisconnected);
    client.send(QStringLiteral("1"));
    QVERIFY(client.waitForDisconnect());
    QTRY_COMPARE(gone.size(), 1);
}

void tst_SocketIoTransport::connectAckAndWelcomeArriveTogether()
{
    // The CONNECT answer and the welcome are written back to back. With
    // Nagle's algorithm on the server's socket the welcome would wait for the
    // client's delayed ACK of the first, about 40 ms; with TCP_NODELAY both
    // leave at once.
    TestServer server;
    QVERIFY(server.start());
    QList<qint64> gaps;
    for (int i = 0; i < 10; ++i) {
        SocketIoTestClient client;
        QVERIFY(client.connectTo(server.socketIoUrl(), false));
        ArrivalClock arrivals(client);
        client.send(QStringLiteral("40/data,"));
        QCOMPARE(client.nextEvent(QStringLiteral("message")).size(), 2);
        const qint64 connected = arrivals.arrivalOf(QStringLiteral("40/data,{"));
        QVERIFY(connected >= 0);
        gaps.append(arrivals.arrivalOf(QStringLiteral("42/data,[\"message\"")) - connected);
    }
    QString description;
    const double median = medianMs(gaps, &description);
    qInfo("CONNECT answer -> welcome: %s", qPrintable(description));
    QVERIFY2(median < 10, qPrintable(description));
}

void tst_SocketIoTransport::subscribeAckAndLatestPriceArriveTogether()
{
    // The Bitcoin price is sent "immediately" on subscribe, right behind the
    // ack; it must not wait for the client's ACK of the ack.
    TestServer server;
    QVERIFY(server.start());
    SocketIoTestClient client;
    QVERIFY(client.connectTo(server.socketIoUrl()));
    // The simulated provider has a price shortly after the start.
    client.emitEvent(QStringLiteral("subscribeBitcoinPrice"), 100);
    QVERIFY(!client.nextEvent(QStringLiteral("bitcoinPrice")).isEmpty());
    ArrivalClock arrivals(client);
    QList<qint64> gaps;
    for (int i = 0; i < 10; ++i) {
        client.emitEvent(QStringLiteral("unsubscribeBitcoinPrice"), 2 * i);
        QVERIFY(!client.waitForAck(2 * i).isEmpty());
        arrivals.clear();
        client.emitEvent(QStringLiteral("subscribeBitcoinPrice"), 2 * i + 1);
        QVERIFY(!client.nextEvent(QStringLiteral("bitcoinPrice")).isEmpty());
        const qint64 acked = arrivals.arrivalOf(QStringLiteral("43/data,%1[").arg(2 * i + 1));
        QVERIFY(acked >= 0);
        gaps.append(arrivals.arrivalOf(QStringLiteral("42/data,[\"bitcoinPrice\"")) - acked);
    }
    QString description;
    const double median = medianMs(gaps, &description);
    qInfo("subscribe ack -> bitcoinPrice: %s", qPrintable(description));
    QVERIFY2(median < 10, qPrintable(description));
}

QTEST_GUILESS_MAIN(tst_SocketIoTransport)
#include "tst_socketiotransport.moc"
