#pragma once

#include <QByteArrayView>
#include <QDateTime>

#include <optional>

// HTTP's Retry-After header (RFC 9110 §10.2.3), which rate-limited providers
// send with 429 and 418: either a number of seconds or an HTTP date.
namespace RetryAfter {

// The wait it asks for, in ms from now (0 for a date in the past); nullopt
// when the value is neither form, so that the caller uses its own default.
std::optional<qint64> delayMs(QByteArrayView value, const QDateTime &now);

} // namespace RetryAfter
