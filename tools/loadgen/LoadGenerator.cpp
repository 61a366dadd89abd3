#include "LoadGenerator.h"

#include "Clock.h"
#include "ProcSampler.h"
#include "TickAligner.h"
#include "Worker.h"

#include <time.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <limits>

namespace {

constexpr auto PollInterval = std::chrono::milliseconds(10);
// How long the drain may be extended for the control connection to see the window's end.
constexpr int64_t MaxDrainExtensionMs = 10000;

void progress(const char *format, auto... args)
{
    std::fprintf(stderr, "datagate-loadgen: ");
    std::fprintf(stderr, format, args...);
    std::fprintf(stderr, "\n");
}

} // namespace

LoadGenerator::LoadGenerator(const Options &options)
    : m_options(options)
{
}

LoadGenerator::~LoadGenerator()
{
    stopWorkers();
}

void LoadGenerator::stopWorkers()
{
    m_run.stop = true;
    for (std::thread &thread : m_threads)
        if (thread.joinable())
            thread.join();
}

bool LoadGenerator::waitForControl()
{
    const int64_t deadline = Clock::monotonicUs() + static_cast<int64_t>(m_options.connectTimeoutS * 1e6);
    while (!m_run.controlSubscribed) {
        if (m_run.controlFailed || m_run.stop || Clock::monotonicUs() > deadline)
            return false;
        std::this_thread::sleep_for(PollInterval);
    }
    return true;
}

void LoadGenerator::waitForClients()
{
    const double rampS = m_options.rampPerSec > 0 ? m_options.clients / m_options.rampPerSec : 0;
    // Workers fail every client still unsubscribed after its connect timeout; this deadline
    // is only a backstop, with slack for a ramp that fell behind its schedule.
    const int64_t deadline = m_rampStartMonoUs + static_cast<int64_t>((rampS + m_options.connectTimeoutS + 5) * 1e6);
    int64_t nextReport = Clock::monotonicUs() + 1000000;
    while (m_run.subscribed + m_run.failed < m_options.clients && !m_run.stop) {
        const int64_t now = Clock::monotonicUs();
        if (now > deadline) {
            progress("ramp deadline passed with %d of %d clients resolved", m_run.subscribed + m_run.failed, m_options.clients);
            break;
        }
        if (now >= nextReport) {
            progress("ramp: %d connected, %d subscribed, %d failed of %d", m_run.connected.load(), m_run.subscribed.load(),
                m_run.failed.load(), m_options.clients);
            nextReport += 1000000;
        }
        std::this_thread::sleep_for(PollInterval);
    }
}

void LoadGenerator::sleepUntilRealtimeMs(int64_t targetMs) const
{
    timespec target {};
    target.tv_sec = static_cast<time_t>(targetMs / 1000);
    target.tv_nsec = static_cast<long>(targetMs % 1000) * 1000000;
    while (clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &target, nullptr) == EINTR) { }
}

bool LoadGenerator::run(Report &report)
{
    const int64_t runStartMonoUs = Clock::monotonicUs();
    const double cpuAtStart = ProcSampler::selfCpuS();
    report.label = m_options.label;
    report.protocol = m_options.protocolName();
    report.url = m_options.url();
    report.stream = m_options.stream;
    report.clients = m_options.clients;
    report.threads = m_options.threads;
    report.sourceIps = m_options.sourceIps;
    report.rampPerSec = m_options.rampPerSec;
    report.durationS = m_options.durationS;
    report.settleS = m_options.settleS;
    report.drainS = m_options.drainS;
    report.expectedRateHz = m_options.expectedRateHz;
    report.serverPid = m_options.serverPid;
    report.serverPids = m_options.serverPids;
    report.redisPid = m_options.redisPid;

    // The server's memory with no client of ours yet: the base of "RSS per connection".
    ProcSampler::Sample baseline;
    if (m_options.serverPid > 0) {
        baseline = ProcSampler::sample(m_options.serverPids);
        if (!baseline.ok)
            progress("cannot read /proc/%d (or another --server-pid); server figures will be missing", m_options.serverPid);
    }

    const int threads = std::max(1, std::min(m_options.threads, std::max(1, m_options.clients)));
    std::vector<std::vector<int>> shares(static_cast<size_t>(threads));
    for (int i = 0; i < m_options.clients; ++i)
        shares[static_cast<size_t>(i % threads)].push_back(i);
    for (int t = 0; t < threads; ++t)
        m_workers.push_back(std::make_unique<Worker>(m_options, m_run, std::move(shares[static_cast<size_t>(t)]), t == 0));
    for (auto &worker : m_workers)
        m_threads.emplace_back([w = worker.get()] { w->run(); });

    if (!waitForControl()) {
        stopWorkers();
        m_error = "the control connection (JSON at /ws) did not subscribe to \"" + m_options.stream + "\" on " + m_options.host + ":"
            + std::to_string(m_options.port);
        for (const auto &[reason, count] : m_workers.front()->errors())
            m_error += " [" + reason + "]";
        if (!m_workers.front()->setupError().empty())
            m_error += " [" + m_workers.front()->setupError() + "]";
        return false;
    }

    progress("%s (%s): %d clients, ramp %.0f/s", report.url.c_str(), report.protocol.c_str(), m_options.clients, m_options.rampPerSec);
    m_rampStartMonoUs = Clock::monotonicUs();
    m_run.rampStartMonoUs = m_rampStartMonoUs;
    waitForClients();
    progress("ramp done: %d connected, %d subscribed, %d failed in %.2f s", m_run.connected.load(), m_run.subscribed.load(),
        m_run.failed.load(), static_cast<double>(Clock::monotonicUs() - m_rampStartMonoUs) / 1e6);

    // Socket.IO clients record from now, so the first records precede the window.
    m_run.recordFromUs = Clock::realtimeUs();
    const int64_t windowStartMs = Clock::realtimeUs() / 1000 + static_cast<int64_t>(m_options.settleS * 1000);
    const int64_t windowEndMs = windowStartMs + static_cast<int64_t>(m_options.durationS * 1000);
    m_run.windowStartMs = windowStartMs;
    m_run.windowEndMs = windowEndMs;

    sleepUntilRealtimeMs(windowStartMs);
    const ProcSampler::Sample serverStart = m_options.serverPid > 0 ? ProcSampler::sample(m_options.serverPids) : ProcSampler::Sample {};
    const ProcSampler::Sample redisStart = m_options.redisPid > 0 ? ProcSampler::sample(m_options.redisPid) : ProcSampler::Sample {};
    const double cpuWindowStart = ProcSampler::selfCpuS();
    sleepUntilRealtimeMs(windowEndMs);
    const ProcSampler::Sample serverEnd = m_options.serverPid > 0 ? ProcSampler::sample(m_options.serverPids) : ProcSampler::Sample {};
    const ProcSampler::Sample redisEnd = m_options.redisPid > 0 ? ProcSampler::sample(m_options.redisPid) : ProcSampler::Sample {};
    const double cpuWindowEnd = ProcSampler::selfCpuS();
    progress("window closed; draining %.1f s", m_options.drainS);

    std::this_thread::sleep_for(std::chrono::duration<double>(m_options.drainS));
    // The control must have seen the window's last tick, or Socket.IO ticks cannot be placed.
    const int64_t extendUntil = Clock::realtimeUs() / 1000 + MaxDrainExtensionMs;
    while (m_run.controlLastTsMs.load() < windowEndMs && !m_run.controlFailed && Clock::realtimeUs() / 1000 < extendUntil
        && m_options.expectedRateHz > 0)
        std::this_thread::sleep_for(PollInterval);
    stopWorkers();

    report.windowRan = true;
    report.windowStartMs = windowStartMs;
    report.windowS = static_cast<double>(windowEndMs - windowStartMs) / 1000.0;
    report.loadgenCpuWindowS = cpuWindowEnd - cpuWindowStart;
    if (m_options.serverPid > 0 && baseline.ok && serverStart.ok && serverEnd.ok) {
        report.serverSampled = true;
        report.serverCpuS = serverEnd.cpuS - serverStart.cpuS;
        report.serverRssBaselineKb = baseline.rssKb;
        report.serverRssStartKb = serverStart.rssKb;
        report.serverRssEndKb = serverEnd.rssKb;
        report.serverHwmKb = serverEnd.hwmKb;
        report.serverThreads = serverEnd.threads;
    }
    if (redisStart.ok && redisEnd.ok)
        report.redisCpuS = redisEnd.cpuS - redisStart.cpuS;
    aggregate(report);
    report.loadgenCpuTotalS = ProcSampler::selfCpuS() - cpuAtStart;
    report.loadgenMaxRssKb = ProcSampler::selfMaxRssKb();
    report.runS = static_cast<double>(Clock::monotonicUs() - runStartMonoUs) / 1e6;
    return true;
}

void LoadGenerator::aggregate(Report &report) const
{
    report.connected = m_run.connected;
    report.subscribed = m_run.subscribed;
    report.failed = m_run.failed;
    report.disconnected = m_run.disconnected;

    const int64_t windowStartMs = m_run.windowStartMs;
    const int64_t windowEndMs = m_run.windowEndMs;
    const TickAligner aligner(m_workers.front()->controlTicks());
    report.produced = aligner.producedIn(windowStartMs, windowEndMs);
    // The control may not have seen the window's last ticks when the server runs far
    // behind; seqs are contiguous, so the JSON clients' first and last seq count them too.
    int64_t firstSeq = std::numeric_limits<int64_t>::max(), lastSeq = -1;
    for (const auto &worker : m_workers) {
        firstSeq = std::min(firstSeq, worker->windowFirstSeq());
        lastSeq = std::max(lastSeq, worker->windowLastSeq());
    }
    if (lastSeq >= firstSeq)
        report.produced = std::max<uint64_t>(report.produced, static_cast<uint64_t>(lastSeq - firstSeq + 1));
    report.controlGaps = aligner.controlGaps();
    report.controlComplete = m_run.controlLastTsMs.load() >= windowEndMs;
    report.feedRateHz = report.windowS > 0 ? static_cast<double>(report.produced) / report.windowS : Report::NaN;
    report.latencySource =
        m_options.protocol == Options::Protocol::Json ? "ts field of each tick" : "ts of the control tick aligned by value sequence";

    std::vector<int64_t> handshakeUs, subscribeUs, latenciesUs, perClient, startLagUs;
    int64_t lastConnected = 0, lastSubscribed = 0;
    for (const auto &worker : m_workers) {
        for (const auto &[reason, count] : worker->errors())
            report.errors[reason] += count;
        report.seqGaps += worker->seqGaps();
        report.parseErrors += worker->parseErrors();
        latenciesUs.insert(latenciesUs.end(), worker->latenciesUs().begin(), worker->latenciesUs().end());
        for (const Connection &c : worker->connections()) {
            if (c.isControl)
                continue;
            if (c.startMonoUs > 0)
                startLagUs.push_back(c.startLagUs);
            if (c.everConnected) {
                handshakeUs.push_back(c.connectedMonoUs - c.startMonoUs);
                lastConnected = std::max(lastConnected, c.connectedMonoUs);
            }
            if (!c.everSubscribed)
                continue;
            subscribeUs.push_back(c.subscribedMonoUs - c.startMonoUs);
            lastSubscribed = std::max(lastSubscribed, c.subscribedMonoUs);
            if (c.isSocketIo) {
                const TickAligner::Result aligned = aligner.align(c.records, windowStartMs, windowEndMs, latenciesUs);
                if (!aligned.aligned && !c.records.empty())
                    ++report.unaligned;
                report.mismatches += aligned.mismatches;
                perClient.push_back(aligned.windowCount);
            } else {
                perClient.push_back(c.windowCount);
            }
        }
    }
    if (report.connected == m_options.clients && m_options.clients > 0)
        report.allConnectedS = static_cast<double>(lastConnected - m_rampStartMonoUs) / 1e6;
    if (report.subscribed == m_options.clients && m_options.clients > 0)
        report.allSubscribedS = static_cast<double>(lastSubscribed - m_rampStartMonoUs) / 1e6;
    report.startLagMs = Distribution::summarize(startLagUs, 1e-3);
    report.handshakeMs = Distribution::summarize(handshakeUs, 1e-3);
    report.subscribeMs = Distribution::summarize(subscribeUs, 1e-3);
    report.latencyMs = Distribution::summarize(latenciesUs, 1e-3);

    for (const int64_t count : perClient)
        report.delivered += static_cast<uint64_t>(count);
    const Distribution::Summary clients = Distribution::summarize(perClient);
    if (clients.count > 0) {
        report.perClientMin = clients.min;
        report.perClientMedian = clients.p50;
        report.perClientMax = clients.max;
    }
    const auto subscribers = static_cast<uint64_t>(perClient.size());
    report.expected = subscribers * report.produced;
    if (report.expected > 0)
        report.deliveryRatio = static_cast<double>(report.delivered) / static_cast<double>(report.expected);
    // The same latencies with every undelivered tick counted as later than the drain.
    report.undelivered = report.expected > report.delivered ? report.expected - report.delivered : 0;
    report.latencyInclUndeliveredMs = Distribution::summarize(latenciesUs, 1e-3, report.expected);
    if (report.windowS > 0) {
        report.messagesPerS = static_cast<double>(report.delivered) / report.windowS;
        report.expectedMessagesPerS = static_cast<double>(report.expected) / report.windowS;
    }
    if (m_options.expectedRateHz > 0) {
        report.expectedNominal = static_cast<double>(subscribers) * m_options.expectedRateHz * report.windowS;
        report.expectedNominalMessagesPerS = static_cast<double>(subscribers) * m_options.expectedRateHz;
        if (report.expectedNominal > 0)
            report.deliveryRatioNominal = static_cast<double>(report.delivered) / report.expectedNominal;
    }
    if (report.serverSampled) {
        if (report.serverCpuS > 0)
            report.messagesPerServerCpuS = static_cast<double>(report.delivered) / report.serverCpuS;
        if (report.subscribed > 0)
            report.rssPerClientBytes =
                static_cast<double>(report.serverRssStartKb - report.serverRssBaselineKb) * 1024.0 / report.subscribed;
    }
}
