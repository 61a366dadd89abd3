#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QString>

#include <optional>

// One Socket.IO v5 packet (the protocol of socket.io v3/v4), in the default
// parser's text encoding:
//   <type>[<attachments>-][<namespace>,][<ack id>][<JSON payload>]
// (shared/reference/socket.io-protocol.md). Binary attachments are recognised
// on decode so that they can be refused with a reason; we never send them.
struct SocketIoPacket {
    enum class Type : char {
        Connect = '0',
        Disconnect = '1',
        Event = '2',
        Ack = '3',
        ConnectError = '4',
        BinaryEvent = '5',
        BinaryAck = '6',
    };

    Type type = Type::Event;
    QString nsp = QStringLiteral("/");
    std::optional<qint64> ackId;
    // Undefined when the packet has no payload.
    QJsonValue payload = QJsonValue(QJsonValue::Undefined);
    int attachments = 0;

    struct DecodeResult;
    static DecodeResult decode(QByteArrayView text);
    QByteArray encode() const;

    // The event name of an EVENT packet (payload[0]); empty otherwise.
    QString eventName() const;
};

struct SocketIoPacket::DecodeResult {
    std::optional<SocketIoPacket> packet;
    QString error; // set when packet is empty: why the text was refused
};
