#include "transport/ClientSocket.h"

#include "transport/CloseTiming.h"
#include "transport/TransportLogging.h"

#include <QTimerEvent>

#include <cerrno>

#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

ClientSocket::ClientSocket(QObject *parent)
    : QTcpSocket(parent)
{
}

ClientSocket::~ClientSocket()
{
    if (m_watcher)
        *m_watcher = nullptr;
}

bool ClientSocket::setSocketDescriptor(qintptr socketDescriptor, SocketState state, OpenMode openMode)
{
    if (!QTcpSocket::setSocketDescriptor(socketDescriptor, state, openMode))
        return false;
    m_descriptor = socketDescriptor;
    setSocketOption(QAbstractSocket::LowDelayOption, 1);
    return true;
}

void ClientSocket::watch(ClientSocket **slot)
{
    m_watcher = slot;
    if (m_watcher)
        *m_watcher = this;
}

qint64 ClientSocket::queuedBytes() const
{
    if (!m_mayHaveQueued)
        return 0;
    const qint64 queued = bytesToWrite();
    m_mayHaveQueued = queued > 0;
    return queued;
}

bool ClientSocket::canSendNow() const
{
    // The state is read every time, not cached: Qt closes the descriptor on
    // its way out of ConnectedState, and it is the only way to know it has.
    return m_descriptor >= 0 && queuedBytes() == 0 && state() == ConnectedState;
}

void ClientSocket::writeFrame(const QByteArray &frame)
{
    if (frame.isEmpty())
        return;
    if (canSendNow())
        sendNow(frame.constData(), frame.size());
    else
        write(frame);
}

qint64 ClientSocket::writeData(const char *data, qint64 size)
{
    // Nothing may follow the close frame (RFC 6455 §5.5.1): what QWebSocket
    // still writes while we close (a pong, or a close frame of its own
    // answering the peer's) is dropped. The hot path, writeFrame() with
    // nothing queued, does not come here: its caller stops first.
    if (m_closeState != CloseState::Open)
        return size;
    if (size > 0 && canSendNow())
        return sendNow(data, size);
    return enqueue(data, size);
}

qint64 ClientSocket::sendNow(const char *data, qint64 size)
{
    ssize_t sent;
    do {
        sent = ::send(int(m_descriptor), data, size_t(size), MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (sent < 0 && errno == EINTR);
    // On EAGAIN everything is queued. On a real error Qt's own write reports
    // it, through error() and disconnected(), as for any other socket.
    if (sent <= 0)
        return enqueue(data, size);
    if (sent < size)
        enqueue(data + sent, size - sent);
    return size;
}

qint64 ClientSocket::enqueue(const char *data, qint64 size)
{
    m_mayHaveQueued = true;
    return QTcpSocket::writeData(data, size);
}

void ClientSocket::closeWebSocket(const QByteArray &closeFrame, bool atFrameBoundary, int graceMs)
{
    if (m_closeState != CloseState::Open || state() != ConnectedState) {
        closeNow();
        return;
    }
    writeFrame(closeFrame);
    beginClosing(atFrameBoundary, graceMs);
}

void ClientSocket::close()
{
    // QWebSocket calls this right after writing a close frame of its own: on
    // a frame it refused (too large, malformed) or to answer the peer's
    // close. Either way its frame is written; where the peer's next frame
    // begins is not known.
    if (m_closingHandshake && m_closeState == CloseState::Open && state() == ConnectedState) {
        beginClosing(false, CloseTiming::CloseGraceMs);
        return;
    }
    // A second close() does not wait for the handshake any more: abort()
    // comes here too, and QWebSocket calls it again only when destroyed.
    m_closeState = CloseState::Closed;
    m_grace.stop();
    m_frameCheck.drop();
    QTcpSocket::close();
}

void ClientSocket::closeNow()
{
    m_closeState = CloseState::Closed;
    m_grace.stop();
    m_frameCheck.drop();
    abort();
}

void ClientSocket::checkClientFrames()
{
    if (m_frameCheck.isOn())
        return;
    setOpenMode(openMode() | QIODevice::Unbuffered);
    m_frameCheck.start(this);
}

qint64 ClientSocket::bytesAvailable() const
{
    if (!m_frameCheck.isOn() || m_closeState != CloseState::Open)
        return QTcpSocket::bytesAvailable() + m_frameCheck.held();
    // QWebSocket reads on readyRead(), which Qt emits before
    // channelReadyRead(): it is told again once takeInput() has checked
    // what Qt just read.
    return m_frameCheck.availableToReader(QTcpSocket::bytesAvailable(), isOpen());
}

qint64 ClientSocket::readData(char *data, qint64 maxSize)
{
    if (m_frameCheck.held() == 0)
        return QTcpSocket::readData(data, maxSize);
    return m_frameCheck.read(data, maxSize);
}

bool ClientSocket::takeInput()
{
    if (m_closeState != CloseState::Open)
        return false;
    return m_frameCheck.take(*this, QTcpSocket::bytesAvailable(), [this] { Q_EMIT unmaskedFrame(); });
}

void ClientSocket::beginClosing(bool atFrameBoundary, int graceMs)
{
    m_closeState = CloseState::Closing;
    m_scanning = atFrameBoundary;
    m_grace.start(graceMs, this);
    // Take the input away from QWebSocket: it reads no more messages and
    // answers no more pings. Reading everything buffered now also ends a
    // QWebSocket read loop that this close was called from.
    disconnect(this, &QIODevice::readyRead, nullptr, nullptr);
    connect(this, &QIODevice::readyRead, this, &ClientSocket::discardInput);
    connect(this, &QIODevice::bytesWritten, this, &ClientSocket::onOutputProgress);
    // The peer's FIN (or a reset) makes Qt close the socket by itself; then
    // its descriptor is gone, and may soon be another connection's.
    connect(this, &QAbstractSocket::disconnected, this, [this] {
        m_closeState = CloseState::Closed;
        m_grace.stop();
    });
    discardInput();
    onOutputProgress();
}

void ClientSocket::discardInput()
{
    char scratch[4096];
    while (bytesAvailable() > 0) {
        const qint64 read = QTcpSocket::read(scratch, sizeof scratch);
        if (read <= 0)
            break;
        if (m_scanning && !m_peerDone) {
            switch (m_scanner.feed(QByteArrayView(scratch, read))) {
            case FrameHeaderScanner::Result::Scanning: break;
            case FrameHeaderScanner::Result::Found: m_peerDone = true; break;
            case FrameHeaderScanner::Result::Lost: m_scanning = false; break;
            }
        }
    }
    if (m_peerDone)
        onOutputProgress();
}

void ClientSocket::discardKernelInput()
{
    if (state() != ConnectedState)
        return;
    // Bounded: a peer sending at full speed must not keep this loop going.
    char scratch[16 * 1024];
    for (int round = 0; round < 16; ++round) {
        if (::recv(int(m_descriptor), scratch, sizeof scratch, MSG_DONTWAIT) <= 0)
            break;
    }
}

void ClientSocket::onOutputProgress()
{
    if (m_closeState != CloseState::Closing || state() != ConnectedState || queuedBytes() > 0)
        return;
    if (!m_writeShut) {
        // The kernel sends what it still holds, then the FIN: the peer reads
        // the close frame and then the end of the stream.
        m_writeShut = true;
        ::shutdown(int(m_descriptor), SHUT_WR);
    }
    // Closed outside this call stack: it may run inside QWebSocket's.
    if (m_peerDone)
        QMetaObject::invokeMethod(this, &ClientSocket::finishClosing, Qt::QueuedConnection);
}

void ClientSocket::finishClosing()
{
    if (m_closeState != CloseState::Closing)
        return;
    m_closeState = CloseState::Closed;
    m_grace.stop();
    // Nothing may be left unread when the descriptor is closed, or the kernel
    // answers with a reset instead of completing the close.
    discardInput();
    discardKernelInput();
    QTcpSocket::close();
}

bool ClientSocket::hasUnsentBytes() const
{
    if (queuedBytes() > 0)
        return true;
    int kernel = 0;
    return state() == ConnectedState && ::ioctl(int(m_descriptor), SIOCOUTQ, &kernel) == 0 && kernel > 0;
}

void ClientSocket::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_grace.timerId()) {
        QTcpSocket::timerEvent(event);
        return;
    }
    m_grace.stop();
    if (m_closeState != CloseState::Closing)
        return;
    qCDebug(lcClients) << "closing handshake not completed in time; cutting the connection";
    // Whatever is still queued for the peer is dropped with the socket.
    discardInput();
    discardKernelInput();
    if (m_resetIfCutOff && hasUnsentBytes()) {
        // An abortive close: a reset now, and the kernel frees the
        // connection with what it still held for the peer.
        const linger reset {1, 0};
        ::setsockopt(int(m_descriptor), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    }
    closeNow();
}
