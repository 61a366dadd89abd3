#pragma once

#include "transport/ClientFrameCheck.h"
#include "transport/ConnectionLimits.h"

#include <QSslSocket>

// The socket of every connection accepted on a TLS port (--tls-cert). Unlike
// ClientSocket it has no fast write path: every frame is encrypted for its
// one client anyway, so its session writes through QWebSocket. It holds the
// connection's place under the limits, as ClientSocket does.
//
// And it checks that every frame its client sends is masked (RFC 6455 §5.1,
// ClientFrameCheck), as ClientSocket does: QSslSocket decrypts what the
// kernel gives it into its QIODevice read buffer, from which the bytes are
// taken as they are decrypted, their frame headers walked, and only then
// offered to QWebSocket (bytesAvailable(), readyRead()), which reads them
// from here (readData()).
class TlsSocket final : public QSslSocket {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TlsSocket)

public:
    explicit TlsSocket(QObject *parent = nullptr);

    // Also sets TCP_NODELAY, for the same reason as ClientSocket.
    bool setSocketDescriptor(qintptr socketDescriptor, SocketState state = ConnectedState, OpenMode openMode = ReadWrite) override;

    // The connection's place under the connection limits, given back when
    // the socket is destroyed, however the connection ended.
    void holdLease(ConnectionLimits::Lease lease) { m_lease = std::move(lease); }

    // From now on (the next byte to read begins a frame) every frame the
    // client sends is checked for its mask before QWebSocket reads it. On an
    // unmasked frame, nothing more of the client's input reaches QWebSocket
    // and unmaskedFrame() is emitted: the caller closes with 1002.
    void checkClientFrames();

    // What QSslSocket holds decrypted and what was taken out of it to be checked.
    qint64 bytesAvailable() const override;

Q_SIGNALS:
    void unmaskedFrame();

protected:
    qint64 readData(char *data, qint64 maxSize) override;

private:
    friend class ClientFrameCheck; // calls takeInput()

    // Moves what QSslSocket has decrypted into m_frameCheck, checking its
    // frames; true when there is something new for QWebSocket to read.
    bool takeInput();

    ClientFrameCheck m_frameCheck;
    ConnectionLimits::Lease m_lease;
};
