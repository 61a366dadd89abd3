#include "transport/TlsSocket.h"

TlsSocket::TlsSocket(QObject *parent)
    : QSslSocket(parent)
{
}

bool TlsSocket::setSocketDescriptor(qintptr socketDescriptor, SocketState state, OpenMode openMode)
{
    if (!QSslSocket::setSocketDescriptor(socketDescriptor, state, openMode))
        return false;
    setSocketOption(QAbstractSocket::LowDelayOption, 1);
    return true;
}
