#include "transport/ClientSocket.h"

#include <cerrno>

#include <sys/socket.h>

ClientSocket::ClientSocket(QObject *parent)
    : QTcpSocket(parent)
{
}

ClientSocket::~ClientSocket()
{
    if (m_watcher)
        *m_watcher = nullptr;
}

bool ClientSocket::setSocketDescriptor(qintptr socketDescriptor, SocketState state, OpenMode openMode)
{
    if (!QTcpSocket::setSocketDescriptor(socketDescriptor, state, openMode))
        return false;
    m_descriptor = socketDescriptor;
    return true;
}

void ClientSocket::watch(ClientSocket **slot)
{
    m_watcher = slot;
    if (m_watcher)
        *m_watcher = this;
}

qint64 ClientSocket::queuedBytes() const
{
    if (!m_mayHaveQueued)
        return 0;
    const qint64 queued = bytesToWrite();
    m_mayHaveQueued = queued > 0;
    return queued;
}

bool ClientSocket::canSendNow() const
{
    // The state is read every time, not cached: Qt closes the descriptor on
    // its way out of ConnectedState, and it is the only way to know it has.
    return m_descriptor >= 0 && queuedBytes() == 0 && state() == ConnectedState;
}

void ClientSocket::writeFrame(const QByteArray &frame)
{
    if (frame.isEmpty())
        return;
    if (canSendNow())
        sendNow(frame.constData(), frame.size());
    else
        write(frame);
}

qint64 ClientSocket::writeData(const char *data, qint64 size)
{
    if (size > 0 && canSendNow())
        return sendNow(data, size);
    return enqueue(data, size);
}

qint64 ClientSocket::sendNow(const char *data, qint64 size)
{
    ssize_t sent;
    do {
        sent = ::send(int(m_descriptor), data, size_t(size), MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (sent < 0 && errno == EINTR);
    // On EAGAIN everything is queued. On a real error Qt's own write reports
    // it, through error() and disconnected(), as for any other socket.
    if (sent <= 0)
        return enqueue(data, size);
    if (sent < size)
        enqueue(data + sent, size - sent);
    return size;
}

qint64 ClientSocket::enqueue(const char *data, qint64 size)
{
    m_mayHaveQueued = true;
    return QTcpSocket::writeData(data, size);
}
