#pragma once

#include "transport/ClientFrameCheck.h"
#include "transport/ConnectionLimits.h"
#include "transport/FrameHeaderScanner.h"

#include <QBasicTimer>
#include <QTcpSocket>

// The TCP socket of every accepted connection. It writes straight to the
// kernel whenever nothing is queued in Qt, and queues only what the kernel
// does not take; this is what Qt calls an unbuffered QTcpSocket, which Qt 6.4
// offers only to sockets it connects itself (connectToHost), not to adopted
// descriptors.
//
// Two costs go away for every write, QWebSocket's own included (the 101
// response, pongs, close frames): arming a write notifier and writing on the
// next loop iteration, and the 32 KiB write-buffer block QAbstractSocket
// allocates on first use and keeps for the socket's lifetime. Bytes are never
// reordered: once anything is queued, every later write queues behind it.
//
// The fan-out writes a tick to thousands of sockets in a row, and what it
// costs beyond the kernel's send() is cache misses, one per object it
// touches (docs/benchmarks.md). So writeFrame() and queuedBytes() read this
// object's own members, and Qt's private data only for the socket state or
// when something is queued; and a ClientSocket tells its one owner when it
// is destroyed (watch()), which a QPointer would do through a shared block
// read on every check.
//
// It also performs the server's side of the WebSocket closing handshake
// (RFC 6455 §7.1.1), which QWebSocket does not: QWebSocket writes its close
// frame and closes the socket at once, and with the peer's messages still
// unread the kernel answers with a reset that can destroy the close frame
// before the peer reads it. Once closing here, nothing more is written after
// the close frame, the peer's input is read and discarded (no one else sees
// it any more), the write side is shut down (FIN) as soon as the close frame
// has left Qt's queue, and the socket is closed when the peer's close frame
// or FIN arrives, or when the grace period (transport/CloseTiming.h) ends.
//
// And it checks that every frame its client sends is masked, as RFC 6455
// §5.1 requires of a server and QWebSocket does not (ClientFrameCheck): the
// bytes Qt reads from the kernel are taken out of Qt's buffer as they
// arrive, their frame headers walked, and only then offered to QWebSocket
// (bytesAvailable(), readyRead()), which reads them from here (readData()).
// Only inbound bytes pass through this; what is sent is not touched.
class ClientSocket final : public QTcpSocket {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientSocket)

public:
    explicit ClientSocket(QObject *parent = nullptr);
    ~ClientSocket() override;

    // Also sets TCP_NODELAY: every frame is a complete message, and with
    // Nagle's algorithm the second of two back-to-back frames would wait for
    // the peer's delayed ACK of the first (about 40 ms on Linux).
    bool setSocketDescriptor(qintptr socketDescriptor, SocketState state = ConnectedState, OpenMode openMode = ReadWrite) override;

    // What Qt still holds for the kernel: bytesToWrite(), read only when
    // something has been queued since it was last seen empty.
    qint64 queuedBytes() const;
    // write(frame), but one send() without Qt's write path when nothing is queued.
    void writeFrame(const QByteArray &frame);

    // *slot is set to this socket now and to nullptr when it is destroyed,
    // until watch(nullptr). One slot at a time, on the socket's thread.
    void watch(ClientSocket **slot);

    // The connection's place under the connection limits, given back when
    // the socket is destroyed, however the connection ended.
    void holdLease(ConnectionLimits::Lease lease) { m_lease = std::move(lease); }

    // From now on the socket carries a WebSocket, and close() (QWebSocket's,
    // which it calls after writing its own close frame) performs the closing
    // handshake instead of closing at once.
    void enableClosingHandshake() { m_closingHandshake = true; }
    // From now on (the next byte to read begins a frame) every frame the
    // client sends is checked for its mask before QWebSocket reads it. On an
    // unmasked frame, nothing more of the client's input reaches QWebSocket
    // and unmaskedFrame() is emitted: the caller closes with 1002.
    void checkClientFrames();
    // Writes closeFrame behind everything queued and performs the closing
    // handshake. atFrameBoundary: the next byte to read begins a frame (we are
    // not inside one QWebSocket has begun to read), so the peer's close frame
    // can be recognised; otherwise only its FIN ends the handshake early.
    // graceMs: how long the peer has to take what is queued and answer.
    void closeWebSocket(const QByteArray &closeFrame, bool atFrameBoundary, int graceMs);
    // Closes now, whatever is queued or unread.
    void closeNow();
    // If the closing handshake's grace ends with bytes still unsent, the
    // connection is reset (SO_LINGER {1, 0}) rather than closed: for a client
    // cut off for not reading, the kernel would otherwise keep the orphaned
    // connection, its unsent bytes and its FIN, probing the client's zero
    // window, for tens of seconds.
    void resetIfCutOff() { m_resetIfCutOff = true; }

    // With the closing handshake enabled, the first close() begins it (see
    // above); a later one, abort()'s included, closes at once.
    void close() override;

    // What Qt holds and what was taken out of it to be checked.
    qint64 bytesAvailable() const override;

Q_SIGNALS:
    void unmaskedFrame();

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;
    void timerEvent(QTimerEvent *event) override;

private:
    friend class ClientFrameCheck; // calls takeInput()

    enum class CloseState : quint8 {
        Open,
        Closing, // close frame written; input discarded; waiting for the peer
        Closed, // closing for good (or never had a handshake to perform)
    };

    bool canSendNow() const;
    // One send() of as much as the kernel takes; the rest is queued.
    qint64 sendNow(const char *data, qint64 size);
    qint64 enqueue(const char *data, qint64 size);

    void beginClosing(bool atFrameBoundary, int graceMs);
    void discardInput();
    // Reads and drops what the kernel holds for Qt, before the descriptor is closed.
    void discardKernelInput();
    // Shuts the write side down once Qt's queue is empty, and closes when the
    // peer is done too.
    void onOutputProgress();
    void finishClosing();
    // What Qt and the kernel still hold for the peer.
    bool hasUnsentBytes() const;
    // Moves what Qt has read from the kernel into m_frameCheck, checking its
    // frames; true when there is something new for QWebSocket to read.
    bool takeInput();

    // The first two are read by writeFrame() on every tick: keep them first.
    qintptr m_descriptor = -1;
    mutable bool m_mayHaveQueued = false; // cleared once bytesToWrite() is seen at 0
    CloseState m_closeState = CloseState::Open;
    bool m_closingHandshake = false;
    bool m_scanning = false; // m_scanner sees the input from a frame boundary
    bool m_peerDone = false; // the peer's close frame arrived
    bool m_writeShut = false;
    bool m_resetIfCutOff = false;
    ClientSocket **m_watcher = nullptr;
    QBasicTimer m_grace; // while closing
    FrameHeaderScanner m_scanner {FrameHeaderScanner::Watch::CloseFrame}; // while closing
    ClientFrameCheck m_frameCheck; // every inbound byte passes through it once on
    ConnectionLimits::Lease m_lease;
};
