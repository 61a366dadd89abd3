#include "Report.h"

#include "JsonWriter.h"

#include <cstdio>

namespace {

void writeSummary(JsonWriter &json, const char *name, const Distribution::Summary &s)
{
    json.beginObject(name).value("count", s.count);
    if (s.count > 0) {
        json.value("min", s.min)
            .value("p50", s.p50)
            .value("p90", s.p90)
            .value("p99", s.p99)
            .value("p999", s.p999)
            .value("max", s.max)
            .value("mean", s.mean);
    }
    json.endObject();
}

std::string fixed(double value, int decimals)
{
    if (!std::isfinite(value))
        return "—";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

// 1234567 → "1,234,567"
std::string grouped(double value)
{
    if (!std::isfinite(value))
        return "—";
    const long long rounded = std::llround(value);
    const std::string digits = std::to_string(rounded < 0 ? -rounded : rounded);
    std::string out = rounded < 0 ? "-" : "";
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

} // namespace

std::string Report::toJson() const
{
    JsonWriter json;
    json.beginObject();
    json.value("tool", "datagate-loadgen");
    if (!label.empty())
        json.value("label", label);
    json.value("protocol", protocol).value("url", url).value("stream", stream);
    json.value("clients", clients)
        .value("threads", threads)
        .value("source_ips", sourceIps)
        .value("ramp_per_sec", rampPerSec, 1)
        .value("duration_s", durationS, 1);
    json.value("settle_s", settleS, 1).value("drain_s", drainS, 1);
    json.value("expected_rate_hz", expectedRateHz, 3);

    json.value("connected", connected).value("subscribed", subscribed).value("failed", failed).value("disconnected", disconnected);
    json.beginObject("errors");
    for (const auto &[reason, count] : errors)
        json.value(reason, count);
    json.endObject();
    json.value("all_connected_s", allConnectedS).value("all_subscribed_s", allSubscribedS);
    writeSummary(json, "start_lag_ms", startLagMs);
    writeSummary(json, "handshake_ms", handshakeMs);
    writeSummary(json, "subscribe_ms", subscribeMs);

    json.value("window_ran", windowRan).value("window_start_ms", windowStartMs).value("window_s", windowS);
    json.value("produced", produced).value("feed_rate_hz", feedRateHz);
    json.value("delivered", delivered).value("expected", expected).value("expected_nominal", expectedNominal, 0);
    json.value("delivery_ratio", deliveryRatio, 5).value("delivery_ratio_nominal", deliveryRatioNominal, 5);
    json.value("msgs_per_s", messagesPerS, 1).value("expected_msgs_per_s", expectedMessagesPerS, 1);
    json.value("expected_nominal_msgs_per_s", expectedNominalMessagesPerS, 1);
    json.beginObject("per_client")
        .value("min", perClientMin, 0)
        .value("median", perClientMedian, 1)
        .value("max", perClientMax, 0)
        .endObject();
    writeSummary(json, "latency_ms", latencyMs);
    json.value("undelivered", undelivered);
    json.beginObject("latency_incl_undelivered_ms");
    json.value("p50", latencyInclUndeliveredMs.p50).value("p90", latencyInclUndeliveredMs.p90);
    json.value("p99", latencyInclUndeliveredMs.p99).value("p999", latencyInclUndeliveredMs.p999).endObject();
    json.value("latency_source", latencySource);
    json.value("seq_gaps", seqGaps)
        .value("parse_errors", parseErrors)
        .value("unaligned_clients", unaligned)
        .value("value_mismatches", mismatches);
    json.value("control_gaps", controlGaps).value("control_complete", controlComplete);

    json.beginObject("loadgen").value("cpu_window_s", loadgenCpuWindowS).value("cpu_total_s", loadgenCpuTotalS);
    json.value("cpu_pct", windowS > 0 ? loadgenCpuWindowS / windowS * 100 : NaN, 1)
        .value("max_rss_kb", loadgenMaxRssKb)
        .value("run_s", runS)
        .endObject();

    json.beginObject("server");
    if (serverPid > 0) {
        json.value("pid", serverPid).value("instances", static_cast<int>(serverPids.size())).value("sampled", serverSampled);
        json.value("cpu_s", serverCpuS).value("cpu_pct", windowS > 0 ? serverCpuS / windowS * 100 : NaN, 1);
        json.value("rss_kb_baseline", serverRssBaselineKb).value("rss_kb_start", serverRssStartKb).value("rss_kb_end", serverRssEndKb);
        json.value("vmhwm_kb", serverHwmKb).value("threads", serverThreads);
        json.value("msgs_per_cpu_s", messagesPerServerCpuS, 0).value("rss_per_client_bytes", rssPerClientBytes, 0);
    }
    json.endObject();
    if (redisPid > 0) {
        json.beginObject("redis").value("pid", redisPid).value("cpu_s", redisCpuS);
        json.value("cpu_pct", windowS > 0 ? redisCpuS / windowS * 100 : NaN, 1).endObject();
    }
    json.endObject();
    return json.text();
}

std::string Report::markdownHeader()
{
    return "| scenario | proto | clients | feed Hz | subscribed / failed | all subscribed (s) | handshake p50 / p99 (ms) "
           "| delivered msg/s (expected) | delivery ratio | per client min / med / max | latency p50 / p99 / max (ms) "
           "| server CPU % | msgs per server CPU-s | server RSS (MB) | RSS per conn (KB) | loadgen CPU % |\n"
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
}

std::string Report::markdownRow() const
{
    const bool deliveries = windowRan && expected > 0;
    std::string row = "| " + (label.empty() ? std::string("—") : label) + " | " + protocol + " | " + grouped(clients) + " | "
        + (expectedRateHz > 0 ? fixed(expectedRateHz, expectedRateHz < 1 ? 3 : 0) : std::string("—")) + " | ";
    row +=
        grouped(subscribed) + " / " + grouped(failed) + (disconnected ? " (" + grouped(disconnected) + " dropped)" : std::string()) + " | ";
    row += fixed(allSubscribedS, 2) + " | ";
    row += (handshakeMs.count ? fixed(handshakeMs.p50, 1) + " / " + fixed(handshakeMs.p99, 1) : std::string("—")) + " | ";
    row += deliveries ? grouped(messagesPerS) + " (" + grouped(expectedMessagesPerS) + ")" : std::string("—");
    row += " | " + (deliveries ? fixed(deliveryRatio, 4) : std::string("—")) + " | ";
    row += deliveries ? fixed(perClientMin, 0) + " / " + fixed(perClientMedian, 0) + " / " + fixed(perClientMax, 0) : std::string("—");
    row += " | ";
    // Percentiles over every expected delivery: a tick that never arrived counts as
    // later than the drain, so that losses cannot flatter the latency.
    std::string late = ">";
    late += fixed(drainS, 0);
    late += " s";
    const auto censored = [&late](double value) { return std::isfinite(value) ? fixed(value, 1) : late; };
    if (latencyMs.count && deliveries)
        row += censored(latencyInclUndeliveredMs.p50) + " / " + censored(latencyInclUndeliveredMs.p99) + " / " + fixed(latencyMs.max, 1);
    else if (latencyMs.count)
        row += fixed(latencyMs.p50, 1) + " / " + fixed(latencyMs.p99, 1) + " / " + fixed(latencyMs.max, 1);
    else
        row += "—";
    row += " | " + (serverSampled && windowS > 0 ? fixed(serverCpuS / windowS * 100, 0) : std::string("—"));
    row += " | " + (deliveries && serverSampled ? grouped(messagesPerServerCpuS) : std::string("—"));
    row += " | " + (serverSampled ? fixed(static_cast<double>(serverRssStartKb) / 1024.0, 1) : std::string("—"));
    row += " | " + (serverSampled ? fixed(rssPerClientBytes / 1024.0, 1) : std::string("—"));
    row += " | " + (windowS > 0 ? fixed(loadgenCpuWindowS / windowS * 100, 0) : std::string("—")) + " |\n";
    return row;
}
