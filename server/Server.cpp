#include "Server.h"

#include "ClusterSocketIoSessions.h"
#include "HeldTicks.h"
#include "OperatorEndpoints.h"
#include "ServerLogging.h"
#include "ServerSettings.h"
#include "cluster/ClusterNode.h"
#include "cluster/ClusterSettings.h"
#include "feed/Feed.h"
#include "feeds/FeedRegistry.h"
#include "hub/Hub.h"
#include "time/SystemClock.h"
#include "transport/AccessControl.h"
#include "transport/CloseTiming.h"
#include "transport/ConnectionLimits.h"
#include "transport/EpollEventDispatcher.h"
#include "transport/IoWorker.h"
#include "transport/Listener.h"
#include "transport/OriginPolicy.h"
#include "transport/Recovery.h"
#include "transport/SocketIoSessionStore.h"
#include "transport/StreamPositions.h"
#include "transport/SubscriptionTable.h"
#include "transport/TlsContext.h"
#include "transport/TransportSettings.h"

#include <QCoreApplication>
#include <QThread>

#include <algorithm>
#include <memory>

namespace {

AccessControl::Settings accessSettings(const TransportSettings &settings)
{
    return {settings.authTokenFile, settings.jwtSecretFile, settings.jwtLeewaySeconds, settings.allowedOrigins};
}

} // namespace

QList<OptionSpec> Server::options()
{
    QList<OptionSpec> specs = TransportSettings::options() + ServerSettings::options() + ClusterSettings::options();
    for (const FeedFactory &factory : FeedRegistry::factories())
        specs += factory.options();
    return specs;
}

QStringList Server::configWarnings(const Config &config)
{
    QStringList warnings;
    const TransportSettings settings = TransportSettings::from(config);
    if (std::optional<OriginPolicy> origins = OriginPolicy::parse(settings.allowedOrigins); origins && origins->allowsAll())
        warnings.append(QStringLiteral("allowed-origins allows every origin: any web page can open a connection to this server from its "
                                       "visitors' browsers; list yours, e.g. --allowed-origins https://app.example.com"));
    return warnings;
}

namespace {

ConnectionLimits::Settings connectionLimits(const TransportSettings &settings)
{
    return {settings.maxConnections, settings.maxConnectionsPerIp, settings.maxPendingHandshakes, settings.trustedProxies};
}

} // namespace

Server::Server(const Config &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_settings(std::make_unique<const TransportSettings>(TransportSettings::from(config)))
    , m_limits(std::make_unique<ConnectionLimits>(connectionLimits(*m_settings)))
    , m_maxSendBufferBytes(m_settings->maxSendBufferBytes)
    , m_access(std::make_unique<AccessControl>(SystemClock::instance()))
    , m_startedAt(QDateTime::currentDateTimeUtc())
    , m_hub(new Hub(this))
    , m_endpoints(new OperatorEndpoints(*this, ServerSettings::from(config), this))
    , m_shutdownTimeoutMs(ServerSettings::from(config).shutdownTimeoutMs)
{
    qRegisterMetaType<ClientInfo>();
    qRegisterMetaType<TrafficStats>();
    m_stopDeadline.setSingleShot(true);
    connect(&m_stopDeadline, &QTimer::timeout, this, [this] {
        qCWarning(lcServer) << "clients did not close in time; stopping anyway";
        finishStop();
    });
}

Server::~Server()
{
    // The listener is a child, so ~QObject would delete it after the members,
    // and it still talks to m_limits on the way out: delete it first.
    delete m_listener;
    m_listener = nullptr;
    stopThreads();
}

bool Server::start()
{
    // The options were checked when they were read; a file may have gone since.
    if (QString error; !m_access->load(accessSettings(*m_settings), &error)) {
        m_startError = StartError::AccessControl;
        m_errorString = error;
        return false;
    }
    // The server, not the registry, hands the feeds to the hub.
    for (const FeedFactory &factory : FeedRegistry::factories())
        m_hub->addFeed(factory.create(m_config));

    const QList<StreamInfo> streams = m_hub->streams();
    // Recovery after reconnect: how far the hub has published, updated before
    // any I/O thread gets the tick (this connection comes first), and the
    // Socket.IO sessions kept for clients that dropped, whichever thread
    // they come back to.
    QStringList streamNames;
    for (const StreamInfo &stream : streams)
        streamNames.append(stream.name);
    m_streamPositions = std::make_unique<StreamPositions>(streamNames, m_hub->epoch());
    connect(m_hub, &Hub::published, this, [positions = m_streamPositions.get()](const EncodedTick &tick) { positions->advance(tick); });
    connect(m_hub, &Hub::epochChanged, this, [positions = m_streamPositions.get()](const QString &epoch) { positions->setEpoch(epoch); });
    const ClusterSettings cluster = ClusterSettings::from(m_config);
    if (m_settings->socketIoRecovery) {
        m_socketIoSessions = std::make_unique<SocketIoSessionStore>(m_settings->socketIoRecoveryWindowMs);
        if (cluster.redis) {
            // Sessions go to Redis too, for recovery on any instance. A
            // reconnection waits for Redis a little longer than one command
            // may take, so that Redis's own timeout normally answers first.
            m_socketIoShare = new ClusterSocketIoSessions(this);
            m_socketIoSessions->setShare(m_socketIoShare, cluster.redisTimeoutMs() + 500);
        }
    }
    m_hub->setSocketIoOffsets(m_settings->socketIoRecovery);
    if (!startTls())
        return false;
    const IoWorker::Shared shared {m_streamPositions.get(), m_socketIoSessions.get()};
    const int ioThreads = m_settings->ioThreads > 0 ? m_settings->ioThreads : std::max(1, QThread::idealThreadCount());
    for (int i = 0; i < ioThreads; ++i) {
        auto *thread = new QThread(this);
        thread->setObjectName(QStringLiteral("datagate-io-%1").arg(i));
        if (m_settings->dispatcher == TransportSettings::Dispatcher::Epoll) {
            auto dispatcher = std::make_unique<EpollEventDispatcher>();
            if (dispatcher->isValid())
                thread->setEventDispatcher(dispatcher.release()); // the thread owns it
        }
        auto *worker = new IoWorker(*m_settings, streams, m_endpoints, nullptr, shared);
        worker->setConnectionLimits(m_limits.get());
        worker->setAccessControl(m_access.get());
        worker->setTlsContext(m_tls.get());
        worker->moveToThread(thread);
        connect(m_hub, &Hub::published, worker, &IoWorker::deliver);
        connect(worker, &IoWorker::clientConnected, this, &Server::clientConnected);
        connect(worker, &IoWorker::clientSubscriptionsChanged, this, &Server::clientSubscriptionsChanged);
        connect(worker, &IoWorker::clientDisconnected, this, &Server::clientDisconnected);
        connect(worker, &IoWorker::drained, this, [this] {
            if (++m_drainedWorkers == m_workers.size())
                finishStop();
        });
        m_threads.append(thread);
        m_workers.append(worker);
        thread->start();
    }

    m_listener = new Listener(m_workers, m_limits.get(), this);
    m_listener->setSocketSendBuffer(m_settings->socketSendBufferBytes);
    if (!m_listener->listen(TransportSettings::listenAddress(m_settings->host), m_settings->port)) {
        m_startError = StartError::Listen;
        m_errorString =
            QStringLiteral("cannot listen on %1 port %2: %3").arg(m_settings->host).arg(m_settings->port).arg(m_listener->errorString());
        stopThreads();
        return false;
    }
    if (cluster.redis) {
        // Cluster mode: the node decides which feeds run here.
        m_cluster = new ClusterNode(cluster, *m_hub, SystemClock::instance(), this);
        if (m_socketIoShare)
            m_socketIoShare->setNode(m_cluster);
        m_cluster->setAddress(QStringLiteral("%1:%2").arg(m_settings->host).arg(port()));
        m_cluster->setClientCounter([limits = m_limits.get()] { return limits->connections(); });
        m_cluster->start();
    } else {
        m_hub->start();
    }
    qCInfo(lcServer).nospace().noquote() << "listening on " << m_settings->host << " port " << port() << " with " << m_workers.size()
                                         << " I/O thread(s); streams: " << m_hub->streams().size();
    return true;
}

bool Server::startTls()
{
    const QString &certPath = m_settings->tlsCertPath;
    const QString &keyPath = m_settings->tlsKeyPath;
    if (certPath.isEmpty() && keyPath.isEmpty())
        return true;
    QString error;
    if (certPath.isEmpty() || keyPath.isEmpty())
        error = QStringLiteral("--tls-cert and --tls-key go together: give both, or neither for plain TCP");
    else if (const std::optional<QSslConfiguration> configuration = TlsContext::read(certPath, keyPath, &error))
        m_tls = std::make_unique<TlsContext>(*configuration);
    if (!m_tls) {
        m_startError = StartError::Tls;
        m_errorString = QStringLiteral("cannot serve TLS: %1").arg(error);
        return false;
    }
    qCInfo(lcServer).noquote() << "serving TLS (1.2 or later) with the certificate" << TlsContext::describe(m_tls->configuration());
    return true;
}

QString Server::reloadTls(const TransportSettings &next, QStringList *errors)
{
    if (!m_tls) {
        if (errors && !(next.tlsCertPath.isEmpty() && next.tlsKeyPath.isEmpty()))
            errors->append(QStringLiteral("tls-cert: TLS is turned on only at start; restart to serve it"));
        return {};
    }
    QString error;
    if (next.tlsCertPath.isEmpty() || next.tlsKeyPath.isEmpty())
        error = QStringLiteral("tls-cert: TLS is turned off only by a restart");
    else if (m_tls->reload(next.tlsCertPath, next.tlsKeyPath, &error))
        return QStringLiteral("tls-cert: new connections get %1").arg(TlsContext::describe(m_tls->configuration()));
    if (errors)
        errors->append(error + QStringLiteral("; the certificate in force stays"));
    return {};
}

bool Server::isReady(QString *reason) const
{
    QString why;
    if (m_stopping)
        why = QStringLiteral("shutting down");
    else if (!m_listener || !m_listener->isListening())
        why = QStringLiteral("not listening");
    else if (m_cluster && m_cluster->mode() == ClusterStatus::Mode::Connecting)
        why = QStringLiteral("connecting to Redis");
    else {
        for (const StreamInfo &stream : m_hub->streams()) {
            // In a cluster, another instance may produce the stream: its
            // ticks come through Redis and this feed never starts.
            if (m_cluster && !m_cluster->producesLocally(stream.name))
                continue;
            if (m_hub->health(stream.name).state == FeedHealth::State::Starting) {
                why = QStringLiteral("feed %1 is starting").arg(stream.name);
                break;
            }
        }
    }
    if (reason)
        *reason = why;
    return why.isEmpty();
}

quint16 Server::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

void Server::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    qCInfo(lcServer).nospace() << "shutting down: closing every client with 1001, leaving them " << m_shutdownTimeoutMs
                               << " ms to take what is queued for them";
    if (m_listener)
        m_listener->close();
    // The leases go back first, so that another instance takes over now.
    if (m_cluster)
        m_cluster->stop();
    m_hub->stop();
    if (m_workers.isEmpty()) {
        finishStop();
        return;
    }
    m_stopDeadline.start(CloseTiming::stopDeadlineMs(m_shutdownTimeoutMs));
    for (IoWorker *worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(
            worker, [worker, timeoutMs = m_shutdownTimeoutMs] { worker->shutdown(timeoutMs); }, Qt::QueuedConnection);
}

QStringList Server::reconfigure(const Config &config, QStringList *errors)
{
    QStringList applied = m_hub->reconfigureFeeds(config);
    const ServerSettings settings = ServerSettings::from(config);
    if (settings.shutdownTimeoutMs != m_shutdownTimeoutMs) {
        applied.append(QStringLiteral("shutdown-timeout: %1 ms -> %2 ms").arg(m_shutdownTimeoutMs).arg(settings.shutdownTimeoutMs));
        setShutdownTimeout(settings.shutdownTimeoutMs);
    }
    // Every reload reads the files again: a renewed certificate keeps its path.
    if (const QString tls = reloadTls(TransportSettings::from(config), errors); !tls.isEmpty())
        applied.append(tls);
    QString error;
    if (!m_endpoints->reloadTokens(settings, &error)) {
        if (errors)
            errors->append(error + QStringLiteral("; the tokens in force stay"));
    } else {
        // Paths only: a token never reaches the log.
        if (!settings.adminTokenFile.isEmpty())
            applied.append(QStringLiteral("admin-token-file: tokens read from %1").arg(settings.adminTokenFile));
        if (!settings.metricsTokenFile.isEmpty())
            applied.append(QStringLiteral("metrics-token-file: tokens read from %1").arg(settings.metricsTokenFile));
    }
    // Clients' access: the files are read again whatever their names, so
    // that tokens and the secret can be rotated; open connections keep
    // what they were granted.
    const TransportSettings transport = TransportSettings::from(config);
    if (!m_access->load(accessSettings(transport), &error)) {
        if (errors)
            errors->append(error + QStringLiteral("; the access control in force stays"));
    } else {
        if (!transport.authTokenFile.isEmpty())
            applied.append(QStringLiteral("auth-token-file: tokens read from %1").arg(transport.authTokenFile));
        if (!transport.jwtSecretFile.isEmpty())
            applied.append(QStringLiteral("jwt-secret-file: secret read from %1, leeway %2 s")
                               .arg(transport.jwtSecretFile)
                               .arg(transport.jwtLeewaySeconds));
        if (transport.allowedOrigins != m_settings->allowedOrigins)
            applied.append(QStringLiteral("allowed-origins: %1").arg(transport.allowedOrigins.join(QStringLiteral(", "))));
    }
    // The limits (docs/security.md): the connections that come next get the
    // new ones, and nobody already connected is cut off for them; the send
    // cap and the message rate apply to every client (ConfigReloader names
    // each change).
    m_limits->reconfigure(connectionLimits(transport));
    m_maxSendBufferBytes = transport.maxSendBufferBytes;
    for (IoWorker *worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(
            worker, [worker, transport] { worker->reconfigure(transport); }, Qt::QueuedConnection);
    return applied;
}

template<typename Result>
void Server::gatherLater(QObject *context, std::function<void(IoWorker &, std::function<void(Result)>)> query,
    std::function<void(const QList<Result> &)> done) const
{
    struct Pending {
        QList<Result> results;
        qsizetype missing = 0;
        std::function<void(const QList<Result> &)> done;
    };
    if (m_workers.isEmpty() || m_stopped) {
        QMetaObject::invokeMethod(
            context, [done] { done({}); }, Qt::QueuedConnection);
        return;
    }
    auto pending = std::make_shared<Pending>();
    pending->results.resize(m_workers.size());
    pending->missing = m_workers.size();
    pending->done = std::move(done);
    for (qsizetype i = 0; i < m_workers.size(); ++i) {
        IoWorker *worker = m_workers.at(i);
        QPointer<QObject> guard(context);
        // In the worker's thread: the query. In the context's: the sum.
        QMetaObject::invokeMethod(
            worker,
            [worker, query, guard, pending, i] {
                query(*worker, [guard, pending, i](Result result) {
                    if (!guard)
                        return;
                    QMetaObject::invokeMethod(
                        guard.data(),
                        [pending, i, result = std::move(result)] {
                            pending->results[i] = result;
                            if (--pending->missing == 0)
                                pending->done(pending->results);
                        },
                        Qt::QueuedConnection);
                });
            },
            Qt::QueuedConnection);
    }
}

template<typename Result>
void Server::gather(QObject *context, std::function<Result(IoWorker &)> query, std::function<void(const QList<Result> &)> done) const
{
    gatherLater<Result>(
        context, [query = std::move(query)](IoWorker &worker, std::function<void(Result)> reply) { reply(query(worker)); },
        std::move(done));
}

void Server::requestTrafficStats(QObject *context, std::function<void(const TrafficStats &)> done) const
{
    gather<TrafficStats>(
        context, [](const IoWorker &worker) { return worker.trafficStats(); },
        [done = std::move(done)](const QList<TrafficStats> &perThread) {
            TrafficStats sum;
            for (const TrafficStats &stats : perThread)
                sum += stats;
            done(sum);
        });
}

void Server::requestClients(QObject *context, std::function<void(const QList<ClientInfo> &)> done) const
{
    // In slices, so that a snapshot of thousands of clients (the
    // dashboard's, once a second) holds no tick up for long.
    gatherLater<QList<ClientInfo>>(
        context,
        [](IoWorker &worker, std::function<void(QList<ClientInfo>)> reply) {
            worker.collectClients([reply = std::move(reply)](const QList<ClientInfo> &clients) { reply(clients); });
        },
        [done = std::move(done)](const QList<QList<ClientInfo>> &perThread) {
            QList<ClientInfo> all;
            for (const QList<ClientInfo> &clients : perThread)
                all += clients;
            done(all);
        });
}

ClusterStatus Server::clusterStatus() const
{
    return m_cluster ? m_cluster->status() : ClusterStatus();
}

Server::ConnectionCounts Server::connectionCounts() const
{
    return {m_limits->connections(), m_limits->pendingHandshakes(), m_limits->pendingHandshakesPeak(), m_limits->trackedAddresses()};
}

void Server::disconnectClient(quint64 id) const
{
    for (IoWorker *worker : m_workers)
        QMetaObject::invokeMethod(
            worker, [worker, id] { worker->disconnectClient(id); }, Qt::QueuedConnection);
}

void Server::disconnectClient(quint64 id, QObject *context, std::function<void(bool found)> done) const
{
    gather<bool>(
        context, [id](IoWorker &worker) { return worker.disconnectClient(id); },
        [done = std::move(done)](const QList<bool> &perThread) { done(perThread.contains(true)); });
}

void Server::requestHistory(QObject *context, qsizetype limit, std::function<void(const QHash<QString, HeldTicks> &)> done) const
{
    using PerStream = QHash<QString, HeldTicks>;
    gather<PerStream>(
        context,
        [limit](IoWorker &worker) {
            // Copies of the records only: the frames are the hub's, shared.
            PerStream held;
            const qint64 now = worker.recovery().nowMs();
            const SubscriptionTable &table = worker.table();
            for (const QString &stream : table.streamNames()) {
                const SubscriptionTable::StreamHistory *history = table.history(stream);
                HeldTicks &ticks = held[stream];
                ticks.epoch = history->epoch;
                const TickHistory &ring = history->ticks;
                for (qsizetype i = std::max<qsizetype>(0, ring.size() - limit); i < ring.size(); ++i) {
                    // at() does not age ticks out; what is too old is not held.
                    if (now - ring.at(i).ts <= ring.ttlMs())
                        ticks.ticks.append(ring.at(i));
                }
            }
            return held;
        },
        [done = std::move(done)](const QList<PerStream> &perThread) {
            // A thread may be a tick behind another, never of another epoch
            // for long: the one with the latest seq answers.
            auto lastSeq = [](const HeldTicks &held) { return held.ticks.isEmpty() ? quint64(0) : held.ticks.constLast().seq; };
            PerStream furthest;
            for (const PerStream &held : perThread) {
                for (auto it = held.cbegin(); it != held.cend(); ++it) {
                    const auto found = furthest.constFind(it.key());
                    if (found == furthest.cend() || lastSeq(*it) > lastSeq(*found))
                        furthest.insert(it.key(), *it);
                }
            }
            done(furthest);
        });
}

void Server::finishStop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_stopDeadline.stop();
    stopThreads();
    qCInfo(lcServer) << "stopped";
    Q_EMIT stopped();
}

void Server::stopThreads()
{
    // No new connection may be handed to a worker that is about to go.
    if (m_listener)
        m_listener->close();
    for (qsizetype i = 0; i < m_threads.size(); ++i) {
        QThread *thread = m_threads[i];
        // Destroy the worker in its own thread while its event loop still
        // runs, so that the deleteLater() of what it owns (sockets mid
        // handshake, closing WebSockets) is processed before the loop ends.
        IoWorker *worker = m_workers[i];
        QMetaObject::invokeMethod(
            worker,
            [worker] {
                delete worker;
                // What the worker's sockets handed to deleteLater() on the way.
                for (int round = 0; round < 3; ++round)
                    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            },
            Qt::BlockingQueuedConnection);
        thread->quit();
        thread->wait();
        thread->deleteLater();
    }
    m_threads.clear();
    m_workers.clear();
}
