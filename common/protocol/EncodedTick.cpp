#include "protocol/EncodedTick.h"

#include "protocol/EngineIoPacket.h"
#include "protocol/GatewayContract.h"
#include "protocol/JsonMessage.h"
#include "protocol/SocketIoPacket.h"
#include "protocol/WebSocketFrame.h"

#include <QJsonArray>

#include <algorithm>

namespace {

// A seq is a quint64: at most 20 digits.
constexpr qsizetype MaxSeqDigits = 20;
constexpr QChar OffsetSeparator = QLatin1Char('-');

QByteArray socketIoEventFrame(const QJsonArray &payload)
{
    SocketIoPacket event;
    event.type = SocketIoPacket::Type::Event;
    event.nsp = GatewayContract::SocketIoNamespace;
    event.payload = payload;
    return WebSocketFrame::text(EngineIoPacket {EngineIoPacket::Type::Message, event.encode()}.encode());
}

} // namespace

EncodedTick EncodedTick::encode(const Tick &tick, const QString &valueKey, const QString &socketIoOffset)
{
    QJsonArray socketIoPayload {tick.stream, tick.value};
    if (!socketIoOffset.isEmpty())
        socketIoPayload.append(socketIoOffset);

    QJsonObject data = tick.details;
    data.insert(valueKey, tick.value);
    data.insert(QStringLiteral("seq"), static_cast<qint64>(tick.seq));
    data.insert(QStringLiteral("ts"), tick.ts);

    EncodedTick encoded;
    encoded.stream = tick.stream;
    encoded.seq = tick.seq;
    encoded.ts = tick.ts;
    encoded.socketIoFrame = socketIoEventFrame(socketIoPayload);
    encoded.jsonFrame = WebSocketFrame::text(JsonMessage::encode(tick.stream, data));
    return encoded;
}

QString EncodedTick::recoveryOffset(const QList<quint64> &positions)
{
    QString offset;
    offset.reserve(positions.size() * 8);
    for (qsizetype i = 0; i < positions.size(); ++i) {
        if (i > 0)
            offset.append(OffsetSeparator);
        offset.append(QString::number(positions.at(i)));
    }
    return offset;
}

std::optional<QList<quint64>> EncodedTick::parseRecoveryOffset(QStringView offset, qsizetype streamCount)
{
    // Checked before splitting, so that a client's megabyte of dashes costs nothing.
    if (streamCount <= 0 || offset.size() > streamCount * (MaxSeqDigits + 1))
        return std::nullopt;
    QList<quint64> positions;
    positions.reserve(streamCount);
    for (const QStringView part : offset.split(OffsetSeparator)) {
        // Digits only: no sign, no blank, no empty part.
        if (part.isEmpty() || part.size() > MaxSeqDigits
            || !std::all_of(part.cbegin(), part.cend(), [](QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); }))
            return std::nullopt;
        bool ok = false;
        const quint64 seq = part.toULongLong(&ok);
        if (!ok)
            return std::nullopt;
        positions.append(seq);
    }
    if (positions.size() != streamCount)
        return std::nullopt;
    return positions;
}

std::optional<QByteArray> EncodedTick::withRecoveryOffset(const QByteArray &socketIoFrame, const QString &offset)
{
    const std::optional<EngineIoPacket> message = EngineIoPacket::decode(WebSocketFrame::payload(socketIoFrame));
    if (!message || message->type != EngineIoPacket::Type::Message)
        return std::nullopt;
    const SocketIoPacket::DecodeResult decoded = SocketIoPacket::decode(message->data);
    if (!decoded.packet || decoded.packet->type != SocketIoPacket::Type::Event)
        return std::nullopt;
    // Our events carry a name and one value, then the offset if they have one.
    QJsonArray payload = decoded.packet->payload.toArray();
    if (payload.size() == 3)
        payload.removeLast();
    else if (payload.size() != 2)
        return std::nullopt;
    payload.append(offset);
    return socketIoEventFrame(payload);
}
