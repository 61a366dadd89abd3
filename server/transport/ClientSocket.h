#pragma once

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
class ClientSocket final : public QTcpSocket {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientSocket)

public:
    explicit ClientSocket(QObject *parent = nullptr);
    ~ClientSocket() override;

    bool setSocketDescriptor(qintptr socketDescriptor, SocketState state = ConnectedState, OpenMode openMode = ReadWrite) override;

    // What Qt still holds for the kernel: bytesToWrite(), read only when
    // something has been queued since it was last seen empty.
    qint64 queuedBytes() const;
    // write(frame), but one send() without Qt's write path when nothing is queued.
    void writeFrame(const QByteArray &frame);

    // *slot is set to this socket now and to nullptr when it is destroyed,
    // until watch(nullptr). One slot at a time, on the socket's thread.
    void watch(ClientSocket **slot);

protected:
    qint64 writeData(const char *data, qint64 size) override;

private:
    bool canSendNow() const;
    // One send() of as much as the kernel takes; the rest is queued.
    qint64 sendNow(const char *data, qint64 size);
    qint64 enqueue(const char *data, qint64 size);

    qintptr m_descriptor = -1;
    mutable bool m_mayHaveQueued = false; // cleared once bytesToWrite() is seen at 0
    ClientSocket **m_watcher = nullptr;
};
