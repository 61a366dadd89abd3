// Socket.IO v5 packets (the data of an Engine.IO MESSAGE), as a client
// sends them. Every input is either refused with a reason or decoded into a
// packet whose encode() decodes again to the same packet: what the server
// reads, it could have written.

#include "FuzzCheck.h"

#include "protocol/SocketIoPacket.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>

namespace {

bool samePacket(const SocketIoPacket &a, const SocketIoPacket &b)
{
    return a.type == b.type && a.nsp == b.nsp && a.ackId == b.ackId && a.payload == b.payload && a.attachments == b.attachments;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const SocketIoPacket::DecodeResult decoded = SocketIoPacket::decode(QByteArrayView(data, qsizetype(size)));
    if (!decoded.packet) {
        FUZZ_CHECK(!decoded.error.isEmpty());
        return 0;
    }
    const SocketIoPacket &packet = *decoded.packet;
    FUZZ_CHECK(decoded.error.isEmpty());
    FUZZ_CHECK(packet.nsp.startsWith(QLatin1Char('/')));
    // The bounds decode() promises: at most 15 digits of ack id, at most
    // 1000 attachments, so that neither overflows anything downstream.
    FUZZ_CHECK(!packet.ackId || (*packet.ackId >= 0 && *packet.ackId < 1'000'000'000'000'000));
    FUZZ_CHECK(packet.attachments >= 0 && packet.attachments <= 1000);
    FUZZ_CHECK(
        packet.attachments == 0 || packet.type == SocketIoPacket::Type::BinaryEvent || packet.type == SocketIoPacket::Type::BinaryAck);
    // What the sessions ask of every EVENT they route.
    const QString eventName = packet.eventName();
    FUZZ_CHECK(eventName.isEmpty() || packet.type == SocketIoPacket::Type::Event || packet.type == SocketIoPacket::Type::BinaryEvent);

    const QByteArray encoded = packet.encode();
    const SocketIoPacket::DecodeResult again = SocketIoPacket::decode(encoded);
    if (!again.packet)
        std::fprintf(stderr, "re-encoded as '%s', refused: %s\n", encoded.constData(), qUtf8Printable(again.error));
    FUZZ_CHECK(again.packet);
    if (!samePacket(packet, *again.packet))
        std::fprintf(stderr, "re-encoded as '%s', decoded to a different packet\n", encoded.constData());
    FUZZ_CHECK(samePacket(packet, *again.packet));
    return 0;
}
