#include "cluster/ClusterSettings.h"

#include <algorithm>

QList<OptionSpec> ClusterSettings::options()
{
    return {
        OptionSpec::text(QStringLiteral("redis"), tr("url"),
            tr("Cluster mode: share the feeds with the other instances through this Redis, redis://[:password@]host[:port][/db]; "
               "rediss:// is not supported."),
            QString(),
            [](const QString &text) {
                QString error;
                if (!text.isEmpty() && !RedisUrl::parse(text, &error))
                    return error;
                return QString();
            }),
        OptionSpec::integer(QStringLiteral("redis-lease-ttl"), tr("ms"),
            tr("Cluster mode: how long a feed's producer lease lasts unrenewed, in ms; a dead producer is replaced within it."), 5000, 300,
            10 * 60 * 1000),
        OptionSpec::text(QStringLiteral("redis-instance-id"), tr("id"),
            tr("Cluster mode: this instance's name in the cluster; made up from the host name and process id when empty."), QString(),
            [](const QString &text) {
                return text.contains(QLatin1Char(' ')) ? tr("the instance id must not contain spaces") : QString();
            }),
    };
}

ClusterSettings ClusterSettings::from(const Config &config)
{
    ClusterSettings settings;
    const QString url = config.text(QStringLiteral("redis"));
    if (!url.isEmpty())
        settings.redis = RedisUrl::parse(url);
    settings.leaseTtlMs = config.integer(QStringLiteral("redis-lease-ttl"));
    settings.instanceId = config.text(QStringLiteral("redis-instance-id"));
    settings.historySize = qsizetype(config.integer(QStringLiteral("history-size")));
    return settings;
}

int ClusterSettings::redisTimeoutMs() const
{
    return int(std::clamp<qint64>(leaseTtlMs / 4, 50, 2000));
}
