#pragma once

#include "model/ClientInfo.h"
#include "model/FeedHealth.h"
#include "model/TrafficStats.h"

#include <QJsonObject>
#include <QList>

// The JSON shapes of the status API (/api/status, /api/clients; see
// docs/operations.md), written by the server and read back by the dashboard
// when it watches a datagate elsewhere (--monitor). One place for both
// directions, so that they cannot drift apart. Times are ISO 8601 in UTC,
// durations in ms, and every reader tolerates missing keys.
namespace StatusJson {

QJsonObject fromFeedHealth(const FeedHealth &health);
FeedHealth toFeedHealth(const QJsonObject &object);

QJsonObject fromClient(const ClientInfo &client);
ClientInfo toClient(const QJsonObject &object);

QJsonObject fromTraffic(const TrafficStats &stats);
TrafficStats toTraffic(const QJsonObject &object);

} // namespace StatusJson
