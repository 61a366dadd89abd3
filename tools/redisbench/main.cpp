// datagate-redisbench: how ticks best travel through Redis to the instances
// of a cluster (docs/scaling.md, "Pub/sub or XREAD BLOCK"). One publisher
// sends a tick at a fixed rate; N reader connections receive it, either
// subscribed to a pub/sub channel (what datagate does: the tick is appended
// to a stream and published, as its script does) or blocked in XREAD on the
// stream (the tick is only appended). Reported per mode: the latency from
// publish to receive, the ticks received against those expected, and Redis's
// CPU over the window (from /proc/<pid>/stat).
//
// Without --port it starts a redis-server of its own on a free loopback port
// (no persistence) and stops it at the end.

#include "ProcSampler.h"

#include <hiredis/hiredis.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

extern char **environ;

namespace {

struct Options {
    std::string host = "127.0.0.1";
    int port = 0; // 0: start our own redis-server
    int redisPid = 0;
    int readers = 3;
    double rateHz = 10;
    double durationS = 10;
    double warmupS = 1;
    int payloadBytes = 200; // about a datagate tick in Redis
    std::vector<std::string> modes {"pubsub", "xread"};
};

const char *const Usage = R"(Usage: datagate-redisbench [options]

Delivers ticks through Redis to N reader connections, by pub/sub (the stream
is appended to and the tick published, as datagate does) and by XREAD BLOCK
on the stream, and prints per mode the latency publish -> receive, the ticks
received against those expected and Redis's CPU over the window.

  --readers N        reader connections: one per datagate instance (default 3)
  --rate HZ          ticks a second (default 10)
  --duration S       measurement window (default 10)
  --warmup S         before the window (default 1)
  --payload BYTES    size of a tick (default 200)
  --mode M           pubsub, xread or both (default both)
  --host HOST        Redis host (default 127.0.0.1)
  --port PORT        Redis port; without it a redis-server of our own is
                     started on a free loopback port
  --redis-pid PID    Redis's process, for its CPU (with --port; our own's is known)
  --help             this text
)";

bool parseNumber(const char *text, double min, double max, double &out)
{
    char *end = nullptr;
    const double value = std::strtod(text, &end);
    if (end == text || *end != '\0' || !(value >= min && value <= max))
        return false;
    out = value;
    return true;
}

bool parse(int argc, char **argv, Options &options)
{
    for (int i = 1; i < argc; ++i) {
        const std::string name = argv[i];
        if (name == "--help" || name == "-h") {
            std::fputs(Usage, stdout);
            std::exit(0);
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "redisbench: %s needs a value\n", name.c_str());
            return false;
        }
        const char *value = argv[++i];
        double number = 0;
        bool ok = true;
        if (name == "--readers")
            ok = parseNumber(value, 1, 10000, number) && (options.readers = int(number), true);
        else if (name == "--rate")
            ok = parseNumber(value, 0.1, 10000, options.rateHz);
        else if (name == "--duration")
            ok = parseNumber(value, 0.1, 86400, options.durationS);
        else if (name == "--warmup")
            ok = parseNumber(value, 0, 3600, options.warmupS);
        else if (name == "--payload")
            ok = parseNumber(value, 32, 1 << 20, number) && (options.payloadBytes = int(number), true);
        else if (name == "--host")
            options.host = value;
        else if (name == "--port")
            ok = parseNumber(value, 1, 65535, number) && (options.port = int(number), true);
        else if (name == "--redis-pid")
            ok = parseNumber(value, 1, 1 << 30, number) && (options.redisPid = int(number), true);
        else if (name == "--mode") {
            const std::string mode = value;
            if (mode == "both")
                options.modes = {"pubsub", "xread"};
            else if (mode == "pubsub" || mode == "xread")
                options.modes = {mode};
            else
                ok = false;
        } else {
            std::fprintf(stderr, "redisbench: unknown option %s\n%s", name.c_str(), Usage);
            return false;
        }
        if (!ok) {
            std::fprintf(stderr, "redisbench: invalid value for %s: '%s'\n", name.c_str(), value);
            return false;
        }
    }
    return true;
}

int64_t realtimeUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// utime + stime of a process, in seconds; negative if it cannot be read.
double cpuSeconds(int pid)
{
    const ProcSampler::Sample sample = pid > 0 ? ProcSampler::sample(pid) : ProcSampler::Sample {};
    return sample.ok ? sample.cpuS : -1;
}

using Reply = std::unique_ptr<redisReply, decltype(&freeReplyObject)>;

// Queues a command and writes it out; its reply is read later (pipelining,
// or a reader's reply when Redis has something).
void append(redisContext *context, const std::vector<std::string> &args)
{
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    for (const std::string &arg : args) {
        argv.push_back(arg.data());
        lengths.push_back(arg.size());
    }
    redisAppendCommandArgv(context, int(args.size()), argv.data(), lengths.data());
    int done = 0;
    while (!done && redisBufferWrite(context, &done) == REDIS_OK) { }
}

// Sends a command and waits for its reply; null on a connection error.
Reply command(redisContext *context, const std::vector<std::string> &args)
{
    append(context, args);
    void *raw = nullptr;
    if (redisGetReply(context, &raw) != REDIS_OK)
        raw = nullptr;
    return Reply(static_cast<redisReply *>(raw), freeReplyObject);
}

// Our own redis-server: a free port, no persistence, its files in a temporary folder.
struct OwnRedis {
    pid_t pid = 0;
    std::string dir;

    bool start(Options &options)
    {
        const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (probe < 0 || ::bind(probe, reinterpret_cast<sockaddr *>(&address), sizeof address) < 0
            || ::getsockname(probe, reinterpret_cast<sockaddr *>(&address), &length) < 0) {
            std::perror("redisbench: finding a free port");
            return false;
        }
        options.port = ntohs(address.sin_port);
        ::close(probe);
        char pattern[] = "/tmp/datagate-redisbench-XXXXXX";
        if (!mkdtemp(pattern))
            return false;
        dir = pattern;
        const std::string port = std::to_string(options.port);
        const std::string logfile = dir + "/redis.log";
        std::vector<std::string> args {
            "redis-server", "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--logfile", logfile};
        std::vector<char *> argv;
        for (std::string &arg : args)
            argv.push_back(arg.data());
        argv.push_back(nullptr);
        if (posix_spawnp(&pid, "redis-server", nullptr, nullptr, argv.data(), environ) != 0) {
            std::fprintf(stderr, "redisbench: cannot start redis-server (tools/install-deps.sh --tests)\n");
            pid = 0;
            return false;
        }
        options.redisPid = pid;
        for (int i = 0; i < 100; ++i) {
            redisContext *probeContext = redisConnect(options.host.c_str(), options.port);
            const bool up = probeContext && !probeContext->err;
            redisFree(probeContext);
            if (up)
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        std::fprintf(stderr, "redisbench: redis-server did not answer on port %d\n", options.port);
        return false;
    }

    ~OwnRedis()
    {
        if (pid > 0) {
            ::kill(pid, SIGTERM);
            ::waitpid(pid, nullptr, 0);
        }
        if (!dir.empty()) {
            std::remove((dir + "/redis.log").c_str());
            ::rmdir(dir.c_str());
        }
    }
};

struct Result {
    std::string mode;
    uint64_t published = 0;
    uint64_t received = 0;
    uint64_t expected = 0;
    std::vector<double> latencyMs;
    double redisCpuS = -1;
    double windowS = 0;
};

double percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    return sorted[std::min(sorted.size() - 1, size_t(p * double(sorted.size() - 1) + 0.5))];
}

// The publish time a tick carries: its payload starts with it (µs, decimal).
int64_t sentAt(const char *payload, size_t length)
{
    return std::strtoll(std::string(payload, std::min<size_t>(length, 20)).c_str(), nullptr, 10);
}

bool run(const Options &options, const std::string &mode, Result &result)
{
    result.mode = mode;
    const bool pubsub = mode == "pubsub";
    const std::string key = "redisbench:stream";
    const std::string channel = "redisbench:ticks";
    redisContext *publisher = redisConnect(options.host.c_str(), options.port);
    if (!publisher || publisher->err) {
        std::fprintf(stderr, "redisbench: cannot connect to %s:%d\n", options.host.c_str(), options.port);
        return false;
    }
    command(publisher, {"DEL", key});
    std::vector<redisContext *> readers;
    std::vector<std::string> lastIds;
    for (int i = 0; i < options.readers; ++i) {
        redisContext *reader = redisConnect(options.host.c_str(), options.port);
        if (!reader || reader->err) {
            std::fprintf(stderr, "redisbench: reader %d cannot connect\n", i);
            return false;
        }
        readers.push_back(reader);
        lastIds.push_back("$");
        if (pubsub) {
            Reply subscribed = command(reader, {"SUBSCRIBE", channel});
            if (!subscribed)
                return false;
        } else {
            append(reader, {"XREAD", "BLOCK", "0", "STREAMS", key, lastIds.back()});
        }
    }

    std::atomic<bool> stop {false};
    std::atomic<int64_t> windowStartUs {0};
    std::atomic<int64_t> windowEndUs {0};
    std::atomic<uint64_t> publishedInWindow {0};
    const int64_t startUs = realtimeUs();
    windowStartUs = startUs + int64_t(options.warmupS * 1e6);
    windowEndUs = windowStartUs + int64_t(options.durationS * 1e6);
    std::thread publishing([&] {
        const auto interval = std::chrono::microseconds(int64_t(1e6 / options.rateHz));
        auto due = std::chrono::steady_clock::now();
        while (!stop) {
            std::this_thread::sleep_until(due);
            due += interval;
            const int64_t now = realtimeUs();
            if (now >= windowEndUs)
                break;
            std::string payload = std::to_string(now) + ' ';
            payload.resize(size_t(options.payloadBytes), 'x');
            // One round trip, as datagate's script does both in one EVAL.
            append(publisher, {"XADD", key, "MAXLEN", "~", "1000", "*", "tick", payload});
            if (pubsub)
                append(publisher, {"PUBLISH", channel, payload});
            for (int replies = pubsub ? 2 : 1; replies > 0; --replies) {
                void *raw = nullptr;
                if (redisGetReply(publisher, &raw) != REDIS_OK)
                    break;
                freeReplyObject(raw);
            }
            if (now >= windowStartUs)
                ++publishedInWindow;
        }
    });

    const double cpuAtStartSample = [&] {
        std::this_thread::sleep_for(std::chrono::microseconds(std::max<int64_t>(0, windowStartUs - realtimeUs())));
        return cpuSeconds(options.redisPid);
    }();
    std::vector<pollfd> fds(readers.size());
    for (size_t i = 0; i < readers.size(); ++i)
        fds[i] = {readers[i]->fd, POLLIN, 0};
    // Ticks published in the window arrive up to a drain after it.
    const int64_t drainUntilUs = windowEndUs + 500000;
    double cpuAtEnd = -1;
    while (realtimeUs() < drainUntilUs) {
        if (cpuAtEnd < 0 && realtimeUs() >= windowEndUs)
            cpuAtEnd = cpuSeconds(options.redisPid);
        if (::poll(fds.data(), fds.size(), 50) <= 0)
            continue;
        for (size_t i = 0; i < readers.size(); ++i) {
            if (!(fds[i].revents & POLLIN))
                continue;
            redisContext *reader = readers[i];
            if (redisBufferRead(reader) != REDIS_OK) {
                std::fprintf(stderr, "redisbench: reader %zu: %s\n", i, reader->errstr);
                return false;
            }
            void *raw = nullptr;
            while (redisGetReplyFromReader(reader, &raw) == REDIS_OK && raw) {
                Reply reply(static_cast<redisReply *>(raw), freeReplyObject);
                const int64_t now = realtimeUs();
                const auto record = [&](const redisReply *payload) {
                    const int64_t sent = sentAt(payload->str, payload->len);
                    if (sent >= windowStartUs && sent < windowEndUs) {
                        ++result.received;
                        result.latencyMs.push_back(double(now - sent) / 1000.0);
                    }
                };
                if (pubsub) {
                    // ["message", channel, payload]
                    if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 3)
                        record(reply->element[2]);
                    continue;
                }
                // [[key, [[id, [field, value]], …]]]
                if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 1) {
                    const redisReply *entries = reply->element[0]->element[1];
                    for (size_t e = 0; e < entries->elements; ++e) {
                        const redisReply *entry = entries->element[e];
                        lastIds[i] = std::string(entry->element[0]->str, entry->element[0]->len);
                        record(entry->element[1]->element[1]);
                    }
                }
                append(reader, {"XREAD", "BLOCK", "0", "STREAMS", key, lastIds[i]});
            }
        }
    }
    stop = true;
    publishing.join();
    result.published = publishedInWindow;
    result.expected = result.published * uint64_t(readers.size());
    result.windowS = options.durationS;
    if (cpuAtStartSample >= 0 && cpuAtEnd >= 0)
        result.redisCpuS = cpuAtEnd - cpuAtStartSample;
    for (redisContext *reader : readers)
        redisFree(reader);
    redisFree(publisher);
    std::sort(result.latencyMs.begin(), result.latencyMs.end());
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    Options options;
    if (!parse(argc, argv, options))
        return 2;
    OwnRedis own;
    if (options.port == 0 && !own.start(options))
        return 1;
    std::printf("readers %d, %.1f Hz, window %.1f s, %d-byte ticks, Redis on port %d\n\n", options.readers, options.rateHz,
        options.durationS, options.payloadBytes, options.port);
    std::printf("| delivery | readers | Hz | received / expected | latency p50 / p99 / max (ms) | Redis CPU %% |\n");
    std::printf("|---|---:|---:|---:|---:|---:|\n");
    int status = 0;
    for (const std::string &mode : options.modes) {
        Result result;
        if (!run(options, mode, result)) {
            status = 1;
            continue;
        }
        char cpu[32] = "—";
        if (result.redisCpuS >= 0)
            std::snprintf(cpu, sizeof cpu, "%.1f", result.redisCpuS / result.windowS * 100);
        std::printf("| %s | %d | %.1f | %llu / %llu | %.2f / %.2f / %.2f | %s |\n",
            mode == "pubsub" ? "pub/sub (XADD + PUBLISH)" : "XREAD BLOCK (XADD)", options.readers, options.rateHz,
            static_cast<unsigned long long>(result.received), static_cast<unsigned long long>(result.expected),
            percentile(result.latencyMs, 0.5), percentile(result.latencyMs, 0.99), result.latencyMs.empty() ? 0 : result.latencyMs.back(),
            cpu);
        std::fflush(stdout);
        if (result.received != result.expected)
            status = 1;
    }
    return status;
}
