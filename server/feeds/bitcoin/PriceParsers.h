#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// One pure function per Bitcoin price provider, turning the body of its
// answer into a validated price. Each knows the real shape of its provider's
// response and nothing else: no network, no state, so that every good and bad
// body can be tested in a table.
namespace PriceParsers {

struct Result {
    std::optional<double> price; // set only when finite and > 0
    QString error; // why the body was refused, when price is empty
};

// {"bitcoin":{"usd":111813}}
Result coinGecko(const QByteArray &body);
// {"data":{"amount":"104123.45","base":"BTC","currency":"USD"}}
Result coinbase(const QByteArray &body);
// {"error":[],"result":{"XXBTZUSD":{"c":["27712.10000","0.01686188"],…}}}
Result kraken(const QByteArray &body);
// {"symbol":"BTCUSDT","price":"4.00000200"}
Result binance(const QByteArray &body);
// {"timestamp":"1686068944","last":"26216",…}
Result bitstamp(const QByteArray &body);

} // namespace PriceParsers
