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
// bytesToWrite() is what Qt still holds, so the slow-consumer cap applies as
// before.
class ClientSocket final : public QTcpSocket {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientSocket)

public:
    explicit ClientSocket(QObject *parent = nullptr);
    ~ClientSocket() override;

protected:
    qint64 writeData(const char *data, qint64 size) override;
};
