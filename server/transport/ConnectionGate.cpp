#include "transport/ConnectionGate.h"

#include "transport/AccessControl.h"
#include "transport/ClientSocket.h"
#include "transport/CloseTiming.h"
#include "transport/TlsSocket.h"
#include "transport/TransportLogging.h"

#include <QPointer>

#include <sys/socket.h>
#include <unistd.h>

ConnectionGate::ConnectionGate(QTcpSocket *socket, int timeoutMs, TrafficCounters &counters, HttpEndpoints *endpoints, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_counters(counters)
    , m_endpoints(endpoints)
{
    m_socket->setParent(this);
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_asking) {
            qCWarning(lcHttp) << "no answer in time for a request from" << m_socket->peerAddress().toString();
            respond(HttpRouter::refuse(
                TrafficStats::Http, 503, QStringLiteral("no_answer"), QStringLiteral("the server did not answer in time")));
            return;
        }
        qCDebug(lcHttp) << "request head not received in time from" << m_socket->peerAddress().toString();
        respond(HttpRouter::refuse(
            TrafficStats::Http, 408, QStringLiteral("request_timeout"), QStringLiteral("no complete request received in time")));
    });
    m_timeout.start(timeoutMs);
    connect(m_socket, &QTcpSocket::readyRead, this, &ConnectionGate::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &ConnectionGate::finish);
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &ConnectionGate::onReadyRead, Qt::QueuedConnection);
}

void ConnectionGate::setLimits(ConnectionLimits *limits, ConnectionLimits::Lease pending)
{
    m_limits = limits;
    m_pending = std::move(pending);
}

void ConnectionGate::refuseUnadopted(qintptr descriptor, TrafficCounters &counters)
{
    static const QByteArray response =
        HttpRouter::errorResponse(503, ConnectionLimits::reasonLabel(ConnectionLimits::Refusal::MaxPendingHandshakes),
            QStringLiteral("too many connections are waiting for their handshake"))
            .serialize();
    TrafficCounters::count(
        counters.http.connectionsRejected, ConnectionLimits::reasonLabel(ConnectionLimits::Refusal::MaxPendingHandshakes));
    const int fd = int(descriptor);
    // What the client has sent already (a request head, at most) is read and
    // dropped, so that closing sends a FIN after the answer rather than a
    // reset; nothing more is read or waited for, so this stays cheap however
    // much a client sends.
    char discard[4096];
    for (qsizetype read = 0; read < MaxHeadBytes;) {
        const ssize_t n = ::recv(fd, discard, sizeof discard, MSG_DONTWAIT);
        if (n <= 0)
            break;
        read += n;
    }
    (void)::send(fd, response.constData(), size_t(response.size()), MSG_DONTWAIT | MSG_NOSIGNAL);
    ::close(fd);
}

void ConnectionGate::refuse()
{
    respond(HttpRouter::refuse(TrafficStats::Http, 503, QStringLiteral("shutting_down"), QStringLiteral("the server is shutting down")));
}

void ConnectionGate::onReadyRead()
{
    if (m_done || m_asking)
        return;
    HttpRequestHead head;
    const QByteArray buffer = m_socket->peek(MaxHeadBytes + 1);
    switch (HttpRequestHead::parse(buffer, MaxHeadBytes, head)) {
    case HttpRequestHead::ParseStatus::Incomplete: return;
    case HttpRequestHead::ParseStatus::TooLarge:
        respond(HttpRouter::refuse(TrafficStats::Http, 431, QStringLiteral("head_too_large"), QStringLiteral("request head too large")));
        return;
    case HttpRequestHead::ParseStatus::Malformed:
        respond(HttpRouter::refuse(TrafficStats::Http, 400, QStringLiteral("bad_request"), QStringLiteral("malformed HTTP request")));
        return;
    case HttpRequestHead::ParseStatus::Complete: break;
    }

    const HttpRouter::Decision decision = HttpRouter::route(head, m_endpoints);
    // The path only: the query may hold a token.
    qCDebug(lcHttp) << head.method << head.path() << "->" << int(decision.kind) << decision.response.status;
    if (decision.kind == HttpRouter::Decision::Kind::Respond) {
        respond(decision);
        return;
    }
    if (decision.kind == HttpRouter::Decision::Kind::Endpoint) {
        askEndpoints(head);
        return;
    }

    const std::optional<AccessGrant> grant = checkAccess(head, decision.protocol);
    if (!grant || !admitUpgrade(head, decision.protocol))
        return;
    m_done = true;
    m_timeout.stop();
    m_socket->disconnect(this);
    m_socket->setParent(nullptr);
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    Q_EMIT upgradeRequested(socket, *grant);
    finish();
}

bool ConnectionGate::admitUpgrade(const HttpRequestHead &head, const QString &protocol)
{
    if (!m_limits)
        return true;
    // Every X-Forwarded-For header, in order, as one list.
    QByteArray forwardedFor;
    for (const auto &[name, value] : head.headers) {
        if (name == "x-forwarded-for")
            forwardedFor += (forwardedFor.isEmpty() ? QByteArray() : QByteArrayLiteral(",")) + value;
    }
    ConnectionLimits::Admission admission = m_limits->admit(m_socket->peerAddress(), forwardedFor);
    if (admission.refusal == ConnectionLimits::Refusal::None) {
        // The I/O worker's sockets are all ClientSockets, or TlsSockets on a
        // TLS port; a lease nobody holds would be given back at once.
        if (auto *socket = qobject_cast<ClientSocket *>(m_socket))
            socket->holdLease(std::move(admission.lease));
        else if (auto *tls = qobject_cast<TlsSocket *>(m_socket))
            tls->holdLease(std::move(admission.lease));
        else
            Q_ASSERT_X(false, "ConnectionGate", "a socket that cannot hold its lease");
        return true;
    }
    const QString reason = ConnectionLimits::reasonLabel(admission.refusal);
    qCDebug(lcHttp).noquote() << "refused a connection from" << admission.client.toString() << "past a limit:" << reason;
    // 503 when the server is full: a server-side condition, which load
    // balancers and clients retry elsewhere or later. 429 when this client
    // holds too many: its own doing, and another client would be admitted.
    if (admission.refusal == ConnectionLimits::Refusal::MaxConnections)
        respond(HttpRouter::refuse(protocol, 503, reason, QStringLiteral("the server has too many connections")));
    else
        respond(HttpRouter::refuse(protocol, 429, reason, QStringLiteral("too many connections from your address")));
    return false;
}

std::optional<AccessGrant> ConnectionGate::checkAccess(const HttpRequestHead &head, const QString &protocol)
{
    if (!m_access)
        return AccessGrant {};
    // Before the limits, so that a refused client takes no place under them.
    if (!m_access->allowsOrigin(head.header("origin"))) {
        qCInfo(lcHttp).noquote() << "refused a connection from" << m_socket->peerAddress().toString()
                                 << "from an origin not allowed:" << QString::fromUtf8(head.header("origin").left(200));
        respond(HttpRouter::refuse(protocol, 403, QStringLiteral("forbidden_origin"), QStringLiteral("this origin is not allowed")));
        return std::nullopt;
    }
    // A Socket.IO client presents its token in its CONNECT packet.
    if (protocol != TrafficStats::Json)
        return AccessGrant {};
    const AccessControl::Verdict verdict = m_access->authenticate(AccessControl::tokenOf(head));
    if (!verdict.grant) {
        qCInfo(lcHttp).noquote() << "refused a connection from" << m_socket->peerAddress().toString() << "unauthorized:" << verdict.reason;
        HttpRouter::Decision refused = HttpRouter::refuse(protocol, 401, QStringLiteral("unauthorized"), verdict.reason);
        refused.response.headers.append(
            std::pair<QByteArray, QByteArray>("WWW-Authenticate", R"(Bearer realm="datagate", error="invalid_token")"));
        respond(refused);
        return std::nullopt;
    }
    return verdict.grant;
}

void ConnectionGate::askEndpoints(const HttpRequestHead &head)
{
    m_asking = true;
    // The answer comes from another thread. It is handed back through this
    // thread's worker (the parent), which the server deletes only from its own
    // thread, so a QPointer to it is safe to read there; the gate itself may
    // be gone by then (the client left), which its own QPointer tells here.
    const QPointer<QObject> worker(parent());
    const QPointer<ConnectionGate> gate(this);
    m_endpoints->handle(head, [worker, gate](const HttpRouter::Response &response) {
        if (!worker)
            return;
        QMetaObject::invokeMethod(
            worker.data(),
            [gate, response] {
                if (gate && gate->m_asking && !gate->m_done)
                    gate->respond({HttpRouter::Decision::Kind::Respond, response, TrafficStats::Http, response.refusal});
            },
            Qt::QueuedConnection);
    });
}

void ConnectionGate::respond(const HttpRouter::Decision &decision)
{
    if (m_done)
        return;
    m_done = true;
    TrafficCounters::Protocol &counters = decision.protocol == TrafficStats::SocketIo ? m_counters.socketIo
        : decision.protocol == TrafficStats::Json                                     ? m_counters.json
                                                                                      : m_counters.http;
    if (!decision.reason.isEmpty())
        TrafficCounters::count(counters.connectionsRejected, decision.reason);
    else
        ++counters.connectionsTotal;
    const HttpRouter::Response &response = decision.response;
    m_timeout.stop();
    m_socket->readAll(); // so that closing does not reset the connection before the reply is read
    m_socket->write(response.serialize());
    m_socket->disconnectFromHost();
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        finish();
    // Otherwise `disconnected` finishes us once the reply is written; the
    // peer cannot keep us waiting: a short timer cuts it off.
    else
        QTimer::singleShot(CloseTiming::CloseGraceMs, this, [this] {
            if (m_socket)
                m_socket->abort();
            finish();
        });
}

void ConnectionGate::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_done = true;
    m_pending.release();
    Q_EMIT finished();
}
