// The bodies of the Bitcoin price providers' answers: what a compromised,
// broken or impersonated upstream can send. The first byte picks the
// provider ('0' the first of PriceProvider::all(), '1' the next, …, and any
// byte maps to one), the rest is the body. Every body either yields a price
// that can be published (finite, above 0) or is refused with a reason of
// bounded length.

#include "FuzzCheck.h"

#include "feeds/bitcoin/PriceProvider.h"

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace {

// The error goes to the log and to the feed's health in the status API and
// the dashboard: its length must not be the upstream's to choose.
constexpr qsizetype MaxErrorChars = 300;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QList<PriceProvider> &providers = PriceProvider::all();
    const PriceProvider &provider = providers.at(qsizetype(std::uint8_t(data[0] - '0') % std::size_t(providers.size())));
    // The feed reads the whole reply into a QByteArray.
    const QByteArray body(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    const PriceParsers::Result result = provider.parse(body);
    if (result.price) {
        FUZZ_CHECK(std::isfinite(*result.price) && *result.price > 0);
        FUZZ_CHECK(result.error.isEmpty());
    } else {
        FUZZ_CHECK(!result.error.isEmpty());
        FUZZ_CHECK(result.error.size() <= MaxErrorChars);
    }
    return 0;
}
