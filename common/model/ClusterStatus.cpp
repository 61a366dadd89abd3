#include "model/ClusterStatus.h"

#include <QJsonArray>

#include <algorithm>

QString ClusterStatus::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Off: return QStringLiteral("off");
    case Mode::Connecting: return QStringLiteral("connecting");
    case Mode::Cluster: return QStringLiteral("cluster");
    case Mode::Degraded: return QStringLiteral("degraded");
    }
    return QString();
}

ClusterStatus::Mode ClusterStatus::modeFromName(const QString &name)
{
    for (const Mode mode : {Mode::Connecting, Mode::Cluster, Mode::Degraded}) {
        if (name == modeName(mode))
            return mode;
    }
    return Mode::Off;
}

ClusterStatus ClusterStatus::fromJson(const QJsonObject &object)
{
    ClusterStatus status;
    status.mode = modeFromName(object.value(QStringLiteral("mode")).toString());
    if (!status.enabled())
        return status;
    status.instance = object.value(QStringLiteral("instance")).toString();
    status.redis = object.value(QStringLiteral("redis")).toString();
    status.redisConnected = object.value(QStringLiteral("redisConnected")).toBool();
    status.reason = object.value(QStringLiteral("reason")).toString();
    status.epoch = object.value(QStringLiteral("epoch")).toString();
    for (const QJsonValue &value : object.value(QStringLiteral("streams")).toArray()) {
        const QJsonObject role = value.toObject();
        const QString name = role.value(QStringLiteral("role")).toString();
        status.streams.append({role.value(QStringLiteral("stream")).toString(),
            name == QStringLiteral("producer") || name == QStringLiteral("local"), role.value(QStringLiteral("holder")).toString()});
    }
    for (const QJsonValue &value : object.value(QStringLiteral("instances")).toArray()) {
        const QJsonObject other = value.toObject();
        Instance instance;
        instance.id = other.value(QStringLiteral("id")).toString();
        instance.address = other.value(QStringLiteral("address")).toString();
        instance.clients = other.value(QStringLiteral("clients")).toInt();
        for (const QJsonValue &stream : other.value(QStringLiteral("produces")).toArray())
            instance.produces.append(stream.toString());
        status.instances.append(instance);
    }
    const auto count = [&object](const char *key) { return quint64(std::max<qint64>(0, object.value(QLatin1String(key)).toInteger())); };
    status.reconnects = count("reconnects");
    status.published = count("published");
    status.received = count("received");
    status.publishFailures = count("publishFailures");
    return status;
}

QJsonObject ClusterStatus::toJson() const
{
    QJsonObject object {{QStringLiteral("mode"), modeName(mode)}};
    if (!enabled())
        return object;
    QJsonArray roles;
    for (const StreamRole &role : streams)
        roles.append(QJsonObject {{QStringLiteral("stream"), role.stream},
            {QStringLiteral("role"),
                mode == Mode::Degraded ? QStringLiteral("local")
                    : role.producer    ? QStringLiteral("producer")
                                       : QStringLiteral("follower")},
            {QStringLiteral("holder"), role.holder}});
    QJsonArray others;
    for (const Instance &other : instances)
        others.append(QJsonObject {{QStringLiteral("id"), other.id}, {QStringLiteral("address"), other.address},
            {QStringLiteral("clients"), other.clients}, {QStringLiteral("produces"), QJsonArray::fromStringList(other.produces)}});
    object.insert(QStringLiteral("instance"), instance);
    object.insert(QStringLiteral("redis"), redis);
    object.insert(QStringLiteral("redisConnected"), redisConnected);
    object.insert(QStringLiteral("reason"), reason);
    object.insert(QStringLiteral("epoch"), epoch);
    object.insert(QStringLiteral("streams"), roles);
    object.insert(QStringLiteral("instances"), others);
    object.insert(QStringLiteral("reconnects"), qint64(reconnects));
    object.insert(QStringLiteral("published"), qint64(published));
    object.insert(QStringLiteral("received"), qint64(received));
    object.insert(QStringLiteral("publishFailures"), qint64(publishFailures));
    return object;
}
