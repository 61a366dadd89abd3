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

void TlsSocket::checkClientFrames()
{
    if (m_frameCheck.isOn())
        return;
    // QSslSocket, as QTcpSocket, emits channelReadyRead() after readyRead()
    // for every block it decrypts.
    setOpenMode(openMode() | QIODevice::Unbuffered);
    m_frameCheck.start(this);
}

qint64 TlsSocket::bytesAvailable() const
{
    if (!m_frameCheck.isOn())
        return QSslSocket::bytesAvailable();
    return m_frameCheck.availableToReader(QSslSocket::bytesAvailable(), isOpen());
}

qint64 TlsSocket::readData(char *data, qint64 maxSize)
{
    // In encrypted mode QSslSocket's own readData() reads nothing: it only
    // has more decrypted into the buffer, which takeInput() then takes.
    if (m_frameCheck.held() == 0)
        return QSslSocket::readData(data, maxSize);
    return m_frameCheck.read(data, maxSize);
}

bool TlsSocket::takeInput()
{
    return m_frameCheck.take(*this, QSslSocket::bytesAvailable(), [this] { Q_EMIT unmaskedFrame(); });
}
