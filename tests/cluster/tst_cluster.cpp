// Cluster mode end to end: several Servers in this process share one real
// redis-server (--redis), with the Bitcoin feed polling a fake upstream.
// One producer per stream, the same values and seqs on every instance,
// failover when the producer dies, recovery with `since` and Socket.IO
// connection state recovery on an instance the client never saw, and Redis
// going away and coming back.

#include "FakeUpstream.h"
#include "RedisServer.h"
#include "Server.h"
#include "TestClients.h"
#include "TestServer.h"
#include "cluster/RedisClient.h"
#include "cluster/RedisLeaseStore.h"
#include "hub/Hub.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace {

const QString Random = QStringLiteral("randomNumber");
const QString Bitcoin = QStringLiteral("bitcoinPrice");
const QString Coinbase = QStringLiteral("coinbase");
constexpr int LeaseTtlMs = 600;
constexpr int RandomIntervalMs = 50;
constexpr int BitcoinIntervalMs = 250;
constexpr int RecoveryWindowMs = 30000;

// What one instance's hub published: per stream, seq -> value, and the
// arrival time of each tick.
struct Observed {
    std::map<QString, std::map<quint64, QJsonValue>> values;
    std::map<QString, std::map<quint64, QString>> epochs;
    std::map<QString, QList<qint64>> arrivals; // ms on a shared timer
    QList<QString> duplicates; // "stream seq" seen twice in one epoch
};

class Instance {
public:
    Instance(const QString &id, const Config &config, const QElapsedTimer &timer)
        : id(id)
        , server(config)
    {
        Hub &hub = *server.server().hub();
        QObject::connect(&hub, &Hub::ticked, &context, [this, &hub, &timer](const Tick &tick) {
            auto &values = observed.values[tick.stream];
            if (values.count(tick.seq) && observed.epochs[tick.stream][tick.seq] == hub.epoch())
                observed.duplicates.append(tick.stream + u' ' + QString::number(tick.seq));
            values[tick.seq] = tick.value;
            observed.epochs[tick.stream][tick.seq] = hub.epoch();
            observed.arrivals[tick.stream].append(timer.elapsed());
        });
    }

    Server &get() { return server.server(); }
    Hub &hub() { return *server.server().hub(); }
    ClusterStatus::Mode mode() { return get().clusterStatus().mode; }

    QString id;
    QObject context;
    TestServer server;
    Observed observed;
};

bool waitForRedis(RedisClient &client)
{
    QSignalSpy up(&client, &RedisClient::connected);
    client.open();
    return client.isConnected() || up.wait(3000);
}

RedisReply run(RedisClient &client, const QList<QByteArray> &args)
{
    return RedisServer::run(client, args);
}

// The body of an operator endpoint of an instance.
QByteArray httpGet(quint16 port, const QString &path)
{
    QNetworkAccessManager manager;
    std::unique_ptr<QNetworkReply> reply(manager.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)))));
    if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 5000))
        return {};
    return reply->readAll();
}

// A stream's health as /api/status shows it.
QJsonObject streamHealth(quint16 port, const QString &stream)
{
    const QJsonArray streams =
        QJsonDocument::fromJson(httpGet(port, QStringLiteral("/api/status"))).object().value(QStringLiteral("streams")).toArray();
    for (const QJsonValue &entry : streams) {
        if (entry.toObject().value(QStringLiteral("name")).toString() == stream)
            return entry.toObject().value(QStringLiteral("health")).toObject();
    }
    return {};
}

} // namespace

class tst_Cluster final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void leaseScripts();
    void agreementAndOneUpstreamRequestPerInterval();
    void failoverContinuesTheSeq();
    void recoveryOnAnotherInstance();
    void socketIoRecoveryOnAnotherInstance();
    void followersShowTheProducersHealth();
    void redisOutageDegradesAndRecovers();
    void historyAfterAnOutage();
    void withoutRedisNothingChanges();

private:
    Config config(const QString &id, bool socketIoRecovery) const;
    Instance &add(const QString &id, bool socketIoRecovery = false);
    bool allIn(ClusterStatus::Mode mode);
    int producersOf(const QString &stream);
    Instance *producerOf(const QString &stream);

    std::unique_ptr<RedisServer> m_redis;
    std::unique_ptr<FakeUpstream> m_upstream;
    std::vector<std::unique_ptr<Instance>> m_instances;
    QElapsedTimer m_timer;
};

void tst_Cluster::init()
{
    m_redis = std::make_unique<RedisServer>();
    QVERIFY(m_redis->start());
    m_upstream = std::make_unique<FakeUpstream>();
    m_upstream->setPrice(Coinbase, 97000.5);
    m_timer.start();
}

void tst_Cluster::cleanup()
{
    m_instances.clear();
    m_upstream.reset();
    m_redis.reset();
}

Config tst_Cluster::config(const QString &id, bool socketIoRecovery) const
{
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("redis"), m_redis->url());
    config.set(QStringLiteral("redis-lease-ttl"), LeaseTtlMs);
    config.set(QStringLiteral("redis-instance-id"), id);
    config.set(QStringLiteral("io-threads"), 1);
    config.set(QStringLiteral("random-interval"), RandomIntervalMs);
    config.set(QStringLiteral("btc-providers"), QStringList {Coinbase});
    config.set(QStringLiteral("btc-url"), QVariantMap {{Coinbase, m_upstream->url(Coinbase)}});
    config.set(QStringLiteral("btc-interval"), BitcoinIntervalMs);
    config.set(QStringLiteral("btc-timeout"), 2000);
    if (socketIoRecovery) {
        config.set(QStringLiteral("sio-recovery"), true);
        config.set(QStringLiteral("sio-recovery-window"), RecoveryWindowMs);
    }
    return config;
}

Instance &tst_Cluster::add(const QString &id, bool socketIoRecovery)
{
    m_instances.push_back(std::make_unique<Instance>(id, config(id, socketIoRecovery), m_timer));
    Instance &instance = *m_instances.back();
    if (!instance.server.start())
        qWarning("instance %s did not start", qPrintable(id));
    return instance;
}

bool tst_Cluster::allIn(ClusterStatus::Mode mode)
{
    for (const auto &instance : m_instances) {
        if (instance->mode() != mode)
            return false;
    }
    return true;
}

int tst_Cluster::producersOf(const QString &stream)
{
    int count = 0;
    for (const auto &instance : m_instances)
        count += instance->hub().isFeedRunning(stream) ? 1 : 0;
    return count;
}

Instance *tst_Cluster::producerOf(const QString &stream)
{
    for (const auto &instance : m_instances) {
        if (instance->hub().isFeedRunning(stream))
            return instance.get();
    }
    return nullptr;
}

void tst_Cluster::leaseScripts()
{
    RedisClient::Settings settings;
    settings.url = RedisUrl::parse(m_redis->url()).value();
    RedisClient client(settings);
    QVERIFY(waitForRedis(client));
    RedisLeaseStore store(client);
    QObject context;
    std::optional<LeaseStore::Result> result;
    const auto done = [&](const LeaseStore::Result &r) { result = r; };
    const auto ask = [&](auto call) {
        result.reset();
        call();
        return QTest::qWaitFor([&] { return result.has_value(); }, 3000);
    };

    QVERIFY(ask([&] { store.acquire(Random, QStringLiteral("a"), 5000, &context, done); }));
    QCOMPARE(result->answer, LeaseStore::Answer::Granted);
    QCOMPARE(run(client, {"GET", "datagate:lease:randomNumber"}).text, QByteArray("a"));
    QVERIFY(ask([&] { store.acquire(Random, QStringLiteral("b"), 5000, &context, done); }));
    QCOMPARE(result->answer, LeaseStore::Answer::Refused);
    QCOMPARE(result->holder, QStringLiteral("a"));
    QVERIFY(result->remainingMs > 0 && result->remainingMs <= 5000);

    // Only the holder renews, and a renewal sets the TTL afresh.
    QVERIFY(ask([&] { store.renew(Random, QStringLiteral("b"), 60000, &context, done); }));
    QCOMPARE(result->answer, LeaseStore::Answer::Refused);
    QVERIFY(run(client, {"PTTL", "datagate:lease:randomNumber"}).integer <= 5000);
    QVERIFY(ask([&] { store.renew(Random, QStringLiteral("a"), 60000, &context, done); }));
    QCOMPARE(result->answer, LeaseStore::Answer::Granted);
    QVERIFY(run(client, {"PTTL", "datagate:lease:randomNumber"}).integer > 5000);

    // Only the holder releases.
    store.release(Random, QStringLiteral("b"));
    QCOMPARE(run(client, {"GET", "datagate:lease:randomNumber"}).text, QByteArray("a"));
    store.release(Random, QStringLiteral("a"));
    QTRY_VERIFY(run(client, {"EXISTS", "datagate:lease:randomNumber"}).integer == 0);
}

void tst_Cluster::agreementAndOneUpstreamRequestPerInterval()
{
    for (const QString &id : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
        add(id);
    QTRY_VERIFY_WITH_TIMEOUT(allIn(ClusterStatus::Mode::Cluster), 5000);
    QTRY_COMPARE(producersOf(Random), 1);
    QTRY_COMPARE(producersOf(Bitcoin), 1);
    const QString epoch = m_instances.front()->hub().epoch();
    for (const auto &instance : m_instances)
        QCOMPARE(instance->hub().epoch(), epoch);

    // Every instance knows who produces each stream, and the registry lists all three.
    const QString holder = producerOf(Random)->id;
    for (const auto &instance : m_instances) {
        QTRY_COMPARE(instance->get().clusterStatus().instances.size(), 3);
        const ClusterStatus status = instance->get().clusterStatus();
        QCOMPARE(status.streams.first().stream, Random);
        QCOMPARE(status.streams.first().producer, instance->id == holder);
        QTRY_COMPARE(instance->get().clusterStatus().streams.first().holder, holder);
        const QByteArray metrics = httpGet(instance->server.port(), QStringLiteral("/metrics"));
        const QByteArray held = QByteArray("datagate_redis_lease_held{stream=\"randomNumber\"} ") + (instance->id == holder ? "1" : "0");
        QVERIFY2(metrics.contains(held), metrics.constData());
        QVERIFY(metrics.contains("datagate_cluster_mode{mode=\"cluster\"} 1"));
        const QJsonObject cluster = QJsonDocument::fromJson(httpGet(instance->server.port(), QStringLiteral("/api/status")))
                                        .object()
                                        .value(QStringLiteral("cluster"))
                                        .toObject();
        QCOMPARE(cluster.value(QStringLiteral("instance")).toString(), instance->id);
        QCOMPARE(cluster.value(QStringLiteral("mode")).toString(), QStringLiteral("cluster"));
        QVERIFY(!cluster.value(QStringLiteral("redis")).toString().isEmpty());
    }

    // A client of each protocol on every instance.
    std::vector<std::unique_ptr<JsonTestClient>> jsonClients;
    std::vector<std::unique_ptr<SocketIoTestClient>> socketIoClients;
    for (const auto &instance : m_instances) {
        jsonClients.push_back(std::make_unique<JsonTestClient>());
        QVERIFY(jsonClients.back()->connectTo(instance->server.jsonUrl()));
        jsonClients.back()->sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}});
        QVERIFY(!jsonClients.back()->nextEvent(QStringLiteral("subscribed")).isEmpty());
        socketIoClients.push_back(std::make_unique<SocketIoTestClient>());
        QVERIFY(socketIoClients.back()->connectTo(instance->server.socketIoUrl()));
        socketIoClients.back()->emitEvent(QStringLiteral("subscribeRandomNumber"));
    }

    // Count the upstream's requests over a whole number of intervals.
    const int before = m_upstream->totalRequests();
    const qint64 started = m_timer.elapsed();
    QTest::qWait(6 * BitcoinIntervalMs);
    const int requests = m_upstream->totalRequests() - before;
    const qint64 intervals = (m_timer.elapsed() - started) / BitcoinIntervalMs;
    QVERIFY2(requests >= intervals - 1 && requests <= intervals + 1,
        qPrintable(QStringLiteral("%1 upstream requests in %2 intervals for three instances").arg(requests).arg(intervals)));

    // The same value under the same seq everywhere, and on the wire.
    QVERIFY(!m_instances.front()->observed.values[Random].empty());
    for (const QString &stream : {Random, Bitcoin}) {
        const auto &reference = m_instances.front()->observed.values[stream];
        for (const auto &instance : m_instances) {
            QVERIFY(instance->observed.duplicates.isEmpty());
            int common = 0;
            for (const auto &[seq, value] : instance->observed.values[stream]) {
                const auto found = reference.find(seq);
                if (found == reference.end())
                    continue;
                ++common;
                QCOMPARE(value, found->second);
            }
            QVERIFY2(common >= (stream == Random ? 20 : 3), qPrintable(stream + u' ' + QString::number(common)));
        }
    }
    const auto &reference = m_instances.front()->observed.values[Random];
    for (size_t i = 0; i < jsonClients.size(); ++i) {
        for (int n = 0; n < 5; ++n) {
            const QJsonObject data = jsonClients[i]->nextEvent(Random).value(QStringLiteral("data")).toObject();
            const auto seq = quint64(data.value(QStringLiteral("seq")).toInteger());
            QVERIFY(seq > 0);
            QTRY_VERIFY(reference.count(seq) == 1);
            QCOMPARE(data.value(QStringLiteral("value")), reference.at(seq));
        }
        // Socket.IO clients get the bare value, the same one.
        const QJsonArray event = socketIoClients[i]->nextEvent(Random);
        QVERIFY(!event.isEmpty());
        bool seen = false;
        for (const auto &[seq, value] : reference)
            seen = seen || value == event.at(1);
        QVERIFY(seen);
    }
}

void tst_Cluster::failoverContinuesTheSeq()
{
    for (const QString &id : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
        add(id);
    QTRY_VERIFY_WITH_TIMEOUT(allIn(ClusterStatus::Mode::Cluster), 5000);
    QTRY_COMPARE(producersOf(Random), 1);
    const QString epoch = m_instances.front()->hub().epoch();
    int next = 0;
    for (int round = 0; round < 3; ++round) {
        Instance *holder = producerOf(Random);
        QVERIFY(holder);
        QTest::qWait(3 * RandomIntervalMs);
        const QString killed = holder->id;
        // Gone without a word: no release, the lease runs out in Redis.
        const qint64 killedAt = m_timer.elapsed();
        for (auto it = m_instances.begin(); it != m_instances.end(); ++it) {
            if (it->get() == holder) {
                m_instances.erase(it);
                break;
            }
        }
        for (const auto &survivor : m_instances)
            survivor->observed.arrivals[Random].clear();
        QTRY_VERIFY_WITH_TIMEOUT(producersOf(Random) == 1, 3 * LeaseTtlMs);
        QTest::qWait(4 * RandomIntervalMs);
        for (const auto &survivor : m_instances) {
            const QList<qint64> arrivals = survivor->observed.arrivals[Random];
            QVERIFY(!arrivals.isEmpty());
            qint64 gap = arrivals.first() - killedAt;
            for (qsizetype i = 1; i < arrivals.size(); ++i)
                gap = std::max(gap, arrivals[i] - arrivals[i - 1]);
            // TTL plus one interval, and the scheduling slack of a busy test machine.
            QVERIFY2(gap <= LeaseTtlMs + RandomIntervalMs + 250,
                qPrintable(QStringLiteral("%1 ms without a tick after %2 died").arg(gap).arg(killed)));
            QCOMPARE(survivor->hub().epoch(), epoch);
            QVERIFY(survivor->observed.duplicates.isEmpty());
            // The seq went on where the dead one stopped: no reuse, no hole.
            const auto &values = survivor->observed.values[Random];
            quint64 expected = values.begin()->first;
            for (const auto &[seq, value] : values)
                QCOMPARE(seq, expected++);
        }
        add(QStringLiteral("replacement-%1").arg(++next));
        QTRY_VERIFY_WITH_TIMEOUT(allIn(ClusterStatus::Mode::Cluster), 5000);
    }
}

void tst_Cluster::recoveryOnAnotherInstance()
{
    Instance &a = add(QStringLiteral("a"));
    QTRY_VERIFY_WITH_TIMEOUT(allIn(ClusterStatus::Mode::Cluster), 5000);
    QTRY_COMPARE(producersOf(Random), 1);

    JsonTestClient client;
    QVERIFY(client.connectTo(a.server.jsonUrl()));
    const QString epoch = client.welcome().value(QStringLiteral("data")).toObject().value(QStringLiteral("epoch")).toString();
    QCOMPARE(epoch, a.hub().epoch());
    client.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}});
    QVERIFY(!client.nextEvent(QStringLiteral("subscribed")).isEmpty());
    qint64 last = 0;
    for (int i = 0; i < 3; ++i)
        last = client.nextEvent(Random).value(QStringLiteral("data")).toObject().value(QStringLiteral("seq")).toInteger();
    client.socket().abort();
    QTest::qWait(5 * RandomIntervalMs);

    // B starts after the ticks the client missed: it has them from Redis.
    Instance &b = add(QStringLiteral("b"));
    QTRY_VERIFY_WITH_TIMEOUT(allIn(ClusterStatus::Mode::Cluster), 5000);
    JsonTestClient again;
    QVERIFY(again.connectTo(b.server.jsonUrl()));
    QCOMPARE(again.welcome().value(QStringLiteral("data")).toObject().value(QStringLiteral("epoch")).toString(), epoch);
    again.sendJson({{QStringLiteral("event"), QStringLiteral("subscribe")}, {QStringLiteral("id"), 1},
        {QStringLiteral("data"),
            QJsonObject {{QStringLiteral("streams"), QJsonArray {Random}}, {QStringLiteral("since"), QJsonObject {{Random, last}}},
                {QStringLiteral("epoch"), epoch}}}});
    const QJsonObject ack = again.nextEvent(QStringLiteral("subscribed"));
    const QJsonObject ackData = ack.value(QStringLiteral("data")).toObject();
    QVERIFY2(ackData.value(QStringLiteral("recovered")).toBool(), qPrintable(QString::fromUtf8(QJsonDocument(ack).toJson())));
    const qint64 missed = ackData.value(QStringLiteral("missed")).toInteger();
    QVERIFY2(missed >= 4, qPrintable(QString::number(missed)));
    // Exactly the missed ticks, in order, then live: every seq once.
    for (qint64 expected = last + 1; expected <= last + missed + 3; ++expected) {
        const QJsonObject data = again.nextEvent(Random).value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("seq")).toInteger(), expected);
        QCOMPARE(data.value(QStringLiteral("value")), a.observed.values[Random][quint64(expected)]);
    }
}

void tst_Cluster::socketIoRecoveryOnAnotherInstance()
{
    Instance &a = add(QStringLiteral("a"), true);
    Instance &b = add(QStringLiteral("b"), true);
    QTRY_VERIFY_WITH_TIMEOUT(allIn(ClusterStatus::Mode::Cluster), 5000);
    QTRY_COMPARE(producersOf(Random), 1);
    RedisClient::Settings settings;
    settings.url = RedisUrl::parse(m_redis->url()).value();
    RedisClient redis(settings);
    QVERIFY(waitForRedis(redis));

    SocketIoTestClient first;
    QVERIFY(first.connectTo(a.server.socketIoUrl(), false));
    const std::optional<SocketIoTestClient::Joined> joined = first.joinData();
    QVERIFY(joined && !joined->pid.isEmpty());
    first.emitEvent(QStringLiteral("subscribeRandomNumber"), 1);
    QCOMPARE(first.waitForAck(1).value(QStringLiteral("ok")), QJsonValue(true));
    QString offset;
    for (int i = 0; i < 3; ++i)
        offset = first.nextEvent(Random).last().toString();
    const qint64 last = TestServer::seqInOffset(a.hub(), offset, Random);
    QVERIFY2(last > 0, qPrintable(offset));
    first.socket().abort();

    // A keeps the session in Redis for the recovery window, for any instance.
    const QByteArray key = "datagate:sio-session:" + joined->pid.toUtf8();
    QTRY_COMPARE(run(redis, {"EXISTS", key}).integer, 1);
    const qint64 ttl = run(redis, {"PTTL", key}).integer;
    QVERIFY2(ttl > 0 && ttl <= RecoveryWindowMs, qPrintable(QString::number(ttl)));
    QTest::qWait(5 * RandomIntervalMs);

    // Back on B, which never saw the client: the same session (what
    // socket.io-client calls recovered), subscribed again, and exactly the
    // ticks it missed, in order, then live.
    SocketIoTestClient again;
    QVERIFY(again.connectTo(b.server.socketIoUrl(), false));
    const QJsonObject auth {{QStringLiteral("pid"), joined->pid}, {QStringLiteral("offset"), offset}};
    const std::optional<SocketIoTestClient::Joined> recovered = again.joinData(auth);
    QVERIFY(recovered);
    QCOMPARE(recovered->pid, joined->pid);
    QCOMPARE(recovered->sid, joined->sid);
    for (qint64 expected = last + 1; expected <= last + 8; ++expected) {
        const QJsonArray event = again.nextEvent(Random);
        QCOMPARE(event.size(), 3);
        QCOMPARE(TestServer::seqInOffset(b.hub(), event.last().toString(), Random), expected);
        QTRY_VERIFY(a.observed.values[Random].count(quint64(expected)) == 1);
        // Socket.IO clients get the bare value.
        QCOMPARE(event.at(1), a.observed.values[Random][quint64(expected)]);
    }

    // A pid is good for one reconnection across the cluster: taken out of
    // Redis, and A's own copy does not serve it again.
    QCOMPARE(run(redis, {"EXISTS", key}).integer, 0);
    SocketIoTestClient third;
    QVERIFY(third.connectTo(a.server.socketIoUrl(), false));
    const std::optional<SocketIoTestClient::Joined> fresh = third.joinData(auth);
    QVERIFY(fresh);
    QVERIFY(!fresh->pid.isEmpty());
    QVERIFY(fresh->pid != joined->pid);
    QVERIFY(fresh->sid != joined->sid);
}

// Every instance shows and answers the health of the feed its clients get
// values from, the producer's, not that of its own stopped feed ("starting"
// for ever); its upstream metrics still count only its own requests.
void tst_Cluster::followersShowTheProducersHealth()
{
    for (const QString &id : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
        add(id);
    QTRY_VERIFY_WITH_TIMEOUT(allIn(ClusterStatus::Mode::Cluster), 5000);
    QTRY_COMPARE(producersOf(Random), 1);
    QTRY_COMPARE(producersOf(Bitcoin), 1);
    for (const auto &instance : m_instances) {
        QTRY_COMPARE(instance->hub().health(Random).state, FeedHealth::State::Healthy);
        QTRY_COMPARE(instance->hub().health(Bitcoin).state, FeedHealth::State::Healthy);
        QCOMPARE(instance->hub().health(Bitcoin).source, Coinbase);
    }

    // The upstream fails: the producer's feed says why, and so does every
    // other instance, on /api/status too.
    m_upstream->setResponse(Coinbase, FakeUpstream::status(503));
    Instance *producer = producerOf(Bitcoin);
    QVERIFY(producer);
    QTRY_VERIFY_WITH_TIMEOUT(producer->hub().health(Bitcoin).state != FeedHealth::State::Healthy, 4 * BitcoinIntervalMs);
    QTRY_VERIFY(producer->hub().health(Bitcoin).lastError.contains(QStringLiteral("503")));
    for (const auto &instance : m_instances) {
        QTRY_VERIFY_WITH_TIMEOUT(instance->hub().health(Bitcoin).state == producer->hub().health(Bitcoin).state
                && instance->hub().health(Bitcoin).lastError == producer->hub().health(Bitcoin).lastError,
            LeaseTtlMs);
        const QString shown = streamHealth(instance->server.port(), Bitcoin).value(QStringLiteral("state")).toString();
        QVERIFY2(shown == QStringLiteral("degraded") || shown == QStringLiteral("down"), qPrintable(shown));
        if (instance.get() == producer)
            continue;
        // Its own feed asked nothing: its metrics count no request.
        QVERIFY(!instance->hub().isFeedRunning(Bitcoin));
        const QByteArray metrics = httpGet(instance->server.port(), QStringLiteral("/metrics"));
        QVERIFY2(!metrics.contains("datagate_upstream_requests_total{feed=\"bitcoinPrice\",provider=\"coinbase\",outcome=\"failure\"} ")
                || metrics.contains(
                    "datagate_upstream_requests_total{feed=\"bitcoinPrice\",provider=\"coinbase\",outcome=\"failure\"} 0\n"),
            metrics.constData());
    }
    QVERIFY(httpGet(producer->server.port(), QStringLiteral("/metrics"))
                .contains("datagate_upstream_requests_total{feed=\"bitcoinPrice\",provider=\"coinbase\",outcome=\"failure\"} "));

    // It recovers: healthy everywhere again.
    m_upstream->setPrice(Coinbase, 97001.5);
    for (const auto &instance : m_instances)
        QTRY_COMPARE_WITH_TIMEOUT(instance->hub().health(Bitcoin).state, FeedHealth::State::Healthy, 4 * BitcoinIntervalMs + LeaseTtlMs);

    // The producer of the random numbers dies without a word: the others
    // show its successor's health, healthy once it produces.
    Instance *randomProducer = producerOf(Random);
    for (auto it = m_instances.begin(); it != m_instances.end(); ++it) {
        if (it->get() == randomProducer) {
            m_instances.erase(it);
            break;
        }
    }
    QTRY_COMPARE_WITH_TIMEOUT(producersOf(Random), 1, 3 * LeaseTtlMs);
    for (const auto &instance : m_instances) {
        QTRY_COMPARE(instance->hub().health(Random).state, FeedHealth::State::Healthy);
        QVERIFY(instance->hub().health(Random).lastSuccessAt.isValid());
    }
}

void tst_Cluster::redisOutageDegradesAndRecovers()
{
    Instance &a = add(QStringLiteral("a"));
    Instance &b = add(QStringLiteral("b"));
    Instance &c = add(QStringLiteral("c"));
    QTRY_VERIFY_WITH_TIMEOUT(allIn(ClusterStatus::Mode::Cluster), 5000);
    QTRY_COMPARE(producersOf(Random), 1);
    JsonTestClient onA;
    QVERIFY(onA.connectTo(a.server.jsonUrl()));
    onA.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}});
    QVERIFY(!onA.nextEvent(QStringLiteral("subscribed")).isEmpty());
    const QString clusterEpoch = a.hub().epoch();
    for (Instance *instance : {&a, &b, &c})
        QTRY_COMPARE(instance->get().clusterStatus().instances.size(), 3);

    m_redis->kill();
    QTRY_VERIFY_WITH_TIMEOUT(allIn(ClusterStatus::Mode::Degraded), 3000);
    // Every instance produces every stream itself, under an epoch of its own, and stays ready.
    QCOMPARE(producersOf(Random), 3);
    QVERIFY(a.hub().epoch() != clusterEpoch);
    QVERIFY(a.hub().epoch() != b.hub().epoch());
    QVERIFY(b.hub().epoch() != c.hub().epoch());
    QTRY_VERIFY(a.get().isReady());
    QVERIFY(a.get().clusterStatus().reason.contains(QStringLiteral("Redis unreachable")));
    // What Redis said about the others is out of date: each knows only itself.
    for (Instance *instance : {&a, &b, &c}) {
        const QList<ClusterStatus::Instance> known = instance->get().clusterStatus().instances;
        QCOMPARE(known.size(), 1);
        QCOMPARE(known.first().id, instance->id);
        QCOMPARE(known.first().produces, (QStringList {Bitcoin, Random}));
    }
    // Every feed's health says degraded, with the reason, wherever health is read.
    QTRY_COMPARE(a.hub().health(Random).state, FeedHealth::State::Degraded);
    QVERIFY(a.hub().health(Random).degradedReason.startsWith(QStringLiteral("Redis unreachable")));
    QVERIFY(a.hub().health(Random).degradedReason.endsWith(QStringLiteral("producing locally")));
    QVERIFY(!a.hub().health(Bitcoin).degradedReason.isEmpty());
    const QJsonObject randomHealth = streamHealth(a.server.port(), Random);
    QCOMPARE(randomHealth.value(QStringLiteral("state")).toString(), QStringLiteral("degraded"));
    // The reason follows the latest reconnect attempt's error, so only its shape is compared.
    const QString shownReason = randomHealth.value(QStringLiteral("degradedReason")).toString();
    QVERIFY2(shownReason.startsWith(QStringLiteral("Redis unreachable: ")) && shownReason.endsWith(QStringLiteral("; producing locally")),
        qPrintable(shownReason));
    QVERIFY(
        httpGet(a.server.port(), QStringLiteral("/metrics")).contains("datagate_feed_state{feed=\"randomNumber\",state=\"degraded\"} 1"));
    onA.drain(50);
    QVERIFY2(onA.countEvents(Random, 5 * RandomIntervalMs) >= 2, "clients keep getting ticks while Redis is down");

    QVERIFY(m_redis->start());
    QTRY_VERIFY_WITH_TIMEOUT(allIn(ClusterStatus::Mode::Cluster), 8000);
    QTRY_COMPARE_WITH_TIMEOUT(producersOf(Random), 1, 3000);
    QTRY_COMPARE_WITH_TIMEOUT(producersOf(Bitcoin), 1, 3000);
    // Back to the feeds' own health.
    for (Instance *instance : {&a, &b, &c}) {
        QVERIFY(instance->hub().health(Random).degradedReason.isEmpty());
        QVERIFY(instance->hub().health(Random).state != FeedHealth::State::Degraded);
        QVERIFY(!streamHealth(instance->server.port(), Random).contains(QStringLiteral("degradedReason")));
    }
    QCOMPARE(a.hub().epoch(), b.hub().epoch());
    QCOMPARE(c.hub().epoch(), b.hub().epoch());
    // Converged: the same seqs and values again.
    a.observed.values[Random].clear();
    b.observed.values[Random].clear();
    QTest::qWait(6 * RandomIntervalMs);
    QVERIFY(!a.observed.values[Random].empty());
    for (const auto &[seq, value] : a.observed.values[Random]) {
        if (b.observed.values[Random].count(seq))
            QCOMPARE(b.observed.values[Random][seq], value);
    }
    QVERIFY(qAbs(qint64(a.hub().lastSeq(Random)) - qint64(b.hub().lastSeq(Random))) <= 1); // within a tick of each other
}

// Redis stops answering and comes back with its keys (a partition): each
// instance's history holds the cluster's ticks from before the outage and
// after it again, from Redis's stream, not only the last one; its live
// clients are not sent the old ones.
void tst_Cluster::historyAfterAnOutage()
{
    add(QStringLiteral("a"));
    add(QStringLiteral("b"));
    QTRY_VERIFY_WITH_TIMEOUT(allIn(ClusterStatus::Mode::Cluster), 5000);
    QTRY_COMPARE(producersOf(Random), 1);
    Instance &producer = *producerOf(Random);
    Instance &other = m_instances.front().get() == &producer ? *m_instances.back() : *m_instances.front();
    const QString epoch = producer.hub().epoch();
    JsonTestClient leaving;
    QVERIFY(leaving.connectTo(producer.server.jsonUrl()));
    leaving.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}});
    qint64 last = 0;
    for (int i = 0; i < 3; ++i)
        last = leaving.nextEvent(Random).value(QStringLiteral("data")).toObject().value(QStringLiteral("seq")).toInteger();
    leaving.socket().abort();
    QTRY_VERIFY(other.hub().lastSeq(Random) >= quint64(last) + 3);
    JsonTestClient live;
    QVERIFY(live.connectTo(other.server.jsonUrl()));
    live.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}});
    QVERIFY(!live.nextEvent(QStringLiteral("subscribed")).isEmpty());

    const quint64 beforePause = other.hub().lastSeq(Random);
    QVERIFY(m_redis->pause());
    QTRY_VERIFY_WITH_TIMEOUT(allIn(ClusterStatus::Mode::Degraded), 3000);
    QVERIFY(m_redis->resume());
    QTRY_VERIFY_WITH_TIMEOUT(allIn(ClusterStatus::Mode::Cluster), 8000);
    QCOMPARE(other.hub().epoch(), epoch);
    const quint64 resumedAt = other.hub().lastSeq(Random);
    QTRY_VERIFY(other.hub().lastSeq(Random) >= resumedAt + 3);
    // The live client went from the local epoch to the cluster's without
    // the old ticks: once the outage's local ticks began (each seq above
    // the last before it), no tick from before the outage.
    bool outage = false;
    for (const QString &message : live.drain(0)) {
        const QJsonObject object = QJsonDocument::fromJson(message.toUtf8()).object();
        if (object.value(QStringLiteral("event")).toString() != Random)
            continue;
        const quint64 seq = quint64(object.value(QStringLiteral("data")).toObject().value(QStringLiteral("seq")).toInteger());
        outage = outage || seq > beforePause;
        QVERIFY2(!outage || seq > beforePause, qPrintable(QStringLiteral("seq %1 from before the outage sent live").arg(seq)));
    }

    RedisClient::Settings settings;
    settings.url = RedisUrl::parse(m_redis->url()).value();
    RedisClient reader(settings);
    QVERIFY(waitForRedis(reader));
    const std::map<quint64, QJsonValue> stream = RedisServer::history(reader, Random, epoch);
    QVERIFY(stream.count(quint64(last) + 1) && stream.rbegin()->first > resumedAt);

    JsonTestClient back;
    QVERIFY(back.connectTo(other.server.jsonUrl()));
    back.sendJson({{QStringLiteral("event"), QStringLiteral("subscribe")}, {QStringLiteral("id"), 1},
        {QStringLiteral("data"),
            QJsonObject {{QStringLiteral("streams"), QJsonArray {Random}}, {QStringLiteral("since"), QJsonObject {{Random, last}}},
                {QStringLiteral("epoch"), epoch}}}});
    const QJsonObject ack = back.nextEvent(QStringLiteral("subscribed")).value(QStringLiteral("data")).toObject();
    QVERIFY2(ack.value(QStringLiteral("recovered")).toBool(), qPrintable(QString::fromUtf8(QJsonDocument(ack).toJson())));
    for (quint64 expected = quint64(last) + 1; expected <= stream.rbegin()->first; ++expected) {
        const QJsonObject data = back.nextEvent(Random).value(QStringLiteral("data")).toObject();
        QCOMPARE(quint64(data.value(QStringLiteral("seq")).toInteger()), expected);
        QCOMPARE(data.value(QStringLiteral("value")), stream.at(expected));
    }
}

void tst_Cluster::withoutRedisNothingChanges()
{
    TestServer alone;
    QVERIFY(alone.start());
    QCOMPARE(alone.server().clusterStatus().mode, ClusterStatus::Mode::Off);
    QTRY_VERIFY(alone.server().hub()->isFeedRunning(Random));
    QCOMPARE(alone.server().clusterStatus().toJson(), QJsonObject({{QStringLiteral("mode"), QStringLiteral("off")}}));
}

QTEST_GUILESS_MAIN(tst_Cluster)
#include "tst_cluster.moc"
