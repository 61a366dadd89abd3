#include "WireParser.h"

#include <charconv>

std::string_view WireParser::jsonEvent(std::string_view message)
{
    constexpr std::string_view key = "\"event\":\"";
    const size_t start = message.find(key);
    if (start == std::string_view::npos)
        return {};
    const size_t begin = start + key.size();
    const size_t end = message.find('"', begin);
    if (end == std::string_view::npos)
        return {};
    return message.substr(begin, end - begin);
}

std::string_view WireParser::numberAfter(std::string_view message, std::string_view key)
{
    size_t pos = 0;
    while ((pos = message.find(key, pos)) != std::string_view::npos) {
        // key is "name"; the field's value follows a colon.
        const size_t colon = pos + key.size();
        if (colon < message.size() && message[colon] == ':') {
            size_t end = colon + 1;
            while (end < message.size()) {
                const char c = message[end];
                if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'))
                    break;
                ++end;
            }
            return message.substr(colon + 1, end - colon - 1);
        }
        pos = colon;
    }
    return {};
}

bool WireParser::toInt(std::string_view text, int64_t &value)
{
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && ptr == text.data() + text.size() && !text.empty();
}

bool WireParser::jsonTick(std::string_view message, JsonTick &tick)
{
    if (!toInt(numberAfter(message, "\"seq\""), tick.seq) || !toInt(numberAfter(message, "\"ts\""), tick.tsMs))
        return false;
    std::string_view value = numberAfter(message, "\"value\"");
    if (value.empty())
        value = numberAfter(message, "\"price\"");
    tick.valueHash = hashValue(value);
    return true;
}

uint32_t WireParser::hashValue(std::string_view text)
{
    uint32_t hash = 2166136261u;
    for (const char c : text) {
        hash ^= static_cast<uint8_t>(c);
        hash *= 16777619u;
    }
    return hash;
}
