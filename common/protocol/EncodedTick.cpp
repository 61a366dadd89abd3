#include "protocol/EncodedTick.h"

#include "protocol/EngineIoPacket.h"
#include "protocol/GatewayContract.h"
#include "protocol/JsonMessage.h"
#include "protocol/SocketIoPacket.h"
#include "protocol/WebSocketFrame.h"

#include <QJsonArray>

EncodedTick EncodedTick::encode(const Tick &tick, const QString &valueKey)
{
    SocketIoPacket event;
    event.type = SocketIoPacket::Type::Event;
    event.nsp = GatewayContract::SocketIoNamespace;
    event.payload = QJsonArray {tick.stream, tick.value};
    const EngineIoPacket message {EngineIoPacket::Type::Message, event.encode()};

    QJsonObject data = tick.details;
    data.insert(valueKey, tick.value);
    data.insert(QStringLiteral("seq"), static_cast<qint64>(tick.seq));
    data.insert(QStringLiteral("ts"), tick.ts);

    EncodedTick encoded;
    encoded.stream = tick.stream;
    encoded.seq = tick.seq;
    encoded.ts = tick.ts;
    encoded.socketIoFrame = WebSocketFrame::text(message.encode());
    encoded.jsonFrame = WebSocketFrame::text(JsonMessage::encode(tick.stream, data));
    return encoded;
}
