#include "transport/ClientSocket.h"

#include <cerrno>

#include <sys/socket.h>

ClientSocket::ClientSocket(QObject *parent)
    : QTcpSocket(parent)
{
}

ClientSocket::~ClientSocket() = default;

qint64 ClientSocket::writeData(const char *data, qint64 size)
{
    if (size <= 0 || state() != ConnectedState || bytesToWrite() > 0)
        return QTcpSocket::writeData(data, size);
    ssize_t sent;
    do {
        sent = ::send(socketDescriptor(), data, size_t(size), MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (sent < 0 && errno == EINTR);
    // On EAGAIN everything is queued. On a real error Qt's own write reports
    // it, through error() and disconnected(), as for any other socket.
    if (sent <= 0)
        return QTcpSocket::writeData(data, size);
    if (sent < size)
        QTcpSocket::writeData(data + sent, size - sent);
    return size;
}
