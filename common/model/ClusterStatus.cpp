#include "model/ClusterStatus.h"

#include <QJsonArray>

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
