#pragma once

#include <QByteArray>
#include <QList>
#include <QSslConfiguration>
#include <QSslSocket>

#include <optional>

// A WebSocket client written on a bare QTcpSocket: it performs the HTTP
// upgrade itself, writes the masked frames a test hands it, byte for byte
// and at once (TCP_NODELAY, one send per call), and parses what the server
// sends without answering anything on its own. So a test controls what
// follows a bad frame and sees exactly how the connection ends: a close
// frame with its code, a FIN, or a reset.
class RawWsClient final {
public:
    struct Frame {
        quint8 opcode = 0;
        QByteArray payload;
    };

    RawWsClient();
    ~RawWsClient();
    Q_DISABLE_COPY_MOVE(RawWsClient)

    // Connects to 127.0.0.1:port and upgrades target (e.g. "/ws"); true once
    // the server answered 101. With tls, over TLS with that configuration
    // (wss://): the frames a test sends are encrypted as they are.
    bool open(quint16 port, QByteArrayView target, int timeoutMs = 5000, const std::optional<QSslConfiguration> &tls = {});
    QTcpSocket &socket() { return m_socket; }

    // Writes bytes now; false if the socket refused them (it is closed).
    bool send(const QByteArray &bytes);
    bool sendText(QByteArrayView payload);
    bool sendBinary(QByteArrayView payload);

    // The next text or binary message, waiting up to timeoutMs; nullopt on
    // timeout or once the server's close frame is next.
    std::optional<QByteArray> nextMessage(int timeoutMs = 5000);
    // Waits until the server's close frame has arrived or the connection has
    // ended, whichever comes first.
    bool waitForCloseOrEnd(int timeoutMs = 5000);
    bool waitForEnd(int timeoutMs = 5000);
    // From now on reads nothing at all, as a client that has stopped reading:
    // what the server sends, its FIN included, stays in the kernel.
    void stopReading();
    // Reads again, what the kernel kept first.
    void resumeReading();

    // Messages received and not yet taken by nextMessage().
    int pendingCount() const { return int(m_messages.size()); }

    bool closeFrameReceived() const { return m_closeCode.has_value(); }
    // The status code of the server's close frame; nullopt when none arrived
    // (or it had no code).
    std::optional<quint16> closeCode() const { return m_closeCode; }
    QByteArray closeReason() const { return m_closeReason; }
    // The connection ended (FIN or reset), and how: RemoteHostClosedError for
    // both on Linux; UnknownSocketError if no error was reported.
    bool hasEnded() const { return m_ended; }
    QAbstractSocket::SocketError error() const { return m_error; }
    // Frames that arrived after the close frame (RFC 6455 §5.5.1: none may).
    int framesAfterClose() const { return m_framesAfterClose; }

private:
    void onReadyRead();
    // Parses complete frames out of m_buffer.
    void parseFrames();

    QSslSocket m_socket; // plain TCP unless open() was given tls
    QByteArray m_buffer;
    bool m_upgraded = false;
    bool m_reading = true;
    QList<Frame> m_messages;
    std::optional<quint16> m_closeCode;
    QByteArray m_closeReason;
    bool m_ended = false;
    QAbstractSocket::SocketError m_error = QAbstractSocket::UnknownSocketError;
    int m_framesAfterClose = 0;
};
