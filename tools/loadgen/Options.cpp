#include "Options.h"

#include <arpa/inet.h>
#include <netdb.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iterator>

namespace {

bool parseNumber(const std::string &text, double min, double max, double &out)
{
    if (text.empty())
        return false;
    char *end = nullptr;
    errno = 0;
    const double value = std::strtod(text.c_str(), &end);
    if (errno != 0 || *end != '\0' || !std::isfinite(value) || value < min || value > max)
        return false;
    out = value;
    return true;
}

bool parseInt(const std::string &text, long min, long max, int &out)
{
    double value = 0;
    if (!parseNumber(text, static_cast<double>(min), static_cast<double>(max), value) || value != std::floor(value))
        return false;
    out = static_cast<int>(value);
    return true;
}

// "1,2,3": each in [min, max]; false if any is not.
bool parseIntList(const std::string &text, long min, long max, std::vector<int> &out)
{
    std::vector<int> values;
    size_t start = 0;
    while (true) {
        const size_t comma = text.find(',', start);
        int value = 0;
        if (!parseInt(text.substr(start, comma - start), min, max, value))
            return false;
        values.push_back(value);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    out = std::move(values);
    return true;
}

// ws://host:port/path; the path picks the protocol (/ws or /socket.io/…).
bool parseUrl(const std::string &url, Options &options, std::string &error)
{
    options.tls = url.compare(0, 6, "wss://") == 0;
    const std::string scheme = options.tls ? "wss://" : "ws://";
    if (url.compare(0, scheme.size(), scheme) != 0) {
        error = "--url must start with ws:// or wss://: " + url;
        return false;
    }
    const std::string rest = url.substr(scheme.size());
    const size_t slash = rest.find('/');
    const std::string authority = rest.substr(0, slash);
    options.path = slash == std::string::npos ? "/" : rest.substr(slash);
    size_t colon = authority.rfind(':');
    if (!authority.empty() && authority.front() == '[') { // [::1]:3000
        const size_t close = authority.find(']');
        if (close == std::string::npos) {
            error = "bad IPv6 literal in --url: " + url;
            return false;
        }
        options.host = authority.substr(1, close - 1);
        colon = authority.find(':', close);
    } else {
        options.host = authority.substr(0, colon);
    }
    if (colon != std::string::npos && !parseInt(authority.substr(colon + 1), 1, 65535, options.port)) {
        error = "bad port in --url: " + url;
        return false;
    }
    if (colon == std::string::npos)
        options.port = options.tls ? 443 : 80;
    if (options.path.rfind("/socket.io", 0) == 0) {
        options.protocol = Options::Protocol::SocketIo;
        options.path = "/socket.io/?EIO=4&transport=websocket";
    } else {
        options.protocol = Options::Protocol::Json;
    }
    return true;
}

} // namespace

std::string Options::usage()
{
    return R"(Usage: datagate-loadgen [options]

Opens N WebSocket clients against datagate, subscribes each to a stream and
reports one JSON object: connections, deliveries against expectations, latency
from the tick's "ts", handshake latency, its own CPU and the server's CPU/RSS.

  --url ws://HOST:PORT/PATH  server URL; /ws speaks JSON, /socket.io/ Socket.IO;
                             wss:// speaks TLS (the certificate is not verified)
  --protocol json|socketio   instead of --url (with --host, --port)
  --host HOST                server host (default 127.0.0.1)
  --port PORT[,PORT…]        server port (default 3000); several: instances of one
                             cluster on one host, client i connects to the
                             (i mod count)-th, the control connection to the first
  --clients N                number of subscribing clients (default 100)
  --ramp-per-sec R           new connections per second; 0 = as fast as possible (default 0)
  --duration S               measurement window after all clients subscribed (default 10)
  --settle S                 pause between "all subscribed" and the window (default 1)
  --drain S                  time after the window for late ticks to arrive (default 5)
  --connect-timeout S        a client not subscribed after S seconds fails (default 30)
  --stream NAME              stream to subscribe (default randomNumber)
  --since SEQ                JSON only: subscribe with {"since":SEQ}, recovering every tick
                             after SEQ the server's history holds (0: all of them since the
                             server started), then live; a replay that outlasts --settle
                             counts in the window's latency
  --expected-rate HZ         the feed's nominal rate, for the nominal expectation (default 0)
  --server-pid PID[,PID…]    sample /proc/PID (CPU, RSS) at baseline, window start and end;
                             several: the instances of a cluster, summed
  --redis-pid PID            also report this process's CPU over the window (Redis)
  --threads T                epoll loops (threads) of the load generator (default 1)
  --source-ips K             spread clients over 127.0.0.1 … 127.0.0.K; 0 = one address
                             per 2,000 clients when the server is on 127.0.0.0/8 (default 0)
  --json-out FILE            also write the JSON report to FILE
  --markdown-out FILE        append one Markdown table row to FILE
  --label TEXT               scenario label for the Markdown row
  --markdown-header          print the Markdown table header and exit
  --help                     this text
)";
}

Options::ParseResult Options::parse(const std::vector<std::string> &args)
{
    ParseResult result;
    auto fail = [&result](const std::string &text) {
        result.action = ParseResult::Action::Fail;
        result.text = text;
        return result;
    };
    bool pathFromUrl = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        if (arg == "--help" || arg == "-h") {
            result.action = ParseResult::Action::Help;
            result.text = usage();
            return result;
        }
        if (arg == "--markdown-header") {
            markdownHeader = true;
            continue;
        }
        if (arg.rfind("--", 0) != 0)
            return fail("unexpected argument '" + arg + "'");
        static const char *const known[] = {"--url", "--protocol", "--host", "--port", "--clients", "--ramp-per-sec", "--duration",
            "--settle", "--drain", "--connect-timeout", "--stream", "--since", "--expected-rate", "--server-pid", "--redis-pid",
            "--threads", "--source-ips", "--json-out", "--markdown-out", "--label"};
        const std::string bare = arg.substr(0, arg.find('='));
        if (std::find(std::begin(known), std::end(known), bare) == std::end(known))
            return fail("unknown option " + bare);
        std::string name = arg;
        std::string value;
        if (const size_t eq = arg.find('='); eq != std::string::npos) {
            name = arg.substr(0, eq);
            value = arg.substr(eq + 1);
        } else {
            if (i + 1 >= args.size())
                return fail(arg + " needs a value");
            value = args[++i];
        }
        const auto bad = [&] { return fail("invalid value for " + name + ": '" + value + "'"); };
        if (name == "--url") {
            std::string error;
            if (!parseUrl(value, *this, error))
                return fail(error);
            pathFromUrl = true;
        } else if (name == "--protocol") {
            if (value == "json")
                protocol = Protocol::Json;
            else if (value == "socketio" || value == "socket.io")
                protocol = Protocol::SocketIo;
            else
                return bad();
        } else if (name == "--host") {
            host = value;
        } else if (name == "--port") {
            if (!parseIntList(value, 1, 65535, ports))
                return bad();
            port = ports.front();
        } else if (name == "--clients") {
            if (!parseInt(value, 0, 1000000, clients))
                return bad();
        } else if (name == "--ramp-per-sec") {
            if (!parseNumber(value, 0, 1e7, rampPerSec))
                return bad();
        } else if (name == "--duration") {
            if (!parseNumber(value, 0.1, 86400, durationS))
                return bad();
        } else if (name == "--settle") {
            if (!parseNumber(value, 0, 3600, settleS))
                return bad();
        } else if (name == "--drain") {
            if (!parseNumber(value, 0, 3600, drainS))
                return bad();
        } else if (name == "--connect-timeout") {
            if (!parseNumber(value, 0.1, 3600, connectTimeoutS))
                return bad();
        } else if (name == "--stream") {
            if (value.empty() || value.find_first_of("\"\\") != std::string::npos)
                return bad();
            stream = value;
        } else if (name == "--since") {
            int seq = 0;
            if (!parseInt(value, 0, 1 << 30, seq))
                return bad();
            since = seq;
        } else if (name == "--expected-rate") {
            if (!parseNumber(value, 0, 1e6, expectedRateHz))
                return bad();
        } else if (name == "--server-pid") {
            if (!parseIntList(value, 1, 1 << 30, serverPids))
                return bad();
            serverPid = serverPids.front();
        } else if (name == "--redis-pid") {
            if (!parseInt(value, 1, 1 << 30, redisPid))
                return bad();
        } else if (name == "--threads") {
            if (!parseInt(value, 1, 256, threads))
                return bad();
        } else if (name == "--source-ips") {
            if (!parseInt(value, 0, 254, sourceIps))
                return bad();
        } else if (name == "--json-out") {
            jsonOut = value;
        } else if (name == "--markdown-out") {
            markdownOut = value;
        } else if (name == "--label") {
            label = value;
        }
    }
    if (markdownHeader) {
        result.action = ParseResult::Action::MarkdownHeader;
        return result;
    }
    if (!pathFromUrl)
        path = protocol == Protocol::Json ? "/ws" : "/socket.io/?EIO=4&transport=websocket";
    if (since >= 0 && protocol != Protocol::Json)
        return fail("--since is for the JSON protocol (Socket.IO recovers by the offsets of --sio-recovery)");

    // --url sets port alone.
    if (ports.empty() || ports.front() != port)
        ports = {port};
    addresses.clear();
    for (const int each : ports) {
        addrinfo hints {};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo *found = nullptr;
        const std::string service = std::to_string(each);
        if (const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0 || !found)
            return fail("cannot resolve " + host + ": " + gai_strerror(rc));
        sockaddr_storage resolved {};
        std::memcpy(&resolved, found->ai_addr, found->ai_addrlen);
        addresses.push_back(resolved);
        addressLength = found->ai_addrlen;
        freeaddrinfo(found);
    }
    const sockaddr_storage &address = addresses.front();
    if (sourceIps > 1 && address.ss_family != AF_INET)
        return fail("--source-ips needs an IPv4 server address");
    if (sourceIps == 0) {
        // Linux picks a connect() port by walking the ephemeral range until the 4-tuple
        // is free; with ~19,000 connections from one address to one port that walk takes
        // milliseconds per connect and throttles the ramp. Spreading the clients over
        // several loopback sources keeps each walk short.
        const auto *v4 = reinterpret_cast<const sockaddr_in *>(&address);
        const bool loopback = address.ss_family == AF_INET && (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
        sourceIps = loopback ? std::clamp((clients + ClientsPerSourceIp - 1) / ClientsPerSourceIp, 1, 64) : 1;
    }
    return result;
}

std::string Options::url() const
{
    const bool v6 = host.find(':') != std::string::npos;
    return (tls ? "wss://" : "ws://") + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + path;
}

std::string Options::subscribeEvent() const
{
    std::string event = "subscribe" + stream;
    const size_t first = std::string("subscribe").size();
    if (event[first] >= 'a' && event[first] <= 'z')
        event[first] = static_cast<char>(event[first] - 'a' + 'A');
    return event;
}
