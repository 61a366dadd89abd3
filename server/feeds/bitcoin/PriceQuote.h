#pragma once

#include <QtGlobal>

// A price as one provider gave it, and when.
struct PriceQuote {
    qsizetype provider = -1; // in the feed's failover order
    double price = 0;
    qint64 fetchedAtMs = 0; // wall clock, ms since the epoch: what subscribers are told
    qint64 fetchedOnClockMs = 0; // monotonic clock: for ages that a wall-clock jump does not distort
};
