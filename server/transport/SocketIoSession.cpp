#include "transport/SocketIoSession.h"

#include "protocol/EngineIoPacket.h"
#include "protocol/GatewayContract.h"
#include "protocol/StreamEvents.h"
#include "transport/MessageRateLimit.h"
#include "transport/TransportLogging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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
    TrafficCounters &counters, QObject *parent)
    : ClientSession(socket, transport, table, settings, counters, ClientInfo::Protocol::SocketIo, parent)
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

void SocketIoSession::handleBinary(const QByteArray &)
{
    qCInfo(lcSocketIo) << "client" << id() << "sent a binary frame";
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
        if (joined) {
            refuse(QStringLiteral("already_connected"), QStringLiteral("already connected to ") + packet.nsp);
            return;
        }
        handleConnect(packet);
        break;
    case Type::ConnectError: protocolError(QStringLiteral("unexpected CONNECT_ERROR packet")); break;
    case Type::BinaryEvent:
    case Type::BinaryAck:
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
            m_namespaceConnected = false;
            unsubscribeAll();
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
    m_connectTimeout.stop();
    m_namespaceConnected = true;

    SocketIoPacket connected;
    connected.type = SocketIoPacket::Type::Connect;
    connected.nsp = packet.nsp;
    connected.payload = QJsonObject {{QStringLiteral("sid"), newSid()}};
    sendPacket(connected);

    SocketIoPacket welcome;
    welcome.type = SocketIoPacket::Type::Event;
    welcome.nsp = packet.nsp;
    welcome.payload = QJsonArray {GatewayContract::WelcomeEvent, GatewayContract::WelcomeText};
    sendPacket(welcome);
    qCInfo(lcSocketIo) << "client" << id() << "joined" << packet.nsp;
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

    const QJsonObject ok {{QStringLiteral("ok"), true}, {QStringLiteral("stream"), request->stream}};
    if (request->action == StreamEvents::Action::Subscribe) {
        const auto result = subscribe(request->stream);
        if (packet.ackId)
            sendAck(*packet.ackId, ok);
        if (result == SubscriptionTable::SubscribeResult::Subscribed && table().find(request->stream)->latestOnSubscribe)
            sendLatest(request->stream);
    } else {
        unsubscribe(request->stream);
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
    qCInfo(lcSocketIo) << "client" << id() << "protocol error:" << reason;
    countRejected(label);
    close(QWebSocketProtocol::CloseCodeProtocolError, reason.left(120));
}
