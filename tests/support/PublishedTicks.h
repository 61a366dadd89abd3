#pragma once

#include "TestServer.h"

#include <QJsonObject>
#include <QString>

class Hub;

// For tests that must know every seq a client is sent: a server whose feeds
// are stopped, and ticks published through its hub by the test itself.
namespace PublishedTicks {

// TestServer::defaultConfig() with the random feed at an hour's interval.
Config quietConfig();
// Starts the server and stops every feed: only what the test publishes is sent.
bool startQuiet(TestServer &server);
// Publishes count ticks of stream with the next seqs, stamped ageMs ago; a
// randomNumber's value is seq % 100, any other stream's 1000.5 + seq.
// Returns the last seq.
quint64 publish(Hub &hub, const QString &stream, int count, qint64 ageMs = 0, const QJsonObject &details = {});

} // namespace PublishedTicks
