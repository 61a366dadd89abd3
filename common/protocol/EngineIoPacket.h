#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

// One Engine.IO v4 packet as carried in one WebSocket text frame:
// `<type digit>[<data>]` (shared/reference/engine.io-protocol.md).
struct EngineIoPacket {
    enum class Type : char {
        Open = '0',
        Close = '1',
        Ping = '2',
        Pong = '3',
        Message = '4',
        Upgrade = '5',
        Noop = '6',
    };

    Type type = Type::Noop;
    QByteArray data;

    // nullopt for an empty frame or an unknown type digit.
    static std::optional<EngineIoPacket> decode(QByteArrayView frame);
    QByteArray encode() const;

    // The error body Engine.IO servers answer a refused HTTP request with
    // (`{"code":0,"message":"Transport unknown"}`).
    enum class HttpError {
        TransportUnknown = 0,
        UnknownSid = 1,
        BadHandshakeMethod = 2,
        BadRequest = 3,
        Forbidden = 4,
        UnsupportedProtocolVersion = 5,
    };
    static QByteArray httpErrorBody(HttpError error);
};
