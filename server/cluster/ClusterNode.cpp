#include "cluster/ClusterNode.h"

#include "cluster/ClusterKeys.h"
#include "cluster/ClusterLogging.h"
#include "cluster/RedisClient.h"
#include "cluster/RedisLeaseStore.h"
#include "cluster/StreamLease.h"
#include "hub/Hub.h"
#include "model/StatusJson.h"
#include "time/Clock.h"
#include "time/ClockTimer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSysInfo>

#include <algorithm>
#include <optional>

// KEYS: lease, seq, history, epoch. ARGV: instance, epoch, the tick's JSON
// after its opening brace (without the seq), MAXLEN, channel.
// 0: the lease is someone else's; -1: the epoch changed; else the new seq.
const QByteArray ClusterNode::PublishScript =
    QByteArrayLiteral("if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end\n"
                      "if redis.call('GET', KEYS[4]) ~= ARGV[2] then return -1 end\n"
                      "local seq = redis.call('INCR', KEYS[2])\n"
                      "local tick = '{\"seq\":' .. seq .. ',' .. ARGV[3]\n"
                      "redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], '*', 'seq', seq, 'tick', tick)\n"
                      "redis.call('PUBLISH', ARGV[5], tick)\n"
                      "return seq\n");

namespace {

// KEYS: lease, health. ARGV: instance, the health's JSON, its TTL in ms,
// channel. Only the lease holder's word counts: one that lost its lease
// without knowing yet cannot overwrite its successor's.
const QByteArray HealthScript = QByteArrayLiteral("if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end\n"
                                                  "redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])\n"
                                                  "redis.call('PUBLISH', ARGV[4], ARGV[2])\n"
                                                  "return 1\n");

// What changes with every value or request (a random feed's health changes
// at every tick): shared with the registry's refresh, not at once.
FeedHealth withoutProgress(FeedHealth health)
{
    health.lastSuccessAt = {};
    health.nextAttemptAt = {};
    health.latencyMs = -1;
    for (FeedHealth::ProviderStats &provider : health.providers) {
        provider.requests = provider.successes = provider.failures = provider.rejected = 0;
        provider.latency = {};
    }
    return health;
}

// The cluster's epoch: the first instance to ask sets it; it lasts as long
// as Redis keeps its keys (a Redis that lost them starts the seqs over, under
// a new epoch).
const QByteArray EpochScript = QByteArrayLiteral("redis.call('SET', KEYS[1], ARGV[1], 'NX')\n"
                                                 "return redis.call('GET', KEYS[1])\n");

QString randomHex()
{
    return QString::number(QRandomGenerator::system()->generate64(), 16).rightJustified(16, QLatin1Char('0'));
}

QString defaultInstanceId()
{
    return QStringLiteral("%1-%2-%3")
        .arg(QSysInfo::machineHostName())
        .arg(QCoreApplication::applicationPid())
        .arg(QRandomGenerator::system()->bounded(0x10000), 4, 16, QLatin1Char('0'));
}

struct ParsedTick {
    Tick tick;
    QString epoch;
};

std::optional<ParsedTick> parseTick(const QString &stream, const QByteArray &payload)
{
    const QJsonDocument document = QJsonDocument::fromJson(payload);
    if (!document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    const qint64 seq = object.value(QStringLiteral("seq")).toInteger(-1);
    if (seq <= 0 || !object.contains(QStringLiteral("value")))
        return std::nullopt;
    ParsedTick parsed;
    parsed.tick.stream = stream;
    parsed.tick.seq = quint64(seq);
    parsed.tick.ts = object.value(QStringLiteral("ts")).toInteger();
    parsed.tick.value = object.value(QStringLiteral("value"));
    parsed.tick.details = object.value(QStringLiteral("details")).toObject();
    parsed.epoch = object.value(QStringLiteral("epoch")).toString();
    return parsed;
}

} // namespace

ClusterNode::ClusterNode(const ClusterSettings &settings, Hub &hub, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_instanceId(settings.instanceId.isEmpty() ? defaultInstanceId() : settings.instanceId)
    , m_hub(hub)
    , m_clock(clock)
    , m_registryTimer(clock.createTimer())
{
    Q_ASSERT(settings.redis);
    RedisClient::Settings redis;
    redis.url = *settings.redis;
    redis.connectTimeoutMs = settings.redisTimeoutMs();
    redis.commandTimeoutMs = settings.redisTimeoutMs();
    redis.backoffBaseMs = std::min<qint64>(100, settings.leaseTtlMs / 10);
    redis.backoffCapMs = std::max<qint64>(redis.backoffBaseMs, std::min<qint64>(5000, settings.leaseTtlMs));
    redis.name = "datagate:" + m_instanceId.toUtf8();
    m_commands = new RedisClient(redis, this);
    m_subscriber = new RedisClient(redis, this);
    m_leaseStore = std::make_unique<RedisLeaseStore>(*m_commands);
    connect(m_registryTimer.get(), &ClockTimer::timeout, this, &ClusterNode::advertise);

    for (RedisClient *client : {m_commands, m_subscriber}) {
        connect(client, &RedisClient::connected, this, &ClusterNode::sync);
        connect(client, &RedisClient::disconnected, this, [this](const QString &reason) {
            if (!m_stopped)
                degrade(QStringLiteral("Redis unreachable: %1").arg(reason));
        });
    }
    connect(m_subscriber, &RedisClient::message, this, &ClusterNode::onMessage);
    connect(&m_hub, &Hub::valueProduced, this, &ClusterNode::onValue);
    connect(&m_hub, &Hub::feedHealthChanged, this, &ClusterNode::onHealthChanged);
}

ClusterNode::~ClusterNode() = default;

void ClusterNode::start()
{
    for (const StreamInfo &stream : m_hub.streams()) {
        m_hub.setRouting(stream.name, Hub::Routing::Forward);
        auto *lease = new StreamLease(stream.name, m_instanceId, m_settings.leaseTtlMs, *m_leaseStore, m_clock, this);
        connect(lease, &StreamLease::heldChanged, this, [this, name = stream.name](bool held) { onLeaseHeld(name, held); });
        m_leases.insert(stream.name, lease);
    }
    setMode(ClusterStatus::Mode::Connecting, QStringLiteral("connecting to Redis at %1").arg(m_settings.redis->display()));
    qCInfo(lcCluster).noquote() << "cluster mode as" << m_instanceId << "through Redis at" << m_settings.redis->display();
    m_subscriber->subscribe(ClusterKeys::ChannelPattern);
    m_subscriber->subscribe(ClusterKeys::HealthChannelPattern);
    m_subscriber->open();
    m_commands->open();
}

void ClusterNode::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    ++m_syncGeneration;
    m_registryTimer->stop();
    for (StreamLease *lease : std::as_const(m_leases))
        lease->stop(true);
    QObject *noContext = nullptr;
    m_commands->command({"HDEL", ClusterKeys::Instances, m_instanceId.toUtf8()}, noContext, [](const RedisReply &) {});
}

bool ClusterNode::producesLocally(const QString &stream) const
{
    if (m_mode == ClusterStatus::Mode::Degraded)
        return true;
    const StreamLease *lease = m_leases.value(stream);
    return m_mode == ClusterStatus::Mode::Cluster && lease && lease->isHeld();
}

void ClusterNode::keepSession(const QString &pid, const QByteArray &data, qint64 ttlMs)
{
    // While degraded the seqs are this instance's own: no other could
    // recover from them, and this one keeps the session itself.
    if (m_mode != ClusterStatus::Mode::Cluster)
        return;
    QObject *noContext = nullptr;
    m_commands->command({"SET", ClusterKeys::socketIoSession(pid), data, "PX", QByteArray::number(std::max<qint64>(1, ttlMs))}, noContext,
        [](const RedisReply &reply) {
            if (reply.isError())
                qCDebug(lcCluster).noquote() << "a Socket.IO session was not kept in Redis:" << reply.text;
        });
}

void ClusterNode::takeSession(const QString &pid, QObject *context, LookupDone done)
{
    if (m_mode != ClusterStatus::Mode::Cluster) {
        QMetaObject::invokeMethod(
            context, [done = std::move(done)] { done(Lookup::Unavailable, {}); }, Qt::QueuedConnection);
        return;
    }
    // GETDEL (Redis 6.2): one instance gets it, whichever asks first.
    m_commands->command({"GETDEL", ClusterKeys::socketIoSession(pid)}, context, [done = std::move(done)](const RedisReply &reply) {
        if (reply.type == RedisReply::Type::String)
            done(Lookup::Found, reply.text);
        else if (reply.isNil())
            done(Lookup::Missing, {});
        else
            done(Lookup::Unavailable, {});
    });
}

void ClusterNode::sync()
{
    if (m_stopped || !m_commands->isConnected() || !m_subscriber->isConnected())
        return;
    const quint64 generation = ++m_syncGeneration;
    m_syncing = true;
    m_buffered.clear();
    m_commands->command(
        {"EVAL", EpochScript, "1", ClusterKeys::Epoch, randomHex().toLatin1()}, this, [this, generation](const RedisReply &reply) {
            if (generation != m_syncGeneration)
                return;
            if (reply.type != RedisReply::Type::String) {
                degrade(QStringLiteral("cannot read the cluster's epoch: %1").arg(QString::fromUtf8(reply.text)));
                return;
            }
            const QString epoch = QString::fromUtf8(reply.text);
            // The history of every stream, newest first, as much as the
            // local history holds: recovery (`since`, Socket.IO) works here
            // for what the cluster produced before this instance started or
            // while it was cut off from Redis, and a late subscriber gets the
            // latest value. It goes into the histories only (recordStamped):
            // live subscribers get no burst of old values.
            const qsizetype count = std::max<qsizetype>(1, m_settings.historySize);
            auto backfill = std::make_shared<QHash<QString, QList<Tick>>>();
            auto missing = std::make_shared<qsizetype>(m_leases.size());
            for (auto it = m_leases.cbegin(); it != m_leases.cend(); ++it) {
                const QString stream = it.key();
                m_commands->command({"XREVRANGE", ClusterKeys::history(stream), "+", "-", "COUNT", QByteArray::number(count)}, this,
                    [this, generation, stream, epoch, backfill, missing](const RedisReply &entries) {
                        if (generation != m_syncGeneration)
                            return;
                        QList<Tick> ticks;
                        for (const RedisReply &entry : entries.elements) {
                            // [id, [field, value, …]]
                            if (entry.elements.size() != 2)
                                continue;
                            const QList<RedisReply> &fields = entry.elements.at(1).elements;
                            for (qsizetype i = 0; i + 1 < fields.size(); i += 2) {
                                if (fields.at(i).text != "tick")
                                    continue;
                                const std::optional<ParsedTick> parsed = parseTick(stream, fields.at(i + 1).text);
                                if (parsed && parsed->epoch == epoch)
                                    ticks.prepend(parsed->tick);
                            }
                        }
                        backfill->insert(stream, ticks);
                        if (--*missing == 0)
                            applySync(generation, epoch, *backfill);
                    });
            }
        });
}

void ClusterNode::applySync(quint64 generation, const QString &epoch, const QHash<QString, QList<Tick>> &backfill)
{
    if (generation != m_syncGeneration)
        return;
    m_syncing = false;
    const bool newEpoch = m_hub.epoch() != epoch;
    for (auto it = m_leases.cbegin(); it != m_leases.cend(); ++it) {
        m_hub.setRouting(it.key(), Hub::Routing::Forward);
        if (!it.value()->isHeld())
            m_hub.stopFeed(it.key());
    }
    if (newEpoch) {
        // Seqs of another epoch mean nothing here: continue the cluster's.
        m_hub.setEpoch(epoch);
        for (auto it = m_leases.cbegin(); it != m_leases.cend(); ++it) {
            const QList<Tick> ticks = backfill.value(it.key());
            m_hub.seedSeq(it.key(), ticks.isEmpty() ? 0 : ticks.constFirst().seq - 1);
        }
    }
    setMode(ClusterStatus::Mode::Cluster, QString());
    for (auto it = backfill.cbegin(); it != backfill.cend(); ++it) {
        for (const Tick &tick : it.value())
            m_hub.recordStamped(tick);
    }
    const QList<Buffered> buffered = std::exchange(m_buffered, {});
    for (const Buffered &item : buffered)
        deliver(item.tick, item.epoch);
    readProducerHealth(m_leases.keys());
    for (StreamLease *lease : std::as_const(m_leases))
        lease->start();
    advertise();
}

void ClusterNode::degrade(const QString &reason)
{
    ++m_syncGeneration;
    m_syncing = false;
    m_buffered.clear();
    if (m_mode == ClusterStatus::Mode::Degraded) {
        setMode(ClusterStatus::Mode::Degraded, reason);
        return;
    }
    // Set first: the leases' heldChanged(false) below must not stop the feeds.
    setMode(ClusterStatus::Mode::Degraded, reason);
    qCWarning(lcCluster).noquote() << "degraded:" << reason << "- producing every stream here until Redis answers again";
    for (StreamLease *lease : std::as_const(m_leases))
        lease->stop(false);
    m_registryTimer->stop();
    // What Redis said about the others is out of date from now on: this
    // instance knows only itself, producing every stream.
    ClusterStatus::Instance self;
    self.id = m_instanceId;
    self.address = m_address;
    self.clients = m_clientCounter ? m_clientCounter() : 0;
    for (const QString &stream : m_leases.keys())
        self.produces.append(stream);
    self.produces.sort();
    m_instances = {self};
    m_sharedHealth.clear();
    // An epoch of our own: our seqs must not be mistaken for the cluster's.
    m_hub.setEpoch(QStringLiteral("local-") + randomHex());
    for (auto it = m_leases.cbegin(); it != m_leases.cend(); ++it) {
        m_hub.setRouting(it.key(), Hub::Routing::Local);
        m_hub.setProducerHealth(it.key(), std::nullopt);
        m_hub.startFeed(it.key());
    }
}

void ClusterNode::onLeaseHeld(const QString &stream, bool held)
{
    if (m_mode != ClusterStatus::Mode::Cluster)
        return;
    if (held) {
        m_hub.setProducerHealth(stream, std::nullopt);
        m_hub.startFeed(stream);
        shareHealth(stream);
    } else {
        m_hub.stopFeed(stream);
        m_sharedHealth.remove(stream);
        readProducerHealth({stream});
    }
}

void ClusterNode::onValue(const QString &stream, const QJsonValue &value, const QJsonObject &details)
{
    StreamLease *lease = m_leases.value(stream);
    if (m_mode != ClusterStatus::Mode::Cluster || !lease || !lease->isHeld())
        return;
    const QString epoch = m_hub.epoch();
    const QJsonObject rest {{QStringLiteral("epoch"), epoch}, {QStringLiteral("ts"), QDateTime::currentMSecsSinceEpoch()},
        {QStringLiteral("value"), value}, {QStringLiteral("details"), details}};
    // The script writes the seq in front of the rest of the object.
    const QByteArray afterBrace = QJsonDocument(rest).toJson(QJsonDocument::Compact).mid(1);
    const quint64 generation = m_syncGeneration;
    m_commands->command({"EVAL", PublishScript, "4", ClusterKeys::lease(stream), ClusterKeys::seq(stream), ClusterKeys::history(stream),
                            ClusterKeys::Epoch, m_instanceId.toUtf8(), epoch.toUtf8(), afterBrace,
                            QByteArray::number(std::max<qsizetype>(1, m_settings.historySize)), ClusterKeys::channel(stream)},
        this, [this, stream, generation](const RedisReply &reply) {
            if (reply.type != RedisReply::Type::Integer) {
                ++m_publishFailures;
                qCDebug(lcCluster).noquote() << "a value of" << stream << "did not reach Redis:" << reply.text;
                return;
            }
            if (reply.integer > 0) {
                ++m_published;
            } else if (reply.integer == 0) {
                ++m_publishFailures;
                if (StreamLease *lease = m_leases.value(stream))
                    lease->lose(QStringLiteral("another instance holds it"));
            } else if (generation == m_syncGeneration) {
                ++m_publishFailures;
                qCInfo(lcCluster) << "the cluster's epoch changed; catching up";
                sync();
            }
        });
}

void ClusterNode::onMessage(const QByteArray &channel, const QByteArray &payload)
{
    if (channel.startsWith(ClusterKeys::HealthChannelPrefix)) {
        const QString stream = ClusterKeys::streamOf(channel, ClusterKeys::HealthChannelPrefix);
        if (m_leases.contains(stream) && !m_syncing)
            applyProducerHealth(stream, payload);
        return;
    }
    const QString stream = ClusterKeys::streamOf(channel, ClusterKeys::ChannelPrefix);
    if (!m_leases.contains(stream))
        return;
    const std::optional<ParsedTick> parsed = parseTick(stream, payload);
    if (!parsed) {
        qCWarning(lcCluster) << "ignored a malformed tick on" << channel;
        return;
    }
    if (m_syncing)
        m_buffered.append({parsed->tick, parsed->epoch});
    else if (m_mode == ClusterStatus::Mode::Cluster)
        deliver(parsed->tick, parsed->epoch);
}

void ClusterNode::deliver(const Tick &tick, const QString &epoch)
{
    if (epoch != m_hub.epoch()) {
        // Another instance started a new epoch (Redis lost its keys): follow it.
        if (!m_syncing)
            sync();
        return;
    }
    ++m_received;
    m_hub.publishStamped(tick);
}

void ClusterNode::advertise()
{
    if (m_stopped || m_mode != ClusterStatus::Mode::Cluster)
        return;
    const qint64 ttl = m_settings.leaseTtlMs;
    m_registryTimer->start(ttl / 3);
    QStringList produces;
    for (auto it = m_leases.cbegin(); it != m_leases.cend(); ++it) {
        if (it.value()->isHeld())
            produces.append(it.key());
    }
    produces.sort();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QJsonObject self {{QStringLiteral("id"), m_instanceId}, {QStringLiteral("address"), m_address},
        {QStringLiteral("clients"), m_clientCounter ? m_clientCounter() : 0},
        {QStringLiteral("produces"), QJsonArray::fromStringList(produces)}, {QStringLiteral("expires"), now + 3 * ttl}};
    for (auto it = m_leases.cbegin(); it != m_leases.cend(); ++it) {
        if (it.value()->isHeld())
            shareHealth(it.key());
    }
    QStringList followed;
    for (const StreamInfo &info : m_hub.streams()) {
        if (!producesLocally(info.name))
            followed.append(info.name);
    }
    readProducerHealth(followed);
    QObject *noContext = nullptr;
    m_commands->command({"HSET", ClusterKeys::Instances, m_instanceId.toUtf8(), QJsonDocument(self).toJson(QJsonDocument::Compact)},
        noContext, [](const RedisReply &) {});
    m_commands->command({"HGETALL", ClusterKeys::Instances}, this, [this, now](const RedisReply &reply) {
        QList<ClusterStatus::Instance> instances;
        for (qsizetype i = 0; i + 1 < reply.elements.size(); i += 2) {
            const QJsonObject object = QJsonDocument::fromJson(reply.elements.at(i + 1).text).object();
            if (object.value(QStringLiteral("expires")).toInteger() < now) {
                // Gone without saying so (killed): forget it for everyone.
                QObject *noContext = nullptr;
                m_commands->command({"HDEL", ClusterKeys::Instances, reply.elements.at(i).text}, noContext, [](const RedisReply &) {});
                continue;
            }
            ClusterStatus::Instance instance;
            instance.id = object.value(QStringLiteral("id")).toString();
            instance.address = object.value(QStringLiteral("address")).toString();
            instance.clients = object.value(QStringLiteral("clients")).toInt();
            for (const QJsonValue &stream : object.value(QStringLiteral("produces")).toArray())
                instance.produces.append(stream.toString());
            instances.append(instance);
        }
        std::sort(instances.begin(), instances.end(), [](const auto &a, const auto &b) { return a.id < b.id; });
        m_instances = instances;
    });
}

void ClusterNode::onHealthChanged(const QString &stream, const FeedHealth &health)
{
    if (!producesLocally(stream) || m_mode != ClusterStatus::Mode::Cluster)
        return;
    const auto shared = m_sharedHealth.constFind(stream);
    if (shared != m_sharedHealth.cend() && withoutProgress(*shared) == withoutProgress(health))
        return; // the registry's refresh carries it
    shareHealth(stream);
}

void ClusterNode::shareHealth(const QString &stream)
{
    const FeedHealth health = m_hub.localHealth(stream);
    m_sharedHealth.insert(stream, health);
    const QByteArray json = QJsonDocument(StatusJson::fromFeedHealth(health)).toJson(QJsonDocument::Compact);
    QObject *noContext = nullptr;
    m_commands->command({"EVAL", HealthScript, "2", ClusterKeys::lease(stream), ClusterKeys::health(stream), m_instanceId.toUtf8(), json,
                            QByteArray::number(m_settings.leaseTtlMs), ClusterKeys::healthChannel(stream)},
        noContext, [stream](const RedisReply &reply) {
            if (reply.isError())
                qCDebug(lcCluster).noquote() << "the health of" << stream << "was not shared:" << reply.text;
        });
}

void ClusterNode::readProducerHealth(const QStringList &streams)
{
    if (streams.isEmpty())
        return;
    QList<QByteArray> command {"MGET"};
    for (const QString &stream : streams)
        command.append(ClusterKeys::health(stream));
    const quint64 generation = m_syncGeneration;
    m_commands->command(command, this, [this, streams, generation](const RedisReply &reply) {
        if (generation != m_syncGeneration || reply.elements.size() != streams.size())
            return;
        for (qsizetype i = 0; i < streams.size(); ++i)
            applyProducerHealth(streams.at(i), reply.elements.at(i).isNil() ? QByteArray() : reply.elements.at(i).text);
    });
}

void ClusterNode::applyProducerHealth(const QString &stream, const QByteArray &json)
{
    if (m_mode != ClusterStatus::Mode::Cluster || producesLocally(stream))
        return;
    FeedHealth health;
    if (!json.isNull()) {
        const QJsonDocument document = QJsonDocument::fromJson(json);
        if (!document.isObject()) {
            qCWarning(lcCluster) << "ignored a malformed feed health of" << stream;
            return;
        }
        health = StatusJson::toFeedHealth(document.object());
        m_producerSeen.insert(stream);
    } else if (m_producerSeen.contains(stream)) {
        // Its producer stopped refreshing it (killed, or cut off from
        // Redis): no values come until another instance takes the lease.
        health = m_hub.health(stream);
        health.state = FeedHealth::State::Degraded;
        health.lastError =
            QStringLiteral("its producer stopped answering; another instance takes it over within %1 ms").arg(m_settings.leaseTtlMs);
    }
    // Else nobody has produced it yet: Starting.
    m_hub.setProducerHealth(stream, health);
}

void ClusterNode::setMode(ClusterStatus::Mode mode, const QString &reason)
{
    m_reason = reason;
    // Every feed's health says so while degraded (the dashboard's cards,
    // /api/status, the metrics' feed state), and no longer once it is not.
    m_hub.setDegradedReason(mode == ClusterStatus::Mode::Degraded ? reason + QStringLiteral("; producing locally") : QString());
    if (mode == m_mode)
        return;
    m_mode = mode;
    Q_EMIT modeChanged(mode);
}

ClusterStatus ClusterNode::status() const
{
    ClusterStatus status;
    status.mode = m_mode;
    status.instance = m_instanceId;
    status.redis = m_settings.redis->display();
    status.redisConnected = m_commands->isConnected() && m_subscriber->isConnected();
    status.reason = m_reason;
    status.epoch = m_hub.epoch();
    for (const StreamInfo &info : m_hub.streams()) {
        const StreamLease *lease = m_leases.value(info.name);
        status.streams.append({info.name, producesLocally(info.name), lease ? lease->holder() : QString()});
    }
    status.instances = m_instances;
    status.reconnects = std::max<quint64>(1, m_commands->connectCount()) - 1;
    status.published = m_published;
    status.received = m_received;
    status.publishFailures = m_publishFailures;
    return status;
}
