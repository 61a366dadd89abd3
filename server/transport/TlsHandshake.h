#pragma once

#include "transport/ConnectionLimits.h"
#include "transport/TrafficCounters.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSslConfiguration>
#include <QTimer>

class TlsSocket;

// The front of a connection accepted on a TLS port, before its HTTP request
// (ConnectionGate): it tells a TLS client from a plain one by the first byte
// (a TLS record carrying a ClientHello begins with 0x16), answers a plain
// HTTP request 400 in plain text, as nginx does, and runs the TLS handshake
// in the I/O thread it lives in. A connection that sends something else, fails
// the handshake or does not finish it within the handshake timeout is
// counted (connections rejected, reason "plain_http_on_tls", "tls_handshake"
// or "request_timeout") and closed.
class TlsHandshake final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TlsHandshake)

public:
    // The reasons counted in connectionsRejected.
    static const QString PlainHttpReason;
    static const QString HandshakeReason;

    // The socket becomes a child until secured(); configuration is the
    // identity in force when the connection was accepted.
    TlsHandshake(TlsSocket *socket, const QSslConfiguration &configuration, int timeoutMs, TrafficCounters &counters,
        ConnectionLimits::Lease pending, QObject *parent = nullptr);

    // The pending-handshake place, for the ConnectionGate that follows.
    ConnectionLimits::Lease takePending() { return std::move(m_pending); }
    // What is left of the handshake timeout for the HTTP request (at least 1 ms).
    int remainingMs() const;
    // Closes at once (the server is shutting down).
    void abort();

Q_SIGNALS:
    // The handshake succeeded: the socket (now without parent) carries
    // decrypted HTTP from here on; the handshake object is done.
    void secured(TlsSocket *socket);
    // Done, secured or not.
    void finished();

private:
    enum class Stage : quint8 { Sniffing, Handshaking, Answering, Done };

    void onReadyRead();
    void answerPlainHttp();
    void reject(const QString &reason, const QString &why);
    void finish();

    TlsSocket *m_socket; // child until secured
    const QSslConfiguration m_configuration;
    const int m_timeoutMs;
    TrafficCounters &m_counters;
    ConnectionLimits::Lease m_pending;
    QElapsedTimer m_elapsed;
    QTimer m_timeout;
    Stage m_stage = Stage::Sniffing;
    bool m_finished = false;
};
