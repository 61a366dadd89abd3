#pragma once

#include <cstdint>
#include <string_view>

// Just enough parsing of datagate's messages for the hot loop: the server writes
// compact JSON (no whitespace), so looking for `"key":` finds a field without a
// full JSON parser and without allocating.
class WireParser {
public:
    struct JsonTick {
        int64_t seq = -1;
        int64_t tsMs = -1;
        uint32_t valueHash = 0;
    };

    // "welcome" for {"event":"welcome",…}; empty if there is no "event" string.
    static std::string_view jsonEvent(std::string_view message);
    // The seq, ts and value (or price) of a tick message; false if seq or ts is missing.
    static bool jsonTick(std::string_view message, JsonTick &tick);
    // The number text following `"key":`, or empty.
    static std::string_view numberAfter(std::string_view message, std::string_view key);
    // FNV-1a of a value's text: how a Socket.IO value is compared with the JSON control's.
    static uint32_t hashValue(std::string_view text);
    static bool toInt(std::string_view text, int64_t &value);
};
