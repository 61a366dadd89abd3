#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// The client side of the RFC 6455 opening handshake: builds the upgrade request
// with a fresh Sec-WebSocket-Key and checks the server's 101 answer against it.
class WebSocketHandshake {
public:
    enum class Result { Incomplete, Accepted, Rejected };

    // keyBytes: 16 random bytes (the caller's generator; no syscalls here).
    WebSocketHandshake(std::string_view host, int port, std::string_view path, const uint8_t (&keyBytes)[16]);

    const std::string &request() const { return m_request; }

    // Looks at what the server has sent so far. On Accepted, headerLength is the
    // size of the HTTP head (frames may follow in the same buffer). On Rejected,
    // reason says why (status line or header check).
    Result check(std::string_view received, size_t &headerLength, std::string &reason) const;

    static std::string base64(const uint8_t *data, size_t size);

private:
    std::string m_request;
    std::string m_expectedAccept;
};
