// The status models and their JSON (StatusJson): what the server writes for
// /api/status and /api/clients and what a dashboard watching it reads back.
// Every model survives the round trip exactly, a reader tolerates missing or
// mistyped keys, and TrafficStats of several I/O threads add up field by field.
#include "model/StatusJson.h"

#include "JsonLiteral.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using JsonLiteral::json;

// Found by QTest through ADL, so that a failed QCOMPARE shows the values.
char *toString(const FeedHealth &health)
{
    return qstrdup(QJsonDocument(StatusJson::fromFeedHealth(health)).toJson(QJsonDocument::Compact).constData());
}

char *toString(const TrafficStats &stats)
{
    return qstrdup(QJsonDocument(StatusJson::fromTraffic(stats)).toJson(QJsonDocument::Compact).constData());
}

namespace {

QDateTime utc(const char *iso)
{
    QDateTime at = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs);
    Q_ASSERT(at.isValid());
    return at;
}

FeedHealth::ProviderStats provider(const QString &name, quint64 requests, quint64 successes, quint64 failures, quint64 rejected,
    int consecutiveFailures, const QString &lastError, const QDateTime &cooldownUntil)
{
    FeedHealth::ProviderStats stats;
    stats.name = name;
    stats.requests = requests;
    stats.successes = successes;
    stats.failures = failures;
    stats.rejected = rejected;
    stats.consecutiveFailures = consecutiveFailures;
    stats.lastError = lastError;
    stats.cooldownUntil = cooldownUntil;
    return stats;
}

TrafficStats::Protocol protocolStats(quint64 open, quint64 total, const QMap<QString, quint64> &connectionsRejected, quint64 received,
    const QMap<QString, quint64> &messagesRejected, quint64 sent, quint64 bytes)
{
    TrafficStats::Protocol stats;
    stats.connectionsOpen = open;
    stats.connectionsTotal = total;
    stats.connectionsRejected = connectionsRejected;
    stats.messagesReceived = received;
    stats.messagesRejected = messagesRejected;
    stats.messagesSent = sent;
    stats.bytesSent = bytes;
    return stats;
}

TrafficStats::Stream streamStats(quint64 subscribers, quint64 sent, quint64 bytes)
{
    TrafficStats::Stream stats;
    stats.subscribers = subscribers;
    stats.messagesSent = sent;
    stats.bytesSent = bytes;
    return stats;
}

} // namespace

class tst_StatusJson final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void feedHealthRoundTrip_data();
    void feedHealthRoundTrip();
    void clientRoundTrip_data();
    void clientRoundTrip();
    void trafficRoundTrip_data();
    void trafficRoundTrip();
    void clientShape();
    void timesAreUtcWithMilliseconds();
    void feedHealthReaderTolerates_data();
    void feedHealthReaderTolerates();
    void clientReaderTolerates_data();
    void clientReaderTolerates();
    void trafficReaderTolerates_data();
    void trafficReaderTolerates();
    void trafficStatsAddUp();
    void addingNothingChangesNothing();
};

void tst_StatusJson::feedHealthRoundTrip_data()
{
    QTest::addColumn<FeedHealth>("health");

    QTest::addRow("default") << FeedHealth();

    FeedHealth healthy;
    healthy.state = FeedHealth::State::Healthy;
    healthy.lastSuccessAt = utc("2025-11-25T17:20:34.567Z");
    healthy.latencyMs = 183;
    healthy.source = QStringLiteral("coinbase");
    healthy.nextAttemptAt = utc("2025-11-25T17:20:54.001Z");
    healthy.providers = {provider(QStringLiteral("coingecko"), 12, 9, 2, 1, 0, QString(), QDateTime()),
        provider(QStringLiteral("coinbase"), 1ULL << 40, (1ULL << 40) - 3, 2, 1, 3, QStringLiteral("HTTP 429"),
            utc("2025-11-25T17:25:00.000Z"))};
    QTest::addRow("healthy, with providers") << healthy;

    FeedHealth degraded = healthy;
    degraded.state = FeedHealth::State::Degraded;
    degraded.lastError = QStringLiteral("kraken: price jumped by 62% – « unconfirmed »");
    degraded.consecutiveFailures = 4;
    QTest::addRow("degraded") << degraded;

    FeedHealth down;
    down.state = FeedHealth::State::Down;
    down.lastError = QStringLiteral("every provider failed");
    down.consecutiveFailures = 123456;
    down.latencyMs = 0;
    QTest::addRow("down, never succeeded") << down;

    // A time in another zone comes back as the same instant.
    FeedHealth zoned = healthy;
    zoned.lastSuccessAt = QDateTime::fromString(QStringLiteral("2025-11-25T19:20:34.567+02:00"), Qt::ISODateWithMs);
    QTest::addRow("time with an offset") << zoned;
}

void tst_StatusJson::feedHealthRoundTrip()
{
    QFETCH(FeedHealth, health);
    // Through text, as over HTTP.
    const QByteArray text = QJsonDocument(StatusJson::fromFeedHealth(health)).toJson(QJsonDocument::Compact);
    const FeedHealth back = StatusJson::toFeedHealth(QJsonDocument::fromJson(text).object());
    QCOMPARE(back, health);
}

void tst_StatusJson::clientRoundTrip_data()
{
    QTest::addColumn<ClientInfo>("client");

    ClientInfo socketIo;
    socketIo.id = 42;
    socketIo.protocol = ClientInfo::Protocol::SocketIo;
    socketIo.peer = QStringLiteral("127.0.0.1:53122");
    socketIo.connectedAt = utc("2025-11-25T17:20:34.567Z");
    socketIo.streams = {QStringLiteral("bitcoinPrice"), QStringLiteral("randomNumber")};
    socketIo.messagesSent = 5000000000ULL;
    socketIo.bytesQueued = 3 * 1024 * 1024;
    QTest::addRow("socket.io, two streams") << socketIo;

    ClientInfo json;
    json.id = (1ULL << 53) + 1;
    json.protocol = ClientInfo::Protocol::JsonWs;
    json.peer = QStringLiteral("[::1]:40000");
    json.connectedAt = utc("2024-02-29T00:00:00.000Z");
    QTest::addRow("json, no streams") << json;

    QTest::addRow("default") << ClientInfo();
}

void tst_StatusJson::clientRoundTrip()
{
    QFETCH(ClientInfo, client);
    const QByteArray text = QJsonDocument(StatusJson::fromClient(client)).toJson(QJsonDocument::Compact);
    const ClientInfo back = StatusJson::toClient(QJsonDocument::fromJson(text).object());
    QCOMPARE(back.id, client.id);
    QCOMPARE(back.protocol, client.protocol);
    QCOMPARE(back.peer, client.peer);
    QCOMPARE(back.connectedAt, client.connectedAt);
    QCOMPARE(back.streams, client.streams);
    QCOMPARE(back.messagesSent, client.messagesSent);
    QCOMPARE(back.bytesQueued, client.bytesQueued);
}

void tst_StatusJson::trafficRoundTrip_data()
{
    QTest::addColumn<TrafficStats>("stats");

    QTest::addRow("empty") << TrafficStats();

    TrafficStats busy;
    busy.protocols.insert(TrafficStats::SocketIo,
        protocolStats(3, 10, {{QStringLiteral("unsupported_protocol_version"), 2}}, 40,
            {{QStringLiteral("protocol_error"), 1}, {QStringLiteral("unknown_event"), 4}}, 1ULL << 33, 1ULL << 40));
    busy.protocols.insert(TrafficStats::Json,
        protocolStats(1, 7, {{QStringLiteral("upgrade_required"), 5}}, 12, {{QStringLiteral("bad_json"), 3}}, 900, 123456));
    busy.protocols.insert(TrafficStats::Http, protocolStats(0, 0, {{QStringLiteral("not_found"), 8}}, 0, {}, 0, 0));
    busy.streams.insert(QStringLiteral("randomNumber"), streamStats(4, 1ULL << 35, 1ULL << 41));
    busy.streams.insert(QStringLiteral("bitcoinPrice"), streamStats(0, 0, 0));
    busy.slowConsumerDisconnects = 17;
    QTest::addRow("every field") << busy;
}

void tst_StatusJson::trafficRoundTrip()
{
    QFETCH(TrafficStats, stats);
    const QByteArray text = QJsonDocument(StatusJson::fromTraffic(stats)).toJson(QJsonDocument::Compact);
    QCOMPARE(StatusJson::toTraffic(QJsonDocument::fromJson(text).object()), stats);
}

void tst_StatusJson::clientShape()
{
    // The names the status API and its readers agree on.
    ClientInfo client;
    client.id = 7;
    client.protocol = ClientInfo::Protocol::SocketIo;
    client.peer = QStringLiteral("127.0.0.1:1");
    client.connectedAt = utc("2025-01-02T03:04:05.006Z");
    client.streams = {QStringLiteral("randomNumber")};
    client.messagesSent = 3;
    client.bytesQueued = 2;
    QCOMPARE(StatusJson::fromClient(client),
        json(R"({"id":7,"protocol":"socket.io","peer":"127.0.0.1:1","connectedAt":"2025-01-02T03:04:05.006Z",
                 "subscriptions":["randomNumber"],"messagesSent":3,"bytesQueued":2})")
            .toObject());
    client.protocol = ClientInfo::Protocol::JsonWs;
    QCOMPARE(StatusJson::fromClient(client).value(QStringLiteral("protocol")).toString(), QStringLiteral("json"));
}

void tst_StatusJson::timesAreUtcWithMilliseconds()
{
    FeedHealth health;
    health.lastSuccessAt = QDateTime::fromString(QStringLiteral("2025-11-25T19:20:34.500+02:00"), Qt::ISODateWithMs);
    const QJsonObject object = StatusJson::fromFeedHealth(health);
    QCOMPARE(object.value(QStringLiteral("lastSuccessAt")).toString(), QStringLiteral("2025-11-25T17:20:34.500Z"));
    // No time: null, not an empty string.
    QVERIFY(object.value(QStringLiteral("nextAttemptAt")).isNull());
}

void tst_StatusJson::feedHealthReaderTolerates_data()
{
    QTest::addColumn<QJsonObject>("object");
    QTest::addColumn<FeedHealth>("expected");

    QTest::addRow("empty object") << QJsonObject() << FeedHealth();

    FeedHealth downOnly;
    downOnly.state = FeedHealth::State::Down;
    QTest::addRow("state only") << json(R"({"state":"down"})").toObject() << downOnly;
    QTest::addRow("unknown state") << json(R"({"state":"sleepy"})").toObject() << FeedHealth();

    FeedHealth oneProvider;
    oneProvider.providers = {FeedHealth::ProviderStats()};
    oneProvider.providers[0].name = QStringLiteral("kraken");
    QTest::addRow("provider with a name only") << json(R"({"providers":[{"name":"kraken"}]})").toObject() << oneProvider;

    QTest::addRow("wrong types") << json(R"({"state":3,"lastSuccessAt":12,"lastError":false,"consecutiveFailures":"x",
                                             "latencyMs":"slow","source":[],"nextAttemptAt":"not a time","providers":{}})")
                                        .toObject()
                                 << FeedHealth();

    FeedHealth clamped;
    clamped.providers = {FeedHealth::ProviderStats()};
    QTest::addRow("negative counters") << json(R"({"providers":[{"requests":-5,"successes":-1}]})").toObject() << clamped;
}

void tst_StatusJson::feedHealthReaderTolerates()
{
    QFETCH(QJsonObject, object);
    QFETCH(FeedHealth, expected);
    QCOMPARE(StatusJson::toFeedHealth(object), expected);
}

void tst_StatusJson::clientReaderTolerates_data()
{
    QTest::addColumn<QJsonObject>("object");
    QTest::addColumn<quint64>("id");
    QTest::addColumn<ClientInfo::Protocol>("protocol");
    QTest::addColumn<QString>("peer");
    QTest::addColumn<QStringList>("streams");
    QTest::addColumn<quint64>("messagesSent");

    const ClientInfo none;
    QTest::addRow("empty object") << QJsonObject() << none.id << none.protocol << QString() << QStringList() << quint64(0);
    QTest::addRow("id and protocol only") << json(R"({"id":9,"protocol":"socket.io"})").toObject() << quint64(9)
                                          << ClientInfo::Protocol::SocketIo << QString() << QStringList() << quint64(0);
    QTest::addRow("wrong types")
        << json(R"({"id":"nine","protocol":1,"peer":2,"subscriptions":"randomNumber","messagesSent":-3})").toObject() << quint64(0)
        << none.protocol << QString() << QStringList() << quint64(0);
}

void tst_StatusJson::clientReaderTolerates()
{
    QFETCH(QJsonObject, object);
    QFETCH(quint64, id);
    QFETCH(ClientInfo::Protocol, protocol);
    QFETCH(QString, peer);
    QFETCH(QStringList, streams);
    QFETCH(quint64, messagesSent);
    const ClientInfo client = StatusJson::toClient(object);
    QCOMPARE(client.id, id);
    QCOMPARE(client.protocol, protocol);
    QCOMPARE(client.peer, peer);
    QCOMPARE(client.streams, streams);
    QCOMPARE(client.messagesSent, messagesSent);
    QVERIFY(!client.connectedAt.isValid());
    QCOMPARE(client.bytesQueued, 0);
}

void tst_StatusJson::trafficReaderTolerates_data()
{
    QTest::addColumn<QJsonObject>("object");
    QTest::addColumn<TrafficStats>("expected");

    QTest::addRow("empty object") << QJsonObject() << TrafficStats();

    TrafficStats partial;
    partial.protocols.insert(TrafficStats::Json, protocolStats(0, 0, {}, 0, {}, 5, 0));
    partial.streams.insert(QStringLiteral("randomNumber"), TrafficStats::Stream());
    QTest::addRow("a few keys") << json(R"({"protocols":{"json":{"messagesSent":5}},"streams":{"randomNumber":{}}})").toObject() << partial;

    TrafficStats typed;
    typed.protocols.insert(TrafficStats::Http, TrafficStats::Protocol());
    QTest::addRow("wrong types") << json(R"({"protocols":{"http":{"connectionsOpen":"3","connectionsRejected":[1],"bytesSent":-8}},
                                             "streams":[],"slowConsumerDisconnects":"many"})")
                                        .toObject()
                                 << typed;
}

void tst_StatusJson::trafficReaderTolerates()
{
    QFETCH(QJsonObject, object);
    QFETCH(TrafficStats, expected);
    QCOMPARE(StatusJson::toTraffic(object), expected);
}

void tst_StatusJson::trafficStatsAddUp()
{
    // Two I/O threads' counters: keys only one of them has are kept, shared
    // keys add up, and nothing is lost or doubled.
    TrafficStats a;
    a.protocols.insert(TrafficStats::SocketIo,
        protocolStats(1, 2, {{QStringLiteral("unknown_sid"), 1}}, 3, {{QStringLiteral("protocol_error"), 4}}, 5, 6));
    a.protocols.insert(TrafficStats::Http, protocolStats(0, 0, {{QStringLiteral("not_found"), 2}}, 0, {}, 0, 0));
    a.streams.insert(QStringLiteral("randomNumber"), streamStats(1, 10, 100));
    a.slowConsumerDisconnects = 1;

    TrafficStats b;
    b.protocols.insert(TrafficStats::SocketIo,
        protocolStats(10, 20, {{QStringLiteral("transport_unknown"), 7}}, 30,
            {{QStringLiteral("protocol_error"), 40}, {QStringLiteral("binary"), 1}}, 50, 60));
    b.protocols.insert(TrafficStats::Json, protocolStats(2, 3, {}, 4, {{QStringLiteral("bad_json"), 5}}, 6, 7));
    b.streams.insert(QStringLiteral("randomNumber"), streamStats(2, 20, 200));
    b.streams.insert(QStringLiteral("bitcoinPrice"), streamStats(3, 30, 300));
    b.slowConsumerDisconnects = 2;

    TrafficStats expected;
    expected.protocols.insert(TrafficStats::SocketIo,
        protocolStats(11, 22, {{QStringLiteral("unknown_sid"), 1}, {QStringLiteral("transport_unknown"), 7}}, 33,
            {{QStringLiteral("protocol_error"), 44}, {QStringLiteral("binary"), 1}}, 55, 66));
    expected.protocols.insert(TrafficStats::Json, protocolStats(2, 3, {}, 4, {{QStringLiteral("bad_json"), 5}}, 6, 7));
    expected.protocols.insert(TrafficStats::Http, protocolStats(0, 0, {{QStringLiteral("not_found"), 2}}, 0, {}, 0, 0));
    expected.streams.insert(QStringLiteral("randomNumber"), streamStats(3, 30, 300));
    expected.streams.insert(QStringLiteral("bitcoinPrice"), streamStats(3, 30, 300));
    expected.slowConsumerDisconnects = 3;

    TrafficStats ab = a;
    ab += b;
    QCOMPARE(ab, expected);
    TrafficStats ba = b;
    ba += a;
    QCOMPARE(ba, expected);
    // As Server::requestTrafficStats() sums: from nothing.
    TrafficStats sum;
    sum += a;
    sum += b;
    QCOMPARE(sum, expected);
}

void tst_StatusJson::addingNothingChangesNothing()
{
    TrafficStats stats;
    stats.protocols.insert(TrafficStats::Json, protocolStats(1, 2, {{QStringLiteral("x"), 3}}, 4, {{QStringLiteral("y"), 5}}, 6, 7));
    stats.streams.insert(QStringLiteral("s"), streamStats(1, 2, 3));
    stats.slowConsumerDisconnects = 9;
    const TrafficStats before = stats;
    stats += TrafficStats();
    QCOMPARE(stats, before);
}

QTEST_APPLESS_MAIN(tst_StatusJson)
#include "tst_statusjson.moc"
