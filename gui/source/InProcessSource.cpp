#include "gui/source/InProcessSource.h"

#include "Server.h"
#include "gui/GuiLogging.h"
#include "hub/Hub.h"
#include "logging/LogSink.h"

#include <QHostAddress>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QThread>

#include <algorithm>
#include <utility>

namespace {

constexpr int DefaultPollMs = 1000;
// A client that comes or goes shows up this soon, without a snapshot per
// client when thousands come at once.
constexpr int ClientsSoonMs = 250;
// How far above a busy port a retry looks for a free one.
constexpr int PortSearchSpan = 50;

const QString HostOption = QStringLiteral("host");
const QString PortOption = QStringLiteral("port");
const QString SendBufferOption = QStringLiteral("max-send-buffer");

bool listensEverywhere(const QString &host)
{
    return host == QLatin1String("any") || host == QLatin1String("*") || host == QLatin1String("0.0.0.0") || host == QLatin1String("::");
}

QHostAddress bindAddress(const QString &host)
{
    if (listensEverywhere(host))
        return QHostAddress(QHostAddress::Any);
    if (host == QLatin1String("localhost"))
        return QHostAddress(QHostAddress::LocalHost);
    return QHostAddress(host);
}

} // namespace

InProcessSource::InProcessSource(const Config &config, LogSink *logSink, QObject *parent)
    : DashboardSource(parent)
    , m_config(config)
    , m_logSink(logSink)
{
    m_trafficTimer.setInterval(DefaultPollMs);
    connect(&m_trafficTimer, &QTimer::timeout, this, &InProcessSource::pollTraffic);
    m_clientsTimer.setInterval(DefaultPollMs);
    connect(&m_clientsTimer, &QTimer::timeout, this, &InProcessSource::pollClients);
    m_clientsSoon.setSingleShot(true);
    connect(&m_clientsSoon, &QTimer::timeout, this, &InProcessSource::pollClients);
    if (m_logSink)
        connect(m_logSink, &LogSink::entriesAdded, this, &InProcessSource::logEntriesAdded);
}

InProcessSource::~InProcessSource()
{
    destroyServer();
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
    }
    // m_inThread's thread has ended: it can go from here.
}

void InProcessSource::runInServerThread(const std::function<void()> &work)
{
    if (!m_thread) {
        m_thread = std::make_unique<QThread>();
        m_thread->setObjectName(QStringLiteral("datagate-server"));
        m_inThread = std::make_unique<QObject>();
        m_inThread->moveToThread(m_thread.get());
        m_thread->start();
    }
    QMetaObject::invokeMethod(m_inThread.get(), work, Qt::BlockingQueuedConnection);
}

void InProcessSource::destroyServer()
{
    if (!m_server)
        return;
    // Deleted where it lives: its timers, sockets and worker threads belong
    // to the server thread.
    runInServerThread([server = std::exchange(m_server, nullptr)] { delete server; });
    m_port = 0;
}

void InProcessSource::setPollInterval(int ms)
{
    m_trafficTimer.setInterval(ms);
    m_clientsTimer.setInterval(ms);
}

QString InProcessSource::listenAddress() const
{
    return m_config.text(HostOption);
}

quint16 InProcessSource::port() const
{
    return m_state == State::Live ? m_port : 0;
}

QString InProcessSource::urlHost() const
{
    const QString host = m_config.text(HostOption);
    // A server on every interface is reached from this desktop as localhost.
    if (listensEverywhere(host))
        return QStringLiteral("localhost");
    return host;
}

QUrl InProcessSource::socketIoUrl() const
{
    if (port() == 0)
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(urlHost());
    url.setPort(port());
    url.setPath(QStringLiteral("/data"));
    return url;
}

QUrl InProcessSource::jsonUrl() const
{
    if (port() == 0)
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("ws"));
    url.setHost(urlHost());
    url.setPort(port());
    url.setPath(QStringLiteral("/ws"));
    return url;
}

qint64 InProcessSource::sendBufferLimit() const
{
    return m_config.contains(SendBufferOption) ? m_config.integer(SendBufferOption) : 0;
}

QList<StreamInfo> InProcessSource::streams() const
{
    return m_streams;
}

FeedHealth InProcessSource::health(const QString &stream) const
{
    return m_health.value(stream);
}

QList<LogEntry> InProcessSource::logBacklog() const
{
    return m_logSink ? m_logSink->entries() : QList<LogEntry>();
}

void InProcessSource::start()
{
    if (m_server)
        return;
    ++m_generation;
    m_trafficPending = m_clientsPending = false;
    setState(State::Starting);

    bool started = false;
    Server::StartError startError = Server::StartError::None;
    QString serverError;
    // Made and started in the server thread, so that everything it makes
    // (feeds, timers, the listener) lives there too. The GUI thread waits
    // meanwhile, so the copies below need no lock.
    runInServerThread([&] {
        m_server = new Server(m_config);
        Hub *hub = m_server->hub();
        // Queued into the GUI thread: the receiver lives there.
        // What a server before this one (a retry) still had queued is
        // dropped by its generation.
        connect(hub, &Hub::ticked, this, [this, generation = m_generation](const Tick &tick) {
            if (generation == m_generation)
                Q_EMIT ticked(tick);
        });
        connect(hub, &Hub::feedHealthChanged, this, [this, generation = m_generation](const QString &stream, const FeedHealth &health) {
            if (generation != m_generation)
                return;
            m_health.insert(stream, health);
            Q_EMIT feedHealthChanged(stream, health);
        });
        // Only a nudge: the snapshot that follows says who is there.
        connect(m_server, &Server::clientConnected, this, &InProcessSource::onClientsChanged);
        connect(m_server, &Server::clientDisconnected, this, &InProcessSource::onClientsChanged);
        connect(m_server, &Server::stopped, this, [this] {
            m_trafficTimer.stop();
            m_clientsTimer.stop();
            m_clientsSoon.stop();
            setState(State::Stopped);
        });
        started = m_server->start();
        startError = m_server->startError();
        serverError = m_server->errorString();
        m_port = started ? m_server->port() : 0;
        // The feeds exist once the server has tried to start, whether or
        // not it listens. Health signals queued meanwhile arrive after this
        // copy, in order, so the copy ends as the latest state.
        m_streams = hub->streams();
        m_health.clear();
        for (const StreamInfo &stream : std::as_const(m_streams))
            m_health.insert(stream.name, hub->health(stream.name));
    });
    Q_EMIT streamsChanged();
    if (!started) {
        // A sentence for the banner, in the user's language, then the
        // server's own words (as logged) for the details.
        m_errorString = startError == Server::StartError::Listen
            ? tr("Cannot listen on port %1 of %2. Another program may be using it.")
                    .arg(m_config.integer(PortOption))
                    .arg(listensEverywhere(m_config.text(HostOption)) ? tr("all interfaces") : m_config.text(HostOption))
                + QLatin1Char('\n') + serverError
            : serverError;
        qCWarning(lcGui).noquote() << "the server did not start:" << serverError;
        setState(State::Failed);
        return;
    }
    m_errorString.clear();
    m_startedAt = QDateTime::currentDateTime();
    m_trafficTimer.start();
    if (clientsWanted())
        m_clientsTimer.start();
    setState(State::Live);
    pollTraffic();
    if (clientsWanted())
        pollClients();
}

void InProcessSource::retry(quint16 port)
{
    if (m_state != State::Failed && m_state != State::Stopped)
        return;
    m_config.set(PortOption, port);
    destroyServer();
    start();
}

quint16 InProcessSource::suggestedPort() const
{
    const quint16 wanted = quint16(m_config.integer(PortOption));
    if (wanted == 0)
        return 0;
    const QHostAddress address = bindAddress(m_config.text(HostOption));
    for (int port = wanted + 1; port <= std::min(65535, wanted + PortSearchSpan); ++port) {
        QTcpServer probe;
        if (probe.listen(address, quint16(port)))
            return quint16(port);
    }
    return 0;
}

void InProcessSource::stop()
{
    if (!m_server || m_state == State::Failed || m_state == State::Stopped) {
        setState(State::Stopped);
        return;
    }
    setState(State::Stopping);
    QMetaObject::invokeMethod(m_server, &Server::stop, Qt::QueuedConnection); // stopped() follows
}

void InProcessSource::disconnectClient(quint64 id)
{
    if (m_server && m_state == State::Live) {
        qCInfo(lcGui) << "operator disconnects client" << id;
        QMetaObject::invokeMethod(
            m_server, [server = m_server, id] { server->disconnectClient(id); }, Qt::QueuedConnection);
        onClientsChanged();
    }
}

void InProcessSource::clientsWantedChanged(bool wanted)
{
    if (!wanted) {
        m_clientsTimer.stop();
        m_clientsSoon.stop();
        return;
    }
    if (m_state == State::Live) {
        m_clientsTimer.start();
        pollClients();
    }
}

void InProcessSource::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void InProcessSource::pollTraffic()
{
    if (!m_server || m_state != State::Live || m_trafficPending)
        return;
    m_trafficPending = true;
    // Asked in the server thread; answered here (this is the context). The
    // cluster's state (the cluster view) is read there too, with the
    // traffic: the ClusterNode lives in the server thread.
    auto done = [this, generation = m_generation](const TrafficStats &stats, const ClusterStatus &cluster) {
        if (generation != m_generation)
            return;
        m_trafficPending = false;
        Q_EMIT trafficSampled(stats);
        Q_EMIT clusterSampled(cluster);
    };
    QMetaObject::invokeMethod(
        m_server,
        [server = m_server, this, done] {
            server->requestTrafficStats(
                this, [done, cluster = server->clusterStatus()](const TrafficStats &stats) { done(stats, cluster); });
        },
        Qt::QueuedConnection);
}

void InProcessSource::pollClients()
{
    if (!m_server || m_state != State::Live || !clientsWanted() || m_clientsPending)
        return;
    m_clientsPending = true;
    m_sinceClientsPoll.start();
    auto done = [this, generation = m_generation](const QList<ClientInfo> &clients) {
        if (generation != m_generation)
            return;
        m_clientsPending = false;
        Q_EMIT clientsSampled(clients);
    };
    QMetaObject::invokeMethod(
        m_server, [server = m_server, this, done] { server->requestClients(this, done); }, Qt::QueuedConnection);
}

void InProcessSource::onClientsChanged()
{
    if (!clientsWanted() || m_clientsSoon.isActive())
        return;
    // Not sooner than ClientsSoonMs after the last snapshot either.
    const qint64 since = m_sinceClientsPoll.isValid() ? m_sinceClientsPoll.elapsed() : ClientsSoonMs;
    m_clientsSoon.start(int(std::clamp<qint64>(ClientsSoonMs - since, 0, ClientsSoonMs)));
}
