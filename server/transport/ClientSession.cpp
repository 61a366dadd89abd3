#include "transport/ClientSession.h"

#include "protocol/WebSocketFrame.h"
#include "transport/CloseTiming.h"
#include "transport/TransportLogging.h"

#include <QAtomicInteger>
#include <QTimer>

namespace {

QAtomicInteger<quint64> s_nextClientId = 0;

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
    if (transport)
        transport->watch(&m_transport);
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

    connect(m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &message) {
        if (m_closing)
            return;
        ++m_protocolCounters->messagesReceived;
        handleText(message);
    });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &message) {
        if (m_closing)
            return;
        ++m_protocolCounters->messagesReceived;
        handleBinary(message);
    });
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

void ClientSession::goAway()
{
    close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"));
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
    close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("slow consumer"));
    return false;
}

void ClientSession::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    qCDebug(lcClients).nospace() << "closing client " << m_info.id << ": " << int(code) << ' ' << reason;
    unsubscribeAll();
    m_socket->close(code, reason);
    // A timer only while closing: one per client would cost memory for all.
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        QTimer::singleShot(CloseTiming::CloseGraceMs, m_socket, &QWebSocket::abort);
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
    deliver(*latest);
    return true;
}

void ClientSession::onDisconnected()
{
    // QWebSocket closes a client whose message is over the limit by itself.
    if (!m_closing && m_socket->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData)
        countRejected(QStringLiteral("too_large"));
    m_closing = true;
    m_gone = true;
    m_table.removeAll(this);
    --m_protocolCounters->connectionsOpen;
    qCInfo(lcClients).nospace().noquote() << "client " << m_info.id << " (" << m_info.peer
                                          << ") disconnected: " << int(m_socket->closeCode()) << ' ' << m_socket->closeReason();
    Q_EMIT finished();
}
