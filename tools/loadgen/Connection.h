#pragma once

#include "TickRecord.h"
#include "WebSocketHandshake.h"

#include <openssl/ssl.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// One client socket and where it is in its life. Owned by one Worker; plain data,
// the protocol logic lives in the Worker's loop.
struct Connection {
    enum class State : uint8_t {
        Idle, // not started yet
        Connecting, // TCP connect in progress
        Handshaking, // HTTP upgrade sent
        Opening, // Socket.IO: waiting for the Engine.IO open packet
        Joining, // Socket.IO: waiting for the /data namespace
        Subscribing, // subscribe sent, waiting for its acknowledgement
        Subscribed,
        Closed,
    };

    int fd = -1;
    SSL *ssl = nullptr; // with wss://: the TLS session over fd (the Worker frees it)
    int index = -1; // client number; -1 for the control connection
    bool isControl = false;
    bool isSocketIo = false;
    State state = State::Idle;
    bool wantWrite = false;
    bool tlsWaitsForRead = false; // the last SSL_write() waits for the server's bytes, not for room
    bool everConnected = false;
    bool everSubscribed = false;
    bool disconnected = false;

    int64_t startMonoUs = 0;
    int64_t startLagUs = 0; // started this much later than the ramp's schedule
    int64_t connectedMonoUs = 0;
    int64_t subscribedMonoUs = 0;

    std::unique_ptr<WebSocketHandshake> handshake;
    std::string in; // bytes of an incomplete frame
    std::string out; // bytes the kernel did not take yet
    std::string fragment; // a fragmented message being reassembled

    // JSON clients: ticks whose ts is inside the window, and the last seq seen.
    uint32_t windowCount = 0;
    int64_t lastSeq = -1;
    // Socket.IO clients: every tick since the coordinator's recordFrom.
    std::vector<TickRecord> records;
};
