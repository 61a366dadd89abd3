#include "Worker.h"

#include "Clock.h"
#include "WireParser.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace {

constexpr size_t ReadBufferBytes = 256 * 1024;
constexpr int MaxEvents = 1024;
// Connects started per loop turn, so that a storm still lets handshakes progress.
constexpr int MaxStartsPerTurn = 256;
constexpr int64_t TimeoutCheckUs = 100000;
constexpr int MaxWaitMs = 100;

std::string errnoReason(const char *what, int error)
{
    const char *name = nullptr;
    switch (error) {
    case ECONNREFUSED: name = "ECONNREFUSED"; break;
    case ECONNRESET: name = "ECONNRESET"; break;
    case ETIMEDOUT: name = "ETIMEDOUT"; break;
    case EADDRNOTAVAIL: name = "EADDRNOTAVAIL"; break;
    case EADDRINUSE: name = "EADDRINUSE"; break;
    case EMFILE: name = "EMFILE"; break;
    case ENFILE: name = "ENFILE"; break;
    case EPIPE: name = "EPIPE"; break;
    case ENETUNREACH: name = "ENETUNREACH"; break;
    case EHOSTUNREACH: name = "EHOSTUNREACH"; break;
    case ENOBUFS: name = "ENOBUFS"; break;
    default: break;
    }
    return std::string(what) + "_" + (name ? name : std::to_string(error));
}

const char *stateName(Connection::State state)
{
    switch (state) {
    case Connection::State::Idle: return "idle";
    case Connection::State::Connecting: return "connecting";
    case Connection::State::Handshaking: return "handshaking";
    case Connection::State::Opening: return "opening";
    case Connection::State::Joining: return "joining";
    case Connection::State::Subscribing: return "subscribing";
    case Connection::State::Subscribed: return "subscribed";
    case Connection::State::Closed: return "closed";
    }
    return "unknown";
}

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
}

} // namespace

Worker::Worker(const Options &options, RunState &run, std::vector<int> clientIndices, bool withControl)
    : m_options(options)
    , m_run(run)
    , m_random(0x9E3779B97F4A7C15ull ^ static_cast<uint64_t>(Clock::monotonicUs())
          ^ (clientIndices.empty() ? 0 : static_cast<uint64_t>(clientIndices.front()) << 32))
    , m_buffer(ReadBufferBytes)
{
    m_conns.resize(clientIndices.size() + (withControl ? 1 : 0));
    size_t slot = 0;
    if (withControl) {
        m_conns[0].isControl = true;
        m_conns[0].index = -1;
        slot = 1;
    }
    m_firstClient = m_nextClient = slot;
    for (const int index : clientIndices) {
        Connection &c = m_conns[slot++];
        c.index = index;
        c.isSocketIo = options.protocol == Options::Protocol::SocketIo;
    }
    const std::string event = options.subscribeEvent();
    m_jsonTickNeedle = "\"event\":\"" + options.stream + "\"";
    m_socketIoTickPrefix = "42/data,[\"" + options.stream + "\",";
    m_jsonSubscribe = options.since >= 0
        ? "{\"event\":\"" + event + "\",\"id\":1,\"data\":{\"since\":" + std::to_string(options.since) + "}}"
        : "{\"event\":\"" + event + "\",\"id\":1}";
    m_recovering = options.since >= 0;
    m_socketIoSubscribe = "42/data,1[\"" + event + "\"]";
    if (options.tls) {
        // A benchmark client: the server's certificate is not verified
        // (a self-signed one is what a benchmark serves), its cost is.
        m_tls = SSL_CTX_new(TLS_client_method());
        if (m_tls) {
            SSL_CTX_set_min_proto_version(m_tls, TLS1_2_VERSION);
            SSL_CTX_set_verify(m_tls, SSL_VERIFY_NONE, nullptr);
            SSL_CTX_set_mode(m_tls, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
        } else {
            m_setupError = "cannot create a TLS context";
        }
    }
    if (options.expectedRateHz > 0)
        m_latenciesUs.reserve(static_cast<size_t>(clientIndices.size() * options.expectedRateHz * options.durationS * 1.05) + 16);
}

Worker::~Worker()
{
    for (Connection &c : m_conns) {
        if (c.ssl)
            SSL_free(c.ssl);
        if (c.fd >= 0)
            ::close(c.fd);
    }
    if (m_tls)
        SSL_CTX_free(m_tls);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

uint32_t Worker::nextRandom()
{
    // xorshift64*: mask keys and handshake keys need to vary, not to be secret.
    m_random ^= m_random >> 12;
    m_random ^= m_random << 25;
    m_random ^= m_random >> 27;
    return static_cast<uint32_t>((m_random * 0x2545F4914F6CDD1Dull) >> 32);
}

void Worker::run()
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0) {
        m_setupError = std::string("epoll_create1: ") + std::strerror(errno);
        m_run.stop = true;
        return;
    }
    if (m_firstClient == 1)
        startConnect(m_conns[0]);

    epoll_event events[MaxEvents];
    while (!m_run.stop.load(std::memory_order_relaxed)) {
        const int64_t now = Clock::monotonicUs();
        const int64_t rampStart = m_run.rampStartMonoUs.load(std::memory_order_relaxed);
        // Until the coordinator releases the ramp, look for it every millisecond, so
        // that the first clients start on time.
        int waitMs = rampStart == RunState::Never && m_nextClient < m_conns.size() ? 1 : MaxWaitMs;
        if (m_nextClient < m_conns.size() && rampStart != RunState::Never) {
            startDueClients(now, rampStart);
            if (m_nextClient < m_conns.size()) {
                const int64_t due = rampStart + dueOffsetUs(m_conns[m_nextClient].index);
                waitMs = static_cast<int>(std::clamp<int64_t>((due - Clock::monotonicUs() + 999) / 1000, 0, MaxWaitMs));
            }
        }
        if (now - m_lastTimeoutCheckUs >= TimeoutCheckUs) {
            checkTimeouts(now);
            m_lastTimeoutCheckUs = now;
        }
        const int ready = epoll_wait(m_epoll, events, MaxEvents, waitMs);
        if (ready < 0 && errno != EINTR) {
            m_setupError = std::string("epoll_wait: ") + std::strerror(errno);
            break;
        }
        for (int i = 0; i < ready; ++i) {
            Connection &c = m_conns[events[i].data.u64];
            if (c.fd >= 0)
                onEvent(c, events[i].events);
        }
    }
    // The end of the run: reset rather than close, so that neither side keeps
    // thousands of sockets in TIME_WAIT for the next scenario.
    for (Connection &c : m_conns)
        if (c.fd >= 0)
            closeSocket(c, true);
}

int64_t Worker::dueOffsetUs(int index) const
{
    if (m_options.rampPerSec <= 0)
        return 0;
    return static_cast<int64_t>(static_cast<double>(index) * 1e6 / m_options.rampPerSec);
}

void Worker::startDueClients(int64_t nowMonoUs, int64_t rampStartMonoUs)
{
    for (int started = 0; started < MaxStartsPerTurn && m_nextClient < m_conns.size(); ++started) {
        Connection &c = m_conns[m_nextClient];
        if (rampStartMonoUs + dueOffsetUs(c.index) > nowMonoUs)
            break;
        ++m_nextClient;
        startConnect(c);
        c.startLagUs = c.startMonoUs - (rampStartMonoUs + dueOffsetUs(c.index));
    }
}

void Worker::startConnect(Connection &c)
{
    c.startMonoUs = Clock::monotonicUs();
    ++m_pending;
    const sockaddr_storage &address = m_options.addressOf(c.index);
    const int family = address.ss_family;
    c.fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) {
        c.state = Connection::State::Connecting;
        fail(c, errnoReason("socket", errno));
        return;
    }
    const int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (m_options.sourceIps > 1 && !c.isControl) {
        // Let connect() pick the port for the full 4-tuple instead of bind().
        setsockopt(c.fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        sockaddr_in source {};
        source.sin_family = AF_INET;
        source.sin_addr.s_addr = htonl(0x7F000001u + static_cast<uint32_t>(c.index % m_options.sourceIps));
        if (::bind(c.fd, reinterpret_cast<const sockaddr *>(&source), sizeof source) < 0) {
            c.state = Connection::State::Connecting;
            fail(c, errnoReason("bind", errno));
            return;
        }
    }
    c.state = Connection::State::Connecting;
    if (::connect(c.fd, reinterpret_cast<const sockaddr *>(&address), m_options.addressLength) < 0 && errno != EINPROGRESS) {
        fail(c, errnoReason("connect", errno));
        return;
    }
    epoll_event event {};
    event.events = EPOLLIN | EPOLLOUT;
    event.data.u64 = static_cast<uint64_t>(&c - m_conns.data());
    if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, c.fd, &event) < 0) {
        fail(c, errnoReason("epoll_ctl", errno));
        return;
    }
    c.wantWrite = true;
}

void Worker::watch(Connection &c, bool wantWrite)
{
    if (c.wantWrite == wantWrite || c.fd < 0)
        return;
    epoll_event event {};
    event.events = EPOLLIN | (wantWrite ? EPOLLOUT : 0u);
    event.data.u64 = static_cast<uint64_t>(&c - m_conns.data());
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &event);
    c.wantWrite = wantWrite;
}

void Worker::onEvent(Connection &c, uint32_t events)
{
    if (c.state == Connection::State::Connecting) {
        if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
            onConnectDone(c);
        return;
    }
    if (events & EPOLLIN) {
        // A TLS write (the handshake's above all) may wait for what just came.
        if (c.ssl && !c.out.empty())
            flush(c);
        if (c.fd >= 0)
            onReadable(c);
        // Records OpenSSL has decrypted and not handed out yet: the kernel
        // will not say so again.
        while (c.fd >= 0 && c.ssl && SSL_pending(c.ssl) > 0)
            onReadable(c);
    } else if (events & (EPOLLERR | EPOLLHUP)) {
        int error = 0;
        socklen_t length = sizeof error;
        getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &length);
        fail(c, error ? errnoReason("socket", error) : std::string("hangup"));
        return;
    }
    if (c.fd >= 0 && (events & EPOLLOUT))
        flush(c);
}

void Worker::onConnectDone(Connection &c)
{
    int error = 0;
    socklen_t length = sizeof error;
    if (getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0)
        error = errno;
    if (error != 0) {
        fail(c, errnoReason("connect", error));
        return;
    }
    uint8_t key[16];
    for (int i = 0; i < 16; i += 4) {
        const uint32_t r = nextRandom();
        std::memcpy(key + i, &r, 4);
    }
    // The control connection always speaks JSON: its ticks carry seq and ts.
    const std::string_view path = c.isControl ? std::string_view("/ws") : std::string_view(m_options.path);
    c.handshake = std::make_unique<WebSocketHandshake>(m_options.host, m_options.portOf(c.index), path, key);
    c.state = Connection::State::Handshaking;
    if (m_tls) {
        // The first SSL_write() performs the TLS handshake; the upgrade
        // request waits in c.out until it is done.
        c.ssl = SSL_new(m_tls);
        if (!c.ssl || SSL_set_fd(c.ssl, c.fd) != 1) {
            fail(c, "tls_setup");
            return;
        }
        SSL_set_tlsext_host_name(c.ssl, m_options.host.c_str());
        SSL_set_connect_state(c.ssl);
    }
    watch(c, false);
    sendRaw(c, c.handshake->request());
}

void Worker::onReadable(Connection &c)
{
    const ssize_t n = transportRecv(c);
    if (n == 0) {
        fail(
            c, c.state == Connection::State::Subscribed ? "closed_by_server" : std::string("closed_by_server_while_") + stateName(c.state));
        return;
    }
    if (n < 0)
        return;
    const int64_t nowUs = Clock::realtimeUs();
    if (c.state == Connection::State::Handshaking) {
        c.in.append(m_buffer.data(), static_cast<size_t>(n));
        size_t headerLength = 0;
        std::string reason;
        switch (c.handshake->check(c.in, headerLength, reason)) {
        case WebSocketHandshake::Result::Incomplete: return;
        case WebSocketHandshake::Result::Rejected: fail(c, reason); return;
        case WebSocketHandshake::Result::Accepted: break;
        }
        c.handshake.reset();
        std::string pending = c.in.substr(headerLength);
        c.in.clear();
        c.in.shrink_to_fit();
        markConnected(c);
        if (!pending.empty() && c.fd >= 0)
            processBytes(c, pending.data(), pending.size(), nowUs);
        return;
    }
    if (c.in.empty()) {
        processBytes(c, m_buffer.data(), static_cast<size_t>(n), nowUs);
    } else {
        std::string pending;
        pending.swap(c.in);
        pending.append(m_buffer.data(), static_cast<size_t>(n));
        processBytes(c, pending.data(), pending.size(), nowUs);
    }
}

void Worker::processBytes(Connection &c, const char *data, size_t size, int64_t nowUs)
{
    size_t offset = 0;
    while (offset < size && c.fd >= 0) {
        FrameCodec::Frame frame;
        size_t consumed = 0;
        const char *error = nullptr;
        switch (FrameCodec::decode(std::string_view(data + offset, size - offset), frame, consumed, error)) {
        case FrameCodec::Status::NeedMore: c.in.assign(data + offset, size - offset); return;
        case FrameCodec::Status::Error: fail(c, error); return;
        case FrameCodec::Status::Frame: break;
        }
        offset += consumed;
        onFrame(c, frame, nowUs);
    }
}

void Worker::onFrame(Connection &c, const FrameCodec::Frame &frame, int64_t nowUs)
{
    switch (frame.opcode) {
    case FrameCodec::Text:
    case FrameCodec::Binary:
        if (!c.fragment.empty()) {
            fail(c, "ws_unexpected_new_message_in_fragmented_one");
            return;
        }
        if (!frame.fin) {
            c.fragment.assign(frame.payload);
            if (c.fragment.empty())
                c.fragment.push_back('\0'); // remember "in a fragmented message" even for an empty first part
            return;
        }
        break;
    case FrameCodec::Continuation: {
        if (c.fragment.empty()) {
            fail(c, "ws_unexpected_continuation");
            return;
        }
        c.fragment.append(frame.payload);
        if (!frame.fin)
            return;
        std::string message;
        message.swap(c.fragment);
        if (!message.empty() && message.front() == '\0')
            message.erase(0, 1);
        if (c.isSocketIo && !c.isControl)
            onSocketIoMessage(c, message, nowUs);
        else
            onJsonMessage(c, message, nowUs);
        return;
    }
    case FrameCodec::Ping: sendFrame(c, FrameCodec::Pong, frame.payload); return;
    case FrameCodec::Pong: return;
    case FrameCodec::Close: {
        int code = 1005;
        if (frame.payload.size() >= 2)
            code = static_cast<uint8_t>(frame.payload[0]) << 8 | static_cast<uint8_t>(frame.payload[1]);
        sendFrame(c, FrameCodec::Close, frame.payload.substr(0, std::min<size_t>(frame.payload.size(), 2)));
        fail(c, "server_close_" + std::to_string(code));
        return;
    }
    default: fail(c, "ws_unknown_opcode"); return;
    }
    if (c.isSocketIo && !c.isControl)
        onSocketIoMessage(c, frame.payload, nowUs);
    else
        onJsonMessage(c, frame.payload, nowUs);
}

void Worker::onJsonMessage(Connection &c, std::string_view message, int64_t nowUs)
{
    if (c.state == Connection::State::Subscribed) {
        if (message.find(m_jsonTickNeedle) == std::string_view::npos)
            return; // other events (errors, other streams) do not count
        WireParser::JsonTick tick;
        if (!WireParser::jsonTick(message, tick)) {
            ++m_parseErrors;
            return;
        }
        if (c.isControl) {
            m_controlTicks.push_back({tick.seq, tick.tsMs, tick.valueHash});
            m_run.controlLastTsMs.store(tick.tsMs, std::memory_order_relaxed);
            return;
        }
        if (c.lastSeq >= 0 && tick.seq != c.lastSeq + 1)
            ++m_seqGaps;
        c.lastSeq = tick.seq;
        if (tick.tsMs >= m_run.windowStartMs.load(std::memory_order_relaxed)
            && tick.tsMs < m_run.windowEndMs.load(std::memory_order_relaxed)) {
            ++c.windowCount;
            m_latenciesUs.push_back(nowUs - tick.tsMs * 1000);
            m_windowFirstSeq = std::min(m_windowFirstSeq, tick.seq);
            m_windowLastSeq = std::max(m_windowLastSeq, tick.seq);
        }
        return;
    }
    if (c.state != Connection::State::Subscribing)
        return;
    const std::string_view event = WireParser::jsonEvent(message);
    // A recovery the history could not serve would measure nothing.
    if (event == "subscribed" && m_recovering && message.find("\"recovered\":true") == std::string_view::npos)
        fail(c, "not_recovered");
    else if (event == "subscribed")
        markSubscribed(c);
    else if (event == "error")
        fail(c, "subscribe_error");
    // "welcome" arrives before "subscribed" and needs no answer.
}

void Worker::onSocketIoMessage(Connection &c, std::string_view message, int64_t nowUs)
{
    if (c.state == Connection::State::Subscribed && startsWith(message, m_socketIoTickPrefix) && message.back() == ']') {
        if (nowUs >= m_run.recordFromUs.load(std::memory_order_relaxed)) {
            const std::string_view value = message.substr(m_socketIoTickPrefix.size(), message.size() - m_socketIoTickPrefix.size() - 1);
            c.records.push_back({nowUs, WireParser::hashValue(value)});
        }
        return;
    }
    if (message == "2") { // Engine.IO ping: answer or be dropped after pingTimeout
        sendFrame(c, FrameCodec::Text, "3");
        return;
    }
    if (message == "1") {
        fail(c, "engineio_close");
        return;
    }
    switch (c.state) {
    case Connection::State::Opening:
        if (startsWith(message, "0{")) {
            c.state = Connection::State::Joining;
            sendFrame(c, FrameCodec::Text, "40/data,");
        }
        return;
    case Connection::State::Joining:
        if (startsWith(message, "40/data,")) {
            c.state = Connection::State::Subscribing;
            sendFrame(c, FrameCodec::Text, m_socketIoSubscribe);
        } else if (startsWith(message, "44/data,")) {
            fail(c, "namespace_refused");
        }
        return;
    case Connection::State::Subscribing:
        if (startsWith(message, "43/data,1[")) {
            if (message.find("\"ok\":true") != std::string_view::npos)
                markSubscribed(c);
            else
                fail(c, "subscribe_refused");
        }
        return;
    default: return;
    }
}

void Worker::markConnected(Connection &c)
{
    c.connectedMonoUs = Clock::monotonicUs();
    c.everConnected = true;
    if (!c.isControl)
        m_run.connected.fetch_add(1, std::memory_order_relaxed);
    if (c.isSocketIo && !c.isControl) {
        c.state = Connection::State::Opening;
    } else {
        // A browser's WebSocket sends on "open", without waiting for the welcome.
        c.state = Connection::State::Subscribing;
        sendFrame(c, FrameCodec::Text, m_jsonSubscribe);
    }
}

void Worker::markSubscribed(Connection &c)
{
    c.subscribedMonoUs = Clock::monotonicUs();
    c.state = Connection::State::Subscribed;
    --m_pending;
    c.everSubscribed = true;
    if (c.isControl)
        m_run.controlSubscribed = true;
    else
        m_run.subscribed.fetch_add(1, std::memory_order_relaxed);
}

void Worker::sendFrame(Connection &c, FrameCodec::Opcode opcode, std::string_view payload)
{
    m_scratch.clear();
    FrameCodec::appendMasked(m_scratch, opcode, payload, nextRandom());
    sendRaw(c, m_scratch);
}

void Worker::sendRaw(Connection &c, std::string_view bytes)
{
    if (c.fd < 0)
        return;
    if (!c.out.empty()) {
        c.out.append(bytes);
        return;
    }
    const ssize_t n = transportSend(c, bytes);
    if (n < 0)
        return;
    const size_t sent = static_cast<size_t>(n);
    if (sent < bytes.size()) {
        c.out.assign(bytes.substr(sent));
        watch(c, !c.tlsWaitsForRead);
    }
}

void Worker::flush(Connection &c)
{
    if (c.out.empty()) {
        watch(c, false);
        return;
    }
    const ssize_t n = transportSend(c, c.out);
    if (n == 0 && c.tlsWaitsForRead)
        watch(c, false); // writable all along: only the server's answer helps
    if (n <= 0)
        return;
    c.out.erase(0, static_cast<size_t>(n));
    if (c.out.empty())
        watch(c, false);
}

ssize_t Worker::transportSend(Connection &c, std::string_view bytes)
{
    if (!c.ssl) {
        const ssize_t n = ::send(c.fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n >= 0)
            return n;
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return 0;
        fail(c, errnoReason("send", errno));
        return -1;
    }
    c.tlsWaitsForRead = false;
    const int n = SSL_write(c.ssl, bytes.data(), static_cast<int>(std::min<size_t>(bytes.size(), 1 << 30)));
    if (n > 0)
        return n;
    switch (SSL_get_error(c.ssl, n)) {
    case SSL_ERROR_WANT_READ: c.tlsWaitsForRead = true; return 0; // EPOLLIN calls flush() again
    case SSL_ERROR_WANT_WRITE: watch(c, true); return 0;
    default:
        ERR_clear_error();
        fail(c, c.state == Connection::State::Handshaking ? "tls_handshake" : "tls_write");
        return -1;
    }
}

ssize_t Worker::transportRecv(Connection &c)
{
    if (!c.ssl) {
        const ssize_t n = ::recv(c.fd, m_buffer.data(), m_buffer.size(), 0);
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            fail(c, errnoReason("recv", errno));
        return n;
    }
    const int n = SSL_read(c.ssl, m_buffer.data(), static_cast<int>(m_buffer.size()));
    if (n > 0)
        return n;
    switch (SSL_get_error(c.ssl, n)) {
    case SSL_ERROR_WANT_READ: return -1;
    case SSL_ERROR_WANT_WRITE: watch(c, true); return -1;
    case SSL_ERROR_ZERO_RETURN: return 0;
    case SSL_ERROR_SYSCALL:
        ERR_clear_error();
        if (errno == 0 || errno == ECONNRESET)
            return 0; // the peer closed without close_notify
        fail(c, errnoReason("recv", errno));
        return -1;
    default:
        ERR_clear_error();
        fail(c, c.state == Connection::State::Handshaking ? "tls_handshake" : "tls_read");
        return -1;
    }
}

void Worker::fail(Connection &c, const std::string &reason)
{
    if (c.state == Connection::State::Closed)
        return;
    if (c.isControl) {
        m_run.controlFailed = true;
        ++m_errors["control_" + reason];
    } else if (c.state == Connection::State::Subscribed) {
        c.disconnected = true;
        m_run.disconnected.fetch_add(1, std::memory_order_relaxed);
        ++m_errors[reason];
    } else {
        m_run.failed.fetch_add(1, std::memory_order_relaxed);
        ++m_errors[reason];
    }
    if (c.state != Connection::State::Subscribed)
        --m_pending;
    if (c.fd >= 0)
        closeSocket(c, false);
    c.state = Connection::State::Closed;
    c.handshake.reset();
}

void Worker::closeSocket(Connection &c, bool reset)
{
    if (reset) {
        const linger abortive {1, 0};
        setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    }
    if (c.ssl) {
        SSL_free(c.ssl);
        c.ssl = nullptr;
    }
    ::close(c.fd); // also leaves the epoll set
    c.fd = -1;
    std::string().swap(c.in);
    std::string().swap(c.out);
    std::string().swap(c.fragment);
}

void Worker::checkTimeouts(int64_t nowMonoUs)
{
    const auto limitUs = static_cast<int64_t>(m_options.connectTimeoutS * 1e6);
    if (m_pending == 0)
        return;
    // Clients before m_nextClient have started; the control connection sits before them.
    for (size_t i = 0; i < m_nextClient; ++i) {
        Connection &c = m_conns[i];
        if (c.state == Connection::State::Idle || c.state == Connection::State::Subscribed || c.state == Connection::State::Closed)
            continue;
        if (nowMonoUs - c.startMonoUs > limitUs)
            fail(c, std::string("timeout_") + stateName(c.state));
    }
}
