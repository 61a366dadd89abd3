#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// Minimal RFC 6455 framing for a client: masked frames out, unmasked frames in.
// No extensions are negotiated, so RSV bits must be zero.
class FrameCodec {
public:
    enum Opcode : uint8_t { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

    struct Frame {
        uint8_t opcode = 0;
        bool fin = false;
        std::string_view payload;
    };
    enum class Status { Frame, NeedMore, Error };

    // Decodes the frame at the start of data. On Frame, consumed is its total size
    // and frame.payload points into data. On Error, error says what was wrong.
    static Status decode(std::string_view data, Frame &frame, size_t &consumed, const char *&error);

    // Appends one final frame with the given mask key (RFC 6455 §5.3: clients must mask).
    static void appendMasked(std::string &out, Opcode opcode, std::string_view payload, uint32_t maskKey);
};
