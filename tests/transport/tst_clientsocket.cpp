// ClientSocket on real loopback connections: what it writes arrives whole and
// in order whether it went straight to the kernel or through Qt's queue, its
// queue is seen and drained, and its one watcher learns of its destruction.
#include "transport/ClientSocket.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

#include <sys/socket.h>

namespace {

// Hands out the descriptors of accepted connections, as the Listener does.
class DescriptorServer final : public QTcpServer {
public:
    QList<qintptr> descriptors;

protected:
    void incomingConnection(qintptr descriptor) override { descriptors.append(descriptor); }
};

void shrinkSendBuffer(QTcpSocket &socket)
{
    const int small = 4096;
    QCOMPARE(::setsockopt(int(socket.socketDescriptor()), SOL_SOCKET, SO_SNDBUF, &small, sizeof small), 0);
}

// Frame i is `size` bytes of its own: "#<i>:" then one repeated letter.
QByteArray frame(int i, int size)
{
    QByteArray bytes = '#' + QByteArray::number(i) + ':';
    bytes.append(QByteArray(size - bytes.size(), char('a' + i % 26)));
    return bytes;
}

} // namespace

class tst_ClientSocket : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void writeWithNothingQueuedGoesStraightToTheKernel();
    void framesArriveInOrderThroughABacklog();
    void qtWritesAndFramesShareOneOrder();
    void watcherIsClearedOnDestruction();
    void writeAfterThePeerIsGoneIsRefused();

private:
    // Connects `peer` to a new ClientSocket adopted from the accepted descriptor.
    std::unique_ptr<ClientSocket> connectPair(QTcpSocket &peer);

    std::unique_ptr<DescriptorServer> m_server;
};

void tst_ClientSocket::init()
{
    m_server = std::make_unique<DescriptorServer>();
    QVERIFY(m_server->listen(QHostAddress::LocalHost));
}

void tst_ClientSocket::cleanup()
{
    m_server.reset();
}

std::unique_ptr<ClientSocket> tst_ClientSocket::connectPair(QTcpSocket &peer)
{
    peer.connectToHost(QHostAddress::LocalHost, m_server->serverPort());
    if (!peer.waitForConnected(5000) || !QTest::qWaitFor([&] { return !m_server->descriptors.isEmpty(); }, 5000))
        return nullptr;
    auto socket = std::make_unique<ClientSocket>();
    if (!socket->setSocketDescriptor(m_server->descriptors.takeFirst()))
        return nullptr;
    return socket;
}

void tst_ClientSocket::writeWithNothingQueuedGoesStraightToTheKernel()
{
    QTcpSocket peer;
    const std::unique_ptr<ClientSocket> socket = connectPair(peer);
    QVERIFY(socket);

    // A plain QTcpSocket would hold these in its write buffer until its event
    // loop runs; a ClientSocket has handed them to the kernel on return.
    socket->writeFrame(frame(1, 100));
    QCOMPARE(socket->bytesToWrite(), 0);
    QCOMPARE(socket->queuedBytes(), 0);
    QCOMPARE(socket->write(frame(2, 100)), 100);
    QCOMPARE(socket->bytesToWrite(), 0);

    QByteArray received;
    QVERIFY(QTest::qWaitFor(
        [&] {
            received += peer.readAll();
            return received.size() >= 200;
        },
        5000));
    QCOMPARE(received, frame(1, 100) + frame(2, 100));
}

void tst_ClientSocket::framesArriveInOrderThroughABacklog()
{
    QTcpSocket peer;
    const std::unique_ptr<ClientSocket> socket = connectPair(peer);
    QVERIFY(socket);
    // A small send buffer and a peer that stops reading, so that the kernel
    // soon refuses and the rest is queued in Qt. (Shrinking the peer's
    // receive buffer too would slow the drain to TCP's zero-window probes.)
    shrinkSendBuffer(*socket);
    peer.setReadBufferSize(1);

    const int frames = 2000;
    const int size = 1000;
    QByteArray expected;
    for (int i = 0; i < frames; ++i) {
        socket->writeFrame(frame(i, size));
        expected += frame(i, size);
    }
    const qint64 queued = socket->queuedBytes();
    QVERIFY2(queued > 0, "the kernel took 2 MB at once; nothing was queued to test");
    QVERIFY(queued < expected.size());
    QCOMPARE(queued, socket->bytesToWrite());

    // Frames written while the backlog is there queue behind it.
    for (int i = frames; i < frames + 10; ++i) {
        socket->writeFrame(frame(i, size));
        expected += frame(i, size);
    }
    QVERIFY(socket->queuedBytes() > queued);

    peer.setReadBufferSize(0);
    QByteArray received;
    QVERIFY(QTest::qWaitFor(
        [&] {
            received += peer.readAll();
            return received.size() >= expected.size();
        },
        20000));
    QCOMPARE(received.size(), expected.size());
    QVERIFY(received == expected);
    QTRY_COMPARE(socket->queuedBytes(), 0);

    // Drained, it writes straight to the kernel again.
    socket->writeFrame(frame(7, 50));
    QCOMPARE(socket->bytesToWrite(), 0);
    QVERIFY(QTest::qWaitFor([&] { return peer.bytesAvailable() >= 50; }, 5000));
    QCOMPARE(peer.readAll(), frame(7, 50));
}

void tst_ClientSocket::qtWritesAndFramesShareOneOrder()
{
    // QWebSocket writes through QIODevice::write(); ready-made frames through
    // writeFrame(). Interleaved, while the peer reads slowly, so that the
    // kernel keeps taking some bytes while Qt still holds others, the bytes
    // arrive in the order they were written.
    QTcpSocket peer;
    const std::unique_ptr<ClientSocket> socket = connectPair(peer);
    QVERIFY(socket);
    shrinkSendBuffer(*socket);
    peer.setReadBufferSize(16 * 1024);

    QByteArray expected;
    QByteArray received;
    bool queued = false;
    for (int i = 0; i < 2000; ++i) {
        const QByteArray bytes = frame(i, 500 + i % 1000);
        if (i % 3 == 0)
            QCOMPARE(socket->write(bytes), bytes.size());
        else
            socket->writeFrame(bytes);
        expected += bytes;
        queued = queued || socket->queuedBytes() > 0;
        if (i % 20 == 0) {
            QCoreApplication::processEvents();
            received += peer.read(8 * 1024);
        }
    }
    QVERIFY2(queued, "the kernel took every write at once; the queued path was not tested");
    peer.setReadBufferSize(0);
    QVERIFY(QTest::qWaitFor(
        [&] {
            received += peer.readAll();
            return received.size() >= expected.size();
        },
        20000));
    QVERIFY(received == expected);
}

void tst_ClientSocket::watcherIsClearedOnDestruction()
{
    auto *socket = new ClientSocket;
    ClientSocket *slot = nullptr;
    socket->watch(&slot);
    QCOMPARE(slot, socket);
    delete socket;
    QCOMPARE(slot, nullptr);

    // A watcher that let go is not touched any more.
    socket = new ClientSocket;
    ClientSocket *released = nullptr;
    socket->watch(&released);
    socket->watch(nullptr);
    const ClientSocket *const before = released;
    delete socket;
    QCOMPARE(released, before);
}

void tst_ClientSocket::writeAfterThePeerIsGoneIsRefused()
{
    auto peer = std::make_unique<QTcpSocket>();
    const std::unique_ptr<ClientSocket> socket = connectPair(*peer);
    QVERIFY(socket);
    QSignalSpy disconnected(socket.get(), &QAbstractSocket::disconnected);
    peer->abort();
    peer.reset();
    // Qt learns of the reset when it next reads, and closes the descriptor.
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(socket->state(), QAbstractSocket::UnconnectedState);
    // The socket stays open for what is left to read; a write is refused,
    // and nothing is sent or queued.
    socket->writeFrame(frame(1, 100));
    QCOMPARE(socket->queuedBytes(), 0);
    QCOMPARE(socket->write(frame(2, 100)), -1);
    QCOMPARE(socket->bytesToWrite(), 0);
}

QTEST_GUILESS_MAIN(tst_ClientSocket)
#include "tst_clientsocket.moc"
