// The bitcoinPrice stream through the whole in-process server, with real
// WebSocket clients of both protocols and the fake upstream: the price on
// subscribe, staleness on the wire, and one upstream poll for everyone.

#include "FakeUpstream.h"
#include "TestClients.h"

#include "Server.h"
#include "config/Config.h"
#include "hub/Hub.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>
#include <vector>

namespace {

constexpr int Patience = 20000; // ms; QTRY_* and client timeouts
const QString Stream = QStringLiteral("bitcoinPrice");
const QString Coinbase = QStringLiteral("coinbase");

QJsonObject subscribeMessage()
{
    return {{QStringLiteral("event"), QStringLiteral("subscribeBitcoinPrice")}};
}

bool isPriceFrame(const QString &frame)
{
    return frame.startsWith(QLatin1String("42/data,[\"bitcoinPrice\""))
        || QJsonDocument::fromJson(frame.toUtf8()).object().value(QStringLiteral("event")).toString() == Stream;
}

} // namespace

class tst_BitcoinPriceServer final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void jsonClientGetsPriceOnSubscribe();
    void socketIoClientGetsPriceOnSubscribe();
    void nothingOnSubscribeBeforeFirstPrice();
    void staleOnJsonBareNumberOnSocketIo();
    void oneUpstreamRequestPerIntervalFor100Subscribers();

private:
    void startServer(int intervalMs, int ioThreads = 1);
    bool connectAll(const std::vector<std::unique_ptr<JsonTestClient>> &jsonClients,
        const std::vector<std::unique_ptr<SocketIoTestClient>> &socketIoClients) const;
    QUrl jsonUrl() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_server->port())); }
    QUrl socketIoUrl() const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket").arg(m_server->port()));
    }

    std::unique_ptr<FakeUpstream> m_fake;
    std::unique_ptr<Server> m_server;
};

void tst_BitcoinPriceServer::init()
{
    m_fake = std::make_unique<FakeUpstream>();
    QVERIFY(m_fake->port() != 0);
}

void tst_BitcoinPriceServer::cleanup()
{
    // The clients, local to each test, are gone by now.
    m_server.reset();
    m_fake.reset();
}

void tst_BitcoinPriceServer::startServer(int intervalMs, int ioThreads)
{
    Config config(Server::options());
    config.set(QStringLiteral("host"), QStringLiteral("127.0.0.1"));
    config.set(QStringLiteral("port"), 0);
    config.set(QStringLiteral("io-threads"), ioThreads);
    config.set(QStringLiteral("random-interval"), 600000); // keep the other stream quiet
    config.set(QStringLiteral("btc-providers"), QStringList {Coinbase});
    config.set(QStringLiteral("btc-url"), QVariantMap {{Coinbase, m_fake->url(Coinbase)}});
    config.set(QStringLiteral("btc-interval"), intervalMs);
    config.set(QStringLiteral("btc-timeout"), 2000);
    m_server = std::make_unique<Server>(config);
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

// What JsonTestClient::connectTo() and SocketIoTestClient::connectTo() do,
// with the same checks, but for all the clients at once: they handshake one
// after the other, each wait polled in 10 ms steps, which for a hundred
// clients costs seconds.
bool tst_BitcoinPriceServer::connectAll(const std::vector<std::unique_ptr<JsonTestClient>> &jsonClients,
    const std::vector<std::unique_ptr<SocketIoTestClient>> &socketIoClients) const
{
    auto everyClientHas = [&](int jsonMessages, int socketIoMessages) {
        return QTest::qWaitFor(
            [&] {
                return std::all_of(
                           jsonClients.cbegin(), jsonClients.cend(), [&](const auto &c) { return c->pendingCount() >= jsonMessages; })
                    && std::all_of(socketIoClients.cbegin(), socketIoClients.cend(),
                        [&](const auto &c) { return c->pendingCount() >= socketIoMessages; });
            },
            Patience);
    };
    for (const auto &client : jsonClients)
        client->socket().open(jsonUrl());
    for (const auto &client : socketIoClients)
        client->socket().open(socketIoUrl());
    // The JSON welcome; Engine.IO's open packet. (They are there by then:
    // the reads below wait 1 ms, as 0 would make them not look at all.)
    if (!everyClientHas(1, 1))
        return false;
    for (const auto &client : jsonClients) {
        if (client->nextJson(1).value(QStringLiteral("event")).toString() != QLatin1String("welcome"))
            return false;
    }
    for (const auto &client : socketIoClients) {
        const std::optional<QString> open = client->nextFrame(1);
        if (!open || !open->startsWith(QLatin1Char('0')))
            return false;
        client->send(QStringLiteral("40/data,"));
    }
    // The namespace joined, and its welcome message.
    if (!everyClientHas(0, 2))
        return false;
    for (const auto &client : socketIoClients) {
        const std::optional<QString> joined = client->nextFrame(1);
        if (!joined || !joined->startsWith(QLatin1String("40/data,{\"sid\":"))
            || client->nextEvent(QStringLiteral("message"), 1).size() != 2)
            return false;
    }
    return true;
}

void tst_BitcoinPriceServer::jsonClientGetsPriceOnSubscribe()
{
    m_fake->setPrice(Coinbase, 97123.45);
    // The next poll is ten minutes away: whatever price the client gets, it
    // gets from the subscription itself.
    startServer(600000);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hub()->health(Stream).state, FeedHealth::State::Healthy, Patience);

    JsonTestClient client;
    QVERIFY(client.connectTo(jsonUrl()));
    client.sendJson(subscribeMessage());

    const QJsonObject subscribed = client.nextJson(Patience);
    QCOMPARE(subscribed.value(QStringLiteral("event")).toString(), QStringLiteral("subscribed"));
    QCOMPARE(subscribed.value(QStringLiteral("data")).toObject().value(QStringLiteral("stream")).toString(), Stream);

    const QJsonObject price = client.nextJson(Patience);
    QCOMPARE(price.value(QStringLiteral("event")).toString(), Stream);
    const QJsonObject data = price.value(QStringLiteral("data")).toObject();
    QCOMPARE(data.value(QStringLiteral("price")).toDouble(), 97123.45);
    QCOMPARE(data.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));
    QCOMPARE(data.value(QStringLiteral("source")).toString(), Coinbase);
    QCOMPARE(data.value(QStringLiteral("stale")).toBool(true), false);
    QVERIFY(data.value(QStringLiteral("fetchedAt")).toInteger() > 0);
    QVERIFY(data.value(QStringLiteral("ageMs")).isDouble());
    QCOMPARE(data.value(QStringLiteral("seq")).toInteger(), 1);
    QVERIFY(data.value(QStringLiteral("ts")).toInteger() >= data.value(QStringLiteral("fetchedAt")).toInteger());
    QCOMPARE(m_fake->totalRequests(), 1);
}

void tst_BitcoinPriceServer::socketIoClientGetsPriceOnSubscribe()
{
    m_fake->setPrice(Coinbase, 97123.45);
    startServer(600000);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hub()->health(Stream).state, FeedHealth::State::Healthy, Patience);

    SocketIoTestClient client;
    QVERIFY(client.connectTo(socketIoUrl())); // joins /data and reads the namespace's welcome message
    client.emitEvent(QStringLiteral("subscribeBitcoinPrice"), 1);
    const std::optional<QString> ack = client.nextFrame(Patience);
    QVERIFY(ack);
    QVERIFY2(ack->startsWith(QLatin1String("43/data,1[")), qPrintable(*ack));
    // The bare number, exactly as the replaced gateway's clients expect it.
    QCOMPARE(client.nextFrame(Patience), std::optional<QString>(QStringLiteral("42/data,[\"bitcoinPrice\",97123.45]")));
}

void tst_BitcoinPriceServer::nothingOnSubscribeBeforeFirstPrice()
{
    FakeUpstream::Response hang;
    hang.hang = true;
    m_fake->setResponse(Coinbase, hang);
    startServer(600000);
    QTRY_COMPARE_WITH_TIMEOUT(m_fake->totalRequests(), 1, Patience); // the poll is under way and will not answer

    JsonTestClient json;
    SocketIoTestClient socketIo;
    QVERIFY(json.connectTo(jsonUrl()));
    QVERIFY(socketIo.connectTo(socketIoUrl()));
    json.sendJson(subscribeMessage());
    socketIo.emitEvent(QStringLiteral("subscribeBitcoinPrice"), 1);

    QCOMPARE(json.nextJson(Patience).value(QStringLiteral("event")).toString(), QStringLiteral("subscribed"));
    const QJsonObject error = json.nextJson(Patience);
    QCOMPARE(error.value(QStringLiteral("event")).toString(), QStringLiteral("error"));
    QCOMPARE(error.value(QStringLiteral("data")).toObject().value(QStringLiteral("code")).toString(), QStringLiteral("no_data_yet"));
    QCOMPARE(socketIo.waitForAck(1, Patience).value(QStringLiteral("ok")).toBool(), true);

    // Nothing, and certainly no 0, follows while the upstream says nothing.
    const QStringList jsonLater = json.drain(300);
    const QStringList socketIoLater = socketIo.drain(0); // arrived during the same 300 ms
    for (const QString &frame : jsonLater + socketIoLater)
        QVERIFY2(!isPriceFrame(frame), qPrintable(frame));
    QCOMPARE(m_server->hub()->health(Stream).state, FeedHealth::State::Starting);
}

void tst_BitcoinPriceServer::staleOnJsonBareNumberOnSocketIo()
{
    m_fake->setPrice(Coinbase, 97123.45);
    startServer(150);
    JsonTestClient json;
    SocketIoTestClient socketIo;
    QVERIFY(json.connectTo(jsonUrl()));
    QVERIFY(socketIo.connectTo(socketIoUrl()));
    json.sendJson(subscribeMessage());
    socketIo.emitEvent(QStringLiteral("subscribeBitcoinPrice"));
    QVERIFY(!json.nextEvent(Stream, Patience).isEmpty());
    QJsonArray socketIoPrice = socketIo.nextEvent(Stream, Patience);
    QCOMPARE(socketIoPrice.size(), 2);

    m_fake->setResponse(Coinbase, FakeUpstream::status(503));
    QJsonObject last;
    int stale = 0;
    QDeadlineTimer deadline(Patience);
    while (stale < 2 && !deadline.hasExpired()) {
        last = json.nextEvent(Stream, int(deadline.remainingTime())).value(QStringLiteral("data")).toObject();
        stale += last.value(QStringLiteral("stale")).toBool() ? 1 : 0;
    }
    QCOMPARE(stale, 2);
    QCOMPARE(last.value(QStringLiteral("stale")).toBool(), true);
    QCOMPARE(last.value(QStringLiteral("price")).toDouble(), 97123.45);
    QCOMPARE(last.value(QStringLiteral("source")).toString(), Coinbase);
    QVERIFY(last.value(QStringLiteral("ageMs")).toInteger() > 0);
    // ageMs is the age when the feed published; ts is stamped by the hub right after.
    const qint64 ageAtTs = last.value(QStringLiteral("ts")).toInteger() - last.value(QStringLiteral("fetchedAt")).toInteger();
    QVERIFY2(std::abs(last.value(QStringLiteral("ageMs")).toInteger() - ageAtTs) <= 50,
        qPrintable(QStringLiteral("ageMs %1, ts - fetchedAt %2").arg(last.value(QStringLiteral("ageMs")).toInteger()).arg(ageAtTs)));

    // Socket.IO clients keep receiving the bare number, unchanged.
    for (int i = 0; i < 3; ++i) {
        if (i > 0)
            socketIoPrice = socketIo.nextEvent(Stream, Patience);
        QCOMPARE(socketIoPrice.size(), 2);
        QVERIFY(socketIoPrice.at(1).isDouble());
        QCOMPARE(socketIoPrice.at(1).toDouble(), 97123.45);
    }
}

void tst_BitcoinPriceServer::oneUpstreamRequestPerIntervalFor100Subscribers()
{
    constexpr int IntervalMs = 250;
    constexpr int TicksToWatch = 4;
    m_fake->setPrice(Coinbase, 97123.45);
    startServer(IntervalMs, 2);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hub()->health(Stream).state, FeedHealth::State::Healthy, Patience);

    std::vector<std::unique_ptr<JsonTestClient>> jsonClients;
    std::vector<std::unique_ptr<SocketIoTestClient>> socketIoClients;
    for (int i = 0; i < 50; ++i) {
        jsonClients.push_back(std::make_unique<JsonTestClient>());
        socketIoClients.push_back(std::make_unique<SocketIoTestClient>());
    }
    QVERIFY(connectAll(jsonClients, socketIoClients));
    for (const auto &client : jsonClients)
        client->sendJson(subscribeMessage());
    for (const auto &client : socketIoClients)
        client->emitEvent(QStringLiteral("subscribeBitcoinPrice"));
    // Everyone has the price on subscribe.
    for (const auto &client : jsonClients)
        QVERIFY(!client->nextEvent(Stream, Patience).isEmpty());
    for (const auto &client : socketIoClients)
        QCOMPARE(client->nextEvent(Stream, Patience).size(), 2);

    // Count from here: the ticks every client sees, and the requests the
    // upstream sees, over the same stretch of time.
    for (const auto &client : jsonClients)
        client->drain(0);
    for (const auto &client : socketIoClients)
        client->drain(0);
    m_fake->resetCounters();
    QElapsedTimer window;
    window.start();
    QList<QList<QJsonObject>> jsonTicks;
    for (const auto &client : jsonClients) {
        QList<QJsonObject> ticks;
        for (int i = 0; i < TicksToWatch; ++i) {
            const QJsonObject message = client->nextEvent(Stream, Patience);
            QVERIFY(!message.isEmpty());
            ticks.append(message.value(QStringLiteral("data")).toObject());
        }
        jsonTicks.append(ticks);
    }
    for (const auto &client : socketIoClients) {
        for (int i = 0; i < TicksToWatch; ++i)
            QCOMPARE(client->nextEvent(Stream, Patience).size(), 2);
    }
    const qint64 elapsedMs = window.elapsed();
    const int requests = m_fake->totalRequests();

    // One poll per interval for everyone: never more requests than intervals
    // that passed (+1 for a poll starting as the window opens), however many
    // subscribers there are; and never two at once.
    QVERIFY2(requests >= TicksToWatch - 1, qPrintable(QString::number(requests)));
    QVERIFY2(requests <= elapsedMs / IntervalMs + 1,
        qPrintable(QStringLiteral("%1 requests in %2 ms at one per %3 ms").arg(requests).arg(elapsedMs).arg(IntervalMs)));
    QCOMPARE(m_fake->maxConcurrent(), 1);

    // And every subscriber saw the same ticks: each JSON client every seq in
    // turn, and a given seq is the same tick (same fetch, same stamp) for all.
    QHash<qint64, QJsonObject> tickBySeq;
    for (const QList<QJsonObject> &ticks : std::as_const(jsonTicks)) {
        qint64 previousSeq = -1;
        for (const QJsonObject &data : ticks) {
            const qint64 seq = data.value(QStringLiteral("seq")).toInteger();
            if (previousSeq >= 0)
                QCOMPARE(seq, previousSeq + 1);
            previousSeq = seq;
            const auto known = tickBySeq.constFind(seq);
            if (known == tickBySeq.constEnd())
                tickBySeq.insert(seq, data);
            else
                QCOMPARE(data, *known);
        }
    }
    // A handful of ticks in all, not one per subscriber.
    QVERIFY2(tickBySeq.size() <= TicksToWatch + 2, qPrintable(QString::number(tickBySeq.size())));
}

QTEST_GUILESS_MAIN(tst_BitcoinPriceServer)
#include "tst_bitcoinpriceserver.moc"
