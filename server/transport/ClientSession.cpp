#include "transport/ClientSession.h"

#include "Logging.h"

#include <QAtomicInteger>

namespace {

QAtomicInteger<quint64> s_nextClientId = 0;

// A peer that does not answer our close frame is cut off after this long.
constexpr int CloseGraceMs = 1000;

} // namespace

ClientSession::ClientSession(
    QWebSocket *socket, SubscriptionTable &table, const Config &config, ClientInfo::Protocol protocol, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_table(table)
    , m_config(config)
{
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

    m_abortTimer.setSingleShot(true);
    m_abortTimer.setInterval(CloseGraceMs);
    connect(&m_abortTimer, &QTimer::timeout, m_socket, &QWebSocket::abort);
    connect(m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &message) {
        if (!m_closing)
            handleText(message);
    });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &message) {
        if (!m_closing)
            handleBinary(message);
    });
    connect(m_socket, &QWebSocket::disconnected, this, &ClientSession::onDisconnected);
}

ClientSession::~ClientSession() = default;

ClientInfo ClientSession::info() const
{
    ClientInfo info = m_info;
    info.streams = m_table.streamsOf(const_cast<ClientSession *>(this));
    return info;
}

void ClientSession::deliver(const EncodedTick &tick)
{
    sendText(frameFor(tick));
}

void ClientSession::goAway()
{
    close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"));
}

void ClientSession::sendText(const QString &message)
{
    if (m_closing)
        return;
    if (m_socket->bytesToWrite() > m_config.maxSendBufferBytes) {
        qCWarning(lcServer).nospace().noquote() << "client " << m_info.id << " (" << m_info.peer << ") is not reading: " << m_socket->bytesToWrite()
                                      << " bytes unsent; disconnecting it";
        close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("slow consumer"));
        return;
    }
    m_socket->sendTextMessage(message);
}

void ClientSession::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    qCDebug(lcServer).nospace() << "closing client " << m_info.id << ": " << int(code) << ' ' << reason;
    unsubscribeAll();
    m_socket->close(code, reason);
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        m_abortTimer.start();
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
    m_abortTimer.stop();
    m_closing = true;
    m_table.removeAll(this);
    qCInfo(lcServer).nospace().noquote() << "client " << m_info.id << " (" << m_info.peer << ") disconnected: " << int(m_socket->closeCode()) << ' '
                               << m_socket->closeReason();
    Q_EMIT finished();
}
