#include "transport/ClientSession.h"

#include "protocol/WebSocketFrame.h"
#include "transport/CloseTiming.h"
#include "transport/MessageRateLimit.h"
#include "transport/TransportLogging.h"

#include "time/SystemClock.h"

#include <QAtomicInteger>
#include <QTimer>

namespace {

QAtomicInteger<quint64> s_nextClientId = 0;

// An unmasked close frame (RFC 6455 §5.5.1): the code, then the reason cut to
// what a control frame holds (125 bytes in all), on a character boundary.
QByteArray closeFrame(int code, const QString &reason)
{
    QByteArray utf8 = reason.toUtf8();
    if (utf8.size() > 123) {
        qsizetype end = 123;
        while (end > 0 && (static_cast<unsigned char>(utf8[end]) & 0xc0) == 0x80)
            --end;
        utf8.truncate(end);
    }
    QByteArray frame;
    frame.reserve(4 + utf8.size());
    frame.append(char(0x88)).append(char(2 + utf8.size()));
    frame.append(char((code >> 8) & 0xff)).append(char(code & 0xff));
    frame.append(utf8);
    return frame;
}

} // namespace

ClientSession::ClientSession(QWebSocket *socket, ClientSocket *transport, SubscriptionTable &table, const TransportSettings &settings,
    TrafficCounters &counters, ClientInfo::Protocol protocol, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_protocolCounters(protocol == ClientInfo::Protocol::SocketIo ? &counters.socketIo : &counters.json)
    , m_table(table)
    , m_settings(settings)
    , m_counters(counters)
{
    if (settings.clientMessageRate > 0)
        m_rateLimit = std::make_unique<MessageRateLimit>(SystemClock::instance(), settings.clientMessageRate, settings.clientMessageBurst);
    if (transport) {
        transport->watch(&m_transport);
        transport->enableClosingHandshake();
    }
    m_socket->setParent(this);
    m_socket->setMaxAllowedIncomingFrameSize(static_cast<quint64>(settings.maxMessageBytes));
    m_socket->setMaxAllowedIncomingMessageSize(static_cast<quint64>(settings.maxMessageBytes));

    m_info.id = ++s_nextClientId;
    m_info.protocol = protocol;
    m_info.connectedAt = QDateTime::currentDateTimeUtc();
    const QHostAddress address = m_socket->peerAddress();
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol && !address.toIPv4Address()
        ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
        : QHostAddress(address.toIPv4Address()).toString();
    m_info.peer = host + QLatin1Char(':') + QString::number(m_socket->peerPort());
    ++m_protocolCounters->connectionsOpen;
    ++m_protocolCounters->connectionsTotal;

    // While a message is handled, QWebSocket has just read its last frame: a
    // close decided now knows that the next byte to read begins a frame.
    connect(m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &message) {
        if (m_closing)
            return;
        ++m_protocolCounters->messagesReceived;
        m_inMessage = true;
        if (admitInput())
            handleText(message);
        m_inMessage = false;
    });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &message) {
        if (m_closing)
            return;
        ++m_protocolCounters->messagesReceived;
        m_inMessage = true;
        if (admitInput())
            handleBinary(message);
        m_inMessage = false;
    });
    // QWebSocket writes a close frame of its own when it refuses a frame (too
    // large, malformed) and when it answers the client's close; it then calls
    // the socket's close(), which performs the closing handshake.
    connect(m_socket, &QWebSocket::aboutToClose, this, &ClientSession::onWebSocketClosing);
    connect(m_socket, &QWebSocket::disconnected, this, &ClientSession::onDisconnected);
    // Kept here rather than asked of the QWebSocket on every tick: reading its
    // state was the largest user-space cost of a fan-out (a cache miss per
    // client into its private data; docs/benchmarks.md). QWebSocket changes
    // its state only through stateChanged(), a close frame it sends included.
    m_open = m_socket->state() == QAbstractSocket::ConnectedState;
    connect(m_socket, &QWebSocket::stateChanged, this,
        [this](QAbstractSocket::SocketState state) { m_open = state == QAbstractSocket::ConnectedState; });
}

ClientSession::~ClientSession()
{
    // Cut off without a disconnect (a worker going away with it).
    if (!m_gone)
        --m_protocolCounters->connectionsOpen;
    if (m_transport)
        m_transport->watch(nullptr);
}

ClientInfo ClientSession::info() const
{
    ClientInfo info = m_info;
    info.streams = m_table.streamsOf(const_cast<ClientSession *>(this));
    info.messagesSent = m_messagesSent;
    info.bytesQueued = m_transport ? m_transport->queuedBytes() : m_socket->bytesToWrite();
    return info;
}

qsizetype ClientSession::deliver(const EncodedTick &tick)
{
    const QByteArray &frame = frameFor(tick);
    return sendFrame(frame) ? frame.size() : 0;
}

void ClientSession::goAway(int graceMs)
{
    // Not a Socket.IO DISCONNECT packet, which tells socket.io-client not to
    // reconnect: the reference server closes the transport on shutdown, and
    // clients reconnect, to another instance behind a load balancer too.
    close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"), graceMs);
}

void ClientSession::kick()
{
    qCInfo(lcClients).nospace().noquote() << "client " << m_info.id << " (" << m_info.peer << ") disconnected by the operator";
    close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("disconnected by the operator"));
}

void ClientSession::sendText(QByteArrayView utf8)
{
    // The same path as ticks, so that Qt's write buffer (a block kept per
    // socket once used) is only ever needed for a client that falls behind.
    sendFrame(WebSocketFrame::text(utf8));
}

bool ClientSession::sendFrame(const QByteArray &frame)
{
    if (!admitOutput())
        return false;
    ++m_messagesSent;
    ++m_protocolCounters->messagesSent;
    m_protocolCounters->bytesSent += quint64(frame.size());
    if (!m_transport) {
        m_socket->sendTextMessage(QString::fromUtf8(WebSocketFrame::payload(frame)));
        return true;
    }
    // QWebSocket writes each of its own frames whole and at once into the
    // same socket, so frames written here never interleave with its own.
    // With nothing queued in Qt, this is one send().
    m_transport->writeFrame(frame);
    return true;
}

bool ClientSession::admitOutput()
{
    // Nothing may follow a close frame, whichever side sent it.
    if (m_closing || !m_open)
        return false;
    const qint64 unsent = m_transport ? m_transport->queuedBytes() : m_socket->bytesToWrite();
    if (unsent <= m_settings.maxSendBufferBytes)
        return true;
    qCWarning(lcClients).nospace().noquote() << "client " << m_info.id << " (" << m_info.peer << ") is not reading: " << unsent
                                             << " bytes unsent; disconnecting it";
    ++m_counters.slowConsumerDisconnects;
    close(CloseSlowConsumer, QStringLiteral("slow consumer"));
    return false;
}

bool ClientSession::admitInput()
{
    if (!m_rateLimit)
        return true;
    const MessageRateLimit::Verdict verdict = m_rateLimit->admit();
    if (verdict == MessageRateLimit::Verdict::Accept)
        return true;
    countRejected(MessageRateLimit::errorCode());
    if (verdict == MessageRateLimit::Verdict::Warn) {
        qCInfo(lcClients).nospace().noquote() << "client " << m_info.id << " (" << m_info.peer << ") is over the message rate; warned";
        warnRateLimited(QStringLiteral("more than %1 messages a second (bursts of %2); this one was dropped, and the connection closes if "
                                       "it goes on")
                            .arg(m_settings.clientMessageRate)
                            .arg(m_settings.clientMessageBurst));
    } else if (verdict == MessageRateLimit::Verdict::Close) {
        qCInfo(lcClients).nospace().noquote() << "client " << m_info.id << " (" << m_info.peer
                                              << ") kept on over the message rate; disconnecting it";
        close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("rate limited"));
    }
    return false;
}

void ClientSession::close(int code, const QString &reason, int graceMs)
{
    if (m_closing)
        return;
    m_closing = true;
    m_closeCode = code;
    m_closeReason = reason;
    qCDebug(lcClients).nospace() << "closing client " << m_info.id << ": " << code << ' ' << reason;
    unsubscribeAll();
    if (m_transport) {
        // Not through QWebSocket, which would close the socket right after
        // its close frame; the frame queues behind what is already queued.
        m_transport->closeWebSocket(closeFrame(code, reason), m_inMessage, graceMs);
        return;
    }
    // Qt keeps any code as its enum, ours (4008) included, as it does those of peers.
    m_socket->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
    // A timer only while closing: one per client would cost memory for all.
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        QTimer::singleShot(graceMs, m_socket, &QWebSocket::abort);
}

void ClientSession::onWebSocketClosing()
{
    // Also emitted when the socket finally closes after our own close.
    if (m_closing)
        return;
    m_closing = true;
    // QWebSocket refuses a message over the limit by itself.
    if (m_socket->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData)
        countRejected(QStringLiteral("too_large"));
    unsubscribeAll();
}

void ClientSession::countRejected(const QString &reason)
{
    TrafficCounters::count(m_protocolCounters->messagesRejected, reason);
}

SubscriptionTable::SubscribeResult ClientSession::subscribe(const QString &stream)
{
    const auto result = m_table.subscribe(this, stream);
    if (result == SubscriptionTable::SubscribeResult::Subscribed)
        Q_EMIT subscriptionsChanged();
    return result;
}

SubscriptionTable::UnsubscribeResult ClientSession::unsubscribe(const QString &stream)
{
    const auto result = m_table.unsubscribe(this, stream);
    if (result == SubscriptionTable::UnsubscribeResult::Unsubscribed)
        Q_EMIT subscriptionsChanged();
    return result;
}

void ClientSession::unsubscribeAll()
{
    if (m_table.streamsOf(this).isEmpty())
        return;
    m_table.removeAll(this);
    Q_EMIT subscriptionsChanged();
}

bool ClientSession::sendLatest(const QString &stream)
{
    const EncodedTick *latest = m_table.latest(stream);
    if (!latest)
        return false;
    // A tick of the stream like those of the fan-out, and counted as one.
    if (const qsizetype bytes = deliver(*latest)) {
        TrafficCounters::Stream &counters = m_counters.streams[stream];
        ++counters.messagesSent;
        counters.bytesSent += quint64(bytes);
    }
    return true;
}

void ClientSession::onDisconnected()
{
    m_closing = true;
    m_gone = true;
    m_table.removeAll(this);
    --m_protocolCounters->connectionsOpen;
    // Our own close code, or the one QWebSocket sent (or 1000 if none was).
    const int code = m_closeCode ? m_closeCode : int(m_socket->closeCode());
    const QString &reason = m_closeCode ? m_closeReason : m_socket->closeReason();
    qCInfo(lcClients).nospace().noquote() << "client " << m_info.id << " (" << m_info.peer << ") disconnected: " << code << ' ' << reason;
    Q_EMIT finished();
}
