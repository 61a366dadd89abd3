#include "OperatorEndpoints.h"

#include "HeldTicks.h"
#include "MetricsWriter.h"
#include "ProcessStats.h"
#include "Server.h"
#include "hub/Hub.h"
#include "model/StatusJson.h"
#include "protocol/WebSocketFrame.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTimer>
#include <QUrlQuery>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <limits>
#include <memory>

namespace {

const QString HealthPath = QStringLiteral("/healthz");
const QString ReadyPath = QStringLiteral("/readyz");
const QString MetricsPath = QStringLiteral("/metrics");
const QString StatusPath = QStringLiteral("/api/status");
const QString ClientsPath = QStringLiteral("/api/clients");
// One client, /api/clients/{id}: DELETE disconnects it.
const QString ClientPrefix = QStringLiteral("/api/clients/");
const QString HistoryPath = QStringLiteral("/api/history");

constexpr qsizetype DefaultPageSize = 100;
constexpr qsizetype MaxPageSize = 1000;
// Ticks per stream in one answer of /api/history: about 1 MB of JSON a
// stream at most, whatever --history-size holds (up to 100,000).
constexpr qsizetype MaxHistoryTicks = 10000;

bool isClientPath(const QString &path)
{
    return path.size() > ClientPrefix.size() && path.startsWith(ClientPrefix) && path.indexOf(QLatin1Char('/'), ClientPrefix.size()) < 0;
}

HttpRouter::Response json(int status, const QJsonObject &body)
{
    // A 503 from a probe is its answer, not a refused request.
    return {status, "application/json", QJsonDocument(body).toJson(QJsonDocument::Compact), {}, false, {}};
}

HttpRouter::Response unauthorized()
{
    HttpRouter::Response response =
        HttpRouter::errorResponse(401, QStringLiteral("unauthorized"), QStringLiteral("a valid bearer token is required"));
    response.headers.append(std::pair<QByteArray, QByteArray>("WWW-Authenticate", "Bearer realm=\"datagate\""));
    return response;
}

bool authorized(const std::optional<TokenSet> &tokens, const HttpRequestHead &request)
{
    return !tokens || tokens->accepts(TokenSet::bearer(request.header("authorization")));
}

// Cluster mode (--redis): nothing at all without it, so that a single
// instance's scrape is what it always was.
void writeClusterMetrics(MetricsWriter &out, const ClusterStatus &cluster)
{
    using Type = MetricsWriter::Type;
    if (!cluster.enabled())
        return;
    out.family(QStringLiteral("datagate_redis_connected"), Type::Gauge, QStringLiteral("1 while both connections to Redis are up."));
    out.sample(QStringLiteral("datagate_redis_connected"), cluster.redisConnected ? 1 : 0);
    out.family(
        QStringLiteral("datagate_redis_reconnects_total"), Type::Counter, QStringLiteral("Connections to Redis made after the first."));
    out.sample(QStringLiteral("datagate_redis_reconnects_total"), double(cluster.reconnects));
    out.family(QStringLiteral("datagate_redis_published_total"), Type::Counter,
        QStringLiteral("Ticks this instance produced and shared through Redis."));
    out.sample(QStringLiteral("datagate_redis_published_total"), double(cluster.published));
    out.family(QStringLiteral("datagate_redis_received_total"), Type::Counter,
        QStringLiteral("Ticks that arrived from Redis and were published here."));
    out.sample(QStringLiteral("datagate_redis_received_total"), double(cluster.received));
    out.family(QStringLiteral("datagate_redis_publish_failures_total"), Type::Counter,
        QStringLiteral("Values produced here that Redis did not take (lease lost, epoch changed, Redis unreachable)."));
    out.sample(QStringLiteral("datagate_redis_publish_failures_total"), double(cluster.publishFailures));
    out.family(QStringLiteral("datagate_cluster_mode"), Type::Gauge, QStringLiteral("1 for the mode this instance is in."));
    for (const ClusterStatus::Mode mode : {ClusterStatus::Mode::Connecting, ClusterStatus::Mode::Cluster, ClusterStatus::Mode::Degraded})
        out.sample(QStringLiteral("datagate_cluster_mode"), {{QStringLiteral("mode"), ClusterStatus::modeName(mode)}},
            cluster.mode == mode ? 1 : 0);
    out.family(QStringLiteral("datagate_redis_lease_held"), Type::Gauge,
        QStringLiteral("1 while this instance produces the stream for the cluster (holds its lease)."));
    for (const ClusterStatus::StreamRole &role : cluster.streams)
        out.sample(QStringLiteral("datagate_redis_lease_held"), {{QStringLiteral("stream"), role.stream}},
            role.producer && cluster.mode == ClusterStatus::Mode::Cluster ? 1 : 0);
    out.family(QStringLiteral("datagate_cluster_instances"), Type::Gauge,
        QStringLiteral("Instances in the cluster's registry, this one included."));
    out.sample(QStringLiteral("datagate_cluster_instances"), double(cluster.instances.size()));
}

double secondsSince(const QDateTime &at)
{
    return at.isValid() ? double(at.msecsTo(QDateTime::currentDateTimeUtc())) / 1000.0 : std::numeric_limits<double>::infinity();
}

} // namespace

OperatorEndpoints::OperatorEndpoints(Server &server, const ServerSettings &settings, QObject *parent)
    : QObject(parent)
    , m_server(server)
{
    QString ignored; // the option's parser has read the files already
    reloadTokens(settings, &ignored);
    // One thread for the process figures, started now and kept: the process's
    // threads and descriptors then do not change with the first scrape or
    // with a pool thread that expires between two.
    m_statsPool.setMaxThreadCount(1);
    m_statsPool.setExpiryTimeout(-1);
    m_statsPool.setObjectName(QStringLiteral("datagate-stats"));
    m_statsPool.start([] {});
}

bool OperatorEndpoints::reloadTokens(const ServerSettings &settings, QString *error)
{
    std::optional<TokenSet> admin;
    std::optional<TokenSet> metrics;
    if (!settings.adminTokenFile.isEmpty() && !(admin = TokenSet::load(settings.adminTokenFile, error)))
        return false;
    if (!settings.metricsTokenFile.isEmpty() && !(metrics = TokenSet::load(settings.metricsTokenFile, error)))
        return false;
    m_adminTokens = std::move(admin);
    m_metricsTokens = std::move(metrics);
    return true;
}

bool OperatorEndpoints::handles(const QString &path) const
{
    return path == HealthPath || path == ReadyPath || path == MetricsPath || path == StatusPath || path == ClientsPath
        || path == HistoryPath || isClientPath(path);
}

QByteArrayList OperatorEndpoints::methods(const QString &path) const
{
    // A client is a resource of the collection /api/clients lists, and
    // deleting it ends its connection; it has nothing to GET of its own.
    if (isClientPath(path))
        return {"DELETE"};
    return HttpEndpoints::methods(path);
}

void OperatorEndpoints::handle(const HttpRequestHead &request, Reply reply)
{
    // From an I/O thread to this object's, where the server's state lives.
    QMetaObject::invokeMethod(
        this, [this, request, reply = std::move(reply)] { answer(request, reply); }, Qt::QueuedConnection);
}

void OperatorEndpoints::answer(const HttpRequestHead &request, const Reply &reply)
{
    const QString path = request.path();
    const bool head = request.method == "HEAD";
    // HEAD is answered as GET without its body.
    const Reply send = [reply, head](const HttpRouter::Response &response) {
        HttpRouter::Response copy = response;
        copy.omitBody = head;
        reply(copy);
    };

    const bool admin = path.startsWith(QLatin1String("/api/"));
    if (!authorized(admin ? m_adminTokens : m_metricsTokens, request)) {
        send(unauthorized());
        return;
    }

    if (path == HealthPath) {
        answerHealth(send);
    } else if (path == ReadyPath) {
        QString reason;
        const bool ready = m_server.isReady(&reason);
        QJsonObject body {
            {QStringLiteral("status"), ready ? QStringLiteral("ready") : QStringLiteral("not_ready")}, {QStringLiteral("reason"), reason}};
        // A degraded cluster member still serves (each stream produced
        // here), so it stays ready; the probe says why it is degraded.
        const ClusterStatus cluster = m_server.clusterStatus();
        if (cluster.enabled())
            body.insert(QStringLiteral("cluster"),
                QJsonObject {{QStringLiteral("mode"), ClusterStatus::modeName(cluster.mode)}, {QStringLiteral("reason"), cluster.reason}});
        send(json(ready ? 200 : 503, body));
    } else if (path == MetricsPath) {
        requestStats([this, send](const TrafficStats &traffic, const ProcessStats &process) {
            send({200, QByteArray(MetricsWriter::ContentType.data(), MetricsWriter::ContentType.size()), metricsText(traffic, process), {},
                false, {}});
        });
    } else if (path == StatusPath) {
        requestStats(
            [this, send](const TrafficStats &traffic, const ProcessStats &process) { send(json(200, statusDocument(traffic, process))); });
    } else if (path == ClientsPath) {
        const QUrlQuery query = request.query();
        bool offsetOk = true;
        bool limitOk = true;
        const qsizetype offset =
            query.hasQueryItem(QStringLiteral("offset")) ? query.queryItemValue(QStringLiteral("offset")).toLongLong(&offsetOk) : 0;
        const qsizetype limit = query.hasQueryItem(QStringLiteral("limit"))
            ? query.queryItemValue(QStringLiteral("limit")).toLongLong(&limitOk)
            : DefaultPageSize;
        if (!offsetOk || !limitOk || offset < 0 || limit < 1 || limit > MaxPageSize) {
            send(HttpRouter::errorResponse(
                400, QStringLiteral("bad_request"), QStringLiteral("offset must be 0 or more and limit from 1 to %1").arg(MaxPageSize)));
            return;
        }
        m_server.requestClients(
            this, [send, offset, limit](const QList<ClientInfo> &clients) { send(json(200, clientsPage(clients, offset, limit))); });
    } else if (path == HistoryPath) {
        answerHistory(request, send);
    } else if (isClientPath(path)) {
        const QString id = path.sliced(ClientPrefix.size());
        bool ok = false;
        const quint64 number = id.toULongLong(&ok);
        auto notFound = [id] {
            return HttpRouter::errorResponse(404, QStringLiteral("not_found"), QStringLiteral("no client with id %1 is connected").arg(id));
        };
        if (!ok) {
            send(notFound());
            return;
        }
        // The same close as the dashboard's Disconnect: 1000, "disconnected by the operator".
        m_server.disconnectClient(number, this, [send, notFound](bool found) {
            send(found ? HttpRouter::Response {204, {}, {}, {}, false, {}} : notFound());
        });
    }
}

void OperatorEndpoints::requestStats(std::function<void(const TrafficStats &, const ProcessStats &)> done)
{
    m_server.requestTrafficStats(this, [this, done = std::move(done)](const TrafficStats &traffic) {
        // The continuation runs in this thread, and not at all once this is
        // gone.
        QtConcurrent::run(&m_statsPool, &ProcessStats::read).then(this, [done, traffic](const ProcessStats &process) {
            done(traffic, process);
        });
    });
}

void OperatorEndpoints::answerHistory(const HttpRequestHead &request, const Reply &reply)
{
    const QUrlQuery query = request.query();
    bool limitOk = true;
    const qsizetype limit =
        query.hasQueryItem(QStringLiteral("limit")) ? query.queryItemValue(QStringLiteral("limit")).toLongLong(&limitOk) : MaxHistoryTicks;
    if (!limitOk || limit < 1 || limit > MaxHistoryTicks) {
        reply(HttpRouter::errorResponse(
            400, QStringLiteral("bad_request"), QStringLiteral("limit must be from 1 to %1").arg(MaxHistoryTicks)));
        return;
    }
    QList<StreamInfo> streams = m_server.hub()->streams();
    if (query.hasQueryItem(QStringLiteral("stream"))) {
        const QString name = query.queryItemValue(QStringLiteral("stream"), QUrl::FullyDecoded);
        streams.removeIf([&name](const StreamInfo &info) { return info.name != name; });
        if (streams.isEmpty()) {
            reply(HttpRouter::errorResponse(400, QStringLiteral("bad_request"), QStringLiteral("there is no stream named %1").arg(name)));
            return;
        }
    }
    m_server.requestHistory(
        this, limit, [this, reply, streams](const QHash<QString, HeldTicks> &held) { reply(json(200, historyDocument(streams, held))); });
}

QJsonObject OperatorEndpoints::historyDocument(const QList<StreamInfo> &streams, const QHash<QString, HeldTicks> &held) const
{
    QJsonArray list;
    for (const StreamInfo &info : streams) {
        const HeldTicks ticks = held.value(info.name);
        QJsonArray data;
        for (const EncodedTick &tick : ticks.ticks) {
            // The data of the JSON protocol's message as /ws sent it: the
            // value under its key, the details, seq and ts.
            const QJsonObject message = QJsonDocument::fromJson(WebSocketFrame::payload(tick.jsonFrame).toByteArray()).object();
            data.append(message.value(QStringLiteral("data")));
        }
        list.append(QJsonObject {
            {QStringLiteral("name"), info.name},
            {QStringLiteral("valueKey"), info.valueKey},
            {QStringLiteral("epoch"), ticks.epoch},
            {QStringLiteral("ticks"), data},
        });
    }
    return {
        {QStringLiteral("historySize"), m_server.config().integer(QStringLiteral("history-size"))},
        {QStringLiteral("historyTtlMs"), m_server.config().integer(QStringLiteral("history-ttl"))},
        {QStringLiteral("streams"), list},
    };
}

void OperatorEndpoints::answerHealth(const Reply &reply)
{
    // This thread answers, so its loop runs; every I/O thread must answer too.
    auto answered = std::make_shared<bool>(false);
    auto deadline = new QTimer(this);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, this, [reply, answered, deadline] {
        deadline->deleteLater();
        if (std::exchange(*answered, true))
            return;
        reply(json(503,
            {{QStringLiteral("status"), QStringLiteral("unhealthy")},
                {QStringLiteral("reason"), QStringLiteral("an I/O thread did not answer within 2 s")}}));
    });
    deadline->start(HealthDeadlineMs);
    m_server.requestTrafficStats(deadline, [reply, answered, deadline](const TrafficStats &) {
        deadline->stop();
        deadline->deleteLater();
        if (std::exchange(*answered, true))
            return;
        reply(json(200, {{QStringLiteral("status"), QStringLiteral("ok")}}));
    });
}

QJsonObject OperatorEndpoints::clientsPage(QList<ClientInfo> clients, qsizetype offset, qsizetype limit)
{
    // In the order they connected, so that pages do not shuffle between requests.
    std::sort(clients.begin(), clients.end(), [](const ClientInfo &a, const ClientInfo &b) { return a.id < b.id; });
    QJsonArray page;
    for (qsizetype i = offset; i < clients.size() && i < offset + limit; ++i)
        page.append(StatusJson::fromClient(clients.at(i)));
    return {
        {QStringLiteral("total"), clients.size()},
        {QStringLiteral("offset"), offset},
        {QStringLiteral("limit"), limit},
        {QStringLiteral("clients"), page},
    };
}

QJsonObject OperatorEndpoints::statusDocument(const TrafficStats &traffic, const ProcessStats &process) const
{
    const Hub &hub = *m_server.hub();
    QJsonArray streams;
    for (const StreamInfo &info : hub.streams()) {
        const TrafficStats::Stream counters = traffic.streams.value(info.name);
        streams.append(QJsonObject {
            {QStringLiteral("name"), info.name},
            {QStringLiteral("description"), info.description},
            {QStringLiteral("valueKey"), info.valueKey},
            {QStringLiteral("running"), hub.isFeedRunning(info.name)},
            {QStringLiteral("lastSeq"), qint64(hub.lastSeq(info.name))},
            {QStringLiteral("subscribers"), qint64(counters.subscribers)},
            {QStringLiteral("messagesSent"), qint64(counters.messagesSent)},
            {QStringLiteral("bytesSent"), qint64(counters.bytesSent)},
            {QStringLiteral("health"), StatusJson::fromFeedHealth(hub.health(info.name))},
        });
    }
    const qint64 socketIo = qint64(traffic.protocols.value(TrafficStats::SocketIo).connectionsOpen);
    const qint64 json = qint64(traffic.protocols.value(TrafficStats::Json).connectionsOpen);
    QString reason;
    const bool ready = m_server.isReady(&reason);
    return {
        {QStringLiteral("version"), QStringLiteral(DATAGATE_VERSION)},
        {QStringLiteral("startedAt"), m_server.startedAt().toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("uptimeSeconds"), double(m_server.startedAt().msecsTo(QDateTime::currentDateTimeUtc())) / 1000.0},
        {QStringLiteral("listen"),
            QJsonObject {
                {QStringLiteral("host"), m_server.config().text(QStringLiteral("host"))}, {QStringLiteral("port"), m_server.port()}}},
        {QStringLiteral("limits"),
            QJsonObject {
                {QStringLiteral("maxSendBufferBytes"), m_server.maxSendBufferBytes()},
                {QStringLiteral("maxMessageBytes"), m_server.config().integer(QStringLiteral("max-message-size"))},
            }},
        {QStringLiteral("ready"), ready},
        {QStringLiteral("notReadyReason"), reason},
        {QStringLiteral("clients"),
            QJsonObject {{TrafficStats::SocketIo, socketIo}, {TrafficStats::Json, json}, {QStringLiteral("total"), socketIo + json}}},
        {QStringLiteral("streams"), streams},
        {QStringLiteral("cluster"), m_server.clusterStatus().toJson()},
        {QStringLiteral("traffic"), StatusJson::fromTraffic(traffic)},
        {QStringLiteral("process"),
            QJsonObject {
                {QStringLiteral("cpuSeconds"), process.cpuSeconds},
                {QStringLiteral("residentBytes"), process.residentBytes},
                {QStringLiteral("openFds"), process.openFds},
            }},
    };
}

QByteArray OperatorEndpoints::metricsText(const TrafficStats &traffic, const ProcessStats &process) const
{
    using Type = MetricsWriter::Type;
    MetricsWriter out;
    const Hub &hub = *m_server.hub();
    const QList<StreamInfo> streams = hub.streams();

    out.family(QStringLiteral("datagate_build_info"), Type::Gauge, QStringLiteral("The version of datagate and of Qt it runs on."));
    out.sample(QStringLiteral("datagate_build_info"),
        {{QStringLiteral("version"), QStringLiteral(DATAGATE_VERSION)}, {QStringLiteral("qt_version"), QString::fromLatin1(qVersion())}},
        1);

    QString reason;
    out.single(
        QStringLiteral("datagate_ready"), Type::Gauge, QStringLiteral("1 when /readyz answers 200."), m_server.isReady(&reason) ? 1 : 0);

    // Connections and messages, by protocol ("http" is plain HTTP requests).
    const QStringList webSocketProtocols {TrafficStats::SocketIo, TrafficStats::Json};
    auto protocol = [&traffic](const QString &name) { return traffic.protocols.value(name); };
    out.family(QStringLiteral("datagate_connections"), Type::Gauge, QStringLiteral("WebSocket clients connected now."));
    for (const QString &name : webSocketProtocols)
        out.sample(QStringLiteral("datagate_connections"), {{QStringLiteral("protocol"), name}}, double(protocol(name).connectionsOpen));
    const QStringList allProtocols {TrafficStats::SocketIo, TrafficStats::Json, TrafficStats::Http};
    out.family(QStringLiteral("datagate_connections_total"), Type::Counter,
        QStringLiteral("WebSocket clients accepted, and plain HTTP requests answered, since start."));
    for (const QString &name : allProtocols)
        out.sample(
            QStringLiteral("datagate_connections_total"), {{QStringLiteral("protocol"), name}}, double(protocol(name).connectionsTotal));
    out.family(QStringLiteral("datagate_connections_rejected_total"), Type::Counter,
        QStringLiteral("Connections refused before or at the handshake, by reason."));
    for (const QString &name : allProtocols) {
        const QMap<QString, quint64> rejected = protocol(name).connectionsRejected;
        for (auto it = rejected.cbegin(); it != rejected.cend(); ++it)
            out.sample(QStringLiteral("datagate_connections_rejected_total"),
                {{QStringLiteral("protocol"), name}, {QStringLiteral("reason"), it.key()}}, double(it.value()));
    }
    out.family(QStringLiteral("datagate_messages_received_total"), Type::Counter, QStringLiteral("Messages received from clients."));
    for (const QString &name : webSocketProtocols)
        out.sample(QStringLiteral("datagate_messages_received_total"), {{QStringLiteral("protocol"), name}},
            double(protocol(name).messagesReceived));
    out.family(QStringLiteral("datagate_messages_rejected_total"), Type::Counter,
        QStringLiteral("Messages from clients refused with an error or a close, by reason."));
    for (const QString &name : webSocketProtocols) {
        const QMap<QString, quint64> rejected = protocol(name).messagesRejected;
        for (auto it = rejected.cbegin(); it != rejected.cend(); ++it)
            out.sample(QStringLiteral("datagate_messages_rejected_total"),
                {{QStringLiteral("protocol"), name}, {QStringLiteral("reason"), it.key()}}, double(it.value()));
    }
    out.family(QStringLiteral("datagate_messages_sent_total"), Type::Counter,
        QStringLiteral("Messages sent to clients, ticks and replies, by protocol."));
    for (const QString &name : webSocketProtocols)
        out.sample(
            QStringLiteral("datagate_messages_sent_total"), {{QStringLiteral("protocol"), name}}, double(protocol(name).messagesSent));
    out.family(QStringLiteral("datagate_sent_bytes_total"), Type::Counter,
        QStringLiteral("Bytes of WebSocket frames sent to clients, by protocol."));
    for (const QString &name : webSocketProtocols)
        out.sample(QStringLiteral("datagate_sent_bytes_total"), {{QStringLiteral("protocol"), name}}, double(protocol(name).bytesSent));
    out.single(QStringLiteral("datagate_slow_consumer_disconnects_total"), Type::Counter,
        QStringLiteral("Clients disconnected because they did not read what was sent to them."), double(traffic.slowConsumerDisconnects));
    // The connection limits' own counts (docs/security.md).
    const Server::ConnectionCounts limits = m_server.connectionCounts();
    out.single(QStringLiteral("datagate_handshakes_pending"), Type::Gauge,
        QStringLiteral("Connections accepted and not yet answered or upgraded (limit: --max-pending-handshakes)."),
        double(limits.pendingHandshakes));
    out.single(QStringLiteral("datagate_handshakes_pending_peak"), Type::Gauge,
        QStringLiteral("The most connections pending at once since start."), double(limits.pendingHandshakesPeak));
    out.single(QStringLiteral("datagate_client_addresses"), Type::Gauge,
        QStringLiteral("Client addresses holding WebSocket connections under --max-connections-per-ip."), double(limits.addresses));

    // Streams.
    out.family(QStringLiteral("datagate_subscriptions"), Type::Gauge, QStringLiteral("Clients subscribed to a stream now."));
    for (const StreamInfo &info : streams)
        out.sample(QStringLiteral("datagate_subscriptions"), {{QStringLiteral("stream"), info.name}},
            double(traffic.streams.value(info.name).subscribers));
    out.family(QStringLiteral("datagate_stream_messages_sent_total"), Type::Counter, QStringLiteral("Ticks sent to subscribers."));
    for (const StreamInfo &info : streams)
        out.sample(QStringLiteral("datagate_stream_messages_sent_total"), {{QStringLiteral("stream"), info.name}},
            double(traffic.streams.value(info.name).messagesSent));
    out.family(
        QStringLiteral("datagate_stream_sent_bytes_total"), Type::Counter, QStringLiteral("Bytes of the ticks sent to subscribers."));
    for (const StreamInfo &info : streams)
        out.sample(QStringLiteral("datagate_stream_sent_bytes_total"), {{QStringLiteral("stream"), info.name}},
            double(traffic.streams.value(info.name).bytesSent));
    out.family(QStringLiteral("datagate_stream_seq"), Type::Gauge, QStringLiteral("The seq of the stream's last tick."));
    for (const StreamInfo &info : streams)
        out.sample(QStringLiteral("datagate_stream_seq"), {{QStringLiteral("stream"), info.name}}, double(hub.lastSeq(info.name)));

    // Feeds.
    const QList<FeedHealth::State> states {
        FeedHealth::State::Starting, FeedHealth::State::Healthy, FeedHealth::State::Degraded, FeedHealth::State::Down};
    out.family(QStringLiteral("datagate_feed_state"), Type::Gauge, QStringLiteral("1 for the feed's current state, 0 for the others."));
    for (const StreamInfo &info : streams) {
        const FeedHealth::State current = hub.health(info.name).state;
        for (FeedHealth::State state : states)
            out.sample(QStringLiteral("datagate_feed_state"),
                {{QStringLiteral("feed"), info.name}, {QStringLiteral("state"), FeedHealth::stateName(state)}}, state == current ? 1 : 0);
    }
    out.family(QStringLiteral("datagate_feed_staleness_seconds"), Type::Gauge,
        QStringLiteral("Seconds since the feed last produced a valid value; +Inf before the first."));
    for (const StreamInfo &info : streams)
        out.sample(QStringLiteral("datagate_feed_staleness_seconds"), {{QStringLiteral("feed"), info.name}},
            secondsSince(hub.health(info.name).lastSuccessAt));
    out.family(QStringLiteral("datagate_feed_consecutive_failures"), Type::Gauge,
        QStringLiteral("Polls in a row in which no upstream gave a valid value."));
    for (const StreamInfo &info : streams)
        out.sample(QStringLiteral("datagate_feed_consecutive_failures"), {{QStringLiteral("feed"), info.name}},
            double(hub.health(info.name).consecutiveFailures));
    out.family(QStringLiteral("datagate_feed_running"), Type::Gauge, QStringLiteral("1 when this instance runs the feed."));
    for (const StreamInfo &info : streams)
        out.sample(QStringLiteral("datagate_feed_running"), {{QStringLiteral("feed"), info.name}}, hub.isFeedRunning(info.name) ? 1 : 0);

    // Upstream requests of the feeds that poll some: this process's own
    // (localHealth), so that summing them over a cluster's instances counts
    // each request once.
    out.family(QStringLiteral("datagate_upstream_requests_total"), Type::Counter,
        QStringLiteral("Requests to upstream providers, by outcome: success, failure (timeout, network, HTTP status) or rejected "
                       "(an answer that failed validation)."));
    for (const StreamInfo &info : streams) {
        for (const FeedHealth::ProviderStats &provider : hub.localHealth(info.name).providers) {
            const QList<std::pair<QString, quint64>> outcomes {{QStringLiteral("success"), provider.successes},
                {QStringLiteral("failure"), provider.failures}, {QStringLiteral("rejected"), provider.rejected}};
            for (const auto &[outcome, count] : outcomes)
                out.sample(QStringLiteral("datagate_upstream_requests_total"),
                    {{QStringLiteral("feed"), info.name}, {QStringLiteral("provider"), provider.name},
                        {QStringLiteral("outcome"), outcome}},
                    double(count));
        }
    }
    out.family(QStringLiteral("datagate_upstream_request_duration_seconds"), Type::Histogram,
        QStringLiteral("How long upstream requests took until their answer or their timeout."));
    for (const StreamInfo &info : streams) {
        for (const FeedHealth::ProviderStats &provider : hub.localHealth(info.name).providers) {
            const MetricsWriter::Labels labels {{QStringLiteral("feed"), info.name}, {QStringLiteral("provider"), provider.name}};
            const LatencyHistogram &histogram = provider.latency;
            for (size_t i = 0; i < LatencyHistogram::Bounds.size(); ++i) {
                MetricsWriter::Labels bucket = labels;
                bucket.append({QStringLiteral("le"), MetricsWriter::formatValue(LatencyHistogram::Bounds[i])});
                out.sample(QStringLiteral("datagate_upstream_request_duration_seconds_bucket"), bucket, double(histogram.buckets[i]));
            }
            MetricsWriter::Labels all = labels;
            all.append({QStringLiteral("le"), QStringLiteral("+Inf")});
            out.sample(QStringLiteral("datagate_upstream_request_duration_seconds_bucket"), all, double(histogram.count));
            out.sample(QStringLiteral("datagate_upstream_request_duration_seconds_sum"), labels, histogram.sumSeconds);
            out.sample(QStringLiteral("datagate_upstream_request_duration_seconds_count"), labels, double(histogram.count));
        }
    }

    // The process, under the names every Prometheus client library uses.
    out.single(QStringLiteral("process_cpu_seconds_total"), Type::Counter,
        QStringLiteral("Total user and system CPU time spent in seconds."), process.cpuSeconds);
    out.single(QStringLiteral("process_resident_memory_bytes"), Type::Gauge, QStringLiteral("Resident memory size in bytes."),
        double(process.residentBytes));
    out.single(QStringLiteral("process_virtual_memory_bytes"), Type::Gauge, QStringLiteral("Virtual memory size in bytes."),
        double(process.virtualBytes));
    out.single(
        QStringLiteral("process_open_fds"), Type::Gauge, QStringLiteral("Number of open file descriptors."), double(process.openFds));
    if (process.maxFds > 0) {
        out.single(QStringLiteral("process_max_fds"), Type::Gauge, QStringLiteral("Maximum number of open file descriptors."),
            double(process.maxFds));
    }
    out.single(QStringLiteral("process_start_time_seconds"), Type::Gauge,
        QStringLiteral("Start time of the process since unix epoch in seconds."), process.startTimeSeconds);
    writeClusterMetrics(out, m_server.clusterStatus());
    return out.text();
}
