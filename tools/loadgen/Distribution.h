#pragma once

#include <cstdint>
#include <vector>

// Nearest-rank percentiles of a sample (sorts the vector it is given).
class Distribution {
public:
    struct Summary {
        uint64_t count = 0;
        double min = 0;
        double p50 = 0;
        double p90 = 0;
        double p99 = 0;
        double p999 = 0;
        double max = 0;
        double mean = 0;
    };

    // scale converts a sample to the reported unit (e.g. 1e-3 for µs → ms).
    // population > samples.size() counts the missing samples as larger than any
    // present (censored: ticks never delivered); a percentile that falls among
    // them is NaN. min, max and mean are over the present samples.
    static Summary summarize(std::vector<int64_t> &samples, double scale = 1.0, uint64_t population = 0);
};
