#pragma once

#include <openssl/ssl.h>

#include "Connection.h"
#include "ControlTick.h"
#include "FrameCodec.h"
#include "Options.h"
#include "RunState.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

// One epoll loop on one thread: starts its share of the clients on the ramp's
// schedule, speaks the WebSocket handshake, framing and either protocol, and
// records what arrives. Nothing here blocks and nothing allocates per tick
// except the Socket.IO records. Results are read after the thread is joined.
class Worker {
public:
    Worker(const Options &options, RunState &run, std::vector<int> clientIndices, bool withControl);
    ~Worker();
    Worker(const Worker &) = delete;
    Worker &operator=(const Worker &) = delete;

    void run();

    const std::vector<Connection> &connections() const { return m_conns; }
    const std::vector<ControlTick> &controlTicks() const { return m_controlTicks; }
    // JSON clients: receive time minus ts of every tick inside the window.
    const std::vector<int64_t> &latenciesUs() const { return m_latenciesUs; }
    const std::map<std::string, int> &errors() const { return m_errors; }
    uint64_t seqGaps() const { return m_seqGaps; }
    // The first and last seq inside the window that any JSON client of this worker saw.
    int64_t windowFirstSeq() const { return m_windowFirstSeq; }
    int64_t windowLastSeq() const { return m_windowLastSeq; }
    uint64_t parseErrors() const { return m_parseErrors; }
    std::string setupError() const { return m_setupError; }

private:
    void startDueClients(int64_t nowMonoUs, int64_t rampStartMonoUs);
    int64_t dueOffsetUs(int index) const;
    void startConnect(Connection &c);
    void onEvent(Connection &c, uint32_t events);
    void onConnectDone(Connection &c);
    void onReadable(Connection &c);
    void processBytes(Connection &c, const char *data, size_t size, int64_t nowUs);
    void onFrame(Connection &c, const FrameCodec::Frame &frame, int64_t nowUs);
    void onJsonMessage(Connection &c, std::string_view message, int64_t nowUs);
    void onSocketIoMessage(Connection &c, std::string_view message, int64_t nowUs);
    void sendFrame(Connection &c, FrameCodec::Opcode opcode, std::string_view payload);
    void sendRaw(Connection &c, std::string_view bytes);
    // One send() (or SSL_write()): bytes taken (0 when it would block), or -1
    // after fail(). With TLS, a write may wait for the peer's handshake bytes.
    ssize_t transportSend(Connection &c, std::string_view bytes);
    // One recv() (or SSL_read()) into m_buffer: bytes read, 0 when the peer
    // closed, -1 when nothing is there now (or after fail(): c.fd < 0).
    ssize_t transportRecv(Connection &c);
    void flush(Connection &c);
    void watch(Connection &c, bool wantWrite);
    void markConnected(Connection &c);
    void markSubscribed(Connection &c);
    void fail(Connection &c, const std::string &reason);
    void closeSocket(Connection &c, bool reset);
    void checkTimeouts(int64_t nowMonoUs);
    uint32_t nextRandom();

    const Options &m_options;
    RunState &m_run;
    std::vector<Connection> m_conns; // the control connection first, if any
    size_t m_firstClient = 0; // index in m_conns of the first client
    size_t m_nextClient = 0; // index in m_conns of the next client to start
    int m_epoll = -1;
    uint64_t m_random;
    int64_t m_lastTimeoutCheckUs = 0;
    size_t m_pending = 0; // started, neither subscribed nor failed

    SSL_CTX *m_tls = nullptr; // with wss://; owned
    std::vector<char> m_buffer;
    std::string m_scratch;
    std::string m_jsonTickNeedle; // "event":"randomNumber"
    std::string m_socketIoTickPrefix; // 42/data,["randomNumber",
    std::string m_jsonSubscribe;
    std::string m_socketIoSubscribe;
    bool m_recovering = false; // subscribes with since: the answer must say recovered

    std::vector<ControlTick> m_controlTicks;
    std::vector<int64_t> m_latenciesUs;
    std::map<std::string, int> m_errors;
    uint64_t m_seqGaps = 0;
    int64_t m_windowFirstSeq = std::numeric_limits<int64_t>::max();
    int64_t m_windowLastSeq = -1;
    uint64_t m_parseErrors = 0;
    std::string m_setupError;
};
