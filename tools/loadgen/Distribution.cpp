#include "Distribution.h"

#include <algorithm>
#include <cmath>
#include <limits>

Distribution::Summary Distribution::summarize(std::vector<int64_t> &samples, double scale, uint64_t population)
{
    Summary summary;
    summary.count = samples.size();
    if (samples.empty())
        return summary;
    std::sort(samples.begin(), samples.end());
    const double size = static_cast<double>(std::max<uint64_t>(population, samples.size()));
    const auto rank = [&samples, scale, size](double q) {
        const auto index = std::max<size_t>(1, static_cast<size_t>(std::ceil(q * size)));
        if (index > samples.size())
            return std::numeric_limits<double>::quiet_NaN();
        return static_cast<double>(samples[index - 1]) * scale;
    };
    summary.min = static_cast<double>(samples.front()) * scale;
    summary.p50 = rank(0.50);
    summary.p90 = rank(0.90);
    summary.p99 = rank(0.99);
    summary.p999 = rank(0.999);
    summary.max = static_cast<double>(samples.back()) * scale;
    double sum = 0;
    for (const int64_t sample : samples)
        sum += static_cast<double>(sample);
    summary.mean = sum / static_cast<double>(samples.size()) * scale;
    return summary;
}
