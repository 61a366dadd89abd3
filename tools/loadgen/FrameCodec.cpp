#include "FrameCodec.h"

FrameCodec::Status FrameCodec::decode(std::string_view data, Frame &frame, size_t &consumed, const char *&error)
{
    if (data.size() < 2)
        return Status::NeedMore;
    const auto b0 = static_cast<uint8_t>(data[0]);
    const auto b1 = static_cast<uint8_t>(data[1]);
    if (b0 & 0x70) {
        error = "ws_reserved_bits";
        return Status::Error;
    }
    if (b1 & 0x80) {
        error = "ws_masked_server_frame";
        return Status::Error;
    }
    frame.fin = (b0 & 0x80) != 0;
    frame.opcode = b0 & 0x0F;
    uint64_t length = b1 & 0x7F;
    size_t header = 2;
    if (length == 126) {
        if (data.size() < 4)
            return Status::NeedMore;
        length = uint64_t(static_cast<uint8_t>(data[2])) << 8 | static_cast<uint8_t>(data[3]);
        header = 4;
    } else if (length == 127) {
        if (data.size() < 10)
            return Status::NeedMore;
        length = 0;
        for (int i = 0; i < 8; ++i)
            length = length << 8 | static_cast<uint8_t>(data[2 + i]);
        header = 10;
        if (length > (uint64_t(1) << 40)) {
            error = "ws_frame_too_large";
            return Status::Error;
        }
    }
    if ((frame.opcode & 0x08) && (length > 125 || !frame.fin)) {
        error = "ws_bad_control_frame";
        return Status::Error;
    }
    if (data.size() - header < length)
        return Status::NeedMore;
    frame.payload = data.substr(header, static_cast<size_t>(length));
    consumed = header + static_cast<size_t>(length);
    return Status::Frame;
}

void FrameCodec::appendMasked(std::string &out, Opcode opcode, std::string_view payload, uint32_t maskKey)
{
    out += static_cast<char>(0x80 | opcode);
    const size_t size = payload.size();
    if (size < 126) {
        out += static_cast<char>(0x80 | size);
    } else if (size <= 0xFFFF) {
        out += static_cast<char>(0x80 | 126);
        out += static_cast<char>(size >> 8);
        out += static_cast<char>(size & 0xFF);
    } else {
        out += static_cast<char>(0x80 | 127);
        for (int i = 7; i >= 0; --i)
            out += static_cast<char>((static_cast<uint64_t>(size) >> (8 * i)) & 0xFF);
    }
    const char mask[4] = {
        static_cast<char>(maskKey >> 24), static_cast<char>(maskKey >> 16), static_cast<char>(maskKey >> 8), static_cast<char>(maskKey)};
    out.append(mask, 4);
    const size_t start = out.size();
    out.append(payload);
    for (size_t i = 0; i < size; ++i)
        out[start + i] = static_cast<char>(out[start + i] ^ mask[i & 3]);
}
