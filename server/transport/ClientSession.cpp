#include "transport/ClientSession.h"

#include "Logging.h"
#include "protocol/WebSocketFrame.h"

#include <QAtomicInteger>

namespace {

QAtomicInteger<quint64> s_nextClientId = 0;

// A peer that does not answer our close frame is cut off after this long.
constexpr int CloseGraceMs = 1000;

} // namespace

ClientSession::ClientSession(QWebSocket *socket, ClientSocket *transport, SubscriptionTable &table, const Config &config,
    ClientInfo::Protocol protocol, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_table(table)
    , m_config(config)
{
    if (transport)
        transport->watch(&m_transport);
    m_socket->setParent(this);
    m_socket->setMaxAllowedIncomingFrameSize(static_cast<quint64>(config.maxMessageBytes));
    m_socket->setMaxAllowedIncomingMessageSize(static_cast<quint64>(config.maxMessageBytes));

    m_info.id = ++s_nextClientId;
    m_info.protocol = protocol;
    m_info.connectedAt = QDateTime::currentDateTimeUtc();
    const QHostAddress address = m_socket->peerAddress();
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol && !address.toIPv4Address()
        ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
        : QHostAddress(address.toIPv4Address()).toString();
    m_info.peer = host + QLatin1Char(':') + QString::number(m_socket->peerPort());

    connect(m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &message) {
        if (!m_closing)
            handleText(message);
    });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &message) {
        if (!m_closing)
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
    if (m_transport)
        m_transport->watch(nullptr);
}

ClientInfo ClientSession::info() const
{
    ClientInfo info = m_info;
    info.streams = m_table.streamsOf(const_cast<ClientSession *>(this));
    return info;
}

void ClientSession::deliver(const EncodedTick &tick)
{
    sendFrame(frameFor(tick));
}

void ClientSession::goAway()
{
    close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"));
}

void ClientSession::sendText(QByteArrayView utf8)
{
    // The same path as ticks, so that Qt's write buffer (a block kept per
    // socket once used) is only ever needed for a client that falls behind.
    sendFrame(WebSocketFrame::text(utf8));
}

void ClientSession::sendFrame(const QByteArray &frame)
{
    if (!admitOutput())
        return;
    if (!m_transport) {
        m_socket->sendTextMessage(QString::fromUtf8(WebSocketFrame::payload(frame)));
        return;
    }
    // QWebSocket writes each of its own frames whole and at once into the
    // same socket, so frames written here never interleave with its own.
    // With nothing queued in Qt, this is one send().
    m_transport->writeFrame(frame);
}

bool ClientSession::admitOutput()
{
    // Nothing may follow a close frame, whichever side sent it.
    if (m_closing || !m_open)
        return false;
    const qint64 unsent = m_transport ? m_transport->queuedBytes() : m_socket->bytesToWrite();
    if (unsent <= m_config.maxSendBufferBytes)
        return true;
    qCWarning(lcServer).nospace().noquote() << "client " << m_info.id << " (" << m_info.peer << ") is not reading: " << unsent
                                            << " bytes unsent; disconnecting it";
    close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("slow consumer"));
    return false;
}

void ClientSession::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    qCDebug(lcServer).nospace() << "closing client " << m_info.id << ": " << int(code) << ' ' << reason;
    unsubscribeAll();
    m_socket->close(code, reason);
    // A timer only while closing: one per client would cost memory for all.
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        QTimer::singleShot(CloseGraceMs, m_socket, &QWebSocket::abort);
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
    m_closing = true;
    m_table.removeAll(this);
    qCInfo(lcServer).nospace().noquote() << "client " << m_info.id << " (" << m_info.peer
                                         << ") disconnected: " << int(m_socket->closeCode()) << ' ' << m_socket->closeReason();
    Q_EMIT finished();
}
