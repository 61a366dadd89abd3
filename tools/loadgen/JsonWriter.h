#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// A small streaming JSON writer for the report: objects, keys and scalar values,
// commas handled; non-finite doubles become null.
class JsonWriter {
public:
    JsonWriter &beginObject(std::string_view key = {});
    JsonWriter &endObject();
    JsonWriter &value(std::string_view key, std::string_view text);
    JsonWriter &value(std::string_view key, const char *text) { return value(key, std::string_view(text)); }
    JsonWriter &value(std::string_view key, int64_t number);
    JsonWriter &value(std::string_view key, int number) { return value(key, static_cast<int64_t>(number)); }
    JsonWriter &value(std::string_view key, uint64_t number);
    JsonWriter &value(std::string_view key, uint32_t number) { return value(key, static_cast<uint64_t>(number)); }
    JsonWriter &value(std::string_view key, double number, int decimals = 3);
    JsonWriter &value(std::string_view key, bool flag);
    JsonWriter &null(std::string_view key);

    const std::string &text() const { return m_text; }

private:
    void key(std::string_view name);
    void quoted(std::string_view text);

    std::string m_text;
    bool m_needComma = false;
};
