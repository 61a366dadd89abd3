#pragma once

#include "config/Config.h"
#include "hub/EncodedTick.h"
#include "model/ClientInfo.h"
#include "transport/SubscriptionTable.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QWebSocketServer>

#include <vector>

class ClientSession;
class ConnectionGate;
class QTcpSocket;

// One network I/O thread's share of the clients. It adopts accepted socket
// descriptors, runs their HTTP front door and WebSocket handshake, owns their
// sessions and subscriptions, and delivers every published tick to its
// subscribers. Lives in its own QThread; talk to it through queued calls.
class IoWorker final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IoWorker)

public:
    IoWorker(const Config &config, const QList<StreamInfo> &streams, QObject *parent = nullptr);
    ~IoWorker() override;

    // Thread-safe to queue; run in the worker's thread.
    void adopt(qintptr descriptor);
    void deliver(const EncodedTick &tick);
    // Closes every client with 1001 and emits drained() once all are gone
    // (or cut off after a grace period).
    void shutdown();

Q_SIGNALS:
    void clientConnected(const ClientInfo &info);
    void clientSubscriptionsChanged(quint64 id, const QStringList &streams);
    void clientDisconnected(quint64 id);
    void drained();

private:
    void onUpgradeRequested(QTcpSocket *socket);
    void onNewWebSocket();
    void addSession(ClientSession *session);
    void checkDrained();

    const Config m_config;
    SubscriptionTable m_table;
    QWebSocketServer m_webSocketServer;
    QSet<ConnectionGate *> m_gates;
    QSet<ClientSession *> m_sessions;
    std::vector<ClientSession *> m_fanOut; // deliver()'s list, kept for its capacity
    QList<QPointer<QTcpSocket>> m_sockets; // every accepted socket, pruned now and then
    qsizetype m_socketsPruneAt = 64;
    QHash<QString, QPointer<QTcpSocket>> m_upgrading; // "address|port" -> socket in the handshake
    qsizetype m_upgradingPruneAt = 64;
    QTimer m_drainDeadline;
    bool m_shuttingDown = false;
    bool m_drained = false;
};
