#include "TickAligner.h"

#include <algorithm>

TickAligner::TickAligner(std::vector<ControlTick> control)
{
    if (control.empty())
        return;
    std::sort(control.begin(), control.end(), [](const ControlTick &a, const ControlTick &b) { return a.seq < b.seq; });
    m_firstSeq = control.front().seq;
    const auto size = static_cast<size_t>(control.back().seq - m_firstSeq + 1);
    m_tsMs.assign(size, -1);
    m_values.assign(size, 0);
    for (const ControlTick &tick : control) {
        const auto at = static_cast<size_t>(tick.seq - m_firstSeq);
        m_tsMs[at] = tick.tsMs;
        m_values[at] = tick.valueHash;
    }
    m_gaps = static_cast<uint64_t>(std::count(m_tsMs.begin(), m_tsMs.end(), -1));
}

uint64_t TickAligner::producedIn(int64_t windowStartMs, int64_t windowEndMs) const
{
    return static_cast<uint64_t>(
        std::count_if(m_tsMs.begin(), m_tsMs.end(), [&](int64_t ts) { return ts >= windowStartMs && ts < windowEndMs; }));
}

TickAligner::Result TickAligner::align(
    const std::vector<TickRecord> &records, int64_t windowStartMs, int64_t windowEndMs, std::vector<int64_t> &latenciesUs) const
{
    Result result;
    if (records.empty() || m_values.empty())
        return result;
    // ts is whole milliseconds, truncated: a tick produced at ts arrives at ≥ ts ms.
    const int64_t firstArrivalMs = records.front().receivedUs / 1000;
    // The latest control tick that could have been the first record.
    auto latest = static_cast<int64_t>(m_tsMs.size()) - 1;
    while (latest >= 0 && (m_tsMs[static_cast<size_t>(latest)] < 0 || m_tsMs[static_cast<size_t>(latest)] > firstArrivalMs))
        --latest;
    const size_t need = std::min(records.size(), MatchLength);
    int64_t start = -1;
    for (int64_t candidate = latest; candidate >= 0; --candidate) {
        bool match = true;
        for (size_t j = 0; j < need && match; ++j) {
            const auto at = static_cast<size_t>(candidate) + j;
            if (at >= m_values.size())
                break; // newer than the control: cannot disagree
            match = m_tsMs[at] < 0 || m_values[at] == records[j].valueHash;
        }
        if (match) {
            start = candidate;
            break;
        }
    }
    if (start < 0)
        return result;
    result.aligned = true;
    for (size_t k = 0; k < records.size(); ++k) {
        const auto at = static_cast<size_t>(start) + k;
        if (at >= m_values.size()) {
            result.beyondControl += static_cast<uint32_t>(records.size() - k);
            break;
        }
        const int64_t ts = m_tsMs[at];
        if (ts < 0)
            continue;
        if (m_values[at] != records[k].valueHash)
            ++result.mismatches;
        if (ts >= windowStartMs && ts < windowEndMs) {
            ++result.windowCount;
            latenciesUs.push_back(records[k].receivedUs - ts * 1000);
        }
    }
    return result;
}
