#pragma once

#include "transport/SocketIoSessionShare.h"

#include <QObject>
#include <QPointer>

class ClusterNode;

// The cluster's SocketIoSessionShare: the Socket.IO sessions kept for
// recovery go to Redis too (ClusterNode::keepSession, for the recovery
// window), so that a client that reconnects to another instance gets its
// session back there, taken out with GETDEL so that only one instance ever
// restores it (docs/scaling.md). Here, in the server layer, because the
// transport must not know the cluster, nor the cluster the transport.
//
// Lives in the server's thread; the I/O threads' calls are posted to it,
// and the answer to take() goes back from it.
class ClusterSocketIoSessions final : public QObject, public SocketIoSessionShare {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterSocketIoSessions)

public:
    explicit ClusterSocketIoSessions(QObject *parent = nullptr);

    // The node that talks to Redis, once there is one: until then, and
    // after it is gone, every take() is Unavailable.
    void setNode(ClusterNode *node);

    void keep(const SocketIoSessionStore::Session &session, qint64 windowMs) override;
    void take(const QString &pid, TakeDone done) override;

private:
    QPointer<ClusterNode> m_node;
};
