#include "transport/IoWorker.h"

#include "transport/AccessControl.h"
#include "transport/ClientSocket.h"
#include "transport/CloseTiming.h"
#include "transport/ConnectionGate.h"
#include "transport/JsonWsSession.h"
#include "transport/SocketIoSession.h"
#include "transport/TlsContext.h"
#include "transport/TlsHandshake.h"
#include "transport/TlsSocket.h"
#include "transport/TransportLogging.h"

#include <QTcpSocket>
#include <QWebSocket>

#include <utility>

namespace {

QStringList streamNames(const QList<StreamInfo> &streams)
{
    QStringList names;
    for (const StreamInfo &info : streams)
        names.append(info.name);
    return names;
}

} // namespace

IoWorker::IoWorker(
    const TransportSettings &settings, const QList<StreamInfo> &streams, HttpEndpoints *endpoints, QObject *parent, const Shared &shared)
    : QObject(parent)
    , m_settings(settings)
    , m_endpoints(endpoints)
    , m_ownPositions(shared.positions ? nullptr : std::make_unique<StreamPositions>(streamNames(streams), QString()))
    , m_ownSocketIoSessions(!shared.socketIoSessions && settings.socketIoRecovery
              ? std::make_unique<SocketIoSessionStore>(settings.socketIoRecoveryWindowMs)
              : nullptr)
    , m_recovery(new Recovery(shared.positions ? *shared.positions : *m_ownPositions,
          shared.socketIoSessions ? shared.socketIoSessions : m_ownSocketIoSessions.get(), SystemClock::instance(), this))
    , m_table(streams, settings.historySize, settings.historyTtlMs)
    , m_webSocketServer(QStringLiteral("datagate/" DATAGATE_VERSION), QWebSocketServer::NonSecureMode)
    , m_drainDeadline(this)
{
    m_webSocketServer.setParent(this);
    m_webSocketServer.setHandshakeTimeout(settings.handshakeTimeoutMs);
    connect(&m_webSocketServer, &QWebSocketServer::newConnection, this, &IoWorker::onNewWebSocket);
    // The router has checked the request; what the WebSocket server still
    // refuses is a handshake it could not complete.
    connect(&m_webSocketServer, &QWebSocketServer::serverError, this,
        [this] { TrafficCounters::count(m_counters.http.connectionsRejected, QStringLiteral("websocket_handshake")); });

    m_drainDeadline.setSingleShot(true);
    connect(&m_drainDeadline, &QTimer::timeout, this, [this] {
        for (ClientSession *session : std::as_const(m_sessions))
            session->deleteLater();
        for (ConnectionGate *gate : std::as_const(m_gates))
            gate->deleteLater();
        for (TlsHandshake *handshake : std::as_const(m_tlsHandshakes))
            handshake->deleteLater();
        m_sessions.clear();
        m_gates.clear();
        m_tlsHandshakes.clear();
        checkDrained();
    });
}

IoWorker::~IoWorker()
{
    // Sessions and gates own their sockets; but a socket in the middle of the
    // WebSocket handshake has no parent, and QWebSocket gives sockets to
    // deleteLater(), which never runs once this thread's loop has ended. So
    // whatever socket is still alive after them is deleted here.
    qDeleteAll(std::exchange(m_sessions, {}));
    qDeleteAll(std::exchange(m_gates, {}));
    qDeleteAll(std::exchange(m_tlsHandshakes, {}));
    for (const QPointer<QTcpSocket> &socket : std::exchange(m_sockets, {}))
        delete socket.data();
}

void IoWorker::reconfigure(const TransportSettings &next)
{
    m_settings.maxSendBufferBytes = next.maxSendBufferBytes;
    m_settings.clientMessageRate = next.clientMessageRate;
    m_settings.clientMessageBurst = next.clientMessageBurst;
}

void IoWorker::adopt(qintptr descriptor, ConnectionLimits::Lease pending)
{
    if (m_limits && !pending.isHeld()) {
        pending = m_limits->beginHandshake();
        if (!pending.isHeld()) {
            ConnectionGate::refuseUnadopted(descriptor, m_counters);
            return;
        }
    }
    if (m_tls) {
        adoptTls(descriptor, std::move(pending));
        return;
    }
    auto *socket = new ClientSocket;
    if (!takeDescriptor(socket, descriptor))
        return;
    openGate(socket, m_settings.handshakeTimeoutMs, std::move(pending));
}

void IoWorker::adoptTls(qintptr descriptor, ConnectionLimits::Lease pending)
{
    auto *socket = new TlsSocket;
    if (!takeDescriptor(socket, descriptor))
        return;
    // The identity in force now: a reload later serves the next connections.
    auto *handshake = new TlsHandshake(socket, m_tls->configuration(), m_settings.handshakeTimeoutMs, m_counters, std::move(pending), this);
    m_tlsHandshakes.insert(handshake);
    // The HTTP request then has what is left of the same handshake timeout.
    connect(handshake, &TlsHandshake::secured, this,
        [this, handshake](TlsSocket *secured) { openGate(secured, handshake->remainingMs(), handshake->takePending()); });
    connect(handshake, &TlsHandshake::finished, this, [this, handshake] {
        m_tlsHandshakes.remove(handshake);
        handshake->deleteLater();
        checkDrained();
    });
    if (m_shuttingDown)
        handshake->abort();
}

bool IoWorker::takeDescriptor(QTcpSocket *socket, qintptr descriptor)
{
    if (!socket->setSocketDescriptor(descriptor)) {
        qCWarning(lcHttp) << "cannot adopt an accepted connection:" << socket->errorString();
        delete socket;
        return false;
    }
    // QPointer rather than the destroyed() signal: QWebSocket disconnects
    // every connection of the socket it takes over.
    if (m_sockets.size() >= m_socketsPruneAt) {
        m_sockets.removeIf([](const QPointer<QTcpSocket> &live) { return live.isNull(); });
        m_socketsPruneAt = std::max<qsizetype>(64, 2 * m_sockets.size());
    }
    m_sockets.append(socket);
    return true;
}

void IoWorker::openGate(QTcpSocket *socket, int timeoutMs, ConnectionLimits::Lease pending)
{
    auto *gate = new ConnectionGate(socket, timeoutMs, m_counters, m_endpoints, this);
    gate->setLimits(m_limits, std::move(pending));
    gate->setAccessControl(m_access);
    m_gates.insert(gate);
    connect(gate, &ConnectionGate::upgradeRequested, this, &IoWorker::onUpgradeRequested);
    connect(gate, &ConnectionGate::finished, this, [this, gate] {
        m_gates.remove(gate);
        gate->deleteLater();
        checkDrained();
    });
    if (m_shuttingDown)
        gate->refuse();
}

namespace {

QString peerKey(const QHostAddress &address, quint16 port)
{
    return address.toString() + QLatin1Char('|') + QString::number(port);
}

} // namespace

void IoWorker::onUpgradeRequested(QTcpSocket *socket, const AccessGrant &grant)
{
    // Remembered so that the session can write ready-made frames to it; the
    // QWebSocket made from it does not expose it.
    if (m_upgrading.size() >= m_upgradingPruneAt) {
        m_upgrading.removeIf([](const auto &entry) { return entry.value().socket.isNull(); });
        m_upgradingPruneAt = std::max<qsizetype>(64, 2 * m_upgrading.size());
    }
    m_upgrading.insert(peerKey(socket->peerAddress(), socket->peerPort()), {socket, grant});
    // The WebSocket server reads the (peeked) head again, answers 101 and
    // takes ownership of the socket.
    m_webSocketServer.handleConnection(socket);
}

void IoWorker::onNewWebSocket()
{
    while (m_webSocketServer.hasPendingConnections()) {
        QWebSocket *socket = m_webSocketServer.nextPendingConnection();
        const Upgrading upgrading = m_upgrading.take(peerKey(socket->peerAddress(), socket->peerPort()));
        QTcpSocket *tcp = upgrading.socket.data();
        auto *transport = qobject_cast<ClientSocket *>(tcp);
        // A TLS socket encrypts every frame for its one client, so there are
        // no shared bytes to write: its session writes through QWebSocket.
        if (!transport && !qobject_cast<TlsSocket *>(tcp))
            qCWarning(lcClients) << "no TCP socket known for a new WebSocket; its ticks are encoded per client";
        // Both paths were validated by the router before the upgrade.
        ClientSession *session = nullptr;
        if (socket->requestUrl().path().startsWith(QStringLiteral("/socket.io"))) {
            auto *socketIo = new SocketIoSession(socket, transport, m_table, m_settings, m_counters, this, m_recovery);
            // Its client presents its token when it joins the namespace.
            socketIo->setAccessControl(m_access);
            session = socketIo;
        } else {
            session = new JsonWsSession(socket, transport, m_table, m_settings, m_counters, this, m_recovery);
            // A socket the gate did not hand over (never seen) is granted no stream.
            if (m_access)
                session->grant(upgrading.grant.value_or(AccessGrant {QSet<QString>(), std::nullopt}), *m_access);
        }
        // A plain socket checks its client's frames for the session (its
        // transport); a TLS socket is handed over here.
        if (auto *tls = qobject_cast<TlsSocket *>(tcp))
            session->checkClientFrames(tls);
        addSession(session);
        // Upgraded while shutting down: closed as every other client is, with
        // the closing handshake, and waited for by the drain.
        if (m_shuttingDown)
            session->goAway(m_shutdownTimeoutMs);
    }
}

void IoWorker::addSession(ClientSession *session)
{
    m_sessions.insert(session);
    connect(session, &ClientSession::subscriptionsChanged, this,
        [this, session] { Q_EMIT clientSubscriptionsChanged(session->id(), session->subscribedStreams()); });
    connect(session, &ClientSession::finished, this, [this, session] {
        m_sessions.remove(session);
        Q_EMIT clientDisconnected(session->id());
        session->deleteLater();
        checkDrained();
    });
    const ClientInfo info = session->info();
    qCInfo(lcClients).nospace().noquote() << "client " << info.id << " connected from " << info.peer << " ("
                                          << ClientInfo::protocolName(info.protocol) << ")";
    Q_EMIT clientConnected(info);
}

void IoWorker::deliver(const EncodedTick &tick)
{
    if (m_ownPositions)
        m_ownPositions->advance(tick);
    // One record per tick for the whole thread, none per client: a replay
    // later reads the same shared frames from it.
    m_table.record(tick);
    if (!tick.live) {
        m_recovery->tickRecorded();
        return;
    }
    TrafficCounters::Stream &counters = m_counters.streams[tick.stream];
    // A copy of the set, as a session may unsubscribe or close while it is
    // walked, into a list whose capacity is kept between ticks. Each send()
    // is a system call of microseconds; meanwhile the next sessions and their
    // sockets are brought into the cache, in two steps since a socket's
    // address is read from its session.
    std::vector<ClientSession *> fanOut = std::exchange(m_fanOut, {});
    const QSet<ClientSession *> subscribers = m_table.subscribers(tick.stream);
    fanOut.assign(subscribers.cbegin(), subscribers.cend());
    const size_t count = fanOut.size();
    for (size_t i = 0; i < count; ++i) {
        if (i + 2 < count)
            fanOut[i + 2]->prefetch();
        if (i + 1 < count)
            fanOut[i + 1]->prefetchTransport();
        if (const qsizetype bytes = fanOut[i]->deliver(tick)) {
            ++counters.messagesSent;
            counters.bytesSent += quint64(bytes);
        }
    }
    fanOut.clear();
    m_fanOut = std::move(fanOut);
    m_recovery->tickRecorded();
}

TrafficStats IoWorker::trafficStats() const
{
    return m_counters.snapshot(m_table);
}

QList<ClientInfo> IoWorker::clients() const
{
    QList<ClientInfo> clients;
    clients.reserve(m_sessions.size());
    for (const ClientSession *session : m_sessions)
        clients.append(session->info());
    return clients;
}

struct IoWorker::ClientCollection {
    QList<ClientSession *> sessions;
    QList<ClientInfo> clients;
    qsizetype next = 0;
    std::function<void(const QList<ClientInfo> &)> done;
};

void IoWorker::collectClients(std::function<void(const QList<ClientInfo> &)> done)
{
    auto collection = std::make_shared<ClientCollection>();
    collection->sessions = QList<ClientSession *>(m_sessions.cbegin(), m_sessions.cend());
    collection->clients.reserve(collection->sessions.size());
    collection->done = std::move(done);
    collectClientSlice(collection);
}

void IoWorker::collectClientSlice(const std::shared_ptr<ClientCollection> &collection)
{
    const qsizetype end = std::min(collection->next + m_clientSliceSize, collection->sessions.size());
    for (; collection->next < end; ++collection->next) {
        ClientSession *session = collection->sessions.at(collection->next);
        // Gone since the list was taken: not a client any more.
        if (m_sessions.contains(session))
            collection->clients.append(session->info());
    }
    if (collection->next < collection->sessions.size()) {
        // Behind whatever was posted meanwhile, a tick to send among them.
        QMetaObject::invokeMethod(
            this, [this, collection] { collectClientSlice(collection); }, Qt::QueuedConnection);
        return;
    }
    collection->done(collection->clients);
}

bool IoWorker::disconnectClient(quint64 id)
{
    for (ClientSession *session : std::as_const(m_sessions)) {
        if (session->id() == id) {
            session->kick();
            return true;
        }
    }
    return false;
}

void IoWorker::shutdown(int timeoutMs)
{
    m_shuttingDown = true;
    m_shutdownTimeoutMs = timeoutMs;
    const QSet<ConnectionGate *> gates = m_gates;
    for (ConnectionGate *gate : gates)
        gate->refuse();
    const QSet<TlsHandshake *> handshakes = m_tlsHandshakes;
    for (TlsHandshake *handshake : handshakes)
        handshake->abort();
    const QSet<ClientSession *> sessions = m_sessions;
    for (ClientSession *session : sessions)
        session->goAway(timeoutMs);
    m_drainDeadline.start(CloseTiming::drainDeadlineMs(timeoutMs));
    checkDrained();
}

void IoWorker::checkDrained()
{
    if (m_shuttingDown && !m_drained && m_sessions.isEmpty() && m_gates.isEmpty() && m_tlsHandshakes.isEmpty()) {
        m_drained = true;
        m_drainDeadline.stop();
        Q_EMIT drained();
    }
}
