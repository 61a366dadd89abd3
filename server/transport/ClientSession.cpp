#include "transport/ClientSession.h"

#include "protocol/WebSocketFrame.h"
#include "transport/AccessControl.h"
#include "transport/CloseTiming.h"
#include "transport/MessageRateLimit.h"
#include "transport/Recovery.h"
#include "transport/StreamPositions.h"
#include "transport/TlsSocket.h"
#include "transport/TransportLogging.h"

#include "time/SystemClock.h"

#include <QAtomicInteger>
#include <QTimer>

#include <algorithm>

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
    TrafficCounters &counters, ClientInfo::Protocol protocol, QObject *parent, Recovery *recovery)
    : QObject(parent)
    , m_socket(socket)
    , m_protocolCounters(protocol == ClientInfo::Protocol::SocketIo ? &counters.socketIo : &counters.json)
    , m_table(table)
    , m_settings(settings)
    , m_counters(counters)
    , m_recovery(recovery)
{
    followRateLimit();
    if (transport) {
        transport->watch(&m_transport);
        transport->enableClosingHandshake();
        // Queued: it may be found in this constructor, or while Qt reads the
        // kernel; QWebSocket reads nothing more from the socket meanwhile.
        connect(transport, &ClientSocket::unmaskedFrame, this, &ClientSession::onUnmaskedFrame, Qt::QueuedConnection);
        transport->checkClientFrames();
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

void ClientSession::checkClientFrames(TlsSocket *socket)
{
    // Queued, as for a ClientSocket.
    connect(socket, &TlsSocket::unmaskedFrame, this, &ClientSession::onUnmaskedFrame, Qt::QueuedConnection);
    socket->checkClientFrames();
}

void ClientSession::onUnmaskedFrame()
{
    if (m_closing)
        return;
    qCInfo(lcClients).nospace().noquote() << "client " << m_info.id << " (" << m_info.peer << ") sent an unmasked frame; closing";
    countRejected(QStringLiteral("unmasked"));
    close(QWebSocketProtocol::CloseCodeProtocolError, QStringLiteral("unmasked frame"));
}

ClientSession::~ClientSession()
{
    if (m_replay && m_recovery)
        m_recovery->cancel(this);
    // Cut off without a disconnect (a worker going away with it).
    if (!m_gone)
        --m_protocolCounters->connectionsOpen;
    if (m_transport)
        m_transport->watch(nullptr);
}

ClientInfo ClientSession::info() const
{
    ClientInfo info = m_info;
    info.streams = subscribedStreams();
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

void ClientSession::grant(const AccessGrant &grant, const AccessControl &access)
{
    m_grant = grant;
    delete std::exchange(m_expiry, nullptr);
    if (!grant.expiresAtMs)
        return;
    m_expiry = new QTimer(this);
    m_expiry->setSingleShot(true);
    // A QTimer waits at most 24 days; a token that lives longer is waited
    // for a day at a time.
    static constexpr qint64 OneDayMs = 24LL * 3600 * 1000;
    const qint64 expiresAtMs = *grant.expiresAtMs;
    const auto arm = [this, &access, expiresAtMs] { m_expiry->start(int(std::clamp<qint64>(access.msUntil(expiresAtMs), 0, OneDayMs))); };
    connect(m_expiry, &QTimer::timeout, this, [this, &access, expiresAtMs, arm] {
        if (access.msUntil(expiresAtMs) > 0) {
            arm();
            return;
        }
        qCInfo(lcClients).nospace().noquote() << "client " << m_info.id << " (" << m_info.peer << "): its token expired";
        tokenExpired();
    });
    arm();
}

void ClientSession::tokenExpired()
{
    close(CloseTokenExpired, QStringLiteral("token expired"));
}

void ClientSession::countConnectionRejected(const QString &reason)
{
    TrafficCounters::count(m_protocolCounters->connectionsRejected, reason);
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

Recovery *ClientSession::recovery() const
{
    return m_recovery.data();
}

qint64 ClientSession::unsentBytes() const
{
    return m_transport ? m_transport->queuedBytes() : m_socket->bytesToWrite();
}

bool ClientSession::admitOutput()
{
    // Nothing may follow a close frame, whichever side sent it.
    if (m_closing || !m_open)
        return false;
    const qint64 unsent = unsentBytes();
    if (unsent <= m_settings.maxSendBufferBytes)
        return true;
    qCWarning(lcClients).nospace().noquote() << "client " << m_info.id << " (" << m_info.peer << ") is not reading: " << unsent
                                             << " bytes unsent; disconnecting it";
    ++m_counters.slowConsumerDisconnects;
    if (m_transport)
        m_transport->resetIfCutOff();
    close(CloseSlowConsumer, QStringLiteral("slow consumer"));
    return false;
}

void ClientSession::followRateLimit()
{
    m_rateLimitRate = m_settings.clientMessageRate;
    m_rateLimitBurst = m_settings.clientMessageBurst;
    m_rateLimit.reset();
    if (m_rateLimitRate > 0)
        m_rateLimit = std::make_unique<MessageRateLimit>(SystemClock::instance(), m_rateLimitRate, m_rateLimitBurst);
}

bool ClientSession::admitInput()
{
    // A reload changed the rate: every client follows at its next message,
    // with a full bucket.
    if (m_rateLimitRate != m_settings.clientMessageRate || m_rateLimitBurst != m_settings.clientMessageBurst)
        followRateLimit();
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
    notifyEnding();
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
    notifyEnding();
    unsubscribeAll();
}

void ClientSession::countRejected(const QString &reason)
{
    TrafficCounters::count(m_protocolCounters->messagesRejected, reason);
}

void ClientSession::notifyEnding()
{
    if (m_ending)
        return;
    m_ending = true;
    connectionEnding();
}

SubscriptionTable::SubscribeResult ClientSession::subscribe(const QString &stream)
{
    if (isReplaying(stream))
        return SubscriptionTable::SubscribeResult::AlreadySubscribed;
    const auto result = m_table.subscribe(this, stream);
    if (result == SubscriptionTable::SubscribeResult::Subscribed)
        Q_EMIT subscriptionsChanged();
    return result;
}

SubscriptionTable::UnsubscribeResult ClientSession::unsubscribe(const QString &stream)
{
    if (isReplaying(stream)) {
        m_replay->streams.removeIf([&stream](const ReplayedStream &replayed) { return replayed.stream == stream; });
        if (m_replay->streams.isEmpty())
            endReplay();
        Q_EMIT subscriptionsChanged();
        return SubscriptionTable::UnsubscribeResult::Unsubscribed;
    }
    const auto result = m_table.unsubscribe(this, stream);
    if (result == SubscriptionTable::UnsubscribeResult::Unsubscribed)
        Q_EMIT subscriptionsChanged();
    return result;
}

void ClientSession::unsubscribeAll()
{
    const bool replaying = m_replay != nullptr;
    endReplay();
    if (m_table.streamsOf(this).isEmpty() && !replaying)
        return;
    m_table.removeAll(this);
    Q_EMIT subscriptionsChanged();
}

bool ClientSession::sendLatest(const QString &stream)
{
    const EncodedTick *latest = m_table.latest(stream);
    if (!latest)
        return false;
    sendStreamFrame(stream, frameFor(*latest));
    return true;
}

qsizetype ClientSession::sendStreamFrame(const QString &stream, const QByteArray &frame)
{
    // A tick of the stream like those of the fan-out, and counted as one.
    if (!sendFrame(frame))
        return 0;
    TrafficCounters::Stream &counters = m_counters.streams[stream];
    ++counters.messagesSent;
    counters.bytesSent += quint64(frame.size());
    return frame.size();
}

QStringList ClientSession::subscribedStreams() const
{
    QStringList streams = m_table.streamsOf(const_cast<ClientSession *>(this));
    if (m_replay) {
        for (const ReplayedStream &replayed : m_replay->streams)
            streams.append(replayed.stream);
    }
    return streams;
}

bool ClientSession::isReplaying(const QString &stream) const
{
    return m_replay && std::any_of(m_replay->streams.cbegin(), m_replay->streams.cend(), [&stream](const ReplayedStream &replayed) {
        return replayed.stream == stream;
    });
}

QList<quint64> ClientSession::sentPositions() const
{
    QList<quint64> positions = m_table.positions();
    if (m_replay) {
        const QStringList names = m_table.streamNames();
        for (const ReplayedStream &replayed : m_replay->streams)
            positions[names.indexOf(replayed.stream)] = replayed.cursor;
    }
    return positions;
}

void ClientSession::replay(const QString &stream, quint64 after, const QString &epoch)
{
    Q_ASSERT(m_table.find(stream) && !isReplaying(stream));
    if (!m_recovery || m_closing)
        return;
    if (!m_replay) {
        m_replay = std::make_unique<Replay>();
        m_replay->epoch = epoch;
    }
    m_replay->streams.append({stream, after});
    Q_EMIT subscriptionsChanged();
    m_recovery->schedule(this);
}

void ClientSession::endReplay()
{
    if (!m_replay)
        return;
    m_replay.reset();
    if (m_recovery)
        m_recovery->cancel(this);
}

void ClientSession::goLive()
{
    const std::unique_ptr<Replay> replay = std::move(m_replay);
    for (const ReplayedStream &replayed : replay->streams)
        m_table.subscribe(this, replayed.stream);
    qCDebug(lcClients).nospace() << "client " << m_info.id << " caught up; live from now on";
}

ClientSession::ReplayTurn ClientSession::replayTurn(int maxFrames, int &framesSent)
{
    framesSent = 0;
    if (!m_replay || !m_recovery)
        return ReplayTurn::Done;
    if (m_closing || !m_open) {
        m_replay.reset();
        return ReplayTurn::Done;
    }
    const qint64 now = m_recovery->nowMs();
    const qint64 highWater = std::min<qint64>(64 * 1024, m_settings.maxSendBufferBytes / 2);
    for (;;) {
        // The next tick in publish order among the streams replayed.
        ReplayedStream *next = nullptr;
        const EncodedTick *nextTick = nullptr;
        bool caughtUp = true;
        for (ReplayedStream &replayed : m_replay->streams) {
            const SubscriptionTable::StreamHistory *history = m_table.history(replayed.stream);
            if (history->epoch != m_replay->epoch) {
                // This thread has seen no tick of the stream at all: nothing
                // to send if the client has none either.
                if (history->epoch.isEmpty() && replayed.cursor == 0)
                    continue;
                // This thread has not caught up with the epoch yet...
                if (history->epoch.isEmpty() || m_recovery->positions().epoch() == m_replay->epoch) {
                    caughtUp = false;
                    continue;
                }
                // ...or the seqs have started a new run since the replay began.
                qCInfo(lcClients).nospace() << "client " << m_info.id << ": the epoch of " << replayed.stream
                                            << " changed during its replay; closing it";
                close(1012, QStringLiteral("epoch changed; reconnect"));
                return ReplayTurn::Done;
            }
            if (!history->ticks.covers(replayed.cursor, now)) {
                qCWarning(lcClients).nospace().noquote() << "client " << m_info.id << " (" << m_info.peer << ") fell behind the history of "
                                                         << replayed.stream << " during its replay; disconnecting it";
                ++m_counters.slowConsumerDisconnects;
                close(CloseSlowConsumer, QStringLiteral("slow consumer"));
                return ReplayTurn::Done;
            }
            // This thread has not yet delivered the tick the client saw last
            // (it saw it on another thread): it will, and what follows too.
            if (history->ticks.latestSeq() < replayed.cursor) {
                caughtUp = false;
                continue;
            }
            if (const EncodedTick *tick = history->ticks.next(replayed.cursor, now)) {
                caughtUp = false;
                if (!nextTick || tick->order < nextTick->order) {
                    next = &replayed;
                    nextTick = tick;
                }
            }
        }
        if (!nextTick) {
            if (!caughtUp)
                return ReplayTurn::Waiting;
            goLive();
            Q_EMIT subscriptionsChanged();
            return ReplayTurn::Done;
        }
        if (framesSent >= maxFrames)
            return ReplayTurn::Progress;
        // Sent at the pace the client reads: what it cannot take yet waits
        // in the history, not in this process's buffers. Checked after the
        // history, so that a client that waits while the history drops what
        // it still needs is closed rather than kept waiting for nothing.
        if (unsentBytes() > highWater)
            return ReplayTurn::Blocked;
        if (!sendStreamFrame(next->stream, frameFor(*nextTick)))
            return ReplayTurn::Done; // closing: the replay is gone with the subscriptions
        next->cursor = nextTick->seq;
        ++framesSent;
    }
}

void ClientSession::onDisconnected()
{
    m_closing = true;
    m_gone = true;
    notifyEnding();
    endReplay();
    m_table.removeAll(this);
    --m_protocolCounters->connectionsOpen;
    // Our own close code, or the one QWebSocket sent (or 1000 if none was).
    const int code = m_closeCode ? m_closeCode : int(m_socket->closeCode());
    const QString &reason = m_closeCode ? m_closeReason : m_socket->closeReason();
    qCInfo(lcClients).nospace().noquote() << "client " << m_info.id << " (" << m_info.peer << ") disconnected: " << code << ' ' << reason;
    Q_EMIT finished();
}
