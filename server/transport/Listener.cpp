#include "transport/Listener.h"

#include "transport/IoWorker.h"

Listener::Listener(const QList<IoWorker *> &workers, QObject *parent)
    : QTcpServer(parent)
    , m_workers(workers)
{
    Q_ASSERT(!m_workers.isEmpty());
    // Room for a storm of connections while the workers catch up.
    setListenBacklogSize(4096);
}

void Listener::incomingConnection(qintptr descriptor)
{
    IoWorker *worker = m_workers.at(m_next);
    m_next = (m_next + 1) % m_workers.size();
    QMetaObject::invokeMethod(
        worker, [worker, descriptor] { worker->adopt(descriptor); }, Qt::QueuedConnection);
}
