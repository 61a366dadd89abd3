#include "ClusterSocketIoSessions.h"

#include "ServerLogging.h"
#include "cluster/ClusterNode.h"

ClusterSocketIoSessions::ClusterSocketIoSessions(QObject *parent)
    : QObject(parent)
{
}

void ClusterSocketIoSessions::setNode(ClusterNode *node)
{
    m_node = node;
}

void ClusterSocketIoSessions::keep(const SocketIoSessionStore::Session &session, qint64 windowMs)
{
    // Encoded in the I/O thread that asks; only bytes cross to this one.
    QMetaObject::invokeMethod(
        this,
        [this, pid = session.pid, data = session.encode(), windowMs] {
            if (m_node)
                m_node->keepSession(pid, data, windowMs);
        },
        Qt::QueuedConnection);
}

void ClusterSocketIoSessions::take(const QString &pid, TakeDone done)
{
    QMetaObject::invokeMethod(
        this,
        [this, pid, done = std::move(done)] {
            if (!m_node) {
                done({});
                return;
            }
            m_node->takeSession(pid, this, [done](ClusterNode::Lookup lookup, const QByteArray &data) {
                Taken taken;
                switch (lookup) {
                case ClusterNode::Lookup::Found:
                    taken.session = SocketIoSessionStore::Session::decode(data);
                    taken.outcome = taken.session ? Taken::Outcome::Found : Taken::Outcome::Missing;
                    if (!taken.session)
                        qCWarning(lcServer) << "a Socket.IO session kept in Redis could not be read; the client gets a new one";
                    break;
                case ClusterNode::Lookup::Missing: taken.outcome = Taken::Outcome::Missing; break;
                case ClusterNode::Lookup::Unavailable: taken.outcome = Taken::Outcome::Unavailable; break;
                }
                done(taken);
            });
        },
        Qt::QueuedConnection);
}
