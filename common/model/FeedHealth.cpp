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
