// Cluster mode as operators run it: three real datagate processes
// (--no-gui --redis …) share one real redis-server, with the Bitcoin feed
// polling a fake upstream that counts its requests. What only separate
// processes show: a producer SIGKILLed without a word, clients of each
// instance over both protocols agreeing on values and seqs, recovery with
// `since` on another process, and Redis going away under running processes.
//
// One cluster serves every case, in order; each case leaves three instances
// in cluster mode behind it.

#include "DatagateProcess.h"
#include "FakeUpstream.h"
#include "RedisServer.h"
#include "TestClients.h"
#include "cluster/RedisClient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace {

const QString Random = QStringLiteral("randomNumber");
const QString Bitcoin = QStringLiteral("bitcoinPrice");
const QString Coinbase = QStringLiteral("coinbase");
constexpr int LeaseTtlMs = 1000;
constexpr int RandomIntervalMs = 100;
constexpr int BitcoinIntervalMs = 200;
// What a test machine shared with other work adds to any deadline here.
constexpr int SlackMs = 400;

// One randomNumber tick as a client received it.
struct Received {
    quint64 seq = 0;
    QJsonValue value;
    qint64 atMs = 0; // on the test's timer
};

// A client that records every randomNumber tick as it arrives, with its
// arrival time: JSON (seq in the data) or Socket.IO with connection state
// recovery (seq in the offset, the first of the offset's positions).
class Watcher {
public:
    virtual ~Watcher() = default;
    virtual bool connectTo(quint16 port) = 0;
    virtual bool isConnected() const = 0;
    QList<Received> ticks;
    // The ticks that arrived at or after atMs.
    QList<Received> since(qint64 atMs) const
    {
        QList<Received> after;
        for (const Received &tick : ticks) {
            if (tick.atMs >= atMs)
                after.append(tick);
        }
        return after;
    }
};

class JsonWatcher final : public JsonTestClient, public Watcher {
public:
    explicit JsonWatcher(const QElapsedTimer &timer)
        : m_timer(timer)
    {
    }
    bool connectTo(quint16 port) override
    {
        if (!JsonTestClient::connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port))))
            return false;
        sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}});
        return !nextEvent(QStringLiteral("subscribed")).isEmpty();
    }
    bool isConnected() const override { return WsTestClient::isConnected(); }

protected:
    void onMessage(const QString &message) override
    {
        const QJsonObject object = QJsonDocument::fromJson(message.toUtf8()).object();
        if (object.value(QStringLiteral("event")).toString() != Random) {
            JsonTestClient::onMessage(message);
            return;
        }
        const QJsonObject data = object.value(QStringLiteral("data")).toObject();
        ticks.append({quint64(data.value(QStringLiteral("seq")).toInteger()), data.value(QStringLiteral("value")), m_timer.elapsed()});
    }

private:
    const QElapsedTimer &m_timer;
};

class SocketIoWatcher final : public SocketIoTestClient, public Watcher {
public:
    explicit SocketIoWatcher(const QElapsedTimer &timer)
        : m_timer(timer)
    {
    }
    bool connectTo(quint16 port) override
    {
        // Joined by hand: with recovery on, the welcome ends with an offset too.
        if (!SocketIoTestClient::connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket").arg(port)), false))
            return false;
        send(QStringLiteral("40/data,"));
        const std::optional<QString> joined = nextFrame();
        if (!joined || !joined->startsWith(QLatin1String("40/data,{")) || nextEvent(QStringLiteral("message")).isEmpty())
            return false;
        emitEvent(QStringLiteral("subscribeRandomNumber"));
        return true;
    }
    bool isConnected() const override { return WsTestClient::isConnected(); }

protected:
    void onMessage(const QString &message) override
    {
        static const QString Prefix = QStringLiteral("42/data,[\"randomNumber\",");
        if (!message.startsWith(Prefix)) {
            SocketIoTestClient::onMessage(message);
            return;
        }
        // ["randomNumber", value, "<seq of randomNumber>-<seq of bitcoinPrice>"]
        const QJsonArray event = QJsonDocument::fromJson(message.sliced(8).toUtf8()).array();
        const QString offset = event.at(2).toString();
        ticks.append({offset.section(QLatin1Char('-'), 0, 0).toULongLong(), event.at(1), m_timer.elapsed()});
    }

private:
    const QElapsedTimer &m_timer;
};

// One datagate process and its two watchers.
struct Instance {
    QString id;
    std::unique_ptr<DatagateProcess> process;
    std::unique_ptr<JsonWatcher> json;
    std::unique_ptr<SocketIoWatcher> socketIo;

    quint16 port() const { return process->port(); }
    bool running() const { return process && process->process().state() == QProcess::Running; }
    QJsonObject cluster() const
    {
        return QJsonDocument::fromJson(process->get("/api/status").body).object().value(QStringLiteral("cluster")).toObject();
    }
    Watcher &watcher(const QString &protocol) const
    {
        return protocol == QLatin1String("json") ? static_cast<Watcher &>(*json) : static_cast<Watcher &>(*socketIo);
    }
};

QString roleOf(const QJsonObject &cluster, const QString &stream)
{
    for (const QJsonValue &entry : cluster.value(QStringLiteral("streams")).toArray()) {
        if (entry[QStringLiteral("stream")].toString() == stream)
            return entry[QStringLiteral("role")].toString();
    }
    return {};
}

// Subscribes to randomNumber with `since` and the epoch; the ack's data.
QJsonObject subscribeSince(JsonTestClient &client, quint64 last, const QString &epoch)
{
    client.sendJson({{QStringLiteral("event"), QStringLiteral("subscribe")}, {QStringLiteral("id"), 1},
        {QStringLiteral("data"),
            QJsonObject {{QStringLiteral("streams"), QJsonArray {Random}}, {QStringLiteral("since"), QJsonObject {{Random, qint64(last)}}},
                {QStringLiteral("epoch"), epoch}}}});
    return client.nextEvent(QStringLiteral("subscribed")).value(QStringLiteral("data")).toObject();
}

// Duplicated or backward seqs among the ticks, and holes; empty if none.
QString seqProblems(const QList<Received> &ticks)
{
    for (qsizetype i = 1; i < ticks.size(); ++i) {
        if (ticks[i].seq != ticks[i - 1].seq + 1)
            return QStringLiteral("seq %1 followed by %2").arg(ticks[i - 1].seq).arg(ticks[i].seq);
    }
    return {};
}

// The longest time without a tick, from the last tick before fromMs on.
qint64 longestGap(const QList<Received> &ticks, qint64 fromMs)
{
    qint64 gap = 0;
    std::optional<qint64> previous;
    for (const Received &tick : ticks) {
        if (tick.atMs < fromMs) {
            previous = tick.atMs;
            continue;
        }
        gap = std::max(gap, tick.atMs - previous.value_or(fromMs));
        previous = tick.atMs;
    }
    return gap;
}

} // namespace

class tst_ClusterProcess final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void agreement_data();
    void agreement();
    void oneUpstreamRequestPerInterval();
    void recoveryOnAnotherInstance();
    void failoverAfterSigkill();
    void redisOutage_data();
    void redisOutage();

private:
    bool startInstance(Instance &instance);
    bool clusterFormed();
    // The instance holding stream's lease, as the instances say; null unless they agree.
    Instance *holderOf(const QString &stream);
    // One producer of each stream, known to every instance.
    bool oneProducerEach();
    // Upstream requests in a window of whole poll intervals, against the intervals.
    QString upstreamRequestsPerInterval();
    // A client of the test's redis-server, connected.
    std::unique_ptr<RedisClient> redisClient();
    // Waits until every watcher of running instances has a tick arrived after atMs.
    bool allReceiveAfter(qint64 atMs, int count, int timeoutMs);

    QElapsedTimer m_timer;
    std::unique_ptr<RedisServer> m_redis;
    std::unique_ptr<FakeUpstream> m_upstream;
    std::vector<std::unique_ptr<Instance>> m_instances;
};

void tst_ClusterProcess::initTestCase()
{
    m_timer.start();
    m_redis = std::make_unique<RedisServer>();
    QVERIFY(m_redis->start());
    m_upstream = std::make_unique<FakeUpstream>();
    m_upstream->setPrice(Coinbase, 97000.5);
    for (const QString &id : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}) {
        m_instances.push_back(std::make_unique<Instance>());
        m_instances.back()->id = id;
        QVERIFY(startInstance(*m_instances.back()));
    }
    QTRY_VERIFY_WITH_TIMEOUT(clusterFormed(), 10000);
}

void tst_ClusterProcess::cleanupTestCase()
{
    m_instances.clear();
    m_upstream.reset();
    m_redis.reset();
}

bool tst_ClusterProcess::startInstance(Instance &instance)
{
    instance.json.reset();
    instance.socketIo.reset();
    instance.process = std::make_unique<DatagateProcess>();
    const QStringList arguments {QStringLiteral("--no-gui"), QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
        QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--io-threads"), QStringLiteral("1"), QStringLiteral("--redis"),
        m_redis->url(), QStringLiteral("--redis-lease-ttl"), QString::number(LeaseTtlMs), QStringLiteral("--redis-instance-id"),
        instance.id, QStringLiteral("--random-interval"), QString::number(RandomIntervalMs), QStringLiteral("--btc-providers"), Coinbase,
        QStringLiteral("--btc-url"), Coinbase + u'=' + m_upstream->url(Coinbase), QStringLiteral("--btc-interval"),
        QString::number(BitcoinIntervalMs), QStringLiteral("--sio-recovery")};
    if (!instance.process->start(arguments))
        return false;
    instance.json = std::make_unique<JsonWatcher>(m_timer);
    instance.socketIo = std::make_unique<SocketIoWatcher>(m_timer);
    if (!instance.json->connectTo(instance.port()) || !instance.socketIo->connectTo(instance.port())) {
        qWarning("the clients of %s could not subscribe; its log:\n%s", qPrintable(instance.id), qPrintable(instance.process->log()));
        return false;
    }
    return true;
}

bool tst_ClusterProcess::clusterFormed()
{
    for (const auto &instance : m_instances) {
        if (instance->cluster().value(QStringLiteral("mode")).toString() != QLatin1String("cluster"))
            return false;
    }
    return oneProducerEach();
}

Instance *tst_ClusterProcess::holderOf(const QString &stream)
{
    QString holder;
    for (const auto &instance : m_instances) {
        for (const QJsonValue &entry : instance->cluster().value(QStringLiteral("streams")).toArray()) {
            if (entry[QStringLiteral("stream")].toString() != stream)
                continue;
            const QString said = entry[QStringLiteral("holder")].toString();
            if (said.isEmpty() || (!holder.isEmpty() && said != holder))
                return nullptr;
            holder = said;
        }
    }
    for (const auto &instance : m_instances) {
        if (instance->id == holder)
            return instance.get();
    }
    return nullptr;
}

bool tst_ClusterProcess::oneProducerEach()
{
    for (const QString &stream : {Random, Bitcoin}) {
        int producers = 0;
        for (const auto &instance : m_instances)
            producers += roleOf(instance->cluster(), stream) == QLatin1String("producer") ? 1 : 0;
        Instance *holder = holderOf(stream);
        if (producers != 1 || !holder || roleOf(holder->cluster(), stream) != QLatin1String("producer"))
            return false;
    }
    return true;
}

QString tst_ClusterProcess::upstreamRequestsPerInterval()
{
    const int before = m_upstream->totalRequests();
    const qint64 started = m_timer.elapsed();
    QTest::qWait(8 * BitcoinIntervalMs);
    const int requests = m_upstream->totalRequests() - before;
    const qint64 intervals = (m_timer.elapsed() - started) / BitcoinIntervalMs;
    // One boundary either side: a request just before or just after the window.
    if (requests >= intervals - 1 && requests <= intervals + 1)
        return {};
    return QStringLiteral("%1 upstream requests in %2 intervals of %3 ms for %4 instances")
        .arg(requests)
        .arg(intervals)
        .arg(BitcoinIntervalMs)
        .arg(m_instances.size());
}

std::unique_ptr<RedisClient> tst_ClusterProcess::redisClient()
{
    RedisClient::Settings settings;
    settings.url = RedisUrl::parse(m_redis->url()).value();
    auto client = std::make_unique<RedisClient>(settings);
    QSignalSpy up(client.get(), &RedisClient::connected);
    client->open();
    if (!up.wait(3000))
        qWarning("the test could not connect to Redis");
    return client;
}

bool tst_ClusterProcess::allReceiveAfter(qint64 atMs, int count, int timeoutMs)
{
    return QTest::qWaitFor(
        [&] {
            for (const auto &instance : m_instances) {
                if (instance->running() && (instance->json->since(atMs).size() < count || instance->socketIo->since(atMs).size() < count))
                    return false;
            }
            return true;
        },
        timeoutMs);
}

void tst_ClusterProcess::agreement_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addRow("json") << QStringLiteral("json");
    QTest::addRow("socketio") << QStringLiteral("socketio");
}

// The clients of every instance get the same values under the same seqs,
// every seq once, whichever instance produces them.
void tst_ClusterProcess::agreement()
{
    QFETCH(QString, protocol);
    const qint64 from = m_timer.elapsed();
    QVERIFY(allReceiveAfter(from, 15, 15 * RandomIntervalMs + 5000));
    const QList<Received> reference = m_instances.front()->watcher(protocol).since(from);
    std::map<quint64, QJsonValue> byReference;
    for (const Received &tick : reference)
        byReference[tick.seq] = tick.value;
    for (const auto &instance : m_instances) {
        const QList<Received> ticks = instance->watcher(protocol).since(from);
        QVERIFY2(seqProblems(ticks).isEmpty(), qPrintable(instance->id + u' ' + seqProblems(ticks)));
        int common = 0;
        for (const Received &tick : ticks) {
            const auto found = byReference.find(tick.seq);
            if (found == byReference.end())
                continue;
            ++common;
            QVERIFY2(tick.value == found->second, qPrintable(QStringLiteral("%1: seq %2").arg(instance->id).arg(tick.seq)));
        }
        QVERIFY2(common >= 12, qPrintable(QStringLiteral("%1: %2 seqs in common").arg(instance->id).arg(common)));
    }
    // Both protocols of one instance carry the same ticks too.
    if (protocol == QLatin1String("socketio")) {
        for (const Received &tick : m_instances.back()->json->since(from)) {
            if (byReference.count(tick.seq))
                QCOMPARE(tick.value, byReference.at(tick.seq));
        }
    }
}

void tst_ClusterProcess::oneUpstreamRequestPerInterval()
{
    QVERIFY(oneProducerEach());
    const QString problem = upstreamRequestsPerInterval();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// A JSON client leaves one instance and comes back on another with `since`:
// it gets exactly the ticks it missed, those a client that stayed got.
void tst_ClusterProcess::recoveryOnAnotherInstance()
{
    Instance &a = *m_instances[0];
    Instance &b = *m_instances[1];
    const Instance &stayed = *m_instances[2];
    JsonWatcher leaving(m_timer);
    QVERIFY(leaving.connectTo(a.port()));
    const QString epoch = leaving.welcome().value(QStringLiteral("data")).toObject().value(QStringLiteral("epoch")).toString();
    QTRY_VERIFY(leaving.ticks.size() >= 3);
    leaving.socket().abort();
    const quint64 last = leaving.ticks.constLast().seq;
    QTRY_VERIFY(!stayed.json->ticks.isEmpty() && stayed.json->ticks.constLast().seq >= last + 5);

    JsonTestClient back;
    QVERIFY(back.connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(b.port()))));
    QCOMPARE(back.welcome().value(QStringLiteral("data")).toObject().value(QStringLiteral("epoch")).toString(), epoch);
    const QJsonObject ack = subscribeSince(back, last, epoch);
    QVERIFY2(ack.value(QStringLiteral("recovered")).toBool(), qPrintable(QString::fromUtf8(QJsonDocument(ack).toJson())));
    const qint64 missed = ack.value(QStringLiteral("missed")).toInteger();
    QVERIFY2(missed >= 5, qPrintable(QString::number(missed)));
    std::map<quint64, QJsonValue> reference;
    for (const Received &tick : stayed.json->ticks)
        reference[tick.seq] = tick.value;
    // The missed ticks in order, then live ones: every seq once, the values the stayed client got.
    for (quint64 expected = last + 1; expected <= last + quint64(missed) + 3; ++expected) {
        const QJsonObject data = back.nextEvent(Random).value(QStringLiteral("data")).toObject();
        QCOMPARE(quint64(data.value(QStringLiteral("seq")).toInteger()), expected);
        QTRY_VERIFY(stayed.json->ticks.constLast().seq >= expected);
        for (const Received &tick : stayed.json->ticks)
            reference[tick.seq] = tick.value;
        QCOMPARE(data.value(QStringLiteral("value")), reference.at(expected));
    }
}

// SIGKILL the producer: another instance takes over within the TTL, the
// clients of the others see no longer gap than TTL + one interval and no
// seq twice. Each original instance is killed once: the first two holders
// are killed one after the other (so that the third original is the only
// one left to take over), then both restart and the third holder is killed.
void tst_ClusterProcess::failoverAfterSigkill()
{
    QVERIFY(clusterFormed());
    QStringList killed;
    QList<Instance *> toRestart;
    for (int round = 0; round < 3; ++round) {
        Instance *holder = nullptr;
        QTRY_VERIFY((holder = holderOf(Random)) && holder->running() && roleOf(holder->cluster(), Random) == QLatin1String("producer"));
        QVERIFY2(!killed.contains(holder->id), qPrintable(holder->id + QStringLiteral(" holds the lease again")));
        const quint64 lastBefore = holder->json->ticks.isEmpty() ? 0 : holder->json->ticks.constLast().seq;
        const qint64 killedAt = m_timer.elapsed();
        QVERIFY(holder->process->signal(SIGKILL));
        QCOMPARE(holder->process->waitForExit(), -1);
        killed.append(holder->id);
        toRestart.append(holder);

        // Another takes over within the TTL; the survivors' clients go on.
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (const auto &instance : m_instances) {
                    if (instance->running() && roleOf(instance->cluster(), Random) == QLatin1String("producer"))
                        return true;
                }
                return false;
            },
            10000));
        const qint64 takeover = m_timer.elapsed() - killedAt;
        QVERIFY2(takeover <= LeaseTtlMs + SlackMs, qPrintable(QStringLiteral("%1 ms before another instance produced").arg(takeover)));
        QVERIFY(allReceiveAfter(m_timer.elapsed(), 3, 3000));
        for (const auto &instance : m_instances) {
            if (!instance->running())
                continue;
            for (const QString &protocol : {QStringLiteral("json"), QStringLiteral("socketio")}) {
                const QList<Received> ticks = instance->watcher(protocol).ticks;
                const QString where = QStringLiteral("%1 (%2) after %3 was killed").arg(instance->id, protocol, holder->id);
                const qint64 gap = longestGap(ticks, killedAt);
                QVERIFY2(gap <= LeaseTtlMs + RandomIntervalMs + SlackMs,
                    qPrintable(QStringLiteral("%1 ms without a tick on ").arg(gap) + where));
                QVERIFY2(seqProblems(ticks).isEmpty(), qPrintable(where + u' ' + seqProblems(ticks)));
                QVERIFY2(ticks.constLast().seq > lastBefore, qPrintable(where));
            }
        }
        // Killed one after the other, the first two; the third holder is
        // killed with them back.
        if (round == 1) {
            for (Instance *instance : std::as_const(toRestart))
                QVERIFY(startInstance(*instance));
            toRestart.clear();
            QTRY_VERIFY_WITH_TIMEOUT(clusterFormed(), 10000);
        }
    }
    QCOMPARE(killed.size(), 3);
    killed.sort();
    QCOMPARE(killed, QStringList({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    for (Instance *instance : std::as_const(toRestart))
        QVERIFY(startInstance(*instance));
    QTRY_VERIFY_WITH_TIMEOUT(clusterFormed(), 10000);
}

void tst_ClusterProcess::redisOutage_data()
{
    QTest::addColumn<bool>("keepsData");
    // SIGKILL and a new redis-server on the same port: every key is gone,
    // the cluster starts a new epoch.
    QTest::addRow("killed and restarted") << false;
    // SIGSTOP then SIGCONT: Redis does not answer, then answers with its
    // keys (as after a network partition): the same epoch goes on, and the
    // history from before the outage can still be recovered on any instance.
    QTest::addRow("paused and resumed") << true;
}

void tst_ClusterProcess::redisOutage()
{
    QFETCH(bool, keepsData);
    QVERIFY(clusterFormed());
    const QString epochBefore = m_instances.front()->cluster().value(QStringLiteral("epoch")).toString();
    // A client that leaves before the outage, to come back after it on an
    // instance that did not produce what it missed.
    Instance *producer = holderOf(Random);
    QVERIFY(producer);
    Instance *other = m_instances[0].get() == producer ? m_instances[1].get() : m_instances[0].get();
    JsonWatcher leaving(m_timer);
    QVERIFY(leaving.connectTo(producer->port()));
    QTRY_VERIFY(leaving.ticks.size() >= 3);
    leaving.socket().abort();
    const quint64 last = leaving.ticks.constLast().seq;
    QTRY_VERIFY(other->json->ticks.constLast().seq >= last + 3);

    if (keepsData)
        QVERIFY(m_redis->pause());
    else
        m_redis->kill();
    // Every instance keeps its clients served, degraded and ready.
    for (const auto &instance : m_instances) {
        QTRY_COMPARE_WITH_TIMEOUT(instance->cluster().value(QStringLiteral("mode")).toString(), QStringLiteral("degraded"), 5000);
        // Ready again once its own feeds run (the Bitcoin feed of a follower
        // starts now, and is "starting" until its first price).
        DatagateProcess::HttpAnswer ready;
        QTRY_VERIFY2_WITH_TIMEOUT((ready = instance->process->get("/readyz")).status == 200, ready.body.constData(), 3000);
        QVERIFY2(ready.body.contains("degraded"), ready.body.constData());
    }
    // Longer than the lease: a paused Redis that answers again must find every lease run out.
    QVERIFY2(allReceiveAfter(m_timer.elapsed(), LeaseTtlMs / RandomIntervalMs, LeaseTtlMs + 3000),
        "clients keep getting ticks while Redis is down");

    if (keepsData)
        QVERIFY(m_redis->resume());
    else
        QVERIFY(m_redis->start());
    QTRY_VERIFY_WITH_TIMEOUT(clusterFormed(), 10000);
    const QString epoch = m_instances.front()->cluster().value(QStringLiteral("epoch")).toString();
    for (const auto &instance : m_instances)
        QCOMPARE(instance->cluster().value(QStringLiteral("epoch")).toString(), epoch);
    QCOMPARE(epoch == epochBefore, keepsData);
    const QString problem = upstreamRequestsPerInterval();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(oneProducerEach());
    // One holder per lease, in Redis too.
    const std::unique_ptr<RedisClient> redis = redisClient();
    for (const QString &stream : {Random, Bitcoin})
        QCOMPARE(QString::fromUtf8(RedisServer::run(*redis, {"GET", "datagate:lease:" + stream.toUtf8()}).text), holderOf(stream)->id);
    if (!keepsData)
        return;

    // The history of another instance holds the cluster's recent ticks from
    // before the outage as well as after it: the client gets every one it
    // missed, as Redis holds them.
    const quint64 beyond = holderOf(Random)->json->ticks.constLast().seq + 3;
    QTRY_VERIFY(other->json->ticks.constLast().seq >= beyond);
    const std::map<quint64, QJsonValue> reference = RedisServer::history(*redisClient(), Random, epoch);
    QVERIFY(reference.count(last + 1) && reference.rbegin()->first >= beyond);
    JsonTestClient back;
    QVERIFY(back.connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(other->port()))));
    const QJsonObject ack = subscribeSince(back, last, epoch);
    QVERIFY2(ack.value(QStringLiteral("recovered")).toBool(), qPrintable(QString::fromUtf8(QJsonDocument(ack).toJson())));
    for (quint64 expected = last + 1; expected <= beyond; ++expected) {
        const QJsonObject data = back.nextEvent(Random).value(QStringLiteral("data")).toObject();
        QCOMPARE(quint64(data.value(QStringLiteral("seq")).toInteger()), expected);
        QCOMPARE(data.value(QStringLiteral("value")), reference.at(expected));
    }
}

QTEST_GUILESS_MAIN(tst_ClusterProcess)
#include "tst_clusterprocess.moc"
