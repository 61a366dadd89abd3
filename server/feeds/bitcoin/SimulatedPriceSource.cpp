#include "feeds/bitcoin/SimulatedPriceSource.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace {

// About 0.1 % per step: a lively chart without absurd swings.
constexpr double StepVolatility = 0.001;
// Keeps a long-running demo within a believable range.
constexpr double MinPrice = 1000.0;
constexpr double MaxPrice = 10'000'000.0;

} // namespace

SimulatedPriceSource::SimulatedPriceSource(double startPrice, quint32 seed)
    : m_random(seed)
    , m_price(std::clamp(startPrice, MinPrice, MaxPrice))
{
}

double SimulatedPriceSource::next()
{
    // Box–Muller: a standard normal draw from two uniform ones.
    const double u1 = 1.0 - m_random.generateDouble(); // (0, 1], so log() is finite
    const double u2 = m_random.generateDouble();
    const double normal = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    m_price = std::clamp(m_price * std::exp(StepVolatility * normal), MinPrice, MaxPrice);
    return std::round(m_price * 100.0) / 100.0;
}
