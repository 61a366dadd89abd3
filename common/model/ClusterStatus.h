#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

// What one instance knows about the cluster it belongs to (--redis): the
// Redis connection, whether it produces each stream itself, who does, and
// the other instances. /api/status shows it as "cluster", the metrics as
// datagate_redis_* and datagate_cluster_*. Without --redis, enabled is false
// and nothing else means anything.
struct ClusterStatus {
    enum class Mode {
        Off, // no --redis
        Connecting, // started, Redis not reached yet: nothing produced
        Cluster, // one producer per stream across the instances
        Degraded, // Redis unreachable: every stream produced here, under a local epoch
    };
    struct StreamRole {
        QString stream;
        bool producer = false; // this instance runs the feed
        QString holder; // the instance that holds the lease, when known

        bool operator==(const StreamRole &) const = default;
    };
    struct Instance {
        QString id;
        QString address;
        int clients = 0;
        QStringList produces;

        bool operator==(const Instance &) const = default;
    };

    Mode mode = Mode::Off;
    QString instance; // this instance's id
    QString redis; // host:port/db, never the password
    bool redisConnected = false;
    QString reason; // why degraded or connecting; empty in Cluster mode
    QString epoch;
    QList<StreamRole> streams;
    QList<Instance> instances; // from the registry, this one included
    quint64 reconnects = 0; // connections to Redis made after the first
    quint64 published = 0; // ticks this instance published to Redis
    quint64 received = 0; // ticks that arrived from Redis
    quint64 publishFailures = 0; // values produced here that Redis did not take

    bool enabled() const { return mode != Mode::Off; }
    static QString modeName(Mode mode);
    // Off for an unknown name.
    static Mode modeFromName(const QString &name);
    QJsonObject toJson() const;
    // What toJson() wrote (the dashboard's --monitor reads /api/status);
    // mode Off for anything else.
    static ClusterStatus fromJson(const QJsonObject &object);
    bool operator==(const ClusterStatus &) const = default;
};
Q_DECLARE_METATYPE(ClusterStatus)
