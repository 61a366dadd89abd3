// Messages of the plain-WebSocket JSON protocol at /ws, as a client sends
// them. Every input is either a request or an error the server can answer;
// the replies built from what the client sent (its event name and id are
// echoed) must themselves be valid messages that carry them back unchanged.

#include "FuzzCheck.h"

#include "protocol/JsonMessage.h"

#include <cstddef>
#include <cstdint>

namespace {

const JsonMessage::Request *asRequest(const std::variant<JsonMessage::Request, JsonMessage::Error> &parsed)
{
    return std::get_if<JsonMessage::Request>(&parsed);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // The sessions hand the parser a QByteArray of their own (the frame's text).
    const QByteArray message(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto parsed = JsonMessage::parseRequest(message);

    if (const auto *error = std::get_if<JsonMessage::Error>(&parsed)) {
        FUZZ_CHECK(!error->code.isEmpty() && !error->message.isEmpty());
        FUZZ_CHECK(error->id.isUndefined() || error->id.isString() || error->id.isDouble());
        // The server's answer to a bad message is itself a good one.
        const auto reply = JsonMessage::parseRequest(JsonMessage::encodeError(*error));
        FUZZ_CHECK(asRequest(reply));
        FUZZ_CHECK(asRequest(reply)->event == QLatin1String("error"));
        FUZZ_CHECK(asRequest(reply)->id == error->id);
        return 0;
    }

    const JsonMessage::Request &request = std::get<JsonMessage::Request>(parsed);
    FUZZ_CHECK(!request.event.isEmpty());
    FUZZ_CHECK(request.id.isUndefined() || request.id.isString() || request.id.isDouble());
    const auto echoed = JsonMessage::parseRequest(JsonMessage::encode(request.event, request.data, request.id));
    FUZZ_CHECK(asRequest(echoed));
    FUZZ_CHECK(asRequest(echoed)->event == request.event);
    FUZZ_CHECK(asRequest(echoed)->id == request.id);
    FUZZ_CHECK(asRequest(echoed)->data == request.data);
    return 0;
}
