// The Retry-After header of a provider's 429 or 418 answer: a number of
// seconds or an HTTP date in one of three forms. Whatever the value, the
// answer is either "not understood" or a wait that is not negative.

#include "FuzzCheck.h"

#include "feeds/bitcoin/RetryAfter.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // A fixed "now", so that a crash reproduces from its input alone.
    static const QDateTime now(QDate(2015, 10, 21), QTime(7, 28, 0), Qt::UTC);
    const std::optional<qint64> delay = RetryAfter::delayMs(QByteArrayView(data, qsizetype(size)), now);
    FUZZ_CHECK(!delay || *delay >= 0);
    return 0;
}
