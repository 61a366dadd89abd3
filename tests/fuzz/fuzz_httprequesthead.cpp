// The HTTP request head every connection starts with, read by the shared
// port's front door (ConnectionGate) before anything else, then routed. On a
// complete head, everything the router and the sessions read from it is read
// too, and the answer the router would write must be a well-formed response
// head: nothing taken from the request may add a line to it.

#include "FuzzCheck.h"

#include "transport/ConnectionGate.h"
#include "transport/HttpEndpoints.h"
#include "transport/HttpRequestHead.h"
#include "transport/HttpRouter.h"

#include <cstddef>
#include <cstdint>

namespace {

// The operator endpoints as the server registers them, so that the router's
// 405 branch is reached too; nothing is ever answered through handle().
class FuzzEndpoints final : public HttpEndpoints {
public:
    bool handles(const QString &path) const override
    {
        return path == QLatin1String("/healthz") || path == QLatin1String("/readyz") || path == QLatin1String("/metrics")
            || path.startsWith(QLatin1String("/api/"));
    }
    void handle(const HttpRequestHead &, Reply) override { }
};

bool isWellFormedResponseHead(const QByteArray &response)
{
    const qsizetype end = response.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QByteArrayView head = QByteArrayView(response).first(end + 2);
    for (qsizetype i = 0; i < head.size(); ++i) {
        if (head[i] == '\n' && (i == 0 || head[i - 1] != '\r'))
            return false;
        if (head[i] == '\r' && (i + 1 == head.size() || head[i + 1] != '\n'))
            return false;
    }
    return true;
}

void readEverything(const HttpRequestHead &head)
{
    FUZZ_CHECK(!head.method.isEmpty());
    FUZZ_CHECK(head.target.startsWith('/'));
    FUZZ_CHECK(head.version.startsWith("HTTP/1."));
    for (const auto &[name, value] : head.headers) {
        FUZZ_CHECK(!name.isEmpty() && name == name.toLower());
        FUZZ_CHECK(!name.contains('\n') && !value.contains('\n'));
    }
    (void)head.header("upgrade");
    (void)head.header("sec-websocket-key");
    (void)head.isWebSocketUpgrade();
    (void)head.path();
    (void)head.query().queryItems(QUrl::FullyDecoded);

    static FuzzEndpoints endpoints;
    for (const HttpEndpoints *withEndpoints :
        {static_cast<const HttpEndpoints *>(nullptr), static_cast<const HttpEndpoints *>(&endpoints)}) {
        const HttpRouter::Decision decision = HttpRouter::route(head, withEndpoints);
        if (decision.kind == HttpRouter::Decision::Kind::Respond)
            FUZZ_CHECK(isWellFormedResponseHead(decision.response.serialize()));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView buffer(data, qsizetype(size));

    HttpRequestHead head;
    const HttpRequestHead::ParseStatus status = HttpRequestHead::parse(buffer, ConnectionGate::MaxHeadBytes, head);
    if (status == HttpRequestHead::ParseStatus::Complete)
        readEverything(head);

    // The same bytes against a limit they straddle, so that the size checks
    // are reached without 16 KiB inputs: a smaller limit may only turn the
    // answer into TooLarge.
    const qsizetype smallLimit = qsizetype(size) / 2;
    HttpRequestHead small;
    const HttpRequestHead::ParseStatus smallStatus = HttpRequestHead::parse(buffer, smallLimit, small);
    FUZZ_CHECK(smallStatus == status || smallStatus == HttpRequestHead::ParseStatus::TooLarge);
    if (smallStatus == HttpRequestHead::ParseStatus::Complete)
        FUZZ_CHECK(small.target == head.target && small.headers == head.headers);

    // The gate parses again whatever has arrived so far, so an answer given
    // on a prefix must stand once the rest arrives: a head that was complete
    // stays the same head, a malformed one stays malformed.
    if (size > 1) {
        const qsizetype cut = 1 + qsizetype(data[size - 1]) * qsizetype(size - 1) / 256;
        HttpRequestHead early;
        const HttpRequestHead::ParseStatus earlyStatus = HttpRequestHead::parse(buffer.first(cut), ConnectionGate::MaxHeadBytes, early);
        if (earlyStatus == HttpRequestHead::ParseStatus::Complete || earlyStatus == HttpRequestHead::ParseStatus::Malformed)
            FUZZ_CHECK(status == earlyStatus);
        if (earlyStatus == HttpRequestHead::ParseStatus::Complete)
            FUZZ_CHECK(early.method == head.method && early.target == head.target && early.headers == head.headers);
    }
    return 0;
}
