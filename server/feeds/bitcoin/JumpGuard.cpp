#include "feeds/bitcoin/JumpGuard.h"

#include "time/Clock.h"

#include <algorithm>
#include <cmath>
#include <utility>

JumpGuard::JumpGuard(qint64 recentMs, const Clock &clock)
    : m_recentMs(recentMs)
    , m_clock(clock)
{
}

std::optional<double> JumpGuard::reference() const
{
    if (!m_reference || m_clock.elapsedMs() - m_reference->fetchedOnClockMs > m_recentMs)
        return std::nullopt;
    return m_reference->price;
}

JumpGuard::Verdict JumpGuard::offer(const PriceQuote &quote)
{
    Verdict verdict;
    verdict.reference = reference();
    if (!verdict.reference || std::abs(quote.price - *verdict.reference) <= MaxJumpRatio * *verdict.reference) {
        verdict.publish = true;
        verdict.quote = quote;
        verdict.rejected = std::exchange(m_suspects, {});
        m_reference = quote;
        return verdict;
    }

    for (qsizetype i = 0; i < m_suspects.size(); ++i) {
        const PriceQuote suspect = m_suspects.at(i);
        if (std::abs(suspect.price - quote.price) > AgreementRatio * std::min(suspect.price, quote.price))
            continue;
        m_suspects.removeAt(i);
        verdict.publish = true;
        verdict.quote = suspect;
        verdict.confirmsSuspect = true;
        verdict.rejected = std::exchange(m_suspects, {});
        m_reference = suspect;
        return verdict;
    }

    m_suspects.append(quote);
    verdict.quote = quote;
    return verdict;
}

QList<PriceQuote> JumpGuard::takeSuspects()
{
    return std::exchange(m_suspects, {});
}
