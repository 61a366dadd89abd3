// IoWorker on its own, in the test's thread, fed with the descriptors a
// QTcpServer accepts on a loopback port (as the Listener feeds it): real
// WebSocket clients of both protocols connect through its front door, ticks
// reach exactly their subscribers, and what it counts and lists is exactly
// what happened.
#include "transport/IoWorker.h"
#include "transport/SocketIoSessionShare.h"
#include "transport/StreamPositions.h"

#include "protocol/WebSocketFrame.h"

#include "TestClients.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <functional>
#include <memory>

namespace {

// Hands each accepted descriptor to a callback, as the Listener does.
class DescriptorServer final : public QTcpServer {
public:
    std::function<void(qintptr)> onIncoming;

protected:
    void incomingConnection(qintptr descriptor) override { onIncoming(descriptor); }
};

const QString Random = QStringLiteral("randomNumber");
const QString Price = QStringLiteral("bitcoinPrice");

QList<StreamInfo> streams()
{
    StreamInfo random;
    random.name = Random;
    StreamInfo price;
    price.name = Price;
    price.valueKey = QStringLiteral("price");
    price.latestOnSubscribe = true;
    return {random, price};
}

EncodedTick encodedTick(const QString &stream, quint64 seq, const QJsonValue &value)
{
    Tick tick;
    tick.stream = stream;
    tick.seq = seq;
    tick.ts = 1700000000000 + qint64(seq);
    tick.value = value;
    return EncodedTick::encode(tick, stream == Price ? QStringLiteral("price") : QStringLiteral("value"));
}

// Counts every text message a client's socket receives, the ones its test
// client consumes on the way (welcome, acks) included. Connect before opening.
struct Received {
    int messages = 0;
};

void countMessages(WsTestClient &client, Received &received)
{
    QObject::connect(&client.socket(), &QWebSocket::textMessageReceived, &client.socket(), [&received] { ++received.messages; });
}

// A cluster's share of Socket.IO sessions that keeps what it is given and
// answers a take() only when the test says so (or never).
class HeldShare final : public SocketIoSessionShare {
public:
    void keep(const SocketIoSessionStore::Session &session, qint64) override { kept.append(session); }
    void take(const QString &pid, TakeDone done) override
    {
        asked.append(pid);
        pending.append(std::move(done));
    }

    QList<SocketIoSessionStore::Session> kept;
    QStringList asked;
    QList<TakeDone> pending;
};

QJsonObject request(const QString &event, int id)
{
    return {{QStringLiteral("event"), event}, {QStringLiteral("id"), id}};
}

// Sends raw bytes and returns what the worker answered by the time it closed.
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

class tst_IoWorker final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void clientsOfBothProtocolsConnect();
    void deliverReachesExactlyTheSubscribers();
    void clientsReportWhatTheyWereSent();
    void clientSnapshotLetsATickThrough();
    void clientDisconnectedIsCounted();
    void disconnectClientClosesThatClientOnly();
    void plainHttpIsAnsweredAndCounted_data();
    void plainHttpIsAnsweredAndCounted();
    void shutdownClosesEveryoneWithGoingAway();
    void shutdownWithoutClientsDrainsAtOnce();
    void socketIoRecoveryWhenTheShareNeverAnswers();

private:
    QUrl jsonUrl() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_server->serverPort())); }
    QUrl socketIoUrl() const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket").arg(m_server->serverPort()));
    }
    // Subscribes and waits for the reply.
    bool subscribe(JsonTestClient &client, const QString &stream, int id);
    bool subscribe(SocketIoTestClient &client, const QString &stream, int id);

    std::unique_ptr<IoWorker> m_worker;
    std::unique_ptr<DescriptorServer> m_server;
    int m_adopted = 0; // connections handed to the worker
};

void tst_IoWorker::init()
{
    qRegisterMetaType<ClientInfo>();
    Config config(TransportSettings::options());
    // Nothing of the heartbeat within a test; a short handshake timeout.
    config.set(QStringLiteral("ping-interval"), 60000);
    config.set(QStringLiteral("handshake-timeout"), 300);
    config.set(QStringLiteral("connect-timeout"), 5000);
    m_worker = std::make_unique<IoWorker>(TransportSettings::from(config), streams());
    m_server = std::make_unique<DescriptorServer>();
    m_adopted = 0;
    m_server->onIncoming = [this](qintptr descriptor) {
        m_worker->adopt(descriptor);
        ++m_adopted;
    };
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

void tst_IoWorker::cleanup()
{
    m_server.reset();
    m_worker.reset();
}

bool tst_IoWorker::subscribe(JsonTestClient &client, const QString &stream, int id)
{
    client.sendJson(request(QStringLiteral("subscribe") + stream.at(0).toUpper() + stream.mid(1), id));
    return client.nextEvent(QStringLiteral("subscribed")).value(QStringLiteral("id")).toInt() == id;
}

bool tst_IoWorker::subscribe(SocketIoTestClient &client, const QString &stream, int id)
{
    client.emitEvent(QStringLiteral("subscribe") + stream.at(0).toUpper() + stream.mid(1), id);
    return client.waitForAck(id).value(QStringLiteral("ok")).toBool();
}

void tst_IoWorker::clientsOfBothProtocolsConnect()
{
    QSignalSpy connected(m_worker.get(), &IoWorker::clientConnected);
    const QDateTime before = QDateTime::currentDateTimeUtc();
    JsonTestClient json;
    SocketIoTestClient sio;
    QVERIFY(json.connectTo(jsonUrl()));
    QVERIFY(sio.connectTo(socketIoUrl()));
    const QDateTime after = QDateTime::currentDateTimeUtc();

    QCOMPARE(connected.size(), 2);
    const ClientInfo jsonInfo = connected.at(0).first().value<ClientInfo>();
    const ClientInfo sioInfo = connected.at(1).first().value<ClientInfo>();
    QCOMPARE(jsonInfo.protocol, ClientInfo::Protocol::JsonWs);
    QCOMPARE(sioInfo.protocol, ClientInfo::Protocol::SocketIo);
    QCOMPARE(jsonInfo.peer, QStringLiteral("127.0.0.1:%1").arg(json.socket().localPort()));
    QCOMPARE(sioInfo.peer, QStringLiteral("127.0.0.1:%1").arg(sio.socket().localPort()));
    QVERIFY(jsonInfo.id != 0 && sioInfo.id != 0 && jsonInfo.id != sioInfo.id);
    for (const ClientInfo &info : {jsonInfo, sioInfo}) {
        QVERIFY(info.connectedAt >= before.addMSecs(-1) && info.connectedAt <= after);
        QVERIFY(info.streams.isEmpty());
    }

    QList<quint64> ids;
    for (const ClientInfo &info : m_worker->clients())
        ids.append(info.id);
    std::sort(ids.begin(), ids.end());
    QCOMPARE(ids, (QList<quint64> {std::min(jsonInfo.id, sioInfo.id), std::max(jsonInfo.id, sioInfo.id)}));

    const TrafficStats stats = m_worker->trafficStats();
    for (const QString &protocol : {TrafficStats::Json, TrafficStats::SocketIo}) {
        QCOMPARE(stats.protocols.value(protocol).connectionsOpen, 1u);
        QCOMPARE(stats.protocols.value(protocol).connectionsTotal, 1u);
        QVERIFY(stats.protocols.value(protocol).connectionsRejected.isEmpty());
    }
    QCOMPARE(stats.protocols.value(TrafficStats::Http), TrafficStats::Protocol());
}

void tst_IoWorker::deliverReachesExactlyTheSubscribers()
{
    // j1, s1: randomNumber; j2: bitcoinPrice; s2: both; j3, s3: nothing.
    JsonTestClient j1, j2, j3;
    SocketIoTestClient s1, s2, s3;
    for (JsonTestClient *client : {&j1, &j2, &j3})
        QVERIFY(client->connectTo(jsonUrl()));
    for (SocketIoTestClient *client : {&s1, &s2, &s3})
        QVERIFY(client->connectTo(socketIoUrl()));
    QSignalSpy subscriptions(m_worker.get(), &IoWorker::clientSubscriptionsChanged);
    QVERIFY(subscribe(j1, Random, 1));
    QVERIFY(subscribe(j2, Price, 2));
    QCOMPARE(j2.nextEvent(QStringLiteral("error")).value(QStringLiteral("data"))[QStringLiteral("code")].toString(),
        QStringLiteral("no_data_yet"));
    QVERIFY(subscribe(s1, Random, 3));
    QVERIFY(subscribe(s2, Random, 4));
    QVERIFY(subscribe(s2, Price, 5));
    QCOMPARE(subscriptions.size(), 5);
    QCOMPARE(subscriptions.last().at(1).toStringList(), (QStringList {Random, Price}));

    const EncodedTick random = encodedTick(Random, 1, 57);
    const EncodedTick price = encodedTick(Price, 9, 97123.45);
    m_worker->deliver(random);
    m_worker->deliver(price);

    const QByteArray jsonRandom = WebSocketFrame::payload(random.jsonFrame).toByteArray();
    const QByteArray sioRandom = WebSocketFrame::payload(random.socketIoFrame).toByteArray();
    QCOMPARE(j1.next(), QString::fromUtf8(jsonRandom));
    QCOMPARE(s1.nextFrame(), QString::fromUtf8(sioRandom));
    QCOMPARE(j2.next(), QString::fromUtf8(WebSocketFrame::payload(price.jsonFrame).toByteArray()));
    QCOMPARE(s2.nextFrame(), QString::fromUtf8(sioRandom));
    QCOMPARE(s2.nextFrame(), QString::fromUtf8(WebSocketFrame::payload(price.socketIoFrame).toByteArray()));
    // Nothing more for anyone, nothing at all for the others.
    QTest::qWait(150);
    for (WsTestClient *client : std::initializer_list<WsTestClient *> {&j1, &j2, &j3, &s1, &s2, &s3})
        QCOMPARE(client->pendingCount(), 0);

    const TrafficStats stats = m_worker->trafficStats();
    QCOMPARE(stats.streams.keys(), (QList<QString> {Price, Random}));
    const TrafficStats::Stream randomStats = stats.streams.value(Random);
    QCOMPARE(randomStats.subscribers, 3u);
    QCOMPARE(randomStats.messagesSent, 3u);
    QCOMPARE(randomStats.bytesSent, quint64(random.jsonFrame.size() + 2 * random.socketIoFrame.size()));
    const TrafficStats::Stream priceStats = stats.streams.value(Price);
    QCOMPARE(priceStats.subscribers, 2u);
    QCOMPARE(priceStats.messagesSent, 2u);
    QCOMPARE(priceStats.bytesSent, quint64(price.jsonFrame.size() + price.socketIoFrame.size()));

    // Once known, the price goes to a new subscriber at once.
    QVERIFY(subscribe(s3, Price, 6));
    QCOMPARE(s3.nextFrame(), QString::fromUtf8(WebSocketFrame::payload(price.socketIoFrame).toByteArray()));
}

void tst_IoWorker::clientsReportWhatTheyWereSent()
{
    JsonTestClient json;
    SocketIoTestClient sio;
    Received jsonReceived;
    Received sioReceived;
    countMessages(json, jsonReceived);
    countMessages(sio, sioReceived);
    QVERIFY(json.connectTo(jsonUrl()));
    QVERIFY(sio.connectTo(socketIoUrl()));
    QVERIFY(subscribe(json, Random, 1));
    QVERIFY(subscribe(sio, Random, 2));
    QVERIFY(subscribe(sio, Price, 3));
    // An unknown event: refused, answered, and counted as received.
    sio.emitEvent(QStringLiteral("fooBar"), 4);
    QCOMPARE(sio.waitForAck(4).value(QStringLiteral("error")).toString(), QStringLiteral("unknown_event"));
    for (quint64 seq = 1; seq <= 5; ++seq)
        m_worker->deliver(encodedTick(Random, seq, int(seq)));
    // welcome + subscribed; open + connect + welcome + three acks; then five ticks each.
    QTRY_COMPARE(jsonReceived.messages, 2 + 5);
    QTRY_COMPARE(sioReceived.messages, 6 + 5);

    const QList<ClientInfo> clients = m_worker->clients();
    QCOMPARE(clients.size(), 2);
    for (const ClientInfo &info : clients) {
        const bool isJson = info.protocol == ClientInfo::Protocol::JsonWs;
        QCOMPARE(info.messagesSent, quint64(isJson ? jsonReceived.messages : sioReceived.messages));
        QCOMPARE(info.streams, isJson ? QStringList {Random} : (QStringList {Random, Price}));
        QCOMPARE(info.bytesQueued, 0);
    }
    const TrafficStats stats = m_worker->trafficStats();
    QCOMPARE(stats.protocols.value(TrafficStats::Json).messagesSent, quint64(jsonReceived.messages));
    QCOMPARE(stats.protocols.value(TrafficStats::SocketIo).messagesSent, quint64(sioReceived.messages));
    // Received: one subscribe; the namespace join, three events and the unknown one.
    QCOMPARE(stats.protocols.value(TrafficStats::Json).messagesReceived, 1u);
    QCOMPARE(stats.protocols.value(TrafficStats::SocketIo).messagesReceived, 4u);
    QCOMPARE(
        stats.protocols.value(TrafficStats::SocketIo).messagesRejected, (QMap<QString, quint64> {{QStringLiteral("unknown_event"), 1}}));
    QVERIFY(stats.protocols.value(TrafficStats::Json).messagesRejected.isEmpty());
}

// The dashboard's snapshot of thousands of clients is taken in slices, and
// a tick posted meanwhile is sent between two of them, not after all.
void tst_IoWorker::clientSnapshotLetsATickThrough()
{
    constexpr int Clients = 6;
    constexpr int Slice = 2;
    std::vector<std::unique_ptr<JsonTestClient>> clients;
    for (int i = 0; i < Clients; ++i) {
        clients.push_back(std::make_unique<JsonTestClient>());
        QVERIFY(clients.back()->connectTo(jsonUrl()));
        QVERIFY(subscribe(*clients.back(), Random, 1));
    }
    m_worker->setClientSliceSize(Slice);
    QStringList order;
    QList<ClientInfo> snapshot;
    m_worker->collectClients([&](const QList<ClientInfo> &taken) {
        order.append(QStringLiteral("snapshot"));
        snapshot = taken;
    });
    QMetaObject::invokeMethod(
        m_worker.get(),
        [&] {
            order.append(QStringLiteral("tick"));
            m_worker->deliver(encodedTick(Random, 1, 1));
        },
        Qt::QueuedConnection);
    QTRY_COMPARE(order.size(), 2);
    QCOMPARE(order, (QStringList {QStringLiteral("tick"), QStringLiteral("snapshot")}));
    QCOMPARE(snapshot.size(), Clients);
    // The first slice is taken at once and the second is queued then, before
    // the tick; the slices after that were taken after the tick went out.
    const quint64 least = std::min_element(snapshot.cbegin(), snapshot.cend(), [](const ClientInfo &a, const ClientInfo &b) {
        return a.messagesSent < b.messagesSent;
    })->messagesSent;
    const auto afterTick =
        std::count_if(snapshot.cbegin(), snapshot.cend(), [least](const ClientInfo &info) { return info.messagesSent == least + 1; });
    QCOMPARE(afterTick, Clients - 2 * Slice);
}

void tst_IoWorker::clientDisconnectedIsCounted()
{
    QSignalSpy connected(m_worker.get(), &IoWorker::clientConnected);
    QSignalSpy disconnected(m_worker.get(), &IoWorker::clientDisconnected);
    JsonTestClient leaving;
    JsonTestClient staying;
    QVERIFY(leaving.connectTo(jsonUrl()));
    QVERIFY(staying.connectTo(jsonUrl()));
    QVERIFY(subscribe(leaving, Random, 1));
    const quint64 leavingId = connected.at(0).first().value<ClientInfo>().id;
    const quint64 stayingId = connected.at(1).first().value<ClientInfo>().id;

    leaving.socket().close();
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.first().first().toULongLong(), leavingId);
    QCOMPARE(m_worker->clients().size(), 1);
    QCOMPARE(m_worker->clients().first().id, stayingId);

    const TrafficStats stats = m_worker->trafficStats();
    QCOMPARE(stats.protocols.value(TrafficStats::Json).connectionsOpen, 1u);
    QCOMPARE(stats.protocols.value(TrafficStats::Json).connectionsTotal, 2u);
    QCOMPARE(stats.streams.value(Random).subscribers, 0u);
}

void tst_IoWorker::disconnectClientClosesThatClientOnly()
{
    QSignalSpy connected(m_worker.get(), &IoWorker::clientConnected);
    QSignalSpy disconnected(m_worker.get(), &IoWorker::clientDisconnected);
    JsonTestClient kicked;
    SocketIoTestClient other;
    QVERIFY(kicked.connectTo(jsonUrl()));
    QVERIFY(other.connectTo(socketIoUrl()));
    QVERIFY(subscribe(kicked, Random, 1));
    QVERIFY(subscribe(other, Random, 2));
    const quint64 kickedId = connected.at(0).first().value<ClientInfo>().id;
    const quint64 otherId = connected.at(1).first().value<ClientInfo>().id;

    QVERIFY(!m_worker->disconnectClient(otherId + kickedId + 1000));
    QVERIFY(m_worker->disconnectClient(kickedId));
    QVERIFY(kicked.waitForDisconnect());
    QCOMPARE(kicked.closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QCOMPARE(kicked.closeReason(), QStringLiteral("disconnected by the operator"));
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.first().first().toULongLong(), kickedId);

    // The other one still gets its ticks.
    QVERIFY(other.isConnected());
    m_worker->deliver(encodedTick(Random, 1, 5));
    QCOMPARE(other.nextEvent(Random), (QJsonArray {Random, 5}));
    QCOMPARE(m_worker->clients().size(), 1);
    QCOMPARE(m_worker->clients().first().id, otherId);
    QCOMPARE(m_worker->trafficStats().streams.value(Random).messagesSent, 1u);
}

void tst_IoWorker::plainHttpIsAnsweredAndCounted_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("reason");
    QTest::addRow("unknown path") << QByteArray("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n") << 404 << TrafficStats::Http
                                  << QStringLiteral("not_found");
    QTest::addRow("/ws without upgrade") << QByteArray("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n") << 426 << TrafficStats::Json
                                         << QStringLiteral("upgrade_required");
    QTest::addRow("Engine.IO v3") << QByteArray("GET /socket.io/?EIO=3&transport=websocket HTTP/1.1\r\nHost: x\r\n\r\n") << 400
                                  << TrafficStats::SocketIo << QStringLiteral("unsupported_protocol_version");
    // Nothing within the handshake timeout.
    QTest::addRow("silence") << QByteArray() << 408 << TrafficStats::Http << QStringLiteral("request_timeout");
}

void tst_IoWorker::plainHttpIsAnsweredAndCounted()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QString, protocol);
    QFETCH(QString, reason);
    const QByteArray answer = httpExchange(m_server->serverPort(), request);
    const QByteArray statusLine = "HTTP/1.1 " + QByteArray::number(status) + ' ';
    QVERIFY2(answer.startsWith(statusLine), answer.constData());
    QTRY_COMPARE(m_worker->trafficStats().protocols.value(protocol).connectionsRejected, (QMap<QString, quint64> {{reason, 1}}));
    const TrafficStats stats = m_worker->trafficStats();
    for (const QString &name : {TrafficStats::Http, TrafficStats::Json, TrafficStats::SocketIo}) {
        QCOMPARE(stats.protocols.value(name).connectionsOpen, 0u);
        QCOMPARE(stats.protocols.value(name).connectionsTotal, 0u);
        if (name != protocol)
            QVERIFY(stats.protocols.value(name).connectionsRejected.isEmpty());
    }
}

void tst_IoWorker::shutdownClosesEveryoneWithGoingAway()
{
    JsonTestClient json;
    SocketIoTestClient sio;
    QVERIFY(json.connectTo(jsonUrl()));
    QVERIFY(sio.connectTo(socketIoUrl()));
    QVERIFY(subscribe(json, Random, 1));
    // A connection still in the front door, its request not yet sent.
    QTcpSocket waiting;
    waiting.connectToHost(QHostAddress::LocalHost, m_server->serverPort());
    QTRY_COMPARE(m_adopted, 3);
    QSignalSpy drained(m_worker.get(), &IoWorker::drained);
    QSignalSpy disconnected(m_worker.get(), &IoWorker::clientDisconnected);

    m_worker->shutdown();
    QVERIFY(json.waitForDisconnect());
    QVERIFY(sio.waitForDisconnect());
    QCOMPARE(json.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(sio.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QByteArray answer;
    QTRY_VERIFY((answer += waiting.readAll()).startsWith("HTTP/1.1 503 "));
    QTRY_COMPARE(drained.size(), 1);
    QCOMPARE(disconnected.size(), 2);
    QVERIFY(m_worker->clients().isEmpty());
    QCOMPARE(m_worker->trafficStats().protocols.value(TrafficStats::Http).connectionsRejected,
        (QMap<QString, quint64> {{QStringLiteral("shutting_down"), 1}}));

    // Anyone coming later is turned away, and drained() is not said twice.
    JsonTestClient late;
    QVERIFY(!late.connectTo(jsonUrl()));
    QTest::qWait(50);
    QCOMPARE(drained.size(), 1);
    QCOMPARE(m_worker->trafficStats().protocols.value(TrafficStats::Http).connectionsRejected.value(QStringLiteral("shutting_down")), 2u);
}

void tst_IoWorker::shutdownWithoutClientsDrainsAtOnce()
{
    QSignalSpy drained(m_worker.get(), &IoWorker::drained);
    m_worker->shutdown();
    QCOMPARE(drained.size(), 1);
}

QTEST_GUILESS_MAIN(tst_IoWorker)
// In a cluster, a reconnecting Socket.IO client waits for the share (Redis)
// to hand its session over, but not for ever: when the share never answers,
// the client gets a new session after the share's timeout, the copy this
// instance kept is dropped (the share may yet give it to another instance),
// and an answer that comes too late changes nothing.
void tst_IoWorker::socketIoRecoveryWhenTheShareNeverAnswers()
{
    constexpr int ShareTimeoutMs = 300;
    Config config(TransportSettings::options());
    config.set(QStringLiteral("ping-interval"), 60000);
    config.set(QStringLiteral("sio-recovery"), true);
    StreamPositions positions({Random, Price}, QStringLiteral("epoch-1"));
    SocketIoSessionStore sessions(30000);
    HeldShare share;
    sessions.setShare(&share, ShareTimeoutMs);
    m_worker =
        std::make_unique<IoWorker>(TransportSettings::from(config), streams(), nullptr, nullptr, IoWorker::Shared {&positions, &sessions});
    // The worker goes before what it was given.
    const auto workerFirst = qScopeGuard([this] { m_worker.reset(); });

    SocketIoTestClient first;
    QVERIFY(first.connectTo(socketIoUrl(), false));
    const std::optional<SocketIoTestClient::Joined> session = first.joinData();
    QVERIFY(session);
    QVERIFY(!session->pid.isEmpty());
    const QString offset = first.nextEvent(QStringLiteral("message")).last().toString();
    QVERIFY(subscribe(first, Random, 1));
    first.socket().abort(); // dropped: the session is kept here and in the share
    QTRY_COMPARE(share.kept.size(), 1);
    QCOMPARE(share.kept.first().pid, session->pid);

    SocketIoTestClient again;
    QVERIFY(again.connectTo(socketIoUrl(), false));
    QElapsedTimer waited;
    waited.start();
    const std::optional<SocketIoTestClient::Joined> joined =
        again.joinData({{QStringLiteral("pid"), session->pid}, {QStringLiteral("offset"), offset}});
    QVERIFY(joined);
    QCOMPARE(share.asked, QStringList {session->pid});
    QVERIFY2(waited.elapsed() >= ShareTimeoutMs - 50, qPrintable(QString::number(waited.elapsed())));
    QVERIFY(joined->sid != session->sid);
    QVERIFY(joined->pid != session->pid);
    QVERIFY(!sessions.take(session->pid)); // this instance's copy went with the wait
    QVERIFY(!again.nextEvent(QStringLiteral("message")).isEmpty());
    Received afterJoining;
    countMessages(again, afterJoining);

    // The share answers at last, with the session: too late, nothing is
    // sent (no second CONNECT, no replay) and nothing changes.
    SocketIoSessionShare::Taken late;
    late.outcome = SocketIoSessionShare::Taken::Outcome::Found;
    late.session = share.kept.first();
    share.pending.first()(late);
    m_worker->deliver(encodedTick(Random, 1, 42));
    QCOMPARE(again.countEvents(Random, 200), 0); // the new session has no subscriptions
    QCOMPARE(afterJoining.messages, 0);
    QVERIFY(subscribe(again, Random, 2));
    m_worker->deliver(encodedTick(Random, 2, 43));
    QCOMPARE(again.nextEvent(Random).at(1).toInt(), 43);
}

#include "tst_ioworker.moc"
