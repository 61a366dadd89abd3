#pragma once

#include "cluster/RedisUrl.h"
#include "config/Config.h"
#include "config/OptionSpec.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

// The options of cluster mode (docs/scaling.md): --redis turns it on.
struct ClusterSettings {
    Q_DECLARE_TR_FUNCTIONS(ClusterSettings)

public:
    std::optional<RedisUrl> redis; // none: no cluster, the instance runs alone
    qint64 leaseTtlMs = 5000;
    QString instanceId; // empty: made up at start (host name, pid and a random part)
    qsizetype historySize = 0; // ticks kept per stream in the Redis Stream (--history-size)

    // How long a connect or a command may take before the connection is
    // dropped: well inside the TTL, so that a holder that lost Redis notices
    // before its lease can be taken.
    int redisTimeoutMs() const;

    static QList<OptionSpec> options();
    static ClusterSettings from(const Config &config);
};
