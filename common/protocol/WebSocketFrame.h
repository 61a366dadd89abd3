#pragma once

#include <QByteArray>
#include <QByteArrayView>

// Server-to-client WebSocket frames (RFC 6455 §5.2: unmasked, one final
// frame per message), built once per tick and written as they are to every
// subscriber's socket.
namespace WebSocketFrame {

// A complete text frame carrying utf8Payload.
QByteArray text(QByteArrayView utf8Payload);
// The payload of a frame made by text().
QByteArrayView payload(const QByteArray &frame);

} // namespace WebSocketFrame
