#pragma once

#include "ControlTick.h"
#include "TickRecord.h"

#include <cstddef>
#include <cstdint>
#include <vector>

// Gives Socket.IO ticks their seq and ts. A Socket.IO tick is a bare value
// (`42/data,["randomNumber",57]`), but every subscriber receives the same ticks in
// the same order over one TCP stream, so a client's ticks are a contiguous run of
// the control connection's ticks. The aligner finds where that run starts: the
// latest control tick that was produced no later than the client's first recorded
// tick arrived, and whose value and the values of the ticks after it equal the
// client's first values (up to MatchLength of them; with 100 possible values a
// wrong match of 16 is out of the question). The k-th recorded tick is then
// seq start+k, with that seq's ts; a value that differs afterwards is counted as
// a mismatch, which would mean a lost or reordered tick.
class TickAligner {
public:
    static constexpr size_t MatchLength = 16;

    struct Result {
        bool aligned = false;
        uint32_t windowCount = 0; // ticks with ts inside the window
        uint32_t mismatches = 0; // values that disagree with the control after alignment
        uint32_t beyondControl = 0; // ticks newer than the control's last one
    };

    explicit TickAligner(std::vector<ControlTick> control);

    // Appends the latency (µs) of every tick inside [windowStartMs, windowEndMs).
    Result align(
        const std::vector<TickRecord> &records, int64_t windowStartMs, int64_t windowEndMs, std::vector<int64_t> &latenciesUs) const;

    // Ticks the control saw with ts inside the window: what one client should receive.
    uint64_t producedIn(int64_t windowStartMs, int64_t windowEndMs) const;
    uint64_t controlGaps() const { return m_gaps; }
    bool empty() const { return m_values.empty(); }

private:
    int64_t m_firstSeq = 0;
    std::vector<int64_t> m_tsMs; // by seq - m_firstSeq; -1 where the control missed one
    std::vector<uint32_t> m_values;
    uint64_t m_gaps = 0;
};
