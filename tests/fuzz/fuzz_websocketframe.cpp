// WebSocketFrame::payload() is meant for frames made by text(), but it takes
// any QByteArray: fed arbitrary bytes it must stay inside them. And any
// payload framed by text() must come back out of payload() unchanged, the
// sizes at the 125/126 and 65535/65536 boundaries included.

#include "FuzzCheck.h"

#include "protocol/WebSocketFrame.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    const QByteArrayView inside = WebSocketFrame::payload(bytes);
    FUZZ_CHECK(inside.size() <= bytes.size());
    FUZZ_CHECK(
        inside.isEmpty() || (inside.data() >= bytes.constData() && inside.data() + inside.size() == bytes.constData() + bytes.size()));

    const QByteArray frame = WebSocketFrame::text(bytes);
    FUZZ_CHECK(WebSocketFrame::payload(frame) == bytes);

    // Inputs stay far below 64 KiB, where the 8-byte length starts; an input
    // starting with 0xfe asks for a payload of 65533 to 65538 bytes, filled
    // with its own bytes.
    if (size >= 2 && data[0] == 0xfe) {
        const qsizetype length = 65533 + data[1] % 6;
        QByteArray large = bytes.repeated(length / bytes.size() + 1);
        large.truncate(length);
        FUZZ_CHECK(WebSocketFrame::payload(WebSocketFrame::text(large)) == large);
    }
    return 0;
}
