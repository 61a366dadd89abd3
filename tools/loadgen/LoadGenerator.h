#pragma once

#include "Options.h"
#include "Report.h"
#include "RunState.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

class Worker;

// Runs one scenario: starts the epoll workers, connects the control connection,
// releases the ramp, waits until every client is subscribed or has failed, opens
// the measurement window (sampling the server and itself at both ends), lets late
// ticks drain, stops the workers and turns what they recorded into a Report.
class LoadGenerator {
public:
    explicit LoadGenerator(const Options &options);
    ~LoadGenerator();
    LoadGenerator(const LoadGenerator &) = delete;
    LoadGenerator &operator=(const LoadGenerator &) = delete;

    // False if the scenario could not run at all (error() says why).
    bool run(Report &report);
    const std::string &error() const { return m_error; }

private:
    bool waitForControl();
    void waitForClients();
    void sleepUntilRealtimeMs(int64_t targetMs) const;
    void stopWorkers();
    void aggregate(Report &report) const;

    const Options &m_options;
    RunState m_run;
    std::vector<std::unique_ptr<Worker>> m_workers;
    std::vector<std::thread> m_threads;
    int64_t m_rampStartMonoUs = 0;
    std::string m_error;
};
