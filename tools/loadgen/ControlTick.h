#pragma once

#include <cstdint>

// One tick as the JSON control connection saw it: the reference every Socket.IO
// client's ticks are matched against.
struct ControlTick {
    int64_t seq = 0;
    int64_t tsMs = 0;
    uint32_t valueHash = 0;
};
