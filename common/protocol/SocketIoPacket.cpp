#include "protocol/SocketIoPacket.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

// Ack ids are non-negative integers; reject anything that would overflow.
constexpr int MaxAckIdDigits = 15;
constexpr int MaxAttachments = 1000;

bool isPayloadValid(SocketIoPacket::Type type, const QJsonValue &payload)
{
    using Type = SocketIoPacket::Type;
    switch (type) {
    case Type::Connect: return payload.isUndefined() || payload.isObject();
    case Type::Disconnect: return payload.isUndefined();
    case Type::ConnectError: return payload.isObject() || payload.isString();
    case Type::Event:
    case Type::BinaryEvent: {
        if (!payload.isArray())
            return false;
        // socket.io-parser's isPayloadValid: the event name is a string or,
        // as the reference accepts too, a number.
        const QJsonArray array = payload.toArray();
        return !array.isEmpty() && (array.first().isString() || array.first().isDouble());
    }
    case Type::Ack:
    case Type::BinaryAck: return payload.isArray();
    }
    return false;
}

SocketIoPacket::DecodeResult fail(QString reason)
{
    return {std::nullopt, std::move(reason)};
}

} // namespace

SocketIoPacket::DecodeResult SocketIoPacket::decode(QByteArrayView text)
{
    if (text.isEmpty())
        return fail(QStringLiteral("empty packet"));

    SocketIoPacket packet;
    const char typeChar = text.front();
    if (typeChar < '0' || typeChar > '6')
        return fail(QStringLiteral("unknown packet type"));
    packet.type = static_cast<Type>(typeChar);
    qsizetype pos = 1;

    if (packet.type == Type::BinaryEvent || packet.type == Type::BinaryAck) {
        const qsizetype dash = text.indexOf('-', pos);
        if (dash < 0)
            return fail(QStringLiteral("missing attachment count"));
        bool ok = false;
        const int count = text.sliced(pos, dash - pos).toInt(&ok);
        if (!ok || count < 0 || count > MaxAttachments)
            return fail(QStringLiteral("invalid attachment count"));
        packet.attachments = count;
        pos = dash + 1;
    }

    if (pos < text.size() && text.at(pos) == '/') {
        const qsizetype comma = text.indexOf(',', pos);
        const qsizetype end = comma < 0 ? text.size() : comma;
        packet.nsp = QString::fromUtf8(text.sliced(pos, end - pos));
        pos = comma < 0 ? end : comma + 1;
    }

    const qsizetype idStart = pos;
    while (pos < text.size() && text.at(pos) >= '0' && text.at(pos) <= '9')
        ++pos;
    if (pos > idStart) {
        if (pos - idStart > MaxAckIdDigits)
            return fail(QStringLiteral("ack id too large"));
        packet.ackId = text.sliced(idStart, pos - idStart).toLongLong();
    }

    if (pos < text.size()) {
        // QJsonDocument refuses a top-level scalar, but CONNECT_ERROR may carry a
        // bare string: parse the payload as the only element of an array.
        QByteArray wrapped;
        wrapped.reserve(text.size() - pos + 2);
        wrapped.append('[').append(text.sliced(pos)).append(']');
        QJsonParseError error;
        const QJsonArray values = QJsonDocument::fromJson(wrapped, &error).array();
        if (error.error != QJsonParseError::NoError)
            return fail(QStringLiteral("invalid payload: ") + error.errorString());
        if (values.size() != 1)
            return fail(QStringLiteral("invalid payload: expected one JSON value"));
        packet.payload = values.first();
    }

    if (!isPayloadValid(packet.type, packet.payload))
        return fail(QStringLiteral("invalid payload for this packet type"));
    return {std::move(packet), {}};
}

QByteArray SocketIoPacket::encode() const
{
    QByteArray out;
    out.append(static_cast<char>(type));
    // Binary packets always carry the count (socket.io-parser requires it);
    // other packets never do.
    if (type == Type::BinaryEvent || type == Type::BinaryAck)
        out.append(QByteArray::number(attachments)).append('-');
    if (nsp != QLatin1String("/"))
        out.append(nsp.toUtf8()).append(',');
    if (ackId)
        out.append(QByteArray::number(*ackId));
    if (payload.isArray())
        out.append(QJsonDocument(payload.toArray()).toJson(QJsonDocument::Compact));
    else if (payload.isObject())
        out.append(QJsonDocument(payload.toObject()).toJson(QJsonDocument::Compact));
    else if (payload.isString())
        // CONNECT_ERROR may carry a bare string; QJsonDocument cannot hold one.
        out.append(QJsonDocument(QJsonArray {payload}).toJson(QJsonDocument::Compact).chopped(1).sliced(1));
    return out;
}

QString SocketIoPacket::eventName() const
{
    if ((type != Type::Event && type != Type::BinaryEvent) || !payload.isArray())
        return {};
    const QJsonValue name = payload.toArray().first();
    // A numeric name reads as its JSON text ("1"), as JavaScript would make it.
    return name.isDouble() ? QString::fromUtf8(QJsonDocument(QJsonArray {name}).toJson(QJsonDocument::Compact)).chopped(1).sliced(1)
                           : name.toString();
}
