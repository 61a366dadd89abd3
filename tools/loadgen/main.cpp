// datagate-loadgen: N WebSocket clients against datagate, one JSON report.
// See Options::usage() and docs/benchmarks.md.

#include "LoadGenerator.h"
#include "Options.h"
#include "Report.h"

#include <csignal>

#include <sys/resource.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

namespace {

// As many descriptors as the hard limit allows: every client is one socket.
void raiseFileLimit(int clients)
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
            std::fprintf(stderr, "datagate-loadgen: cannot raise the open-file limit: %s\n", std::strerror(errno));
    }
    getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < static_cast<rlim_t>(clients) + 32)
        std::fprintf(stderr, "datagate-loadgen: warning: open-file limit %llu is too low for %d clients\n",
            static_cast<unsigned long long>(limit.rlim_cur), clients);
}

} // namespace

int main(int argc, char **argv)
{
    Options options;
    const Options::ParseResult parsed = options.parse(std::vector<std::string>(argv + 1, argv + argc));
    switch (parsed.action) {
    case Options::ParseResult::Action::Help: std::cout << parsed.text; return 0;
    case Options::ParseResult::Action::MarkdownHeader: std::cout << Report::markdownHeader(); return 0;
    case Options::ParseResult::Action::Fail:
        std::fprintf(stderr, "datagate-loadgen: %s\nTry 'datagate-loadgen --help' for the options.\n", parsed.text.c_str());
        return 2;
    case Options::ParseResult::Action::Run: break;
    }
    raiseFileLimit(options.clients);
    // OpenSSL writes with write(), not send(MSG_NOSIGNAL): a server that
    // closes must be an error of that client, not the end of the process.
    std::signal(SIGPIPE, SIG_IGN);

    Report report;
    LoadGenerator generator(options);
    if (!generator.run(report)) {
        std::fprintf(stderr, "datagate-loadgen: %s\n", generator.error().c_str());
        return 1;
    }
    const std::string json = report.toJson();
    std::cout << json << std::endl;
    if (!options.jsonOut.empty()) {
        std::ofstream out(options.jsonOut);
        out << json << '\n';
        if (!out) {
            std::fprintf(stderr, "datagate-loadgen: cannot write %s\n", options.jsonOut.c_str());
            return 1;
        }
    }
    if (!options.markdownOut.empty()) {
        std::ofstream out(options.markdownOut, std::ios::app);
        out << report.markdownRow();
        if (!out) {
            std::fprintf(stderr, "datagate-loadgen: cannot write %s\n", options.markdownOut.c_str());
            return 1;
        }
    }
    return 0;
}
