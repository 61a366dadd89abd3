// Engine.IO v4 packets as a Socket.IO client sends them, one per WebSocket
// text frame. A frame is accepted exactly when it starts with one of the
// seven type digits, and then encodes back to the very same bytes: the type
// digit and the data, nothing added or lost.

#include "FuzzCheck.h"

#include "protocol/EngineIoPacket.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView frame(data, qsizetype(size));
    const std::optional<EngineIoPacket> packet = EngineIoPacket::decode(frame);
    if (!packet) {
        FUZZ_CHECK(frame.isEmpty() || frame.front() < '0' || frame.front() > '6');
        return 0;
    }
    // Only the seven types of Engine.IO v4 are accepted.
    FUZZ_CHECK(frame.front() >= '0' && frame.front() <= '6');
    FUZZ_CHECK(packet->encode() == frame);
    return 0;
}
