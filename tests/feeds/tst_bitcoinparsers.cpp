// The response parsers of the Bitcoin price providers: every provider's real
// shape, and every bad body we can think of, which must never become a price.

#include "config/Config.h"
#include "feeds/bitcoin/BitcoinSettings.h"
#include "feeds/bitcoin/PriceParsers.h"
#include "feeds/bitcoin/PriceProvider.h"

#include <QTest>

#include <cmath>

class tst_BitcoinParsers final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void providerTable();
    void parse_data();
    void parse();
    void errorIsBounded_data();
    void errorIsBounded();
};

void tst_BitcoinParsers::providerTable()
{
    // The default failover order of --btc-providers is the order of the table.
    QCOMPARE(BitcoinSettings::from(Config(BitcoinSettings::options())).providers, PriceProvider::names());

    const struct {
        const char *name;
        const char *url;
        const char *currency;
    } expected[] = {
        {"coingecko", "https://api.coingecko.com/api/v3/simple/price?ids=bitcoin&vs_currencies=usd", "USD"},
        {"coinbase", "https://api.coinbase.com/v2/prices/BTC-USD/spot", "USD"},
        {"kraken", "https://api.kraken.com/0/public/Ticker?pair=XBTUSD", "USD"},
        {"binance", "https://api.binance.com/api/v3/ticker/price?symbol=BTCUSDT", "USDT"},
        {"bitstamp", "https://www.bitstamp.net/api/v2/ticker/btcusd/", "USD"},
    };
    for (const auto &row : expected) {
        const PriceProvider *provider = PriceProvider::find(QLatin1String(row.name));
        QVERIFY2(provider, row.name);
        QCOMPARE(provider->defaultUrl.toString(), QLatin1String(row.url));
        QCOMPARE(provider->currency, QLatin1String(row.currency));
        QVERIFY(provider->parse);
    }
    QVERIFY(!PriceProvider::find(QStringLiteral("simulated")));
    QVERIFY(!PriceProvider::find(QStringLiteral("CoinGecko"))); // names are lower case, as Config makes them
}

void tst_BitcoinParsers::parse_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<double>("price"); // expected price; 0 when the body must be refused
    QTest::addColumn<QString>("errorPart"); // part of the refusal's text

    auto ok = [](const char *name, const char *provider, const char *body, double price) {
        QTest::addRow("%s", name) << QString::fromLatin1(provider) << QByteArray(body) << price << QString();
    };
    auto bad = [](const char *name, const char *provider, const char *body, const char *errorPart) {
        QTest::addRow("%s", name) << QString::fromLatin1(provider) << QByteArray(body) << 0.0 << QString::fromLatin1(errorPart);
    };

    // Refusals every provider shares.
    for (const char *provider : {"coingecko", "coinbase", "kraken", "binance", "bitstamp"}) {
        QTest::addRow("%s: empty body", provider)
            << QString::fromLatin1(provider) << QByteArray() << 0.0 << QStringLiteral("malformed JSON");
        QTest::addRow("%s: truncated JSON", provider)
            << QString::fromLatin1(provider) << QByteArray("{\"a\":{\"b\":") << 0.0 << QStringLiteral("malformed JSON");
        QTest::addRow("%s: HTML error page", provider)
            << QString::fromLatin1(provider) << QByteArray("<html><body>502 Bad Gateway</body></html>") << 0.0
            << QStringLiteral("malformed JSON");
        QTest::addRow("%s: array at top level", provider)
            << QString::fromLatin1(provider) << QByteArray("[111813]") << 0.0 << QStringLiteral("expected a JSON object");
        QTest::addRow("%s: empty object", provider)
            << QString::fromLatin1(provider) << QByteArray("{}") << 0.0 << QStringLiteral("missing");
    }

    // CoinGecko: a JSON number.
    ok("coingecko: real shape", "coingecko", R"({"bitcoin":{"usd":111813}})", 111813);
    ok("coingecko: fraction", "coingecko", R"({"bitcoin":{"usd":97123.45}})", 97123.45);
    ok("coingecko: more currencies", "coingecko", R"({"bitcoin":{"eur":90000,"usd":97123.45}})", 97123.45);
    bad("coingecko: zero", "coingecko", R"({"bitcoin":{"usd":0}})", "greater than 0");
    bad("coingecko: negative", "coingecko", R"({"bitcoin":{"usd":-5}})", "greater than 0");
    bad("coingecko: string for number", "coingecko", R"({"bitcoin":{"usd":"111813"}})", "is a string, expected a number");
    bad("coingecko: null", "coingecko", R"({"bitcoin":{"usd":null}})", "is null, expected a number");
    bad("coingecko: boolean", "coingecko", R"({"bitcoin":{"usd":true}})", "is a boolean");
    bad("coingecko: array", "coingecko", R"({"bitcoin":{"usd":[111813]}})", "is an array");
    bad("coingecko: missing usd", "coingecko", R"({"bitcoin":{"eur":90000}})", "bitcoin.usd is missing");
    bad("coingecko: other coin", "coingecko", R"({"ethereum":{"usd":3000}})", "bitcoin is missing");
    bad("coingecko: bitcoin not an object", "coingecko", R"({"bitcoin":111813})", "bitcoin is a number, expected an object");
    bad("coingecko: NaN literal", "coingecko", R"({"bitcoin":{"usd":NaN}})", "malformed JSON");
    bad("coingecko: rate-limit body", "coingecko", R"({"status":{"error_code":429,"error_message":"You've exceeded the Rate Limit"}})",
        "bitcoin is missing");

    // Coinbase: a decimal string in data.amount.
    ok("coinbase: real shape", "coinbase", R"({"data":{"amount":"104123.45","base":"BTC","currency":"USD"}})", 104123.45);
    ok("coinbase: without labels", "coinbase", R"({"data":{"amount":"104123.45"}})", 104123.45);
    bad("coinbase: number for string", "coinbase", R"({"data":{"amount":104123.45,"base":"BTC","currency":"USD"}})",
        "is a number, expected a decimal string");
    bad("coinbase: zero", "coinbase", R"({"data":{"amount":"0.00","base":"BTC","currency":"USD"}})", "greater than 0");
    bad("coinbase: negative", "coinbase", R"({"data":{"amount":"-104123.45","base":"BTC","currency":"USD"}})", "greater than 0");
    bad("coinbase: NaN string", "coinbase", R"({"data":{"amount":"NaN","base":"BTC","currency":"USD"}})", "expected a decimal number");
    bad("coinbase: Infinity string", "coinbase", R"({"data":{"amount":"Infinity","base":"BTC","currency":"USD"}})",
        "expected a decimal number");
    bad("coinbase: overflowing string", "coinbase", R"({"data":{"amount":"1e400","base":"BTC","currency":"USD"}})", "not a finite number");
    bad("coinbase: hex string", "coinbase", R"({"data":{"amount":"0x1A","base":"BTC","currency":"USD"}})", "expected a decimal number");
    bad("coinbase: blank string", "coinbase", R"({"data":{"amount":"","base":"BTC","currency":"USD"}})", "expected a decimal number");
    bad("coinbase: padded string", "coinbase", R"({"data":{"amount":" 104123.45","base":"BTC","currency":"USD"}})",
        "expected a decimal number");
    bad("coinbase: euro price", "coinbase", R"({"data":{"amount":"90000.00","base":"BTC","currency":"EUR"}})", "data.currency is \"EUR\"");
    bad("coinbase: ether price", "coinbase", R"({"data":{"amount":"3000.00","base":"ETH","currency":"USD"}})", "data.base is \"ETH\"");
    bad("coinbase: error shape", "coinbase", R"({"errors":[{"id":"not_found","message":"Invalid currency"}]})", "data is missing");

    // Kraken: the last trade price is c[0], under a key Kraken chooses.
    ok("kraken: real shape", "kraken",
        R"({"error":[],"result":{"XXBTZUSD":{"a":["27712.20000","1","1.000"],"b":["27712.10000","3","3.000"],)"
        R"("c":["27712.10000","0.01686188"],"v":["1234.5","2345.6"],"p":["27700.1","27650.2"],"t":[12345,23456],)"
        R"("l":["27500.0","27400.0"],"h":["27800.0","27900.0"],"o":"27600.00000"}}})",
        27712.1);
    ok("kraken: no error field", "kraken", R"({"result":{"XBTUSD":{"c":["27712.10000","0.01"]}}})", 27712.1);
    bad("kraken: error with HTTP 200", "kraken", R"({"error":["EQuery:Unknown asset pair"]})",
        "Kraken reported: EQuery:Unknown asset pair");
    bad("kraken: rate-limit error", "kraken", R"({"error":["EGeneral:Too many requests"],"result":{}})", "EGeneral:Too many requests");
    bad("kraken: error not an array", "kraken", R"({"error":"boom","result":{}})", "error is a string");
    bad("kraken: result missing", "kraken", R"({"error":[]})", "result is missing");
    bad("kraken: no pair", "kraken", R"({"error":[],"result":{}})", "result has 0 pairs");
    bad("kraken: two pairs", "kraken", R"({"error":[],"result":{"XXBTZUSD":{"c":["1","1"]},"XXBTZEUR":{"c":["1","1"]}}})",
        "result has 2 pairs");
    bad("kraken: other coin", "kraken", R"({"error":[],"result":{"XETHZUSD":{"c":["3000.00000","1"]}}})", "not a Bitcoin pair");
    bad("kraken: c missing", "kraken", R"({"error":[],"result":{"XXBTZUSD":{"a":["1","1","1"]}}})", "result.XXBTZUSD.c is missing");
    bad("kraken: c empty", "kraken", R"({"error":[],"result":{"XXBTZUSD":{"c":[]}}})", "result.XXBTZUSD.c is empty");
    bad("kraken: c not an array", "kraken", R"({"error":[],"result":{"XXBTZUSD":{"c":"27712.1"}}})", "result.XXBTZUSD.c is a string");
    bad("kraken: number for string", "kraken", R"({"error":[],"result":{"XXBTZUSD":{"c":[27712.1,"0.01"]}}})", "c[0] is a number");
    bad("kraken: zero", "kraken", R"({"error":[],"result":{"XXBTZUSD":{"c":["0.00000","0.01"]}}})", "greater than 0");
    bad("kraken: negative", "kraken", R"({"error":[],"result":{"XXBTZUSD":{"c":["-27712.10000","0.01"]}}})", "greater than 0");

    // Binance: a decimal string, for BTCUSDT.
    ok("binance: real shape", "binance", R"({"symbol":"BTCUSDT","price":"4.00000200"})", 4.000002);
    ok("binance: realistic price", "binance", R"({"symbol":"BTCUSDT","price":"97123.45000000"})", 97123.45);
    bad("binance: error shape", "binance", R"({"code":-1121,"msg":"Invalid symbol."})", "price is missing");
    bad("binance: other symbol", "binance", R"({"symbol":"ETHUSDT","price":"3000.00000000"})", "symbol is \"ETHUSDT\"");
    bad("binance: symbol not a string", "binance", R"({"symbol":1,"price":"4.00000200"})", "symbol is a number");
    bad("binance: number for string", "binance", R"({"symbol":"BTCUSDT","price":4.000002})", "price is a number");
    bad("binance: zero", "binance", R"({"symbol":"BTCUSDT","price":"0.00000000"})", "greater than 0");
    bad("binance: negative", "binance", R"({"symbol":"BTCUSDT","price":"-4.00000200"})", "greater than 0");

    // Bitstamp: every field a string.
    ok("bitstamp: real shape", "bitstamp",
        R"({"timestamp":"1686068944","open":"26000","high":"26500","low":"25800","last":"26216","volume":"1563.9",)"
        R"("vwap":"26150","bid":"26215","ask":"26217","side":"0","open_24":"25900","percent_change_24":"1.22"})",
        26216);
    ok("bitstamp: fraction", "bitstamp", R"({"timestamp":"1686068944","last":"26216.5"})", 26216.5);
    bad("bitstamp: number for string", "bitstamp", R"({"timestamp":"1686068944","last":26216})", "last is a number");
    bad("bitstamp: zero", "bitstamp", R"({"timestamp":"1686068944","last":"0"})", "greater than 0");
    bad("bitstamp: negative", "bitstamp", R"({"timestamp":"1686068944","last":"-26216"})", "greater than 0");
    bad("bitstamp: error shape", "bitstamp", R"({"status":"error","reason":"Invalid pair","code":"404"})", "last is missing");
}

void tst_BitcoinParsers::parse()
{
    QFETCH(QString, provider);
    QFETCH(QByteArray, body);
    QFETCH(double, price);
    QFETCH(QString, errorPart);

    const PriceProvider *entry = PriceProvider::find(provider);
    QVERIFY(entry);
    const PriceParsers::Result result = entry->parse(body);
    if (price > 0) {
        QVERIFY2(result.price.has_value(), qPrintable(result.error));
        QCOMPARE(*result.price, price);
        QVERIFY(result.error.isEmpty());
    } else {
        QVERIFY2(!result.price.has_value(), qPrintable(QStringLiteral("accepted %1").arg(result.price.value_or(0))));
        QVERIFY2(result.error.contains(errorPart), qPrintable(result.error));
    }
}

void tst_BitcoinParsers::errorIsBounded_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QByteArray>("body");

    // The refusal goes to the log and the feed's health: text from the body
    // is cut, so that an upstream cannot choose how long it is (Kraken's
    // pair name was not; tests/fuzz/fuzz_priceparsers holds every body to
    // the same bound).
    const QByteArray longText(10'000, 'Z');
    const QByteArray longPair = "XBT" + longText;
    QTest::addRow("kraken: long pair, price not a decimal")
        << QStringLiteral("kraken") << QByteArray(R"({"error":[],"result":{")" + longPair + R"(":{"c":["nan","1"]}}})");
    QTest::addRow("kraken: long pair, not an object")
        << QStringLiteral("kraken") << QByteArray(R"({"error":[],"result":{")" + longPair + R"(":1}})");
    QTest::addRow("kraken: long pair, c missing")
        << QStringLiteral("kraken") << QByteArray(R"({"error":[],"result":{")" + longPair + R"(":{}}})");
    QTest::addRow("kraken: long other pair") << QStringLiteral("kraken")
                                             << QByteArray(R"({"error":[],"result":{"ETH)" + longText + R"(":{}}})");
    QTest::addRow("kraken: long error") << QStringLiteral("kraken") << QByteArray(R"({"error":[")" + longText + R"("]})");
    QTest::addRow("coinbase: long currency") << QStringLiteral("coinbase")
                                             << QByteArray(R"({"data":{"amount":"1","currency":")" + longText + R"("}})");
    QTest::addRow("binance: long price") << QStringLiteral("binance") << QByteArray(R"({"price":")" + longText + R"("})");
}

void tst_BitcoinParsers::errorIsBounded()
{
    QFETCH(QString, provider);
    QFETCH(QByteArray, body);

    const PriceParsers::Result result = PriceProvider::find(provider)->parse(body);
    QVERIFY(!result.price);
    QVERIFY(result.error.contains(QLatin1String("ZZZZ"))); // the text is quoted, only cut
    QVERIFY2(
        result.error.size() <= 300, qPrintable(QStringLiteral("%1 characters: %2…").arg(result.error.size()).arg(result.error.left(80))));
}

QTEST_GUILESS_MAIN(tst_BitcoinParsers)
#include "tst_bitcoinparsers.moc"
