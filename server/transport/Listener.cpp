#include "transport/Listener.h"

#include "transport/ConnectionLimits.h"
#include "transport/IoWorker.h"
#include "transport/TransportLogging.h"

#include <memory>

#include <cerrno>

#include <sys/socket.h>
#include <unistd.h>

Listener::Listener(const QList<IoWorker *> &workers, ConnectionLimits *limits, QObject *parent)
    : QTcpServer(parent)
    , m_workers(workers)
    , m_limits(limits)
{
    Q_ASSERT(!m_workers.isEmpty());
    // Room for a storm of connections while the workers catch up.
    setListenBacklogSize(4096);
    if (m_limits) {
        // Called in the I/O thread that frees a place: only posts.
        m_limits->setOnPendingRoom([this] { QMetaObject::invokeMethod(this, &Listener::acceptAgainIfRoom, Qt::QueuedConnection); });
    }
}

Listener::~Listener()
{
    // Waits for a call in progress; none comes after.
    if (m_limits)
        m_limits->setOnPendingRoom({});
    for (const qintptr descriptor : std::as_const(m_waiting))
        ::close(int(descriptor));
}

void Listener::incomingConnection(qintptr descriptor)
{
    if (m_socketSendBufferBytes > 0) {
        // The kernel doubles it for its bookkeeping and keeps it within
        // net.core.wmem_max; a failure leaves the kernel's default.
        const int bytes = m_socketSendBufferBytes;
        if (::setsockopt(int(descriptor), SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes) != 0)
            qCDebug(lcHttp) << "SO_SNDBUF refused:" << qt_error_string(errno);
    }
    if (!m_limits) {
        handOut(descriptor, {});
        return;
    }
    if (m_paused) {
        m_waiting.enqueue(descriptor);
        return;
    }
    ConnectionLimits::Lease pending = m_limits->beginHandshake();
    if (!pending.isHeld()) {
        pause();
        m_waiting.enqueue(descriptor);
        return;
    }
    handOut(descriptor, std::move(pending));
    if (m_limits->pendingHandshakesFull())
        pause();
}

void Listener::handOut(qintptr descriptor, ConnectionLimits::Lease pending)
{
    // A shared_ptr, as a queued functor must be copyable; the lease itself
    // moves on to the worker, which owns it from then on.
    auto lease = std::make_shared<ConnectionLimits::Lease>(std::move(pending));
    IoWorker *worker = m_workers.at(m_next);
    m_next = (m_next + 1) % m_workers.size();
    QMetaObject::invokeMethod(
        worker, [worker, descriptor, lease] { worker->adopt(descriptor, std::move(*lease)); }, Qt::QueuedConnection);
}

void Listener::pause()
{
    if (m_paused)
        return;
    m_paused = true;
    pauseAccepting();
    // At warning level once: under a flood it would repeat.
    if (m_pauses++ == 0)
        qCWarning(lcHttp) << "all --max-pending-handshakes places are taken; new connections wait until a handshake ends";
    else
        qCDebug(lcHttp) << "accepting paused: every pending place is taken";
}

void Listener::acceptAgainIfRoom()
{
    if (!m_paused)
        return;
    while (!m_waiting.isEmpty()) {
        ConnectionLimits::Lease pending = m_limits->beginHandshake();
        if (!pending.isHeld())
            return; // full again: the next place given back calls again
        handOut(m_waiting.dequeue(), std::move(pending));
    }
    if (m_limits->pendingHandshakesFull())
        return;
    m_paused = false;
    qCDebug(lcHttp) << "accepting again";
    resumeAccepting();
}
