#include "JsonWriter.h"

#include <cmath>
#include <cstdio>

void JsonWriter::quoted(std::string_view text)
{
    m_text += '"';
    for (const char c : text) {
        switch (c) {
        case '"': m_text += "\\\""; break;
        case '\\': m_text += "\\\\"; break;
        case '\n': m_text += "\\n"; break;
        case '\t': m_text += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
                m_text += escaped;
            } else {
                m_text += c;
            }
        }
    }
    m_text += '"';
}

void JsonWriter::key(std::string_view name)
{
    if (m_needComma)
        m_text += ',';
    if (!name.empty()) {
        quoted(name);
        m_text += ':';
    }
    m_needComma = true;
}

JsonWriter &JsonWriter::beginObject(std::string_view name)
{
    key(name);
    m_text += '{';
    m_needComma = false;
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    m_text += '}';
    m_needComma = true;
    return *this;
}

JsonWriter &JsonWriter::value(std::string_view name, std::string_view text)
{
    key(name);
    quoted(text);
    return *this;
}

JsonWriter &JsonWriter::value(std::string_view name, int64_t number)
{
    key(name);
    m_text += std::to_string(number);
    return *this;
}

JsonWriter &JsonWriter::value(std::string_view name, uint64_t number)
{
    key(name);
    m_text += std::to_string(number);
    return *this;
}

JsonWriter &JsonWriter::value(std::string_view name, double number, int decimals)
{
    if (!std::isfinite(number))
        return null(name);
    key(name);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, number);
    m_text += buffer;
    return *this;
}

JsonWriter &JsonWriter::value(std::string_view name, bool flag)
{
    key(name);
    m_text += flag ? "true" : "false";
    return *this;
}

JsonWriter &JsonWriter::null(std::string_view name)
{
    key(name);
    m_text += "null";
    return *this;
}
