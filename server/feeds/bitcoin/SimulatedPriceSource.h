#pragma once

#include <QRandomGenerator>

// A made-up Bitcoin price for offline demos (`--btc-providers simulated`): a
// geometric random walk, so it wanders like a price and never reaches 0.
// Everything it produces is labelled "simulated".
class SimulatedPriceSource final {
public:
    explicit SimulatedPriceSource(double startPrice = 60000.0, quint32 seed = QRandomGenerator::global()->generate());

    // The next step of the walk, rounded to cents.
    double next();

private:
    QRandomGenerator m_random;
    double m_price;
};
