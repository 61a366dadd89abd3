#include "hub/EncodedTick.h"

#include "protocol/EngineIoPacket.h"
#include "protocol/GatewayContract.h"
#include "protocol/JsonMessage.h"
#include "protocol/SocketIoPacket.h"
#include "protocol/WebSocketFrame.h"

#include <QJsonArray>

EncodedTick EncodedTick::encode(const Tick &tick)
{
    SocketIoPacket event;
    event.type = SocketIoPacket::Type::Event;
    event.nsp = GatewayContract::SocketIoNamespace;
    event.payload = QJsonArray {tick.stream, tick.legacyValue};
    const EngineIoPacket message {EngineIoPacket::Type::Message, event.encode()};

    QJsonObject data = tick.fields;
    data.insert(QStringLiteral("seq"), static_cast<qint64>(tick.seq));
    data.insert(QStringLiteral("ts"), tick.ts);

    EncodedTick encoded;
    encoded.stream = tick.stream;
    encoded.seq = tick.seq;
    encoded.socketIoFrame = WebSocketFrame::text(message.encode());
    encoded.jsonFrame = WebSocketFrame::text(JsonMessage::encode(tick.stream, data));
    return encoded;
}
