#include "model/FeedHealth.h"

QString FeedHealth::stateName(State state)
{
    switch (state) {
    case State::Starting: return QStringLiteral("starting");
    case State::Healthy: return QStringLiteral("healthy");
    case State::Degraded: return QStringLiteral("degraded");
    case State::Down: return QStringLiteral("down");
    }
    return {};
}

FeedHealth::State FeedHealth::stateFromName(const QString &name)
{
    for (State state : {State::Healthy, State::Degraded, State::Down}) {
        if (stateName(state) == name)
            return state;
    }
    return State::Starting;
}
