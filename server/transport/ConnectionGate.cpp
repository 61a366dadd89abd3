#include "transport/ConnectionGate.h"

#include "transport/CloseTiming.h"
#include "transport/TransportLogging.h"

#include <QPointer>

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
    qCDebug(lcHttp) << head.method << head.target << "->" << int(decision.kind) << decision.response.status;
    if (decision.kind == HttpRouter::Decision::Kind::Respond) {
        respond(decision);
        return;
    }
    if (decision.kind == HttpRouter::Decision::Kind::Endpoint) {
        askEndpoints(head);
        return;
    }

    m_done = true;
    m_timeout.stop();
    m_socket->disconnect(this);
    m_socket->setParent(nullptr);
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    Q_EMIT upgradeRequested(socket);
    finish();
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
    Q_EMIT finished();
}
