#include "transport/SocketIoSession.h"

#include "protocol/EngineIoPacket.h"
#include "protocol/GatewayContract.h"
#include "protocol/StreamEvents.h"
#include "transport/AccessControl.h"
#include "transport/MessageRateLimit.h"
#include "transport/Recovery.h"
#include "transport/SocketIoSessionStore.h"
#include "transport/StreamPositions.h"
#include "transport/TransportLogging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QStringList>
#include <QTimerEvent>

#include <optional>

namespace {

// Session ids in the alphabet and length of the reference server's.
QString newSid()
{
    QByteArray bytes(15, Qt::Uninitialized);
    for (char &byte : bytes)
        byte = static_cast<char>(QRandomGenerator::system()->bounded(256));
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray encodeEngineIo(EngineIoPacket::Type type, const QByteArray &data = {})
{
    return EngineIoPacket {type, data}.encode();
}

// Event names socket.io keeps for its own events; its parser refuses them.
bool isReservedEventName(const QString &name)
{
    static const QStringList reserved {
        QStringLiteral("connect"),
        QStringLiteral("connect_error"),
        QStringLiteral("disconnect"),
        QStringLiteral("disconnecting"),
        QStringLiteral("newListener"),
        QStringLiteral("removeListener"),
    };
    return reserved.contains(name);
}

} // namespace

SocketIoSession::SocketIoSession(QWebSocket *socket, ClientSocket *transport, SubscriptionTable &table, const TransportSettings &settings,
    TrafficCounters &counters, QObject *parent, Recovery *recovery)
    : ClientSession(socket, transport, table, settings, counters, ClientInfo::Protocol::SocketIo, parent, recovery)
{
    const QJsonObject open {
        {QStringLiteral("sid"), newSid()},
        {QStringLiteral("upgrades"), QJsonArray()},
        {QStringLiteral("pingInterval"), settings.pingIntervalMs},
        {QStringLiteral("pingTimeout"), settings.pingTimeoutMs},
        {QStringLiteral("maxPayload"), settings.maxMessageBytes},
    };
    sendText(encodeEngineIo(EngineIoPacket::Type::Open, QJsonDocument(open).toJson(QJsonDocument::Compact)));

    m_heartbeat.start(settings.pingIntervalMs, this);
    m_connectTimeout.start(settings.connectTimeoutMs, this);
}

void SocketIoSession::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_heartbeat.timerId()) {
        onHeartbeatTimer();
    } else if (event->timerId() == m_shareTimeout.timerId()) {
        // No answer in time: a new session, as for an unknown pid. What the
        // share may still take out is lost, which is the client's session.
        m_shareTimeout.stop();
        m_shareAttempt = 0;
        qCInfo(lcSocketIo) << "client" << id() << "asked to recover a session; the cluster did not answer in time, so it gets a new one";
        recovery()->socketIoSessions()->take(m_askedPid);
        joinNew();
    } else if (event->timerId() == m_connectTimeout.timerId()) {
        m_connectTimeout.stop();
        qCInfo(lcSocketIo) << "client" << id() << "joined no namespace in time";
        close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("connect timeout"));
    } else {
        ClientSession::timerEvent(event);
    }
}

void SocketIoSession::onHeartbeatTimer()
{
    if (m_awaitingPong) {
        qCInfo(lcSocketIo) << "client" << id() << "did not answer a ping within" << settings().pingTimeoutMs << "ms";
        m_heartbeat.stop();
        close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("ping timeout"));
        return;
    }
    sendText(encodeEngineIo(EngineIoPacket::Type::Ping));
    m_awaitingPong = true;
    m_heartbeat.start(settings().pingTimeoutMs, this);
}

void SocketIoSession::handleText(const QString &message)
{
    const QByteArray utf8 = message.toUtf8();
    const std::optional<EngineIoPacket> packet = EngineIoPacket::decode(utf8);
    if (!packet) {
        protocolError(QStringLiteral("invalid Engine.IO packet"));
        return;
    }
    switch (packet->type) {
    case EngineIoPacket::Type::Pong:
        if (m_awaitingPong) {
            m_awaitingPong = false;
            m_heartbeat.start(settings().pingIntervalMs, this);
        }
        break;
    case EngineIoPacket::Type::Ping:
        // In Engine.IO v4 only the server pings, and the "probe" ping belongs
        // to an upgrade from polling, which we do not offer; the reference
        // server closes such a session too.
        protocolError(QStringLiteral("invalid heartbeat direction"));
        break;
    case EngineIoPacket::Type::Message: {
        const SocketIoPacket::DecodeResult decoded = SocketIoPacket::decode(packet->data);
        if (decoded.packet)
            handlePacket(*decoded.packet);
        else
            protocolError(decoded.error);
        break;
    }
    case EngineIoPacket::Type::Close: close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("client closed")); break;
    case EngineIoPacket::Type::Upgrade:
    case EngineIoPacket::Type::Noop: break;
    case EngineIoPacket::Type::Open: protocolError(QStringLiteral("unexpected open packet")); break;
    }
}

void SocketIoSession::kick()
{
    // An operator ends the session, not just the connection.
    m_keepSession = false;
    ClientSession::kick();
}

void SocketIoSession::handleBinary(const QByteArray &)
{
    qCInfo(lcSocketIo) << "client" << id() << "sent a binary frame";
    m_keepSession = false;
    countRejected(QStringLiteral("binary"));
    close(QWebSocketProtocol::CloseCodeDatatypeNotSupported, QStringLiteral("binary messages are not supported"));
}

void SocketIoSession::warnRateLimited(const QString &message)
{
    // An `error` event on /data, shaped as the JSON protocol's error event's
    // data: the dropped message was not read, so there is no ack to answer.
    // Before the client has joined /data it has nowhere to receive an event;
    // it gets the close alone.
    if (!m_namespaceConnected)
        return;
    SocketIoPacket error;
    error.type = SocketIoPacket::Type::Event;
    error.nsp = GatewayContract::SocketIoNamespace;
    error.payload = QJsonArray {
        QStringLiteral("error"),
        QJsonObject {{QStringLiteral("code"), MessageRateLimit::errorCode()}, {QStringLiteral("message"), message}},
    };
    sendPacket(error);
}

void SocketIoSession::handlePacket(const SocketIoPacket &packet)
{
    using Type = SocketIoPacket::Type;
    // As the reference server (socket.io's Client#ondecoded): CONNECT is for
    // a namespace the client is not in, every other packet for one it is in;
    // anything else is an invalid state that ends the connection.
    const bool joined = m_namespaceConnected && packet.nsp == GatewayContract::SocketIoNamespace;
    switch (packet.type) {
    case Type::Connect:
        if (joined || m_shareAttempt != 0) {
            refuse(QStringLiteral("already_connected"), QStringLiteral("already connected to ") + packet.nsp);
            return;
        }
        handleConnect(packet);
        break;
    case Type::ConnectError: protocolError(QStringLiteral("unexpected CONNECT_ERROR packet")); break;
    case Type::BinaryEvent:
    case Type::BinaryAck:
        m_keepSession = false;
        countRejected(QStringLiteral("binary"));
        close(QWebSocketProtocol::CloseCodeDatatypeNotSupported, QStringLiteral("binary attachments are not supported"));
        break;
    case Type::Disconnect:
    case Type::Event:
    case Type::Ack:
        if (!joined) {
            qCDebug(lcSocketIo) << "client" << id() << "sent a packet to" << packet.nsp << "without joining it";
            refuse(QStringLiteral("namespace_not_joined"), QStringLiteral("namespace not joined"));
            return;
        }
        if (packet.type == Type::Event) {
            handleEvent(packet);
        } else if (packet.type == Type::Disconnect) {
            // Left on purpose: nothing is kept for it to recover.
            m_namespaceConnected = false;
            unsubscribeAll();
            m_floors.clear();
            qCInfo(lcSocketIo) << "client" << id() << "left" << packet.nsp;
        }
        // An ACK answers nothing: we never ask clients for acks.
        break;
    }
}

void SocketIoSession::handleConnect(const SocketIoPacket &packet)
{
    if (packet.nsp != GatewayContract::SocketIoNamespace) {
        qCInfo(lcSocketIo) << "client" << id() << "asked for unknown namespace" << packet.nsp;
        countRejected(QStringLiteral("invalid_namespace"));
        SocketIoPacket error;
        error.type = SocketIoPacket::Type::ConnectError;
        error.nsp = packet.nsp;
        error.payload = QJsonObject {{QStringLiteral("message"), QStringLiteral("Invalid namespace")}};
        sendPacket(error);
        return;
    }
    if (!authenticate(packet))
        return;
    m_connectTimeout.stop();
    // socket.io-client sends both once it has had a pid (Socket#_sendConnectPacket).
    const QJsonObject auth = packet.payload.toObject();
    const QJsonValue pid = auth.value(QStringLiteral("pid"));
    const QJsonValue offset = auth.value(QStringLiteral("offset"));
    if (!recoveryEnabled() || !pid.isString() || !offset.isString()) {
        joinNew();
        return;
    }
    SocketIoSessionStore *store = recovery()->socketIoSessions();
    if (SocketIoSessionShare *share = store->share())
        askShare(share, pid.toString(), offset.toString());
    else
        joinWith(store->take(pid.toString()), offset.toString());
}

void SocketIoSession::joinNew()
{
    m_namespaceConnected = true;
    m_sid = newSid();
    if (recoveryEnabled())
        m_pid = newSid();
    sendConnected();
    sendWelcome();
    qCInfo(lcSocketIo) << "client" << id() << "joined" << GatewayContract::SocketIoNamespace;
}

void SocketIoSession::joinWith(const std::optional<SocketIoSessionStore::Session> &kept, const QString &offset)
{
    if (!kept)
        qCInfo(lcSocketIo) << "client" << id() << "asked to recover a session that is unknown or expired; it gets a new one";
    if (!kept || !restore(*kept, offset))
        joinNew();
}

void SocketIoSession::askShare(SocketIoSessionShare *share, const QString &pid, const QString &offset)
{
    const quint64 attempt = ++m_shareAttempts;
    m_shareAttempt = attempt;
    m_askedPid = pid;
    m_askedOffset = offset;
    m_shareTimeout.start(recovery()->socketIoSessions()->shareTimeoutMs(), this);
    // The answer comes from another thread. It is handed back through this
    // thread's Recovery (the worker's child, deleted with it only in this
    // thread), as ConnectionGate hands back the endpoints' answers; the
    // session itself may be gone by then, which its QPointer tells here.
    const QPointer<QObject> hop(recovery());
    const QPointer<SocketIoSession> self(this);
    share->take(pid, [hop, self, attempt](const SocketIoSessionShare::Taken &taken) {
        if (!hop)
            return;
        QMetaObject::invokeMethod(
            hop.data(),
            [self, attempt, taken] {
                if (self)
                    self->onShareAnswer(attempt, taken);
            },
            Qt::QueuedConnection);
    });
}

void SocketIoSession::onShareAnswer(quint64 attempt, const SocketIoSessionShare::Taken &taken)
{
    if (attempt != m_shareAttempt)
        return;
    m_shareAttempt = 0;
    m_shareTimeout.stop();
    // This instance's copy goes either way: a pid is good for one
    // reconnection, and the share decides which. Only when the share cannot
    // say (Redis unreachable, so no other instance can take it either) does
    // the local copy serve.
    std::optional<SocketIoSessionStore::Session> local = recovery()->socketIoSessions()->take(m_askedPid);
    using Outcome = SocketIoSessionShare::Taken::Outcome;
    switch (taken.outcome) {
    case Outcome::Found: joinWith(taken.session, m_askedOffset); break;
    case Outcome::Missing: joinWith(std::nullopt, m_askedOffset); break;
    case Outcome::Unavailable: joinWith(local, m_askedOffset); break;
    }
}

bool SocketIoSession::authenticate(const SocketIoPacket &packet)
{
    if (!m_access)
        return true;
    // socket.io-client's `auth` option, as it sends it: {"token":"…"}.
    const QJsonValue token = packet.payload.toObject().value(QStringLiteral("token"));
    const AccessControl::Verdict verdict = m_access->authenticate(token.toString().toUtf8());
    if (verdict.grant) {
        grant(*verdict.grant, *m_access);
        return true;
    }
    qCInfo(lcSocketIo).noquote() << "client" << id() << "refused on" << packet.nsp << "unauthorized:" << verdict.reason;
    countConnectionRejected(QStringLiteral("unauthorized"));
    // As a socket.io server's middleware refuses (next(new Error(…)) with
    // err.data): socket.io-client raises connect_error with this message
    // and the reason in err.data, and does not retry on its own. The
    // connection stays for another CONNECT until --connect-timeout.
    SocketIoPacket error;
    error.type = SocketIoPacket::Type::ConnectError;
    error.nsp = packet.nsp;
    error.payload = QJsonObject {
        {QStringLiteral("message"), QStringLiteral("unauthorized")},
        {QStringLiteral("data"), QJsonObject {{QStringLiteral("reason"), verdict.reason}}},
    };
    sendPacket(error);
    return false;
}

void SocketIoSession::tokenExpired()
{
    m_keepSession = false;
    if (m_namespaceConnected) {
        SocketIoPacket disconnect;
        disconnect.type = SocketIoPacket::Type::Disconnect;
        disconnect.nsp = GatewayContract::SocketIoNamespace;
        sendPacket(disconnect);
    }
    ClientSession::tokenExpired();
}

bool SocketIoSession::restore(const SocketIoSessionStore::Session &kept, const QString &offset)
{
    // Every stream must be recoverable, or none is: the client is told it
    // was not recovered and starts over, as with the reference server.
    const StreamPositions &positions = recovery()->positions();
    const QString epoch = positions.epoch();
    const QStringList names = table().streamNames();
    const std::optional<QList<quint64>> offsets = EncodedTick::parseRecoveryOffset(offset, names.size());
    const qint64 now = recovery()->nowMs();
    QString refusal;
    QList<std::pair<QString, quint64>> resumes;
    if (kept.epoch != epoch)
        refusal = QStringLiteral("the seqs started a new epoch since");
    else if (!offsets)
        refusal = QStringLiteral("its offset is not one of ours");
    for (const QString &stream : std::as_const(kept.streams)) {
        if (!refusal.isEmpty())
            break;
        const qsizetype index = names.indexOf(stream);
        const SubscriptionTable::StreamHistory *history = table().history(stream);
        if (index < 0 || !history) {
            refusal = QStringLiteral("stream %1 is gone").arg(stream);
            break;
        }
        if (!mayReceive(stream)) {
            refusal = QStringLiteral("its token does not allow stream %1").arg(stream);
            break;
        }
        // What it got last of this stream: by its offset, or, if it
        // subscribed after that event, what it subscribed after.
        const quint64 after = std::max(offsets->at(index), kept.floors.value(stream));
        if (after > positions.seq(stream))
            refusal = QStringLiteral("its offset is beyond what was published of %1").arg(stream);
        else if (history->epoch == epoch && history->ticks.latestSeq() >= after && !history->ticks.covers(after, now))
            refusal = QStringLiteral("ticks of %1 it missed are no longer kept").arg(stream);
        else
            resumes.append({stream, after});
    }
    if (!refusal.isEmpty()) {
        qCInfo(lcSocketIo).noquote().nospace() << "client " << id() << " cannot recover session " << kept.sid << " because " << refusal
                                               << "; it gets a new one";
        return false;
    }

    m_namespaceConnected = true;
    m_sid = kept.sid;
    m_pid = kept.pid;
    m_floors = kept.floors;
    // Replays start on the next turn of this thread, after the CONNECT answer
    // and the welcome below; the welcome's offset is where they start.
    for (const auto &[stream, after] : std::as_const(resumes))
        replay(stream, after, epoch);
    sendConnected();
    sendWelcome();
    qCInfo(lcSocketIo).noquote() << "client" << id() << "recovered session" << m_sid << "with" << resumes.size() << "stream(s) from offset"
                                 << offset;
    return true;
}

void SocketIoSession::sendConnected()
{
    SocketIoPacket connected;
    connected.type = SocketIoPacket::Type::Connect;
    connected.nsp = GatewayContract::SocketIoNamespace;
    QJsonObject data {{QStringLiteral("sid"), m_sid}};
    if (!m_pid.isEmpty())
        data.insert(QStringLiteral("pid"), m_pid);
    connected.payload = data;
    sendPacket(connected);
}

void SocketIoSession::sendWelcome()
{
    SocketIoPacket welcome;
    welcome.type = SocketIoPacket::Type::Event;
    welcome.nsp = GatewayContract::SocketIoNamespace;
    QJsonArray payload {GatewayContract::WelcomeEvent, GatewayContract::WelcomeText};
    // socket.io-client takes the last string argument of every event as the
    // offset once it has a pid: without one, the welcome text would be it.
    if (recoveryEnabled())
        payload.append(currentOffset());
    welcome.payload = payload;
    sendPacket(welcome);
}

bool SocketIoSession::recoveryEnabled() const
{
    return recovery() && recovery()->socketIoSessions();
}

QString SocketIoSession::currentOffset() const
{
    return EncodedTick::recoveryOffset(sentPositions());
}

void SocketIoSession::sendLatestTick(const QString &stream)
{
    if (!recoveryEnabled()) {
        sendLatest(stream);
        return;
    }
    const EncodedTick *latest = table().latest(stream);
    if (!latest)
        return;
    // The latest tick was published before ticks this client already has:
    // its own offset would take the client's position back, and what it has
    // would be sent again after a reconnection. It is sent with the offset
    // of now instead (one encoding per subscribe, not per tick).
    const std::optional<QByteArray> frame = EncodedTick::withRecoveryOffset(latest->socketIoFrame, currentOffset());
    sendStreamFrame(stream, frame ? *frame : latest->socketIoFrame);
}

void SocketIoSession::connectionEnding()
{
    // Gone while the share was asked: its answer finds nobody waiting.
    m_shareTimeout.stop();
    m_shareAttempt = 0;
    if (!recoveryEnabled() || !m_namespaceConnected || !m_keepSession)
        return;
    SocketIoSessionStore::Session session;
    session.pid = m_pid;
    session.sid = m_sid;
    session.epoch = recovery()->positions().epoch();
    session.streams = subscribedStreams();
    for (const QString &stream : std::as_const(session.streams))
        session.floors.insert(stream, m_floors.value(stream));
    recovery()->socketIoSessions()->persist(session);
    qCDebug(lcSocketIo) << "client" << id() << "dropped; session" << m_sid << "kept for" << recovery()->socketIoSessions()->windowMs()
                        << "ms";
}

void SocketIoSession::handleEvent(const SocketIoPacket &packet)
{
    // Empty for a numeric name, which is then an unknown event.
    const QString event = packet.eventName();
    if (isReservedEventName(event)) {
        refuse(QStringLiteral("reserved_event"), QStringLiteral("reserved event name \"%1\"").arg(event));
        return;
    }
    const std::optional<StreamEvents::Request> request = StreamEvents::parse(event);
    if (!request || !table().find(request->stream)) {
        qCDebug(lcSocketIo) << "client" << id() << "sent unknown event" << event;
        countRejected(QStringLiteral("unknown_event"));
        if (packet.ackId)
            sendAck(*packet.ackId, {{QStringLiteral("ok"), false}, {QStringLiteral("error"), QStringLiteral("unknown_event")}});
        return;
    }

    if (request->action == StreamEvents::Action::Subscribe && !mayReceive(request->stream)) {
        qCDebug(lcSocketIo) << "client" << id() << "may not subscribe to" << request->stream;
        countRejected(QStringLiteral("forbidden"));
        if (packet.ackId)
            sendAck(*packet.ackId, {{QStringLiteral("ok"), false}, {QStringLiteral("error"), QStringLiteral("forbidden")}});
        return;
    }
    const QJsonObject ok {{QStringLiteral("ok"), true}, {QStringLiteral("stream"), request->stream}};
    if (request->action == StreamEvents::Action::Subscribe) {
        const auto result = subscribe(request->stream);
        // From here on it gets every tick after this thread's latest (or
        // that one too, as the latest value).
        if (result == SubscriptionTable::SubscribeResult::Subscribed && recoveryEnabled())
            m_floors.insert(request->stream, table().history(request->stream)->ticks.latestSeq());
        if (packet.ackId)
            sendAck(*packet.ackId, ok);
        if (result == SubscriptionTable::SubscribeResult::Subscribed && table().find(request->stream)->latestOnSubscribe)
            sendLatestTick(request->stream);
    } else {
        unsubscribe(request->stream);
        m_floors.remove(request->stream);
        if (packet.ackId)
            sendAck(*packet.ackId, ok);
    }
}

void SocketIoSession::sendPacket(const SocketIoPacket &packet)
{
    sendText(encodeEngineIo(EngineIoPacket::Type::Message, packet.encode()));
}

void SocketIoSession::sendAck(qint64 ackId, const QJsonObject &result)
{
    SocketIoPacket ack;
    ack.type = SocketIoPacket::Type::Ack;
    ack.nsp = GatewayContract::SocketIoNamespace;
    ack.ackId = ackId;
    ack.payload = QJsonArray {result};
    sendPacket(ack);
}

void SocketIoSession::protocolError(const QString &reason)
{
    refuse(QStringLiteral("protocol_error"), reason);
}

void SocketIoSession::refuse(const QString &label, const QString &reason)
{
    m_keepSession = false;
    qCInfo(lcSocketIo) << "client" << id() << "protocol error:" << reason;
    countRejected(label);
    close(QWebSocketProtocol::CloseCodeProtocolError, reason.left(120));
}
