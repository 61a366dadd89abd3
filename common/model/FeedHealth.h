#pragma once

#include "model/LatencyHistogram.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

// A feed's health, as the dashboard, the logs and the status endpoint read it.
struct FeedHealth {
    enum class State {
        Starting, // no value produced yet
        Healthy,
        Degraded, // serving stale data or failing over
        Down, // no valid value for too long
    };

    // One upstream source of a feed that polls several (e.g. the Bitcoin price
    // providers), so that an operator can see which one misbehaves and how.
    // The outcome counters are disjoint: requests = successes + failures +
    // rejected, plus the request in flight, if any.
    struct ProviderStats {
        QString name;
        quint64 requests = 0;
        quint64 successes = 0; // valid values received
        quint64 failures = 0; // timeouts, connection errors, non-2xx statuses
        quint64 rejected = 0; // answers whose value failed validation
        int consecutiveFailures = 0; // failures and rejections since the last success
        QString lastError;
        QDateTime cooldownUntil; // set while the source asked us to slow down (HTTP 429/418)
        LatencyHistogram latency; // of every request that got an answer or timed out

        bool operator==(const ProviderStats &) const = default;
    };

    State state = State::Starting;
    QDateTime lastSuccessAt;
    QString lastError;
    int consecutiveFailures = 0; // of the feed as a whole, e.g. polls in which no upstream gave a value
    qint64 latencyMs = -1; // of the last upstream request; -1 when not applicable
    QString source; // provider currently in use, when there is one
    QDateTime nextAttemptAt; // when the feed next asks its upstream; null when it does not poll
    QList<ProviderStats> providers; // in failover order; empty for feeds without upstreams
    // Why the feed is worse off than its own health says, from outside the
    // feed (a cluster member that lost Redis produces every stream alone);
    // empty when nothing is. A healthy feed then reads Degraded.
    QString degradedReason;

    static QString stateName(State state);
    // The state a name stands for; Starting for an unknown name.
    static State stateFromName(const QString &name);
    bool operator==(const FeedHealth &) const = default;
};
Q_DECLARE_METATYPE(FeedHealth)
