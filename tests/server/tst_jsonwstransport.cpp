// The plain-WebSocket JSON protocol at /ws, over real loopback sockets
// against an in-process server.
#include "ClientFrames.h"
#include "TestClients.h"
#include "TestServer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>

namespace {

QJsonObject request(const QString &name, const QJsonValue &id = QJsonValue(QJsonValue::Undefined),
    const QJsonValue &data = QJsonValue(QJsonValue::Undefined))
{
    QJsonObject message {{QStringLiteral("event"), name}};
    if (!id.isUndefined())
        message.insert(QStringLiteral("id"), id);
    if (!data.isUndefined())
        message.insert(QStringLiteral("data"), data);
    return message;
}

QString errorCode(const QJsonObject &message)
{
    return message.value(QStringLiteral("data")).toObject().value(QStringLiteral("code")).toString();
}

} // namespace

class tst_JsonWsTransport final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void welcome();
    void subscribeAckAndTicks_data();
    void subscribeAckAndTicks();
    void genericSubscribeWithStreamList();
    void unknownStreamSubscribesNothing();
    void unsubscribeStopsOnlyThatClient();
    void subscribeTwiceIsIdempotent();
    void errorsKeepConnectionOpen_data();
    void errorsKeepConnectionOpen();
    void binaryFrameGetsError();
    void oversizedMessageClosesOnlyThatClient();
    void bothProtocolsGetTheSameTicks();
    void slowConsumerIsDisconnected();
    void latestPriceFollowsTheAckAtOnce();
};

void tst_JsonWsTransport::welcome()
{
    TestServer server;
    QVERIFY(server.start());
    JsonTestClient client;
    QVERIFY(client.connectTo(server.jsonUrl()));
    const QJsonObject data = client.welcome().value(QStringLiteral("data")).toObject();
    QCOMPARE(data.value(QStringLiteral("server")).toString(), QStringLiteral("datagate"));
    QCOMPARE(data.value(QStringLiteral("version")).toString(), QStringLiteral(DATAGATE_VERSION));
    QVERIFY(data.value(QStringLiteral("streams")).toArray().contains(QStringLiteral("randomNumber")));
}

void tst_JsonWsTransport::subscribeAckAndTicks_data()
{
    QTest::addColumn<QJsonObject>("request");
    QTest::addColumn<QJsonValue>("id");
    QTest::addRow("legacy event, numeric id") << request(QStringLiteral("subscribeRandomNumber"), 7) << QJsonValue(7);
    QTest::addRow("legacy event, string id") << request(QStringLiteral("subscribeRandomNumber"), QStringLiteral("a-1"))
                                             << QJsonValue(QStringLiteral("a-1"));
    QTest::addRow("legacy event, no id") << request(QStringLiteral("subscribeRandomNumber")) << QJsonValue(QJsonValue::Undefined);
    QTest::addRow("generic") << request(
        QStringLiteral("subscribe"), 9, QJsonObject {{QStringLiteral("streams"), QJsonArray {QStringLiteral("randomNumber")}}})
                             << QJsonValue(9);
}

void tst_JsonWsTransport::subscribeAckAndTicks()
{
    QFETCH(QJsonObject, request);
    QFETCH(QJsonValue, id);
    TestServer server;
    QVERIFY(server.start());
    JsonTestClient client;
    QVERIFY(client.connectTo(server.jsonUrl()));

    client.sendJson(request);
    const QJsonObject ack = client.nextJson();
    QCOMPARE(ack.value(QStringLiteral("event")).toString(), QStringLiteral("subscribed"));
    QCOMPARE(ack.value(QStringLiteral("id")), id);
    QCOMPARE(ack.value(QStringLiteral("data")).toObject().value(QStringLiteral("stream")).toString(), QStringLiteral("randomNumber"));

    qint64 lastSeq = -1;
    for (int i = 0; i < 5; ++i) {
        const QJsonObject tick = client.nextEvent(QStringLiteral("randomNumber"));
        const QJsonObject data = tick.value(QStringLiteral("data")).toObject();
        const QJsonValue value = data.value(QStringLiteral("value"));
        QVERIFY2(value.isDouble(), QJsonDocument(tick).toJson().constData());
        QVERIFY(value.toInt() >= 0 && value.toInt() <= 99);
        const qint64 seq = data.value(QStringLiteral("seq")).toInteger(-1);
        QVERIFY(seq > 0);
        if (lastSeq >= 0)
            QCOMPARE(seq, lastSeq + 1);
        lastSeq = seq;
        const qint64 ts = data.value(QStringLiteral("ts")).toInteger();
        QVERIFY(qAbs(QDateTime::currentMSecsSinceEpoch() - ts) < 5000);
    }
}

void tst_JsonWsTransport::genericSubscribeWithStreamList()
{
    TestServer server;
    QVERIFY(server.start());
    JsonTestClient client;
    QVERIFY(client.connectTo(server.jsonUrl()));
    const QJsonArray streams = client.welcome().value(QStringLiteral("data")).toObject().value(QStringLiteral("streams")).toArray();

    client.sendJson(request(QStringLiteral("subscribe"), 1, QJsonObject {{QStringLiteral("streams"), streams}}));
    QStringList acked;
    for (qsizetype i = 0; i < streams.size(); ++i) {
        const QJsonObject ack = client.nextEvent(QStringLiteral("subscribed"));
        QCOMPARE(ack.value(QStringLiteral("id")).toInt(), 1);
        acked.append(ack.value(QStringLiteral("data")).toObject().value(QStringLiteral("stream")).toString());
    }
    for (const QJsonValue &stream : streams)
        QVERIFY(acked.contains(stream.toString()));

    client.sendJson(
        request(QStringLiteral("unsubscribe"), 2, QJsonObject {{QStringLiteral("streams"), QJsonArray {QStringLiteral("randomNumber")}}}));
    const QJsonObject ack = client.nextEvent(QStringLiteral("unsubscribed"));
    QCOMPARE(ack.value(QStringLiteral("id")).toInt(), 2);
    QCOMPARE(client.countEvents(QStringLiteral("randomNumber"), 300), 0);
}

void tst_JsonWsTransport::unknownStreamSubscribesNothing()
{
    TestServer server;
    QVERIFY(server.start());
    JsonTestClient client;
    QVERIFY(client.connectTo(server.jsonUrl()));
    client.sendJson(request(QStringLiteral("subscribe"), 5,
        QJsonObject {{QStringLiteral("streams"), QJsonArray {QStringLiteral("randomNumber"), QStringLiteral("nope")}}}));
    const QJsonObject error = client.nextJson();
    QCOMPARE(error.value(QStringLiteral("event")).toString(), QStringLiteral("error"));
    QCOMPARE(error.value(QStringLiteral("id")).toInt(), 5);
    QCOMPARE(errorCode(error), QStringLiteral("unknown_stream"));
    QVERIFY(error.value(QStringLiteral("data")).toObject().value(QStringLiteral("message")).toString().contains(QStringLiteral("nope")));
    QCOMPARE(client.countEvents(QStringLiteral("randomNumber"), 300), 0);
}

void tst_JsonWsTransport::unsubscribeStopsOnlyThatClient()
{
    TestServer server;
    QVERIFY(server.start());
    JsonTestClient a;
    JsonTestClient b;
    QVERIFY(a.connectTo(server.jsonUrl()));
    QVERIFY(b.connectTo(server.jsonUrl()));
    a.sendJson(request(QStringLiteral("subscribeRandomNumber")));
    b.sendJson(request(QStringLiteral("subscribeRandomNumber")));
    QVERIFY(!a.nextEvent(QStringLiteral("randomNumber")).isEmpty());
    QVERIFY(!b.nextEvent(QStringLiteral("randomNumber")).isEmpty());

    b.sendJson(request(QStringLiteral("unsubscribeRandomNumber"), 3));
    const QJsonObject ack = b.nextEvent(QStringLiteral("unsubscribed"));
    QCOMPARE(ack.value(QStringLiteral("id")).toInt(), 3);
    a.drain(0);
    QCOMPARE(b.countEvents(QStringLiteral("randomNumber"), 400), 0);
    QVERIFY(a.countEvents(QStringLiteral("randomNumber"), 0) >= 3);
}

void tst_JsonWsTransport::subscribeTwiceIsIdempotent()
{
    TestServer server;
    QVERIFY(server.start());
    JsonTestClient client;
    QVERIFY(client.connectTo(server.jsonUrl()));
    client.sendJson(request(QStringLiteral("subscribeRandomNumber"), 1));
    client.sendJson(request(QStringLiteral("subscribeRandomNumber"), 2));
    QCOMPARE(client.nextEvent(QStringLiteral("subscribed")).value(QStringLiteral("id")).toInt(), 1);
    QCOMPARE(client.nextEvent(QStringLiteral("subscribed")).value(QStringLiteral("id")).toInt(), 2);

    // Each seq exactly once.
    QList<qint64> seqs;
    for (const QString &message : client.drain(500)) {
        const QJsonObject object = QJsonDocument::fromJson(message.toUtf8()).object();
        if (object.value(QStringLiteral("event")).toString() == QLatin1String("randomNumber"))
            seqs.append(object.value(QStringLiteral("data")).toObject().value(QStringLiteral("seq")).toInteger());
    }
    QVERIFY2(seqs.size() >= 4, qPrintable(QString::number(seqs.size())));
    for (qsizetype i = 1; i < seqs.size(); ++i)
        QCOMPARE(seqs[i], seqs[i - 1] + 1);
}

void tst_JsonWsTransport::errorsKeepConnectionOpen_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QJsonValue>("id");
    const QJsonValue none(QJsonValue::Undefined);
    QTest::addRow("not json") << QStringLiteral("{\"event\":") << QStringLiteral("bad_json") << none;
    QTest::addRow("array") << QStringLiteral("[1,2]") << QStringLiteral("bad_json") << none;
    QTest::addRow("scalar") << QStringLiteral("42") << QStringLiteral("bad_json") << none;
    QTest::addRow("empty") << QString() << QStringLiteral("bad_json") << none;
    QTest::addRow("no event") << QStringLiteral("{\"id\":4}") << QStringLiteral("bad_request") << QJsonValue(4);
    QTest::addRow("event not string") << QStringLiteral("{\"event\":5}") << QStringLiteral("bad_request") << none;
    QTest::addRow("id is object") << QStringLiteral("{\"event\":\"subscribeRandomNumber\",\"id\":{}}") << QStringLiteral("bad_request")
                                  << none;
    QTest::addRow("unknown event") << QStringLiteral("{\"event\":\"fooBar\",\"id\":\"q\"}") << QStringLiteral("unknown_event")
                                   << QJsonValue(QStringLiteral("q"));
    QTest::addRow("unknown stream event") << QStringLiteral("{\"event\":\"subscribeNope\"}") << QStringLiteral("unknown_event") << none;
    QTest::addRow("subscribe without data") << QStringLiteral("{\"event\":\"subscribe\",\"id\":1}") << QStringLiteral("bad_request")
                                            << QJsonValue(1);
    QTest::addRow("streams not strings") << QStringLiteral("{\"event\":\"subscribe\",\"data\":{\"streams\":[1]}}")
                                         << QStringLiteral("bad_request") << none;
    QTest::addRow("empty streams") << QStringLiteral("{\"event\":\"unsubscribe\",\"data\":{\"streams\":[]}}")
                                   << QStringLiteral("bad_request") << none;
}

void tst_JsonWsTransport::errorsKeepConnectionOpen()
{
    QFETCH(QString, message);
    QFETCH(QString, code);
    QFETCH(QJsonValue, id);
    TestServer server;
    QVERIFY(server.start());
    JsonTestClient client;
    QVERIFY(client.connectTo(server.jsonUrl()));

    client.send(message);
    const QJsonObject error = client.nextJson();
    QCOMPARE(error.value(QStringLiteral("event")).toString(), QStringLiteral("error"));
    QCOMPARE(errorCode(error), code);
    QVERIFY(!error.value(QStringLiteral("data")).toObject().value(QStringLiteral("message")).toString().isEmpty());
    QCOMPARE(error.value(QStringLiteral("id")), id);

    // The client corrects itself on the same connection.
    client.sendJson(request(QStringLiteral("subscribeRandomNumber")));
    QVERIFY(!client.nextEvent(QStringLiteral("subscribed")).isEmpty());
    QVERIFY(!client.nextEvent(QStringLiteral("randomNumber")).isEmpty());
}

void tst_JsonWsTransport::binaryFrameGetsError()
{
    TestServer server;
    QVERIFY(server.start());
    JsonTestClient client;
    QVERIFY(client.connectTo(server.jsonUrl()));
    client.socket().sendBinaryMessage(QByteArray("{\"event\":\"subscribeRandomNumber\"}"));
    QCOMPARE(errorCode(client.nextEvent(QStringLiteral("error"))), QStringLiteral("binary_not_supported"));
    QVERIFY(client.isConnected());
}

void tst_JsonWsTransport::oversizedMessageClosesOnlyThatClient()
{
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("max-message-size"), 1024);
    TestServer server(config);
    QVERIFY(server.start());
    JsonTestClient good;
    JsonTestClient big;
    QVERIFY(good.connectTo(server.jsonUrl()));
    QVERIFY(big.connectTo(server.jsonUrl()));
    good.sendJson(request(QStringLiteral("subscribeRandomNumber")));
    QVERIFY(!good.nextEvent(QStringLiteral("randomNumber")).isEmpty());

    big.sendJson(request(QStringLiteral("subscribeRandomNumber"), QString(2048, QLatin1Char('x'))));
    QVERIFY(big.waitForDisconnect());
    QCOMPARE(big.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    good.drain(0);
    QVERIFY(good.countEvents(QStringLiteral("randomNumber"), 300) >= 2);
}

void tst_JsonWsTransport::bothProtocolsGetTheSameTicks()
{
    TestServer server;
    QVERIFY(server.start());
    JsonTestClient json;
    SocketIoTestClient sio;
    QVERIFY(json.connectTo(server.jsonUrl()));
    QVERIFY(sio.connectTo(server.socketIoUrl()));
    sio.emitEvent(QStringLiteral("subscribeRandomNumber"), 1);
    QVERIFY(!sio.waitForAck(1).isEmpty());
    json.sendJson(request(QStringLiteral("subscribeRandomNumber")));
    QVERIFY(!json.nextEvent(QStringLiteral("subscribed")).isEmpty());

    // Line the two streams up on the first value they share, then compare.
    QList<int> jsonValues;
    QList<int> sioValues;
    QTest::qWait(600);
    for (const QString &message : json.drain(0)) {
        const QJsonObject data = QJsonDocument::fromJson(message.toUtf8()).object().value(QStringLiteral("data")).toObject();
        jsonValues.append(data.value(QStringLiteral("value")).toInt());
    }
    for (const QString &frame : sio.drain(0)) {
        if (frame.startsWith(QLatin1String("42/data,[\"randomNumber\",")))
            sioValues.append(QJsonDocument::fromJson(frame.sliced(8).toUtf8()).array().at(1).toInt());
    }
    QVERIFY2(
        jsonValues.size() >= 6 && sioValues.size() >= 6, qPrintable(QStringLiteral("%1 %2").arg(jsonValues.size()).arg(sioValues.size())));
    // Both subscribed before the window; at most the first tick differs.
    const QList<int> jsonTail = jsonValues.mid(2, 4);
    const qsizetype at = [&] {
        for (qsizetype i = 0; i + jsonTail.size() <= sioValues.size(); ++i) {
            if (sioValues.mid(i, jsonTail.size()) == jsonTail)
                return i;
        }
        return qsizetype(-1);
    }();
    QVERIFY2(at >= 0 && at <= 3, "the two protocols did not carry the same ticks");
}

void tst_JsonWsTransport::slowConsumerIsDisconnected()
{
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("max-send-buffer"), 1024 * 1024);
    config.set(QStringLiteral("client-message-rate"), 0); // it floods on purpose; the rate limit would close it first
    TestServer server(config);
    QVERIFY(server.start());
    JsonTestClient good;
    QVERIFY(good.connectTo(server.jsonUrl()));
    good.sendJson(request(QStringLiteral("subscribeRandomNumber")));
    QVERIFY(!good.nextEvent(QStringLiteral("randomNumber")).isEmpty());

    // A client that asks for replies (each echoes its 40 KB id) but reads none
    // of them: Qt stops reading its socket once 4 KB are buffered, so the
    // server's unsent data grows until the cap cuts the client off.
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

    // The well-behaved client kept its stream throughout.
    good.drain(0);
    QVERIFY(good.countEvents(QStringLiteral("randomNumber"), 300) >= 2);
    QVERIFY(good.isConnected());
}

void tst_JsonWsTransport::latestPriceFollowsTheAckAtOnce()
{
    // The server writes the `subscribed` reply and the latest price back to
    // back. With Nagle's algorithm on its socket the price would wait for the
    // client's (delayed) ACK of the reply, about 40 ms on Linux; with
    // TCP_NODELAY both leave at once.
    TestServer server;
    QVERIFY(server.start());
    JsonTestClient client;
    QVERIFY(client.connectTo(server.jsonUrl()));
    // The simulated provider has a price shortly after the start.
    client.sendJson(request(QStringLiteral("subscribeBitcoinPrice")));
    QVERIFY(!client.nextEvent(QStringLiteral("bitcoinPrice")).isEmpty());

    QElapsedTimer clock;
    clock.start();
    QHash<QString, qint64> arrivedAt; // event -> ns
    QObject::connect(&client.socket(), &QWebSocket::textMessageReceived, &client.socket(), [&](const QString &message) {
        arrivedAt.insert(
            QJsonDocument::fromJson(message.toUtf8()).object().value(QStringLiteral("event")).toString(), clock.nsecsElapsed());
    });
    QList<qint64> gaps;
    for (int i = 0; i < 10; ++i) {
        client.sendJson(request(QStringLiteral("unsubscribeBitcoinPrice"), i));
        QVERIFY(!client.nextEvent(QStringLiteral("unsubscribed")).isEmpty());
        arrivedAt.clear();
        client.sendJson(request(QStringLiteral("subscribeBitcoinPrice"), i));
        QVERIFY(!client.nextEvent(QStringLiteral("bitcoinPrice")).isEmpty());
        QVERIFY(arrivedAt.contains(QStringLiteral("subscribed")));
        gaps.append(arrivedAt.value(QStringLiteral("bitcoinPrice")) - arrivedAt.value(QStringLiteral("subscribed")));
    }
    std::sort(gaps.begin(), gaps.end());
    QStringList all;
    for (qint64 gap : gaps)
        all.append(QString::number(double(gap) / 1e6, 'f', 1));
    const double median = double(gaps.at(gaps.size() / 2)) / 1e6;
    const QString description = QStringLiteral("median %1 ms of %2").arg(median, 0, 'f', 1).arg(all.join(QLatin1Char(' ')));
    qInfo("subscribed -> bitcoinPrice: %s", qPrintable(description));
    QVERIFY2(median < 10, qPrintable(description));
}

QTEST_GUILESS_MAIN(tst_JsonWsTransport)
#include "tst_jsonwstransport.moc"
