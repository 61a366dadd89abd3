#include "PublishedTicks.h"

#include "hub/Hub.h"

#include <QDateTime>

namespace PublishedTicks {

Config quietConfig()
{
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("random-interval"), 60 * 60 * 1000);
    return config;
}

bool startQuiet(TestServer &server)
{
    if (!server.start())
        return false;
    for (const StreamInfo &stream : server.server().hub()->streams())
        server.server().hub()->stopFeed(stream.name);
    return true;
}

quint64 publish(Hub &hub, const QString &stream, int count, qint64 ageMs, const QJsonObject &details)
{
    for (int i = 0; i < count; ++i) {
        Tick tick;
        tick.stream = stream;
        tick.seq = hub.lastSeq(stream) + 1;
        tick.ts = QDateTime::currentMSecsSinceEpoch() - ageMs;
        tick.value = stream == QLatin1String("randomNumber") ? QJsonValue(int(tick.seq % 100)) : QJsonValue(1000.5 + double(tick.seq));
        tick.details = details;
        if (!hub.publishStamped(tick))
            qFatal("the hub refused tick %llu", tick.seq);
    }
    return hub.lastSeq(stream);
}

} // namespace PublishedTicks
