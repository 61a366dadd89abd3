#include "feeds/bitcoin/PriceProvider.h"

const QList<PriceProvider> &PriceProvider::all()
{
    static const QList<PriceProvider> providers {
        {QStringLiteral("coingecko"), QUrl(QStringLiteral("https://api.coingecko.com/api/v3/simple/price?ids=bitcoin&vs_currencies=usd")),
            QStringLiteral("USD"), &PriceParsers::coinGecko},
        {QStringLiteral("coinbase"), QUrl(QStringLiteral("https://api.coinbase.com/v2/prices/BTC-USD/spot")), QStringLiteral("USD"),
            &PriceParsers::coinbase},
        {QStringLiteral("kraken"), QUrl(QStringLiteral("https://api.kraken.com/0/public/Ticker?pair=XBTUSD")), QStringLiteral("USD"),
            &PriceParsers::kraken},
        // Binance has no BTC/USD pair; Tether tracks the dollar closely, and the
        // label says which one subscribers get.
        {QStringLiteral("binance"), QUrl(QStringLiteral("https://api.binance.com/api/v3/ticker/price?symbol=BTCUSDT")),
            QStringLiteral("USDT"), &PriceParsers::binance},
        {QStringLiteral("bitstamp"), QUrl(QStringLiteral("https://www.bitstamp.net/api/v2/ticker/btcusd/")), QStringLiteral("USD"),
            &PriceParsers::bitstamp},
    };
    return providers;
}

const PriceProvider *PriceProvider::find(const QString &name)
{
    for (const PriceProvider &provider : all()) {
        if (provider.name == name)
            return &provider;
    }
    return nullptr;
}

QStringList PriceProvider::names()
{
    QStringList result;
    for (const PriceProvider &provider : all())
        result.append(provider.name);
    return result;
}
