#pragma once

#include <QList>
#include <QtGlobal>

#include <array>

// How long requests took, as a cumulative histogram with fixed bucket
// bounds, so that it can be summed, compared and exported as a Prometheus
// histogram without keeping the samples.
struct LatencyHistogram {
    // Upper bounds in seconds; a last, implicit bucket holds everything (+Inf).
    static constexpr std::array<double, 10> Bounds {0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0};

    std::array<quint64, Bounds.size()> buckets {}; // cumulative: requests that took <= Bounds[i]
    quint64 count = 0;
    double sumSeconds = 0;

    void observe(qint64 ms)
    {
        const double seconds = double(std::max<qint64>(0, ms)) / 1000.0;
        for (size_t i = 0; i < Bounds.size(); ++i) {
            if (seconds <= Bounds[i])
                ++buckets[i];
        }
        ++count;
        sumSeconds += seconds;
    }

    bool operator==(const LatencyHistogram &) const = default;
};
