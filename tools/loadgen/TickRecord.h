#pragma once

#include <cstdint>

// One tick as a Socket.IO client saw it: when it arrived and what value it had.
// Socket.IO ticks carry no seq or ts; TickAligner finds them from the control stream.
struct TickRecord {
    int64_t receivedUs = 0; // wall clock
    uint32_t valueHash = 0;
};
