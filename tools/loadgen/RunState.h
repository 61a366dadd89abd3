#pragma once

#include <atomic>
#include <cstdint>
#include <limits>

// What the coordinator and the epoll workers share while a run is going on: the
// phase boundaries it publishes, and the counters the workers bump. Only atomics;
// everything else stays inside one worker until the threads are joined.
struct RunState {
    static constexpr int64_t Never = std::numeric_limits<int64_t>::max();

    std::atomic<bool> stop {false};
    // Monotonic µs at which client 0 starts; client i starts i / ramp seconds later.
    std::atomic<int64_t> rampStartMonoUs {Never};
    // Wall-clock µs from which Socket.IO clients record their ticks.
    std::atomic<int64_t> recordFromUs {Never};
    // The measurement window, wall-clock ms, compared with the ticks' "ts".
    std::atomic<int64_t> windowStartMs {Never};
    std::atomic<int64_t> windowEndMs {Never};

    std::atomic<int> connected {0};
    std::atomic<int> subscribed {0};
    std::atomic<int> failed {0};
    std::atomic<int> disconnected {0};

    std::atomic<bool> controlSubscribed {false};
    std::atomic<bool> controlFailed {false};
    std::atomic<int64_t> controlLastTsMs {0};
};
