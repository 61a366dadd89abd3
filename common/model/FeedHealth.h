#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

// A feed's health, as the dashboard, the logs and the status endpoint read it.
struct FeedHealth
{
    enum class State {
        Starting, // no value produced yet
        Healthy,
        Degraded, // serving stale data or failing over
        Down,     // no valid value for too long
    };

    State state = State::Starting;
    QDateTime lastSuccessAt;
    QString lastError;
    int consecutiveFailures = 0;
    qint64 latencyMs = -1; // of the last upstream request; -1 when not applicable
    QString source;        // provider currently in use, when there is one

    static QString stateName(State state);
    bool operator==(const FeedHealth &) const = default;
};
Q_DECLARE_METATYPE(FeedHealth)
