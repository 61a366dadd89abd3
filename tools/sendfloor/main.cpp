// datagate-sendfloor: what fanning one small message out to N TCP clients over
// loopback costs on this machine with no server around it: plain send() calls
// from T threads, received by a child process on epoll, as datagate-loadgen
// receives. Its per-send CPU time and tick-to-client latency are the floor the
// server's figures in docs/benchmarks.md are compared with.
//
//   datagate-sendfloor --clients 10000 --threads 2 --ticks 20 --interval-ms 1000 --size 100
//                      [--io-uring] [--markdown-out FILE]
//
// --io-uring (when built with liburing) submits the sends in batches through
// io_uring instead: one system call per batch rather than per client.
//
// Prints one JSON object (and appends a Markdown table row to FILE). Each process holds one end of every connection, so
// N clients need N + a few descriptors in each (N up to the open-file limit).
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef DATAGATE_HAVE_LIBURING
#include <liburing.h>
#endif

namespace {

struct Options {
    int clients = 10000;
    int threads = 2;
    int ticks = 20;
    int intervalMs = 1000;
    int size = 100;
    bool ioUring = false; // submit each thread's sends in batches through io_uring instead of one send() each
    std::string markdownOut; // a Markdown table row is appended to this file
};

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "datagate-sendfloor: %s: %s\n", what, std::strerror(errno));
    std::exit(1);
}

int64_t nowNs(clockid_t clock)
{
    timespec ts {};
    clock_gettime(clock, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

bool parse(int argc, char **argv, Options &options)
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h")
            return false;
        if (arg == "--io-uring") {
            options.ioUring = true;
            continue;
        }
        if (i + 1 >= argc)
            return false;
        if (arg == "--markdown-out") {
            options.markdownOut = argv[++i];
            continue;
        }
        const int value = std::atoi(argv[++i]);
        if (value <= 0)
            return false;
        if (arg == "--clients")
            options.clients = value;
        else if (arg == "--threads")
            options.threads = value;
        else if (arg == "--ticks")
            options.ticks = value;
        else if (arg == "--interval-ms")
            options.intervalMs = value;
        else if (arg == "--size")
            options.size = std::max(value, 32);
        else
            return false;
    }
    return true;
}

void raiseFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

// The child: connects every client (spread over source addresses 127.0.0.1,
// .2, ... as the load generator does, 2,000 per address), reports on `ready`
// that all are connected, then receives until the parent closes them, and
// writes to `out` its CPU time (ns) from `ready` to the first close, then the
// latencies (ns).
int receive(const Options &options, sockaddr_in server, int ready, int out)
{
    const int epoll = epoll_create1(0);
    if (epoll < 0)
        fail("epoll_create1");
    for (int i = 0; i < options.clients; ++i) {
        const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (fd < 0)
            fail("socket");
        const int one = 1;
        setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        sockaddr_in source {};
        source.sin_family = AF_INET;
        source.sin_addr.s_addr = htonl(INADDR_LOOPBACK + uint32_t(i / 2000));
        if (bind(fd, reinterpret_cast<sockaddr *>(&source), sizeof source) < 0)
            fail("bind");
        if (connect(fd, reinterpret_cast<sockaddr *>(&server), sizeof server) < 0 && errno != EINPROGRESS)
            fail("connect");
        epoll_event event {};
        event.events = EPOLLIN;
        event.data.fd = fd;
        if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) < 0)
            fail("epoll_ctl");
    }
    const char byte = 1;
    if (write(ready, &byte, 1) != 1)
        fail("write");

    std::vector<int64_t> latencies;
    latencies.reserve(size_t(options.clients) * size_t(options.ticks));
    std::vector<epoll_event> events(1024);
    std::vector<char> buffer(65536);
    std::vector<std::string> partials; // by descriptor
    const int64_t cpuAtReady = nowNs(CLOCK_PROCESS_CPUTIME_ID);
    int64_t receiveCpuNs = -1; // set at the first close, so closing is not counted
    int open = options.clients;
    while (open > 0) {
        const int n = epoll_wait(epoll, events.data(), int(events.size()), -1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail("epoll_wait");
        const int64_t received = nowNs(CLOCK_REALTIME);
        for (int e = 0; e < n; ++e) {
            const int fd = events[e].data.fd;
            const ssize_t got = recv(fd, buffer.data(), buffer.size(), 0);
            if (got <= 0) {
                if (got < 0 && errno == EAGAIN)
                    continue;
                if (receiveCpuNs < 0)
                    receiveCpuNs = nowNs(CLOCK_PROCESS_CPUTIME_ID) - cpuAtReady;
                close(fd);
                --open;
                continue;
            }
            // Each message is a decimal timestamp padded to the message size;
            // a message split over two reads is completed from the next one.
            if (size_t(fd) >= partials.size())
                partials.resize(size_t(fd) + 1);
            std::string &partial = partials[size_t(fd)];
            partial.append(buffer.data(), size_t(got));
            size_t at = 0;
            for (; at + size_t(options.size) <= partial.size(); at += size_t(options.size))
                latencies.push_back(received - std::strtoll(partial.c_str() + at, nullptr, 10));
            partial.erase(0, at);
        }
    }
    if (write(out, &receiveCpuNs, sizeof receiveCpuNs) != ssize_t(sizeof receiveCpuNs))
        fail("write");
    const size_t bytes = latencies.size() * sizeof(int64_t);
    const char *data = reinterpret_cast<const char *>(latencies.data());
    for (size_t done = 0; done < bytes;) {
        const ssize_t w = write(out, data + done, bytes - done);
        if (w <= 0)
            fail("write");
        done += size_t(w);
    }
    return 0;
}

double percentile(const std::vector<int64_t> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const size_t index = std::min(sorted.size() - 1, size_t(p * double(sorted.size())));
    return double(sorted[index]) / 1e6;
}

// One sender thread's share of a tick: clients t, t + step, t + 2 step, ...
// Returns the number of sends the kernel did not take whole.
int64_t sendPlain(const std::vector<int> &clients, size_t first, size_t step, const std::vector<char> &payload)
{
    int64_t failures = 0;
    for (size_t i = first; i < clients.size(); i += step) {
        if (send(clients[i], payload.data(), payload.size(), MSG_NOSIGNAL | MSG_DONTWAIT) != ssize_t(payload.size()))
            ++failures;
    }
    return failures;
}

#ifdef DATAGATE_HAVE_LIBURING
constexpr unsigned UringBatch = 256;

// The same through io_uring: the sends go in batches of 256, one
// io_uring_enter() per batch instead of one system call per client, still
// non-blocking (MSG_DONTWAIT: a full socket fails rather than waits).
int64_t sendUring(io_uring &ring, const std::vector<int> &clients, size_t first, size_t step, const std::vector<char> &payload)
{
    int64_t failures = 0;
    unsigned pending = 0;
    auto complete = [&] {
        if (io_uring_submit_and_wait(&ring, pending) < 0)
            fail("io_uring_submit_and_wait");
        for (; pending > 0; --pending) {
            io_uring_cqe *cqe = nullptr;
            if (io_uring_wait_cqe(&ring, &cqe) < 0)
                fail("io_uring_wait_cqe");
            if (cqe->res != int(payload.size()))
                ++failures;
            io_uring_cqe_seen(&ring, cqe);
        }
    };
    for (size_t i = first; i < clients.size(); i += step) {
        io_uring_sqe *sqe = io_uring_get_sqe(&ring);
        io_uring_prep_send(sqe, clients[i], payload.data(), payload.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (++pending == UringBatch)
            complete();
    }
    complete();
    return failures;
}
#endif

} // namespace

int main(int argc, char **argv)
{
    Options options;
    if (!parse(argc, argv, options)) {
        std::fprintf(stderr,
            "usage: datagate-sendfloor [--clients N] [--threads T] [--ticks K] [--interval-ms MS] [--size BYTES] [--io-uring]\n"
            "                          [--markdown-out FILE]\n");
        return 2;
    }
#ifndef DATAGATE_HAVE_LIBURING
    if (options.ioUring) {
        std::fprintf(stderr, "datagate-sendfloor: built without liburing; --io-uring needs liburing-dev at build time\n");
        return 2;
    }
#endif
    raiseFileLimit();

#ifdef DATAGATE_HAVE_LIBURING
    // One ring per sender thread, used by that thread only during a tick;
    // made before anything else, so that where io_uring is unavailable no
    // connection or child process is left behind.
    std::vector<io_uring> rings(options.ioUring ? size_t(options.threads) : 0);
    for (io_uring &ring : rings) {
        if (const int error = io_uring_queue_init(2 * UringBatch, &ring, 0); error < 0) {
            // Exit code 77: io_uring is not available here (an old kernel,
            // kernel.io_uring_disabled, a seccomp filter); the smoke test skips.
            std::fprintf(stderr, "datagate-sendfloor: io_uring is not available: %s\n", std::strerror(-error));
            return 77;
        }
    }
#endif

    const int listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listener < 0 || bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address) < 0 || listen(listener, 4096) < 0
        || getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length) < 0)
        fail("listen");

    int readyPipe[2];
    int resultPipe[2];
    if (pipe(readyPipe) < 0 || pipe(resultPipe) < 0)
        fail("pipe");
    const pid_t child = fork();
    if (child < 0)
        fail("fork");
    if (child == 0) {
        close(listener);
        close(readyPipe[0]);
        close(resultPipe[0]);
        return receive(options, address, readyPipe[1], resultPipe[1]);
    }
    close(readyPipe[1]);
    close(resultPipe[1]);

    // Accept while the child connects; the sends are non-blocking like the server's.
    std::vector<int> clients;
    clients.reserve(size_t(options.clients));
    while (int(clients.size()) < options.clients) {
        const int fd = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK);
        if (fd < 0)
            fail("accept");
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        clients.push_back(fd);
    }
    char byte;
    if (read(readyPipe[0], &byte, 1) != 1)
        fail("child did not connect");

    std::vector<char> message(size_t(options.size), ' ');
    std::atomic<int64_t> sendCpuNs = 0;
    int64_t failedSends = 0;
    std::vector<int64_t> fanOutNs; // per tick: the tick's timestamp to the return of its last send()
    fanOutNs.reserve(size_t(options.ticks));
    for (int tick = 0; tick < options.ticks; ++tick) {
        std::this_thread::sleep_for(std::chrono::milliseconds(options.intervalMs));
        std::vector<char> payload = message;
        const int64_t ts = nowNs(CLOCK_REALTIME);
        std::snprintf(payload.data(), payload.size(), "%" PRId64, ts);
        payload[std::strlen(payload.data())] = ' ';
        std::vector<std::thread> threads;
        std::atomic<int64_t> failures = 0;
        for (int t = 0; t < options.threads; ++t) {
            threads.emplace_back([&, t] {
                const int64_t start = nowNs(CLOCK_THREAD_CPUTIME_ID);
                const size_t first = size_t(t);
                const size_t step = size_t(options.threads);
#ifdef DATAGATE_HAVE_LIBURING
                if (options.ioUring)
                    failures += sendUring(rings[first], clients, first, step, payload);
                else
#endif
                    failures += sendPlain(clients, first, step, payload);
                sendCpuNs += nowNs(CLOCK_THREAD_CPUTIME_ID) - start;
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        fanOutNs.push_back(nowNs(CLOCK_REALTIME) - ts);
        failedSends += failures;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
#ifdef DATAGATE_HAVE_LIBURING
    for (io_uring &ring : rings)
        io_uring_queue_exit(&ring);
#endif
    for (int fd : clients)
        close(fd);

    int64_t receiveCpuNs = 0;
    if (read(resultPipe[0], &receiveCpuNs, sizeof receiveCpuNs) != ssize_t(sizeof receiveCpuNs))
        fail("child's result");
    std::vector<int64_t> latencies;
    int64_t value;
    while (read(resultPipe[0], &value, sizeof value) == ssize_t(sizeof value))
        latencies.push_back(value);
    int status = 0;
    waitpid(child, &status, 0);
    std::sort(latencies.begin(), latencies.end());
    std::sort(fanOutNs.begin(), fanOutNs.end());
    const double sends = double(options.clients) * options.ticks;
    const double cpuPerSendUs = double(sendCpuNs) / 1e3 / sends;
    const double sendsPerCpuS = sends / (double(sendCpuNs) / 1e9);
    const double receiverCpuPerMessageUs = double(receiveCpuNs) / 1e3 / sends;
    const double fanOutP50 = percentile(fanOutNs, 0.5);
    const double fanOutMax = percentile(fanOutNs, 1.0);
    const double latencyP50 = percentile(latencies, 0.5);
    const double latencyP99 = percentile(latencies, 0.99);
    const double latencyMax = percentile(latencies, 1.0);
    std::printf("{\"tool\":\"datagate-sendfloor\",\"clients\":%d,\"threads\":%d,\"io\":\"%s\",\"ticks\":%d,\"interval_ms\":%d,\"size\":%d,"
                "\"failed_sends\":%" PRId64 ",\"received\":%zu,\"cpu_per_send_us\":%.2f,\"sends_per_cpu_s\":%.0f,"
                "\"receiver_cpu_per_message_us\":%.2f,\"fan_out_ms\":{\"p50\":%.1f,\"max\":%.1f},"
                "\"latency_ms\":{\"p50\":%.1f,\"p99\":%.1f,\"max\":%.1f}}\n",
        options.clients, options.threads, options.ioUring ? "io_uring" : "send", options.ticks, options.intervalMs, options.size,
        failedSends, latencies.size(), cpuPerSendUs, sendsPerCpuS, receiverCpuPerMessageUs, fanOutP50, fanOutMax, latencyP50, latencyP99,
        latencyMax);
    if (!options.markdownOut.empty()) {
        if (FILE *out = std::fopen(options.markdownOut.c_str(), "a")) {
            std::fprintf(out, "| %d | %.3g | %d%s | %zu / %.0f | %.2f | %.0f | %.2f | %.1f / %.1f | %.1f / %.1f / %.1f |\n",
                options.clients, 1000.0 / options.intervalMs, options.threads, options.ioUring ? " (io_uring)" : "", latencies.size(),
                sends, cpuPerSendUs, sendsPerCpuS, receiverCpuPerMessageUs, fanOutP50, fanOutMax, latencyP50, latencyP99, latencyMax);
            std::fclose(out);
        }
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 && failedSends == 0 ? 0 : 1;
}
