#pragma once

#include "transport/ConnectionLimits.h"

#include <QSslSocket>

// The socket of every connection accepted on a TLS port (--tls-cert). Unlike
// ClientSocket it has no fast write path: every frame is encrypted for its
// one client anyway, so its session writes through QWebSocket. It holds the
// connection's place under the limits, as ClientSocket does.
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

private:
    ConnectionLimits::Lease m_lease;
};
