#pragma once

#include "feeds/bitcoin/PriceQuote.h"

#include <QList>

#include <optional>

class Clock;

// Keeps a broken upstream's price (a unit change, a wrong pair, a test
// value) away from subscribers: a price that moves more than half away from
// a recent one is published only when a second provider, asked in the same
// poll, agrees with it within 2%. Until then it is a suspect; suspects that
// nobody confirmed are rejected when the poll publishes another price or
// ends without one.
//
// It only decides. The feed asks the next provider, counts, logs and
// publishes, and it publishes exactly what a verdict says.
class JumpGuard final {
public:
    // A move of more than half the last price between two polls is not the
    // market but a broken upstream.
    static constexpr double MaxJumpRatio = 0.5;
    // Two providers agree on a price when they are this close; exchanges
    // differ by far less than this, while a bogus value differs by far more.
    static constexpr double AgreementRatio = 0.02;

    struct Verdict {
        bool publish = false; // false: the offered quote is now a suspect; ask another provider
        // What to publish: the offered quote, or the earlier suspect that it
        // confirms (the first of the two in failover order).
        PriceQuote quote;
        bool confirmsSuspect = false;
        // Suspects out of the running: to be counted as rejected answers.
        QList<PriceQuote> rejected;
        // What the offered price was compared with, if anything.
        std::optional<double> reference;
    };

    // recentMs: how long a published price stays the reference. After a
    // longer outage there is nothing recent to compare with, and refusing
    // every new price forever would be worse than trusting the next one.
    JumpGuard(qint64 recentMs, const Clock &clock);

    // The last published price while it is recent; nullopt otherwise.
    std::optional<double> reference() const;
    // A price a provider answered in the current poll. A verdict that says
    // publish makes its quote the new reference.
    Verdict offer(const PriceQuote &quote);
    // The suspects nobody confirmed, now forgotten: rejected at the end of a
    // poll without a price, or left over from a poll that was stopped.
    QList<PriceQuote> takeSuspects();

private:
    const qint64 m_recentMs;
    const Clock &m_clock;
    std::optional<PriceQuote> m_reference;
    QList<PriceQuote> m_suspects;
};
