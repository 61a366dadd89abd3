#pragma once

#include "transport/AccessGrant.h"
#include "transport/ConnectionLimits.h"

#include "model/ClientInfo.h"
#include "model/StreamInfo.h"
#include "model/TrafficStats.h"
#include "protocol/EncodedTick.h"
#include "transport/CloseTiming.h"
#include "transport/Recovery.h"
#include "transport/SocketIoSessionStore.h"
#include "transport/StreamPositions.h"
#include "transport/SubscriptionTable.h"
#include "transport/TrafficCounters.h"
#include "transport/TransportSettings.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QWebSocketServer>

#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

class AccessControl;

class ClientSession;
class ConnectionLimits;
class HttpEndpoints;
class ConnectionGate;
class QTcpSocket;
class TlsContext;
class TlsHandshake;

// One network I/O thread's share of the clients. It adopts accepted socket
// descriptors, runs their HTTP front door and WebSocket handshake, owns their
// sessions and subscriptions, delivers every published tick to its
// subscribers, and counts what it does. Lives in its own QThread; talk to it
// through queued calls.
class IoWorker final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IoWorker)

public:
    // What the I/O threads of one process share for recovery: how far the
    // hub has published (kept up to date by whoever feeds deliver(), before
    // it does), and the Socket.IO sessions kept for clients that dropped
    // (null without Socket.IO recovery). A worker given none keeps its own,
    // and advances the positions itself as it delivers.
    // (No member initializers: {} as a default argument value-initializes it.)
    struct Shared {
        StreamPositions *positions;
        SocketIoSessionStore *socketIoSessions;
    };

    // endpoints (not owned, may be null) answer the plain-HTTP paths beyond
    // the WebSocket ones; they and shared must outlive the worker.
    IoWorker(const TransportSettings &settings, const QList<StreamInfo> &streams, HttpEndpoints *endpoints = nullptr,
        QObject *parent = nullptr, const Shared &shared = {});
    ~IoWorker() override;

    // The limits every worker shares (not owned; they outlive the worker);
    // none by default. Set before the worker's thread starts.
    void setConnectionLimits(ConnectionLimits *limits) { m_limits = limits; }
    // The access control every worker shares (not owned; it outlives the
    // worker); none by default: anyone may connect and subscribe. Set
    // before the worker's thread starts.
    void setAccessControl(const AccessControl *access) { m_access = access; }
    // The TLS identity (not owned; it outlives the worker) that makes every
    // connection this worker adopts a TLS one; none by default (plain TCP).
    // Set before the worker's thread starts.
    void setTlsContext(const TlsContext *tls) { m_tls = tls; }

    // What a reload may change in the worker's settings: the send cap
    // (--max-send-buffer) and the message rate (--client-message-rate,
    // --client-message-burst). Every client follows, the open ones too (the
    // rate at its next message). Call in the worker's thread.
    void reconfigure(const TransportSettings &next);

    // Thread-safe to queue; run in the worker's thread.
    // pending is the place the listener took for it under
    // --max-pending-handshakes; without one (no listener, as in tests), the
    // worker takes it, or refuses the connection at once when there is none.
    void adopt(qintptr descriptor, ConnectionLimits::Lease pending = {});
    void deliver(const EncodedTick &tick);
    // Closes every client with 1001 and emits drained() once all are gone;
    // each has timeoutMs to take what is queued for it and answer, and is
    // cut off after that (CloseTiming.h).
    void shutdown(int timeoutMs = CloseTiming::CloseGraceMs);
    // This thread's counters and clients, now (call in the worker's thread).
    TrafficStats trafficStats() const;
    QList<ClientInfo> clients() const;
    // The same clients, taken a slice at a time (500 unless set), one
    // event-loop turn per slice, then handed to done (in this thread): a tick
    // queued meanwhile waits for one slice, not for all of the thread's
    // clients (5,000 took about 4 ms here). A client that leaves before its
    // slice is left out; one that comes meanwhile may be too.
    void collectClients(std::function<void(const QList<ClientInfo> &)> done);
    void setClientSliceSize(qsizetype size) { m_clientSliceSize = std::max<qsizetype>(1, size); }
    // Closes the client with this id if it is one of this thread's.
    bool disconnectClient(quint64 id);
    // This thread's recovery: its replays, the positions and sessions it uses.
    const Recovery &recovery() const { return *m_recovery; }
    const SubscriptionTable &table() const { return m_table; }

Q_SIGNALS:
    void clientConnected(const ClientInfo &info);
    void clientSubscriptionsChanged(quint64 id, const QStringList &streams);
    void clientDisconnected(quint64 id);
    void drained();

private:
    struct ClientCollection;
    void collectClientSlice(const std::shared_ptr<ClientCollection> &collection);
    void adoptTls(qintptr descriptor, ConnectionLimits::Lease pending);
    // Gives socket the descriptor and keeps track of it; false (the socket
    // deleted) when it cannot.
    bool takeDescriptor(QTcpSocket *socket, qintptr descriptor);
    void openGate(QTcpSocket *socket, int timeoutMs, ConnectionLimits::Lease pending);
    void onUpgradeRequested(QTcpSocket *socket, const AccessGrant &grant);
    void onNewWebSocket();
    void addSession(ClientSession *session);
    void checkDrained();

    TransportSettings m_settings; // its sessions hold a reference
    HttpEndpoints *const m_endpoints;
    ConnectionLimits *m_limits = nullptr;
    const AccessControl *m_access = nullptr;
    const TlsContext *m_tls = nullptr;
    // Set when the worker keeps its own (no Shared given).
    std::unique_ptr<StreamPositions> m_ownPositions;
    std::unique_ptr<SocketIoSessionStore> m_ownSocketIoSessions;
    Recovery *m_recovery; // child
    SubscriptionTable m_table;
    TrafficCounters m_counters;
    QWebSocketServer m_webSocketServer;
    QSet<ConnectionGate *> m_gates;
    QSet<TlsHandshake *> m_tlsHandshakes;
    QSet<ClientSession *> m_sessions;
    qsizetype m_clientSliceSize = 500;
    std::vector<ClientSession *> m_fanOut; // deliver()'s list, kept for its capacity
    QList<QPointer<QTcpSocket>> m_sockets; // every accepted socket, pruned now and then
    qsizetype m_socketsPruneAt = 64;
    struct Upgrading {
        QPointer<QTcpSocket> socket;
        std::optional<AccessGrant> grant; // what the gate granted its client
    };
    QHash<QString, Upgrading> m_upgrading; // "address|port" -> socket in the handshake
    qsizetype m_upgradingPruneAt = 64;
    QTimer m_drainDeadline;
    bool m_shuttingDown = false;
    int m_shutdownTimeoutMs = CloseTiming::CloseGraceMs;
    bool m_drained = false;
};
