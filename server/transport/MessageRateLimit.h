#pragma once

#include "time/TokenBucket.h"

#include <QString>

#include <optional>

class Clock;

// The inbound message rate of one client (--client-message-rate and
// --client-message-burst): a token bucket, and what happens past it.
//
// A message that finds the bucket empty is dropped. The first one of an
// episode earns the client a warning (the protocol's error event); the
// episode goes on while the client keeps sending over the limit, and when
// `burst` more messages have been dropped in it, the client is closed. An
// episode ends once the bucket has refilled completely, i.e. after the client
// has kept under the rate long enough to earn a whole burst back (2 s at the
// defaults). So a client that overshoots once, or a little now and then, is
// told and keeps its connection; one that floods, or stays over the rate, is
// closed soon after it was told, within about another burst of messages.
class MessageRateLimit final {
public:
    enum class Verdict {
        Accept, // handle the message
        Warn, // drop it and tell the client
        Drop, // drop it, silently
        Close, // drop it and close the connection
    };

    // ratePerSecond 0 disables the limit (every message is accepted);
    // otherwise burst >= 1. clock must outlive the limit.
    MessageRateLimit(const Clock &clock, int ratePerSecond, int burst);

    Verdict admit();

    // The error code clients see and the metric label: "rate_limited".
    static QString errorCode() { return QStringLiteral("rate_limited"); }

private:
    std::optional<TokenBucket> m_bucket; // none when disabled
    int m_burst;
    int m_dropped = 0; // in the current episode; 0 when there is none
};
