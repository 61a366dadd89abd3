// The Socket.IO v4 wire contract of the replaced gateway, over real loopback
// sockets against an in-process server.
#include "TestClients.h"
#include "TestServer.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

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
    void subscribeTwiceIsIdempotent();
    void unsubscribeAffectsOnlyThatClient();
    void disconnectAffectsOnlyThatClient();
    void namespaceDisconnectStopsStream();
    void eventBeforeJoinIsIgnored();
    void connectTimeoutClosesIdleClient();
    void pingTimeoutClosesSilentClient();
    void answeringClientStaysConnected();
    void badInputClosesOnlyThatClient_data();
    void badInputClosesOnlyThatClient();
    void binaryFrameIsRefused();
    void oversizedMessageIsRefused();
    void closePacketCloses();
};

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

void tst_SocketIoTransport::eventBeforeJoinIsIgnored()
{
    TestServer server;
    QVERIFY(server.start());
    SocketIoTestClient client;
    QVERIFY(client.connectTo(server.socketIoUrl(), false));
    client.emitEvent(QStringLiteral("subscribeRandomNumber"), 4);
    QCOMPARE(client.countEvents(QStringLiteral("randomNumber"), 300), 0);
    QVERIFY(client.isConnected());
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
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("ping-interval"), 50);
    config.set(QStringLiteral("ping-timeout"), 100);
    TestServer server(config);
    QVERIFY(server.start());
    SocketIoTestClient client;
    QVERIFY(client.connectTo(server.socketIoUrl()));
    QTest::qWait(600); // a dozen ping rounds
    QVERIFY(client.isConnected());
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
    QTest::addRow("event name not a string") << QStringLiteral("42/data,[1,2]") << protocolError;
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

QTEST_GUILESS_MAIN(tst_SocketIoTransport)
#include "tst_socketiotransport.moc"
