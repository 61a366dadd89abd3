#pragma once

#include <QString>

// How the Bitcoin price feed writes durations, prices and ratios in its log
// lines, errors and stream description, so that they read the same
// wherever they come from.
namespace BitcoinText {

// "20 s", "0.4 s"
QString seconds(qint64 ms);
// The shortest decimal that reads back as the same double: "97123.45".
QString price(double price);
// "50%"
QString percent(double ratio);

} // namespace BitcoinText
