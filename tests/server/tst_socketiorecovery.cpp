// Socket.IO connection state recovery (--sio-recovery) on the wire, over real
// loopback sockets against an in-process server: the pid in the CONNECT
// answer, the offset at the end of every event, and a reconnection with
// {"pid","offset"} that gets the same session back with what it missed.
// Off (the default), the wire is what it always was. The feeds are stopped
// and the test publishes every tick itself.
#include "PublishedTicks.h"
#include "TestClients.h"
#include "TestServer.h"

#include "hub/Hub.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

namespace {

using PublishedTicks::publish;
using PublishedTicks::startQuiet;

const QString Random = QStringLiteral("randomNumber");
const QString Price = QStringLiteral("bitcoinPrice");
const QString Welcome = QStringLiteral("Welcome to the data WebSocket gateway!");

Config quietConfig(bool recovery)
{
    Config config = PublishedTicks::quietConfig();
    if (recovery)
        config.set(QStringLiteral("sio-recovery"), true);
    return config;
}

// What the offset must be once the hub has published up to now: every
// stream's last seq, in the hub's order of streams.
QString offsetNow(const Hub &hub)
{
    QStringList seqs;
    for (const StreamInfo &stream : hub.streams())
        seqs.append(QString::number(hub.lastSeq(stream.name)));
    return seqs.join(QLatin1Char('-'));
}

// Opens a Socket.IO connection without joining /data.
bool open(SocketIoTestClient &client, const TestServer &server)
{
    return client.connectTo(server.socketIoUrl(), false);
}

} // namespace

class tst_SocketIoRecovery final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void wireUnchangedWithoutRecovery();
    void connectCarriesPidAndEventsEndWithTheOffset();
    void reconnectRestoresSubscriptionsAndReplays();
    void aNewSessionWhenItCannotRecover_data();
    void aNewSessionWhenItCannotRecover();
    void latestPriceCarriesTheOffsetOfNow();
};

void tst_SocketIoRecovery::wireUnchangedWithoutRecovery()
{
    TestServer server(quietConfig(false));
    QVERIFY(startQuiet(server));
    SocketIoTestClient client;
    QVERIFY(open(client, server));
    client.send(QStringLiteral("40/data,"));
    const std::optional<QString> connected = client.nextFrame();
    QVERIFY(connected);
    QVERIFY2(
        QRegularExpression(QStringLiteral(R"(^40/data,\{"sid":"[A-Za-z0-9_-]+"\}$)")).match(*connected).hasMatch(), qPrintable(*connected));
    QCOMPARE(client.nextFrame().value_or(QString()), QStringLiteral("42/data,[\"message\",\"%1\"]").arg(Welcome));
    client.emitEvent(QStringLiteral("subscribeRandomNumber"), 1);
    QCOMPARE(client.nextFrame().value_or(QString()), QStringLiteral(R"(43/data,1[{"ok":true,"stream":"randomNumber"}])"));
    const quint64 seq = publish(*server.server().hub(), Random, 1);
    QCOMPARE(client.nextFrame().value_or(QString()), QStringLiteral("42/data,[\"randomNumber\",%1]").arg(seq % 100));
}

void tst_SocketIoRecovery::connectCarriesPidAndEventsEndWithTheOffset()
{
    TestServer server(quietConfig(true));
    QVERIFY(startQuiet(server));
    Hub &hub = *server.server().hub();
    publish(hub, Price, 2);
    publish(hub, Random, 3);

    SocketIoTestClient client;
    QVERIFY(open(client, server));
    const std::optional<SocketIoTestClient::Joined> joined = client.joinData();
    QVERIFY(joined);
    QVERIFY(!joined->sid.isEmpty());
    QVERIFY(!joined->pid.isEmpty());
    QVERIFY(joined->pid != joined->sid);
    // socket.io-client takes an event's last string argument as its offset:
    // the welcome carries one too.
    const QJsonArray welcome = client.nextEvent(QStringLiteral("message"));
    QCOMPARE(welcome, QJsonArray({QStringLiteral("message"), Welcome, offsetNow(hub)}));

    client.emitEvent(QStringLiteral("subscribeRandomNumber"), 1);
    QCOMPARE(client.waitForAck(1), QJsonObject({{QStringLiteral("ok"), true}, {QStringLiteral("stream"), Random}}));
    for (int i = 0; i < 3; ++i) {
        const quint64 seq = publish(hub, Random, 1);
        QCOMPARE(client.nextEvent(Random), QJsonArray({Random, int(seq % 100), offsetNow(hub)}));
    }
}

void tst_SocketIoRecovery::reconnectRestoresSubscriptionsAndReplays()
{
    TestServer server(quietConfig(true));
    QVERIFY(startQuiet(server));
    Hub &hub = *server.server().hub();
    publish(hub, Random, 3);
    QSignalSpy disconnected(&server.server(), &Server::clientDisconnected);

    SocketIoTestClient first;
    QVERIFY(open(first, server));
    const std::optional<SocketIoTestClient::Joined> session = first.joinData();
    QVERIFY(session);
    QVERIFY(!first.nextEvent(QStringLiteral("message")).isEmpty());
    first.emitEvent(QStringLiteral("subscribeRandomNumber"), 1);
    QVERIFY(!first.waitForAck(1).isEmpty());
    publish(hub, Random, 2);
    QVERIFY(!first.nextEvent(Random).isEmpty());
    const QString lastOffset = first.nextEvent(Random).last().toString();
    QCOMPARE(TestServer::seqInOffset(hub, lastOffset, Random), 5);
    first.socket().abort(); // dropped, not left
    QTRY_COMPARE(disconnected.size(), 1);

    const qint64 missedUpTo = qint64(publish(hub, Random, 5));
    SocketIoTestClient again;
    QVERIFY(open(again, server));
    const std::optional<SocketIoTestClient::Joined> restored =
        again.joinData({{QStringLiteral("pid"), session->pid}, {QStringLiteral("offset"), lastOffset}});
    QVERIFY(restored);
    QCOMPARE(restored->sid, session->sid);
    QCOMPARE(restored->pid, session->pid);
    QVERIFY(!again.nextEvent(QStringLiteral("message")).isEmpty());
    // No subscribe: the session had it. The missed ones in order, then live.
    for (qint64 seq = 6; seq <= missedUpTo; ++seq) {
        const QJsonArray event = again.nextEvent(Random);
        QCOMPARE(event.size(), 3);
        QCOMPARE(event.at(1).toInt(), int(seq % 100));
        QCOMPARE(TestServer::seqInOffset(hub, event.at(2).toString(), Random), seq);
    }
    publish(hub, Random, 2);
    for (qint64 seq = missedUpTo + 1; seq <= missedUpTo + 2; ++seq)
        QCOMPARE(TestServer::seqInOffset(hub, again.nextEvent(Random).at(2).toString(), Random), seq);
    QCOMPARE(again.countEvents(Random, 200), 0);
}

void tst_SocketIoRecovery::aNewSessionWhenItCannotRecover_data()
{
    QTest::addColumn<QString>("why");
    QTest::addRow("unknown pid") << QStringLiteral("unknown pid");
    QTest::addRow("window passed") << QStringLiteral("window");
    QTest::addRow("left on purpose") << QStringLiteral("left");
    QTest::addRow("missed ticks no longer kept") << QStringLiteral("too old");
    QTest::addRow("offset not ours") << QStringLiteral("bad offset");
}

void tst_SocketIoRecovery::aNewSessionWhenItCannotRecover()
{
    QFETCH(QString, why);
    Config config = quietConfig(true);
    config.set(QStringLiteral("sio-recovery-window"), 200);
    config.set(QStringLiteral("history-size"), 3);
    TestServer server(config);
    QVERIFY(startQuiet(server));
    Hub &hub = *server.server().hub();
    QSignalSpy disconnected(&server.server(), &Server::clientDisconnected);

    SocketIoTestClient first;
    QVERIFY(open(first, server));
    const std::optional<SocketIoTestClient::Joined> session = first.joinData();
    QVERIFY(session);
    QString offset = first.nextEvent(QStringLiteral("message")).last().toString();
    first.emitEvent(QStringLiteral("subscribeRandomNumber"), 1);
    QVERIFY(!first.waitForAck(1).isEmpty());
    if (why == QLatin1String("left"))
        first.send(QStringLiteral("41/data,"));
    QTest::qWait(50);
    first.socket().abort();
    QTRY_COMPARE(disconnected.size(), 1);

    QString pid = session->pid;
    if (why == QLatin1String("unknown pid"))
        pid = QStringLiteral("not-a-pid");
    else if (why == QLatin1String("window"))
        QTest::qWait(400);
    else if (why == QLatin1String("too old"))
        publish(hub, Random, 5);
    else if (why == QLatin1String("bad offset"))
        offset = QStringLiteral("1-2-3");

    SocketIoTestClient again;
    QVERIFY(open(again, server));
    const std::optional<SocketIoTestClient::Joined> joined =
        again.joinData({{QStringLiteral("pid"), pid}, {QStringLiteral("offset"), offset}});
    QVERIFY(joined);
    QVERIFY(joined->sid != session->sid);
    QVERIFY(joined->pid != session->pid);
    QVERIFY(!joined->pid.isEmpty());
    // A new session has no subscriptions.
    QVERIFY(!again.nextEvent(QStringLiteral("message")).isEmpty());
    publish(hub, Random, 1);
    QCOMPARE(again.countEvents(Random, 200), 0);
}

void tst_SocketIoRecovery::latestPriceCarriesTheOffsetOfNow()
{
    // The latest price was published before the random ticks the client has:
    // with its own offset the client's position would go back, and those
    // ticks would be replayed twice after a reconnection.
    TestServer server(quietConfig(true));
    QVERIFY(startQuiet(server));
    Hub &hub = *server.server().hub();
    const quint64 price = publish(hub, Price, 1);
    publish(hub, Random, 4);

    SocketIoTestClient client;
    QVERIFY(open(client, server));
    QVERIFY(client.joinData());
    QVERIFY(!client.nextEvent(QStringLiteral("message")).isEmpty());
    client.emitEvent(QStringLiteral("subscribeBitcoinPrice"));
    QCOMPARE(client.nextEvent(Price), QJsonArray({Price, 1000.5 + double(price), offsetNow(hub)}));
}

QTEST_GUILESS_MAIN(tst_SocketIoRecovery)
#include "tst_socketiorecovery.moc"
