#pragma once

#include <QList>
#include <QQueue>
#include <QTcpServer>

#include "transport/ConnectionLimits.h"

class IoWorker;

// Accepts TCP connections on the shared port and hands each descriptor to the
// next I/O worker in turn; the worker creates the socket in its own thread
// (a QTcpSocket cannot be moved between threads once in use).
//
// With limits, each accepted connection takes its place under
// --max-pending-handshakes here, and the listener stops accepting while they
// are all taken, until a handshake ends: a storm of connections waits in the
// kernel's backlog (and the clients' SYN retries) instead of being refused,
// while half-open and slowloris connections still cannot hold more than the
// limit (each is cut off by --handshake-timeout).
class Listener final : public QTcpServer {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Listener)

public:
    // limits (may be null, not owned) must outlive the listener.
    explicit Listener(const QList<IoWorker *> &workers, ConnectionLimits *limits = nullptr, QObject *parent = nullptr);
    ~Listener() override;

    // SO_SNDBUF of every connection accepted from now on; 0 leaves the
    // kernel's autotuning, which on a fast path grows it to
    // net.ipv4.tcp_wmem's maximum (4 MiB) for a client that does not read.
    void setSocketSendBuffer(int bytes) { m_socketSendBufferBytes = bytes; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void handOut(qintptr descriptor, ConnectionLimits::Lease pending);
    void pause();
    void acceptAgainIfRoom();

    QList<IoWorker *> m_workers;
    ConnectionLimits *m_limits;
    qsizetype m_next = 0;
    bool m_paused = false; // not accepting: every pending place is taken
    // Accepted after the pause by the same notification (QTcpServer accepts
    // until the backlog is empty): at most one backlog's worth, handed out
    // first when places free up.
    QQueue<qintptr> m_waiting;
    quint64 m_pauses = 0;
    int m_socketSendBufferBytes = 0;
};
