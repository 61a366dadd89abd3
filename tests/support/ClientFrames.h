#pragma once

#include <QByteArray>
#include <QByteArrayView>

// Client-to-server WebSocket frames (RFC 6455 §5.2: masked), for tests that
// write raw bytes to a socket and so decide exactly what the server receives
// and when: trailing frames after a bad one, a frame split across writes, a
// client that never reads.
namespace ClientFrames {

enum Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xa,
};

// One masked frame; fin false leaves the message to continuation frames.
QByteArray frame(Opcode opcode, QByteArrayView payload, bool fin = true);
QByteArray text(QByteArrayView payload);
QByteArray binary(QByteArrayView payload);
// A close frame with a status code and an optional reason.
QByteArray close(quint16 code, QByteArrayView reason = {});

} // namespace ClientFrames
