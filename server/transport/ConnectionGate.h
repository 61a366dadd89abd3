#pragma once

#include "transport/AccessGrant.h"
#include "transport/ConnectionLimits.h"
#include "transport/HttpEndpoints.h"
#include "transport/HttpRouter.h"
#include "transport/TrafficCounters.h"

#include <QObject>
#include <QTcpSocket>
#include <QTimer>

class AccessControl;

// Holds a freshly accepted TCP connection until its HTTP request head has
// arrived, then either hands the socket on for a WebSocket upgrade (the head
// is only peeked, so the WebSocket server reads it again) or answers it as
// plain HTTP and closes it: an error, or what the HttpEndpoints answer (the
// probes, metrics and status). A connection that sends nothing useful within
// the handshake timeout is answered 408 and closed.
//
// With ConnectionLimits, the gate holds the connection's pending-handshake
// lease until it is done, and admits an upgrade only within the connection
// limits (503 past --max-connections, 429 past --max-connections-per-ip);
// the admitted connection's lease goes with its socket.
//
// With AccessControl, an upgrade from an origin --allowed-origins does not
// list is answered 403, and a JSON client without a valid token 401 (a
// Socket.IO client presents its token later, in its CONNECT packet); what
// the JSON client was granted goes with the upgrade.
class ConnectionGate final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionGate)

public:
    // Largest request head we accept: browsers send 1-2 KiB.
    static constexpr qsizetype MaxHeadBytes = 16 * 1024;

    // counters are the I/O thread's, where refusals and answers are counted;
    // endpoints (may be null) answer the paths they handle.
    ConnectionGate(
        QTcpSocket *socket, int timeoutMs, TrafficCounters &counters, HttpEndpoints *endpoints = nullptr, QObject *parent = nullptr);

    // Applies limits (not owned; they outlive the gate) to the upgrade, and
    // holds pending until the gate is done.
    void setLimits(ConnectionLimits *limits, ConnectionLimits::Lease pending);

    // Applies access (not owned; it outlives the gate) to the upgrade.
    void setAccessControl(const AccessControl *access) { m_access = access; }

    // Refuses an accepted connection past --max-pending-handshakes before
    // anything is built for it: counts it, answers 503 if the socket takes it
    // at once, and closes the descriptor.
    static void refuseUnadopted(qintptr descriptor, TrafficCounters &counters);

    // Answers 503 and closes (e.g. while shutting down).
    void refuse();

Q_SIGNALS:
    // The socket (now without parent) should be upgraded, with what its
    // client was granted at the handshake; the gate is done.
    void upgradeRequested(QTcpSocket *socket, const AccessGrant &grant);
    // The gate is done (answered, refused, timed out or handed over).
    void finished();

private:
    void onReadyRead();
    void respond(const HttpRouter::Decision &decision);
    void askEndpoints(const HttpRequestHead &head);
    void finish();
    // False when the limits refused the upgrade (and it was answered).
    bool admitUpgrade(const HttpRequestHead &head, const QString &protocol);
    // The grant of an upgrade the access control lets through; nullopt when
    // it refused it (and it was answered).
    std::optional<AccessGrant> checkAccess(const HttpRequestHead &head, const QString &protocol);

    QTcpSocket *m_socket; // child until handed over
    ConnectionLimits *m_limits = nullptr; // not owned; null: no limits
    const AccessControl *m_access = nullptr; // not owned; null: open
    ConnectionLimits::Lease m_pending; // released once done
    TrafficCounters &m_counters;
    HttpEndpoints *m_endpoints; // not owned; outlives the gate
    QTimer m_timeout;
    bool m_asking = false; // the endpoints have the request; their answer is awaited
    bool m_done = false; // answered or handed over
    bool m_finished = false; // finished() emitted
};
