#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <vector>

// What one run of the load generator does: parsed from the command line, validated,
// with the server address resolved once so that no worker ever calls the resolver.
struct Options {
    enum class Protocol { Json, SocketIo };

    Protocol protocol = Protocol::Json;
    std::string host = "127.0.0.1";
    int port = 3000; // the first of ports
    // --port P1,P2,…: several instances of one cluster; client i connects to
    // ports[i % size] (the control connection to the first).
    std::vector<int> ports;
    std::string path = "/ws"; // derived from the protocol unless --url names one
    bool tls = false; // wss://: every connection speaks TLS (certificates are not verified)
    int clients = 100;
    double rampPerSec = 0; // 0: as fast as possible
    double durationS = 10;
    double settleS = 1;
    double drainS = 5;
    double connectTimeoutS = 30;
    std::string stream = "randomNumber";
    // >= 0: each client asks to recover every tick after this seq when it
    // subscribes (JSON's `since`), the largest burst a client gets; -1: live only.
    int64_t since = -1;
    double expectedRateHz = 0; // 0: unknown, no nominal expectation
    int serverPid = 0; // the first of serverPids
    // --server-pid PID1,PID2,…: the instances, whose CPU and memory are summed.
    std::vector<int> serverPids;
    int redisPid = 0; // --redis-pid: its CPU over the window is reported too
    int threads = 1;
    static constexpr int ClientsPerSourceIp = 2000;
    int sourceIps = 0; // >1: bind to 127.0.0.1 … 127.0.0.K before connecting; 0: automatic
    std::string jsonOut;
    std::string markdownOut;
    std::string label;
    bool markdownHeader = false;

    // Resolved from host/ports, one per port.
    std::vector<sockaddr_storage> addresses;
    socklen_t addressLength = 0;
    // The address client index (-1: the control connection) connects to, and its port.
    const sockaddr_storage &addressOf(int index) const { return addresses[index < 0 ? 0 : size_t(index) % addresses.size()]; }
    int portOf(int index) const { return ports[index < 0 ? 0 : size_t(index) % ports.size()]; }

    struct ParseResult {
        enum class Action { Run, Help, Fail, MarkdownHeader };
        Action action = Action::Run;
        std::string text;
    };
    ParseResult parse(const std::vector<std::string> &args);

    std::string protocolName() const { return protocol == Protocol::Json ? "json" : "socketio"; }
    std::string url() const;
    // "randomNumber" → "subscribeRandomNumber"
    std::string subscribeEvent() const;

    static std::string usage();
};
