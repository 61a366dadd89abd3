#pragma once

#include <array>
#include <cstdint>
#include <string_view>

// SHA-1 (FIPS 180-4), only for the WebSocket handshake's Sec-WebSocket-Accept check.
class Sha1 {
public:
    using Digest = std::array<uint8_t, 20>;

    static Digest hash(std::string_view data);
};
