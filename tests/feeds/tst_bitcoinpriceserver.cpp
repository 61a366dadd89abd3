// The bitcoinPrice stream through the whole in-process server, with real
// WebSocket clients of both protocols and the fake upstream: the price on
// subscribe, staleness on the wire, and one upstream poll for everyone.

#include "FakeUpstream.h"
#include "PriceSubscriber.h"

#include "Server.h"
#include "config/Config.h"
#include "hub/Hub.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>

namespace {

constexpr int Patience = 20000; // ms; QTRY_* timeouts
const QString Stream = QStringLiteral("bitcoinPrice");

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
    PriceSubscriber *connectClient(PriceSubscriber::Protocol protocol);

    std::unique_ptr<FakeUpstream> m_fake;
    std::unique_ptr<Server> m_server;
    QList<PriceSubscriber *> m_clients; // children of this test's client parent
    std::unique_ptr<QObject> m_clientParent;
};

void tst_BitcoinPriceServer::init()
{
    m_fake = std::make_unique<FakeUpstream>();
    QVERIFY(m_fake->port() != 0);
    m_clientParent = std::make_unique<QObject>();
}

void tst_BitcoinPriceServer::cleanup()
{
    m_clients.clear();
    m_clientParent.reset(); // clients first, then the server they talk to
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
    config.set(QStringLiteral("btc-providers"), QStringList {QStringLiteral("coinbase")});
    config.set(QStringLiteral("btc-url"), QVariantMap {{QStringLiteral("coinbase"), m_fake->url(QStringLiteral("coinbase"))}});
    config.set(QStringLiteral("btc-interval"), intervalMs);
    config.set(QStringLiteral("btc-timeout"), 2000);
    m_server = std::make_unique<Server>(config);
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

PriceSubscriber *tst_BitcoinPriceServer::connectClient(PriceSubscriber::Protocol protocol)
{
    auto *client = new PriceSubscriber(protocol, m_server->port(), m_clientParent.get());
    m_clients.append(client);
    return client;
}

void tst_BitcoinPriceServer::jsonClientGetsPriceOnSubscribe()
{
    m_fake->setPrice(QStringLiteral("coinbase"), 97123.45);
    // The next poll is ten minutes away: whatever price the client gets, it
    // gets from the subscription itself.
    startServer(600000);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hub()->health(Stream).state, FeedHealth::State::Healthy, Patience);

    PriceSubscriber *client = connectClient(PriceSubscriber::Protocol::Json);
    QTRY_VERIFY_WITH_TIMEOUT(client->isReady(), Patience);
    client->clearFrames();
    client->subscribe();
    QTRY_COMPARE_WITH_TIMEOUT(client->frames().size(), 2, Patience);

    const QJsonObject subscribed = PriceSubscriber::jsonMessage(client->frames().at(0));
    QCOMPARE(subscribed.value(QStringLiteral("event")).toString(), QStringLiteral("subscribed"));
    QCOMPARE(subscribed.value(QStringLiteral("data")).toObject().value(QStringLiteral("stream")).toString(), Stream);

    const QJsonObject price = PriceSubscriber::jsonMessage(client->frames().at(1));
    QCOMPARE(price.value(QStringLiteral("event")).toString(), Stream);
    const QJsonObject data = price.value(QStringLiteral("data")).toObject();
    QCOMPARE(data.value(QStringLiteral("price")).toDouble(), 97123.45);
    QCOMPARE(data.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));
    QCOMPARE(data.value(QStringLiteral("source")).toString(), QStringLiteral("coinbase"));
    QCOMPARE(data.value(QStringLiteral("stale")).toBool(true), false);
    QVERIFY(data.value(QStringLiteral("fetchedAt")).toInteger() > 0);
    QVERIFY(data.value(QStringLiteral("ageMs")).isDouble());
    QCOMPARE(data.value(QStringLiteral("seq")).toInteger(), 1);
    QVERIFY(data.value(QStringLiteral("ts")).toInteger() >= data.value(QStringLiteral("fetchedAt")).toInteger());
    QCOMPARE(m_fake->totalRequests(), 1);
}

void tst_BitcoinPriceServer::socketIoClientGetsPriceOnSubscribe()
{
    m_fake->setPrice(QStringLiteral("coinbase"), 97123.45);
    startServer(600000);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hub()->health(Stream).state, FeedHealth::State::Healthy, Patience);

    PriceSubscriber *client = connectClient(PriceSubscriber::Protocol::SocketIo);
    QTRY_VERIFY_WITH_TIMEOUT(client->isReady(), Patience);
    // The namespace's welcome message comes right after the join.
    QTRY_VERIFY_WITH_TIMEOUT(client->frames().constLast().startsWith(QLatin1String("42/data,[\"message\"")), Patience);
    client->clearFrames();
    client->subscribe();
    QTRY_COMPARE_WITH_TIMEOUT(client->frames().size(), 2, Patience);
    QVERIFY2(client->frames().at(0).startsWith(QLatin1String("43/data,1[")), qPrintable(client->frames().at(0)));
    // The bare number, exactly as the replaced gateway's clients expect it.
    QCOMPARE(client->frames().at(1), QStringLiteral("42/data,[\"bitcoinPrice\",97123.45]"));
}

void tst_BitcoinPriceServer::nothingOnSubscribeBeforeFirstPrice()
{
    FakeUpstream::Response hang;
    hang.hang = true;
    m_fake->setResponse(QStringLiteral("coinbase"), hang);
    startServer(600000);
    QTRY_COMPARE_WITH_TIMEOUT(m_fake->totalRequests(), 1, Patience); // the poll is under way and will not answer

    PriceSubscriber *json = connectClient(PriceSubscriber::Protocol::Json);
    PriceSubscriber *socketIo = connectClient(PriceSubscriber::Protocol::SocketIo);
    QTRY_VERIFY_WITH_TIMEOUT(json->isReady() && socketIo->isReady(), Patience);
    json->clearFrames();
    json->subscribe();
    socketIo->subscribe();

    QTRY_COMPARE_WITH_TIMEOUT(json->frames().size(), 2, Patience);
    QCOMPARE(PriceSubscriber::jsonMessage(json->frames().at(0)).value(QStringLiteral("event")).toString(), QStringLiteral("subscribed"));
    const QJsonObject error = PriceSubscriber::jsonMessage(json->frames().at(1));
    QCOMPARE(error.value(QStringLiteral("event")).toString(), QStringLiteral("error"));
    QCOMPARE(error.value(QStringLiteral("data")).toObject().value(QStringLiteral("code")).toString(), QStringLiteral("no_data_yet"));
    QTRY_VERIFY_WITH_TIMEOUT(socketIo->frames().constLast().startsWith(QLatin1String("43/data,1[")), Patience);

    // Nothing, and certainly no 0, follows while the upstream says nothing.
    QTest::qWait(300);
    QVERIFY(json->prices().isEmpty());
    QVERIFY(socketIo->prices().isEmpty());
    QCOMPARE(m_server->hub()->health(Stream).state, FeedHealth::State::Starting);
}

void tst_BitcoinPriceServer::staleOnJsonBareNumberOnSocketIo()
{
    m_fake->setPrice(QStringLiteral("coinbase"), 97123.45);
    startServer(150);
    PriceSubscriber *json = connectClient(PriceSubscriber::Protocol::Json);
    PriceSubscriber *socketIo = connectClient(PriceSubscriber::Protocol::SocketIo);
    QTRY_VERIFY_WITH_TIMEOUT(json->isReady() && socketIo->isReady(), Patience);
    json->subscribe();
    socketIo->subscribe();
    QTRY_VERIFY_WITH_TIMEOUT(!json->prices().isEmpty() && !socketIo->prices().isEmpty(), Patience);

    m_fake->setResponse(QStringLiteral("coinbase"), FakeUpstream::status(503));
    auto staleCount = [json] {
        int count = 0;
        for (const QJsonValue &data : json->prices())
            count += data.toObject().value(QStringLiteral("stale")).toBool() ? 1 : 0;
        return count;
    };
    QTRY_VERIFY_WITH_TIMEOUT(staleCount() >= 2, Patience);

    const QList<QJsonValue> jsonPrices = json->prices();
    const QJsonObject last = jsonPrices.constLast().toObject();
    QCOMPARE(last.value(QStringLiteral("stale")).toBool(), true);
    QCOMPARE(last.value(QStringLiteral("price")).toDouble(), 97123.45);
    QCOMPARE(last.value(QStringLiteral("source")).toString(), QStringLiteral("coinbase"));
    QVERIFY(last.value(QStringLiteral("ageMs")).toInteger() > 0);
    // ageMs is the age when the feed published; ts is stamped by the hub right after.
    const qint64 ageAtTs = last.value(QStringLiteral("ts")).toInteger() - last.value(QStringLiteral("fetchedAt")).toInteger();
    QVERIFY2(std::abs(last.value(QStringLiteral("ageMs")).toInteger() - ageAtTs) <= 50,
        qPrintable(QStringLiteral("ageMs %1, ts - fetchedAt %2").arg(last.value(QStringLiteral("ageMs")).toInteger()).arg(ageAtTs)));

    // Socket.IO clients keep receiving the bare number, unchanged.
    QTRY_VERIFY_WITH_TIMEOUT(socketIo->prices().size() >= 3, Patience);
    for (const QJsonValue &value : socketIo->prices()) {
        QVERIFY(value.isDouble());
        QCOMPARE(value.toDouble(), 97123.45);
    }
}

void tst_BitcoinPriceServer::oneUpstreamRequestPerIntervalFor100Subscribers()
{
    constexpr int IntervalMs = 250;
    constexpr int TicksToWatch = 4;
    m_fake->setPrice(QStringLiteral("coinbase"), 97123.45);
    startServer(IntervalMs, 2);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hub()->health(Stream).state, FeedHealth::State::Healthy, Patience);

    for (int i = 0; i < 50; ++i) {
        connectClient(PriceSubscriber::Protocol::Json);
        connectClient(PriceSubscriber::Protocol::SocketIo);
    }
    auto allReady = [this] {
        return std::all_of(m_clients.cbegin(), m_clients.cend(), [](const PriceSubscriber *client) { return client->isReady(); });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allReady(), 60000);
    for (PriceSubscriber *client : std::as_const(m_clients))
        client->subscribe();
    // Everyone has the price on subscribe.
    auto everyoneHas = [this](int count) {
        return std::all_of(
            m_clients.cbegin(), m_clients.cend(), [count](const PriceSubscriber *client) { return client->prices().size() >= count; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(everyoneHas(1), 60000);

    // Count from here: the ticks every client sees, and the requests the
    // upstream sees, over the same stretch of time.
    for (PriceSubscriber *client : std::as_const(m_clients))
        client->clearFrames();
    m_fake->resetCounters();
    QElapsedTimer window;
    window.start();
    QTRY_VERIFY_WITH_TIMEOUT(everyoneHas(TicksToWatch), 60000);
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
    for (const PriceSubscriber *client : std::as_const(m_clients)) {
        if (client->protocol() != PriceSubscriber::Protocol::Json)
            continue;
        qint64 previousSeq = -1;
        for (const QJsonValue &value : client->prices()) {
            const QJsonObject data = value.toObject();
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
