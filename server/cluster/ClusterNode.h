#pragma once

#include "cluster/ClusterSettings.h"
#include "model/ClusterStatus.h"
#include "model/FeedHealth.h"
#include "model/Tick.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QSet>

#include <functional>
#include <memory>

class Clock;
class ClockTimer;
class Hub;
class RedisClient;
class RedisLeaseStore;
class StreamLease;

// This instance's part in a cluster of datagates sharing one Redis
// (docs/scaling.md). It takes the hub's feeds over from the server:
//  - Cluster mode: every stream is routed Forward. Only the instance holding
//    a stream's lease (StreamLease) runs its feed; each value is stamped in
//    Redis by one script that checks the lease and the epoch, takes the next
//    seq (INCR), appends the tick to the stream's history (XADD MAXLEN ~) and
//    publishes it. Every instance, the producer included, publishes what
//    arrives on the ticks channel with Hub::publishStamped(), so every client
//    of every instance gets the same values with the same seq and epoch.
//  - Degraded mode: Redis cannot be reached. Every instance runs every feed
//    itself under an epoch of its own, and keeps serving its clients.
//  - Each producer shares its feed's health (a key with the lease's TTL,
//    refreshed with the registry, and a channel for changes), so that every
//    instance shows and answers the health of the feed its clients get
//    values from (Hub::setProducerHealth), not that of its own stopped feed.
//  - Back in cluster mode when Redis answers again: the cluster's epoch (kept
//    in Redis), the stream's history (XREVRANGE, up to --history-size ticks)
//    into the local histories, then the leases.
class ClusterNode final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterNode)

public:
    // settings.redis is set. clock drives the leases and the registry.
    ClusterNode(const ClusterSettings &settings, Hub &hub, Clock &clock, QObject *parent = nullptr);
    ~ClusterNode() override;

    // Takes the hub's feeds over (none running until Redis answers or is
    // given up) and connects.
    void start();
    // Gives the leases back, so that another instance takes over at once,
    // and leaves the registry. The feeds are the hub's to stop.
    void stop();

    // What the registry says about this instance.
    void setAddress(const QString &address) { m_address = address; }
    void setClientCounter(std::function<int()> counter) { m_clientCounter = std::move(counter); }

    ClusterStatus status() const;
    ClusterStatus::Mode mode() const { return m_mode; }
    QString instanceId() const { return m_instanceId; }
    // Whether this instance runs the stream's feed: the lease holder, or
    // everyone while degraded.
    bool producesLocally(const QString &stream) const;

    // Opaque records kept in Redis for a while, which any instance may take
    // out once (the Socket.IO sessions kept for recovery; the server's
    // ClusterSocketIoSessions knows what is in them). Nothing is kept, and
    // nothing can be taken, unless the instance is in cluster mode.
    enum class Lookup { Found, Missing, Unavailable };
    using LookupDone = std::function<void(Lookup lookup, const QByteArray &data)>;
    void keepSession(const QString &pid, const QByteArray &data, qint64 ttlMs);
    // done runs once, in context's thread and only while context lives.
    void takeSession(const QString &pid, QObject *context, LookupDone done);

    // The Lua script that stamps and shares one tick (tests run it too).
    static const QByteArray PublishScript;

Q_SIGNALS:
    void modeChanged(ClusterStatus::Mode mode);

private:
    void sync();
    void applySync(quint64 generation, const QString &epoch, const QHash<QString, QList<Tick>> &backfill);
    void degrade(const QString &reason);
    void onLeaseHeld(const QString &stream, bool held);
    void onValue(const QString &stream, const QJsonValue &value, const QJsonObject &details);
    void onMessage(const QByteArray &channel, const QByteArray &payload);
    void deliver(const Tick &tick, const QString &epoch);
    void advertise();
    void onHealthChanged(const QString &stream, const FeedHealth &health);
    void shareHealth(const QString &stream);
    void readProducerHealth(const QStringList &streams);
    // json: what the producer shared; null when nothing is in Redis.
    void applyProducerHealth(const QString &stream, const QByteArray &json);
    void setMode(ClusterStatus::Mode mode, const QString &reason);

    const ClusterSettings m_settings;
    const QString m_instanceId;
    Hub &m_hub;
    Clock &m_clock;
    RedisClient *m_commands; // child
    RedisClient *m_subscriber; // child
    std::unique_ptr<RedisLeaseStore> m_leaseStore;
    QHash<QString, StreamLease *> m_leases; // children
    std::unique_ptr<ClockTimer> m_registryTimer;
    ClusterStatus::Mode m_mode = ClusterStatus::Mode::Off;
    QString m_reason;
    quint64 m_syncGeneration = 0;
    bool m_syncing = false;
    struct Buffered {
        Tick tick;
        QString epoch;
    };
    QList<Buffered> m_buffered; // ticks that arrived while syncing
    QString m_address;
    std::function<int()> m_clientCounter;
    QList<ClusterStatus::Instance> m_instances;
    QHash<QString, FeedHealth> m_sharedHealth; // what this instance last shared, per stream it produces
    QSet<QString> m_producerSeen; // streams whose producer's health was read once
    quint64 m_published = 0;
    quint64 m_received = 0;
    quint64 m_publishFailures = 0;
    bool m_stopped = false;
};
