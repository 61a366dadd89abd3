#pragma once

#include "Distribution.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

// Everything one run measured, and its two renderings: the JSON object (one line)
// and a row of the benchmark's Markdown table. NaN means "not measured".
struct Report {
    static constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

    // What was run.
    std::string label;
    std::string protocol;
    std::string url;
    std::string stream;
    int clients = 0;
    int threads = 1;
    int sourceIps = 1;
    double rampPerSec = 0;
    double durationS = 0;
    double settleS = 0;
    double drainS = 0;
    double expectedRateHz = 0;

    // Connections.
    int connected = 0;
    int subscribed = 0;
    int failed = 0;
    int disconnected = 0;
    std::map<std::string, int> errors;
    double allConnectedS = NaN; // ramp start → last client connected; NaN unless all did
    double allSubscribedS = NaN;
    Distribution::Summary startLagMs; // connect() called this late against the ramp's schedule
    Distribution::Summary handshakeMs; // connect() → 101 checked
    Distribution::Summary subscribeMs; // connect() → subscription acknowledged

    // Deliveries in the window.
    bool windowRan = false;
    int64_t windowStartMs = 0;
    double windowS = 0;
    uint64_t produced = 0; // ticks with ts in the window, as the control saw them
    double feedRateHz = NaN;
    uint64_t delivered = 0;
    uint64_t expected = 0; // subscribed clients × produced
    double expectedNominal = NaN; // subscribed clients × expected rate × window
    double deliveryRatio = NaN;
    double deliveryRatioNominal = NaN;
    double messagesPerS = NaN;
    double expectedMessagesPerS = NaN; // expected / window
    double expectedNominalMessagesPerS = NaN; // subscribed clients × expected rate
    double perClientMin = NaN;
    double perClientMedian = NaN;
    double perClientMax = NaN;
    Distribution::Summary latencyMs; // delivered ticks
    Distribution::Summary latencyInclUndeliveredMs; // undelivered ticks count as "later than the drain"
    uint64_t undelivered = 0;
    std::string latencySource;
    uint64_t seqGaps = 0;
    uint64_t parseErrors = 0;
    uint64_t unaligned = 0;
    uint64_t mismatches = 0;
    uint64_t controlGaps = 0;
    bool controlComplete = false; // the control saw a tick after the window before the end

    // The load generator itself.
    double loadgenCpuWindowS = NaN;
    double loadgenCpuTotalS = NaN;
    int64_t loadgenMaxRssKb = 0;
    double runS = 0;

    // The server, from /proc: several instances of a cluster are summed.
    int serverPid = 0;
    std::vector<int> serverPids;
    bool serverSampled = false;
    double serverCpuS = NaN;
    int64_t serverRssBaselineKb = 0;
    int64_t serverRssStartKb = 0;
    int64_t serverRssEndKb = 0;
    int64_t serverHwmKb = 0;
    int serverThreads = 0;
    double messagesPerServerCpuS = NaN;
    double rssPerClientBytes = NaN;
    // Redis (--redis-pid), over the window.
    int redisPid = 0;
    double redisCpuS = NaN;

    std::string toJson() const;
    std::string markdownRow() const;
    static std::string markdownHeader();
};
