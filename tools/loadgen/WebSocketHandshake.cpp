#include "WebSocketHandshake.h"

#include "Sha1.h"

#include <algorithm>
#include <cctype>

namespace {

constexpr std::string_view WebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr size_t MaxHeadBytes = 16 * 1024;

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

} // namespace

std::string WebSocketHandshake::base64(const uint8_t *data, size_t size)
{
    static constexpr char Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((size + 2) / 3 * 4);
    for (size_t i = 0; i < size; i += 3) {
        const uint32_t chunk = uint32_t(data[i]) << 16 | (i + 1 < size ? uint32_t(data[i + 1]) << 8 : 0) | (i + 2 < size ? data[i + 2] : 0);
        out += Alphabet[(chunk >> 18) & 63];
        out += Alphabet[(chunk >> 12) & 63];
        out += i + 1 < size ? Alphabet[(chunk >> 6) & 63] : '=';
        out += i + 2 < size ? Alphabet[chunk & 63] : '=';
    }
    return out;
}

WebSocketHandshake::WebSocketHandshake(std::string_view host, int port, std::string_view path, const uint8_t (&keyBytes)[16])
{
    const std::string key = base64(keyBytes, sizeof keyBytes);
    const Sha1::Digest digest = Sha1::hash(key + std::string(WebSocketGuid));
    m_expectedAccept = base64(digest.data(), digest.size());

    const bool v6 = host.find(':') != std::string_view::npos;
    m_request.reserve(256);
    m_request += "GET ";
    m_request += path;
    m_request += " HTTP/1.1\r\nHost: ";
    if (v6)
        m_request += '[';
    m_request += host;
    if (v6)
        m_request += ']';
    m_request += ':';
    m_request += std::to_string(port);
    m_request += "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ";
    m_request += key;
    m_request += "\r\nSec-WebSocket-Version: 13\r\nUser-Agent: datagate-loadgen\r\n\r\n";
}

WebSocketHandshake::Result WebSocketHandshake::check(std::string_view received, size_t &headerLength, std::string &reason) const
{
    const size_t end = received.find("\r\n\r\n");
    if (end == std::string_view::npos) {
        if (received.size() > MaxHeadBytes) {
            reason = "http_head_too_large";
            return Result::Rejected;
        }
        return Result::Incomplete;
    }
    headerLength = end + 4;
    const std::string_view head = received.substr(0, end + 2);
    const size_t lineEnd = head.find("\r\n");
    const std::string_view statusLine = head.substr(0, lineEnd);
    // "HTTP/1.1 101 Switching Protocols"
    const size_t space = statusLine.find(' ');
    const std::string_view status = space == std::string_view::npos ? std::string_view() : statusLine.substr(space + 1, 3);
    if (status != "101") {
        reason = "http_" + std::string(status.empty() ? "bad_status" : status);
        return Result::Rejected;
    }
    bool upgrade = false;
    bool accept = false;
    size_t pos = lineEnd + 2;
    while (pos < head.size()) {
        const size_t next = head.find("\r\n", pos);
        const std::string_view line = head.substr(pos, next - pos);
        pos = next + 2;
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        const std::string_view name = trim(line.substr(0, colon));
        const std::string_view value = trim(line.substr(colon + 1));
        if (equalsIgnoreCase(name, "upgrade"))
            upgrade = equalsIgnoreCase(value, "websocket");
        else if (equalsIgnoreCase(name, "sec-websocket-accept"))
            accept = value == m_expectedAccept;
    }
    if (!upgrade || !accept) {
        reason = !upgrade ? "bad_upgrade_header" : "bad_accept_key";
        return Result::Rejected;
    }
    return Result::Accepted;
}
