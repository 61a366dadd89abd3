#pragma once

#include <time.h>

#include <cstdint>

// The two clocks of a run: monotonic for intervals (handshakes, the ramp),
// the wall clock for latency, because the server stamps ticks with its wall clock.
class Clock {
public:
    static int64_t monotonicUs() { return read(CLOCK_MONOTONIC); }
    static int64_t realtimeUs() { return read(CLOCK_REALTIME); }

private:
    static int64_t read(clockid_t id)
    {
        timespec ts {};
        clock_gettime(id, &ts);
        return static_cast<int64_t>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
    }
};
