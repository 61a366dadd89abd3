// The Bitcoin price feed against a fake upstream on loopback: failover,
// cooldown, backoff, staleness, the jump check, health and its logging.
// Intervals are short; waits are QTRY_* with generous timeouts, and timing
// is asserted only as lower bounds (a busy machine makes things later, never
// earlier).

#include "FakeUpstream.h"

#include "Server.h"
#include "config/Config.h"
#include "feeds/bitcoin/BitcoinPriceFeed.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QScopeGuard>
#include <QTest>

#include <cmath>
#include <memory>

namespace {

constexpr int Patience = 15000; // ms; QTRY_* timeouts

struct Tick {
    QJsonValue legacy;
    QJsonObject fields;
    qint64 emittedAtMs; // wall clock, when the feed emitted it

    double price() const { return fields.value(QStringLiteral("price")).toDouble(); }
    bool stale() const { return fields.value(QStringLiteral("stale")).toBool(); }
    QString source() const { return fields.value(QStringLiteral("source")).toString(); }
    qint64 fetchedAt() const { return fields.value(QStringLiteral("fetchedAt")).toInteger(); }
    qint64 ageMs() const { return fields.value(QStringLiteral("ageMs")).toInteger(); }
};

// Everything a feed tells the world. It also checks every value as it comes:
// a price must be a finite number above 0 and the same for both protocols.
class FeedRecorder final : public QObject {
public:
    explicit FeedRecorder(Feed *feed)
    {
        states.append(feed->health().state);
        connect(feed, &Feed::produced, this, [this](const QJsonValue &value, const QJsonObject &details) {
            // As JSON clients see it: the value under the stream's valueKey.
            QJsonObject fields = details;
            fields.insert(QStringLiteral("price"), value);
            const Tick tick {value, fields, QDateTime::currentMSecsSinceEpoch()};
            ticks.append(tick);
            const double price = value.toDouble();
            if (!value.isDouble() || !std::isfinite(price) || price <= 0 || details.contains(QStringLiteral("price"))
                || !fields.value(QStringLiteral("stale")).isBool() || !fields.contains(QStringLiteral("ageMs"))
                || !fields.contains(QStringLiteral("fetchedAt")) || tick.source().isEmpty())
                violations.append(QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact)));
        });
        connect(feed, &Feed::healthChanged, this, [this](const FeedHealth &health) {
            if (states.constLast() != health.state)
                states.append(health.state);
        });
    }

    QList<Tick> withStale(bool stale) const
    {
        QList<Tick> result;
        for (const Tick &tick : ticks) {
            if (tick.stale() == stale)
                result.append(tick);
        }
        return result;
    }
    bool anyPrice(double price) const
    {
        return std::any_of(ticks.cbegin(), ticks.cend(), [price](const Tick &tick) { return tick.price() == price; });
    }

    QList<Tick> ticks;
    QList<FeedHealth::State> states;
    QStringList violations;
};

// Messages of datagate.feed.btc, for the tests of what gets logged.
QStringList s_feedLog;
QtMessageHandler s_previousHandler = nullptr;

void captureFeedLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (context.category && qstrcmp(context.category, "datagate.feed.btc") == 0)
        s_feedLog.append(message);
    if (s_previousHandler)
        s_previousHandler(type, context, message);
}

int countContaining(const QStringList &lines, const QString &part)
{
    return static_cast<int>(std::count_if(lines.cbegin(), lines.cend(), [&part](const QString &line) { return line.contains(part); }));
}

const FeedHealth::ProviderStats &stats(const FeedHealth &health, const QString &name)
{
    for (const FeedHealth::ProviderStats &s : health.providers) {
        if (s.name == name)
            return s;
    }
    qFatal("no stats for provider %s", qPrintable(name));
}

} // namespace

class tst_BitcoinPriceFeed final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void firstPriceAtOnce();
    void everyProvider_data();
    void everyProvider();
    void failsOver_data();
    void failsOver();
    void failoverOrderAcrossAllFive();
    void trickledBodyWithinDeadlineIsRead();
    void rateLimitCooldown_data();
    void rateLimitCooldown();
    void rateLimitWithoutRetryAfter();
    void backoffSpacesRetries();
    void staleMarkingAndAge();
    void stateTransitionsAndRecovery();
    void nothingBeforeFirstPrice_data();
    void nothingBeforeFirstPrice();
    void badValueAfterKnownPriceServesStale_data();
    void badValueAfterKnownPriceServesStale();
    void jumpContradictedBySecondProvider();
    void jumpConfirmedBySecondProvider();
    void jumpWithSingleProviderIsHeldBack_data();
    void jumpWithSingleProviderIsHeldBack();
    void neverTwoRequestsInFlight();
    void urlOverrideAndUserAgent();
    void failuresLoggedOncePerChange();
    void simulatedIsLabelled();
    void configErrors_data();
    void configErrors();

private:
    BitcoinSettings configFor(const QStringList &providers, int intervalMs, int timeoutMs = 3000) const;
    void checkNoViolations(const FeedRecorder &recorder);

    std::unique_ptr<FakeUpstream> m_fake;
};

void tst_BitcoinPriceFeed::init()
{
    m_fake = std::make_unique<FakeUpstream>();
    QVERIFY(m_fake->port() != 0);
}

void tst_BitcoinPriceFeed::cleanup()
{
    m_fake.reset();
}

BitcoinSettings tst_BitcoinPriceFeed::configFor(const QStringList &providers, int intervalMs, int timeoutMs) const
{
    BitcoinSettings config;
    config.providers = providers;
    config.intervalMs = intervalMs;
    config.timeoutMs = timeoutMs;
    for (const QString &provider : providers)
        config.urls.insert(provider, QUrl(m_fake->url(provider)));
    return config;
}

void tst_BitcoinPriceFeed::checkNoViolations(const FeedRecorder &recorder)
{
    QVERIFY2(recorder.violations.isEmpty(), qPrintable(recorder.violations.join(QLatin1Char('\n'))));
}

void tst_BitcoinPriceFeed::firstPriceAtOnce()
{
    m_fake->setPrice(QStringLiteral("coingecko"), 97123.45);
    // An interval far longer than the test: the price must come from the
    // poll at start, not from the first tick of the interval.
    BitcoinPriceFeed feed(configFor({QStringLiteral("coingecko")}, 600000));
    QCOMPARE(feed.info().name, QStringLiteral("bitcoinPrice"));
    QVERIFY(feed.info().latestOnSubscribe);
    FeedRecorder recorder(&feed);

    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    feed.start();
    QVERIFY(recorder.ticks.isEmpty()); // asynchronous: nothing during start()
    QTRY_COMPARE_WITH_TIMEOUT(recorder.ticks.size(), 1, Patience);
    const Tick tick = recorder.ticks.constFirst();
    QCOMPARE(tick.legacy.toDouble(), 97123.45);
    QCOMPARE(tick.price(), 97123.45);
    QCOMPARE(tick.fields.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));
    QCOMPARE(tick.source(), QStringLiteral("coingecko"));
    QCOMPARE(tick.stale(), false);
    QVERIFY(tick.fetchedAt() >= before && tick.fetchedAt() <= tick.emittedAtMs);
    QVERIFY(tick.ageMs() >= 0 && tick.ageMs() <= tick.emittedAtMs - tick.fetchedAt() + 5);
    QCOMPARE(tick.fields.size(), 6); // price, currency, source, fetchedAt, stale, ageMs; the hub adds seq and ts

    const FeedHealth health = feed.health();
    QCOMPARE(health.state, FeedHealth::State::Healthy);
    QCOMPARE(health.source, QStringLiteral("coingecko"));
    QCOMPARE(health.lastSuccessAt.toMSecsSinceEpoch(), tick.fetchedAt());
    QVERIFY(health.latencyMs >= 0);
    QCOMPARE(health.consecutiveFailures, 0);
    QCOMPARE(health.providers.size(), 1);
    QCOMPARE(health.providers.constFirst().name, QStringLiteral("coingecko"));
    QCOMPARE(health.providers.constFirst().requests, quint64(1));
    QCOMPARE(health.providers.constFirst().successes, quint64(1));
    QCOMPARE(recorder.states, (QList<FeedHealth::State> {FeedHealth::State::Starting, FeedHealth::State::Healthy}));
    QCOMPARE(m_fake->totalRequests(), 1);
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::everyProvider_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("currency");
    QTest::addRow("coingecko") << QStringLiteral("coingecko") << QStringLiteral("USD");
    QTest::addRow("coinbase") << QStringLiteral("coinbase") << QStringLiteral("USD");
    QTest::addRow("kraken") << QStringLiteral("kraken") << QStringLiteral("USD");
    QTest::addRow("binance") << QStringLiteral("binance") << QStringLiteral("USDT");
    QTest::addRow("bitstamp") << QStringLiteral("bitstamp") << QStringLiteral("USD");
}

void tst_BitcoinPriceFeed::everyProvider()
{
    QFETCH(QString, provider);
    QFETCH(QString, currency);
    m_fake->setPrice(provider, 104123.45);
    BitcoinPriceFeed feed(configFor({provider}, 600000));
    FeedRecorder recorder(&feed);
    feed.start();
    QTRY_COMPARE_WITH_TIMEOUT(recorder.ticks.size(), 1, Patience);
    QCOMPARE(recorder.ticks.constFirst().price(), 104123.45);
    QCOMPARE(recorder.ticks.constFirst().source(), provider);
    QCOMPARE(recorder.ticks.constFirst().fields.value(QStringLiteral("currency")).toString(), currency);
    QCOMPARE(m_fake->routesAsked(), QStringList {provider});
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::failsOver_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<bool>("reachesFake");
    QTest::addColumn<bool>("rejected"); // counted as a rejected value rather than a failure
    QTest::addColumn<QString>("errorPart");

    QTest::addRow("hangs past the timeout") << QStringLiteral("hang") << true << false << QStringLiteral("no complete answer within");
    QTest::addRow("refuses connections") << QStringLiteral("refused") << false << false << QStringLiteral("refused");
    QTest::addRow("answers 500") << QStringLiteral("500") << true << false << QStringLiteral("HTTP 500");
    QTest::addRow("answers 503") << QStringLiteral("503") << true << false << QStringLiteral("HTTP 503");
    QTest::addRow("answers 404") << QStringLiteral("404") << true << false << QStringLiteral("HTTP 404");
    QTest::addRow("malformed JSON") << QStringLiteral("malformed") << true << true << QStringLiteral("malformed JSON");
    QTest::addRow("wrong shape") << QStringLiteral("wrong shape") << true << true << QStringLiteral("bitcoin is missing");
    QTest::addRow("string for number") << QStringLiteral("string") << true << true << QStringLiteral("expected a number");
    QTest::addRow("zero") << QStringLiteral("zero") << true << true << QStringLiteral("greater than 0");
    QTest::addRow("negative") << QStringLiteral("negative") << true << true << QStringLiteral("greater than 0");
    QTest::addRow("empty body") << QStringLiteral("empty") << true << true << QStringLiteral("malformed JSON");
    QTest::addRow("huge body") << QStringLiteral("huge") << true << true << QStringLiteral("larger than");
    QTest::addRow("trickles past the timeout") << QStringLiteral("trickle") << true << false << QStringLiteral("no complete answer within");
}

void tst_BitcoinPriceFeed::failsOver()
{
    QFETCH(QString, mode);
    QFETCH(bool, reachesFake);
    QFETCH(bool, rejected);
    QFETCH(QString, errorPart);

    const QString primary = QStringLiteral("coingecko");
    const QString secondary = QStringLiteral("coinbase");
    BitcoinSettings config = configFor({primary, secondary}, 600000, 400);
    FakeUpstream::Response response;
    if (mode == QLatin1String("hang")) {
        response.hang = true;
    } else if (mode == QLatin1String("refused")) {
        config.urls.insert(primary, QUrl(QStringLiteral("http://127.0.0.1:%1/coingecko").arg(FakeUpstream::closedPort())));
    } else if (mode.front().isDigit()) {
        response = FakeUpstream::status(mode.toInt(), R"({"error":"nope"})");
    } else if (mode == QLatin1String("malformed")) {
        response = FakeUpstream::body(R"({"bitcoin":{"usd":97123.45)");
    } else if (mode == QLatin1String("wrong shape")) {
        response = FakeUpstream::body(R"({"data":{"amount":"97123.45"}})");
    } else if (mode == QLatin1String("string")) {
        response = FakeUpstream::body(R"({"bitcoin":{"usd":"97123.45"}})");
    } else if (mode == QLatin1String("zero")) {
        response = FakeUpstream::body(R"({"bitcoin":{"usd":0}})");
    } else if (mode == QLatin1String("negative")) {
        response = FakeUpstream::body(R"({"bitcoin":{"usd":-97123.45}})");
    } else if (mode == QLatin1String("empty")) {
        response = FakeUpstream::body(QByteArray());
    } else if (mode == QLatin1String("huge")) {
        response = FakeUpstream::body(R"({"bitcoin":{"usd":97123.45},"pad":")" + QByteArray(200 * 1024, 'x') + "\"}");
    } else if (mode == QLatin1String("trickle")) {
        // Bytes keep coming, so an inactivity timeout would never fire; the
        // whole answer would take 30 s.
        response = FakeUpstream::body(FakeUpstream::realBody(primary, 50000));
        response.chunkBytes = 1;
        response.chunkIntervalMs = 1000;
    }
    m_fake->setResponse(primary, response);
    m_fake->setPrice(secondary, 97000);

    BitcoinPriceFeed feed(config);
    FeedRecorder recorder(&feed);
    feed.start();
    QTRY_COMPARE_WITH_TIMEOUT(recorder.ticks.size(), 1, Patience);

    const Tick tick = recorder.ticks.constFirst();
    QCOMPARE(tick.source(), secondary);
    QCOMPARE(tick.price(), 97000.0);
    QCOMPARE(tick.stale(), false);
    QCOMPARE(m_fake->routesAsked(), reachesFake ? (QStringList {primary, secondary}) : QStringList {secondary});

    const FeedHealth health = feed.health();
    QCOMPARE(health.state, FeedHealth::State::Degraded); // failing over
    QCOMPARE(health.source, secondary);
    const FeedHealth::ProviderStats &first = stats(health, primary);
    QCOMPARE(first.requests, quint64(1));
    QCOMPARE(first.successes, quint64(0));
    QCOMPARE(first.failures, quint64(rejected ? 0 : 1));
    QCOMPARE(first.rejected, quint64(rejected ? 1 : 0));
    QCOMPARE(first.consecutiveFailures, 1);
    QVERIFY2(first.lastError.contains(errorPart, Qt::CaseInsensitive), qPrintable(first.lastError));
    QVERIFY2(health.lastError.startsWith(primary + QStringLiteral(": ")), qPrintable(health.lastError));
    const FeedHealth::ProviderStats &second = stats(health, secondary);
    QCOMPARE(second.requests, quint64(1));
    QCOMPARE(second.successes, quint64(1));
    QVERIFY(!recorder.anyPrice(50000)); // the trickled price never made it
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::failoverOrderAcrossAllFive()
{
    BitcoinSettings config = configFor({QStringLiteral("coingecko"), QStringLiteral("coinbase"), QStringLiteral("kraken"),
                                           QStringLiteral("binance"), QStringLiteral("bitstamp")},
        600000, 400);
    FakeUpstream::Response hang;
    hang.hang = true;
    m_fake->setResponse(QStringLiteral("coingecko"), hang);
    config.urls.insert(QStringLiteral("coinbase"), QUrl(QStringLiteral("http://127.0.0.1:%1/coinbase").arg(FakeUpstream::closedPort())));
    m_fake->setResponse(QStringLiteral("kraken"), FakeUpstream::status(500));
    m_fake->setResponse(QStringLiteral("binance"), FakeUpstream::body("{\"symbol\":\"BTCUSDT\",\"pri"));
    m_fake->setPrice(QStringLiteral("bitstamp"), 26216);

    BitcoinPriceFeed feed(config);
    FeedRecorder recorder(&feed);
    feed.start();
    QTRY_COMPARE_WITH_TIMEOUT(recorder.ticks.size(), 1, Patience);
    QCOMPARE(recorder.ticks.constFirst().source(), QStringLiteral("bitstamp"));
    QCOMPARE(recorder.ticks.constFirst().price(), 26216.0);
    // coinbase's connection was refused, so it never reached the fake.
    QCOMPARE(m_fake->routesAsked(),
        (QStringList {QStringLiteral("coingecko"), QStringLiteral("kraken"), QStringLiteral("binance"), QStringLiteral("bitstamp")}));

    const FeedHealth health = feed.health();
    QCOMPARE(health.providers.size(), 5);
    QStringList order;
    for (const FeedHealth::ProviderStats &s : health.providers)
        order.append(s.name);
    QCOMPARE(order, config.providers);
    QCOMPARE(stats(health, QStringLiteral("coingecko")).failures, quint64(1));
    QCOMPARE(stats(health, QStringLiteral("coinbase")).failures, quint64(1));
    QCOMPARE(stats(health, QStringLiteral("kraken")).failures, quint64(1));
    QCOMPARE(stats(health, QStringLiteral("binance")).rejected, quint64(1));
    QCOMPARE(stats(health, QStringLiteral("bitstamp")).successes, quint64(1));
    QCOMPARE(health.state, FeedHealth::State::Degraded);
    QVERIFY2(health.lastError.startsWith(QStringLiteral("binance: ")), qPrintable(health.lastError));
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::trickledBodyWithinDeadlineIsRead()
{
    FakeUpstream::Response slow = FakeUpstream::body(FakeUpstream::realBody(QStringLiteral("kraken"), 27712.1));
    slow.chunkBytes = 64;
    slow.chunkIntervalMs = 20;
    m_fake->setResponse(QStringLiteral("kraken"), slow);
    m_fake->setPrice(QStringLiteral("coinbase"), 27000);

    BitcoinPriceFeed feed(configFor({QStringLiteral("kraken"), QStringLiteral("coinbase")}, 600000, 8000));
    FeedRecorder recorder(&feed);
    feed.start();
    QTRY_COMPARE_WITH_TIMEOUT(recorder.ticks.size(), 1, Patience);
    QCOMPARE(recorder.ticks.constFirst().source(), QStringLiteral("kraken"));
    QCOMPARE(recorder.ticks.constFirst().price(), 27712.1);
    QCOMPARE(m_fake->routesAsked(), QStringList {QStringLiteral("kraken")});
    QCOMPARE(feed.health().state, FeedHealth::State::Healthy);
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::rateLimitCooldown_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("asDate");
    QTest::addRow("429, Retry-After in seconds") << 429 << false;
    QTest::addRow("418, Retry-After in seconds") << 418 << false;
    QTest::addRow("429, Retry-After as an HTTP date") << 429 << true;
}

void tst_BitcoinPriceFeed::rateLimitCooldown()
{
    QFETCH(int, status);
    QFETCH(bool, asDate);

    // The date has whole seconds: 3 s ahead leaves between 2 and 3 s.
    constexpr qint64 MinCooldownMs = 2000;
    const QByteArray retryAfter = asDate
        ? QLocale::c().toString(QDateTime::currentDateTimeUtc().addSecs(3), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1()
        : QByteArray("2");
    FakeUpstream::Response limited = FakeUpstream::status(status, R"({"status":{"error_code":429}})");
    limited.headers.append({"Retry-After", retryAfter});
    m_fake->setResponse(QStringLiteral("coingecko"), limited);
    m_fake->setPrice(QStringLiteral("coinbase"), 97000);

    BitcoinPriceFeed feed(configFor({QStringLiteral("coingecko"), QStringLiteral("coinbase")}, 100));
    FeedRecorder recorder(&feed);
    const QDateTime before = QDateTime::currentDateTimeUtc();
    feed.start();
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.ticks.isEmpty(), Patience);
    QCOMPARE(recorder.ticks.constFirst().source(), QStringLiteral("coinbase"));
    const FeedHealth::ProviderStats limitedStats = stats(feed.health(), QStringLiteral("coingecko"));
    QVERIFY2(limitedStats.lastError.contains(QString::number(status)), qPrintable(limitedStats.lastError));
    QVERIFY(limitedStats.cooldownUntil.isValid());
    QVERIFY(limitedStats.cooldownUntil >= before.addMSecs(MinCooldownMs));
    QCOMPARE(feed.health().state, FeedHealth::State::Degraded);

    // Polls go on, straight to coinbase, while coingecko cools down…
    QTRY_VERIFY_WITH_TIMEOUT(m_fake->requestCount(QStringLiteral("coinbase")) >= 5, Patience);
    m_fake->setPrice(QStringLiteral("coingecko"), 97100);
    // …and coingecko is asked again only once its Retry-After has passed.
    QTRY_VERIFY_WITH_TIMEOUT(m_fake->requestCount(QStringLiteral("coingecko")) >= 2, Patience);
    QList<qint64> coingeckoAt;
    for (const FakeUpstream::Request &request : m_fake->requests()) {
        if (request.route == QLatin1String("coingecko"))
            coingeckoAt.append(request.atMs);
    }
    QVERIFY2(coingeckoAt.at(1) - coingeckoAt.at(0) >= MinCooldownMs - 20,
        qPrintable(QStringLiteral("asked again after %1 ms").arg(coingeckoAt.at(1) - coingeckoAt.at(0))));

    // Back to the first provider, healthy again.
    QTRY_COMPARE_WITH_TIMEOUT(recorder.ticks.constLast().source(), QStringLiteral("coingecko"), Patience);
    QTRY_COMPARE_WITH_TIMEOUT(feed.health().state, FeedHealth::State::Healthy, Patience);
    QVERIFY(!stats(feed.health(), QStringLiteral("coingecko")).cooldownUntil.isValid());
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::rateLimitWithoutRetryAfter()
{
    m_fake->setResponse(QStringLiteral("binance"), FakeUpstream::status(429, R"({"code":-1003,"msg":"Too many requests"})"));
    m_fake->setPrice(QStringLiteral("kraken"), 97000);

    BitcoinPriceFeed feed(configFor({QStringLiteral("binance"), QStringLiteral("kraken")}, 50));
    FeedRecorder recorder(&feed);
    const QDateTime before = QDateTime::currentDateTimeUtc();
    feed.start();
    QTRY_VERIFY_WITH_TIMEOUT(m_fake->requestCount(QStringLiteral("kraken")) >= 10, Patience);
    // Without a Retry-After the provider rests for a minute.
    QCOMPARE(m_fake->requestCount(QStringLiteral("binance")), 1);
    QVERIFY(stats(feed.health(), QStringLiteral("binance")).cooldownUntil >= before.addSecs(59));
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::backoffSpacesRetries()
{
    // One provider that keeps failing: base interval/16 = 50 ms, cap 800 ms.
    constexpr int IntervalMs = 800;
    m_fake->setResponse(QStringLiteral("coinbase"), FakeUpstream::status(500));
    BitcoinPriceFeed feed(configFor({QStringLiteral("coinbase")}, IntervalMs));
    FeedRecorder recorder(&feed);
    feed.start();
    QTRY_VERIFY_WITH_TIMEOUT(m_fake->totalRequests() >= 8, 30000);

    const QList<FakeUpstream::Request> requests = m_fake->requests();
    for (int k = 1; k < 8; ++k) {
        const qint64 gap = requests.at(k).atMs - requests.at(k - 1).atMs;
        const qint64 ceiling = std::min<qint64>(IntervalMs, 50LL << (k - 1));
        // Exponential with jitter: never sooner than half the ceiling…
        QVERIFY2(gap >= ceiling / 2 - 5,
            qPrintable(QStringLiteral("retry %1 after %2 ms, expected at least %3").arg(k).arg(gap).arg(ceiling / 2)));
        // …and capped at the interval (with room for a busy machine).
        QVERIFY2(gap <= IntervalMs + 1500, qPrintable(QStringLiteral("retry %1 after %2 ms").arg(k).arg(gap)));
    }
    // The waits grow: the last three take far longer than the first three.
    const qint64 early = requests.at(3).atMs - requests.at(0).atMs;
    const qint64 late = requests.at(7).atMs - requests.at(4).atMs;
    QVERIFY2(late > early, qPrintable(QStringLiteral("first three %1 ms, last three %2 ms").arg(early).arg(late)));
    QVERIFY(recorder.ticks.isEmpty());
    QVERIFY(stats(feed.health(), QStringLiteral("coinbase")).consecutiveFailures >= 7);
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::staleMarkingAndAge()
{
    m_fake->setPrice(QStringLiteral("coinbase"), 97123.45);
    BitcoinPriceFeed feed(configFor({QStringLiteral("coinbase")}, 150));
    FeedRecorder recorder(&feed);
    feed.start();
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.ticks.isEmpty(), Patience);
    m_fake->setResponse(QStringLiteral("coinbase"), FakeUpstream::status(502));

    QTRY_VERIFY_WITH_TIMEOUT(recorder.withStale(true).size() >= 4, Patience);
    const QList<Tick> fresh = recorder.withStale(false);
    const Tick lastFresh = fresh.constLast();
    QVERIFY(lastFresh.ageMs() >= 0 && lastFresh.ageMs() <= 1000);

    // Every tick after the last fresh one is stale, and carries the last
    // known price with the time it was fetched and its growing age.
    qint64 previousAge = -1;
    for (qsizetype i = fresh.size(); i < recorder.ticks.size(); ++i) {
        const Tick &tick = recorder.ticks.at(i);
        QVERIFY(tick.stale());
        QCOMPARE(tick.price(), 97123.45);
        QCOMPARE(tick.legacy.toDouble(), 97123.45);
        QCOMPARE(tick.source(), QStringLiteral("coinbase"));
        QCOMPARE(tick.fields.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));
        QCOMPARE(tick.fetchedAt(), lastFresh.fetchedAt());
        QVERIFY2(tick.ageMs() > previousAge, qPrintable(QStringLiteral("age %1 after %2").arg(tick.ageMs()).arg(previousAge)));
        QVERIFY2(std::abs(tick.ageMs() - (tick.emittedAtMs - tick.fetchedAt())) <= 50,
            qPrintable(
                QStringLiteral("ageMs %1, but %2 ms passed since fetchedAt").arg(tick.ageMs()).arg(tick.emittedAtMs - tick.fetchedAt())));
        previousAge = tick.ageMs();
    }
    QVERIFY(feed.health().consecutiveFailures >= 1);
    QVERIFY(feed.health().state == FeedHealth::State::Degraded || feed.health().state == FeedHealth::State::Down);
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::stateTransitionsAndRecovery()
{
    constexpr int IntervalMs = 100;
    m_fake->setPrice(QStringLiteral("coinbase"), 97123.45);
    BitcoinPriceFeed feed(configFor({QStringLiteral("coinbase")}, IntervalMs));
    FeedRecorder recorder(&feed);
    QCOMPARE(feed.health().state, FeedHealth::State::Starting);
    feed.start();
    QTRY_COMPARE_WITH_TIMEOUT(feed.health().state, FeedHealth::State::Healthy, Patience);

    const qint64 outageStart = QDateTime::currentMSecsSinceEpoch();
    m_fake->setResponse(QStringLiteral("coinbase"), FakeUpstream::status(500));
    QTRY_COMPARE_WITH_TIMEOUT(feed.health().state, FeedHealth::State::Down, Patience);
    const FeedHealth down = feed.health();
    // Down means no valid price for more than three intervals.
    QVERIFY(QDateTime::currentMSecsSinceEpoch() - down.lastSuccessAt.toMSecsSinceEpoch() > 3 * IntervalMs);
    QVERIFY(down.lastSuccessAt.toMSecsSinceEpoch() <= outageStart);
    QVERIFY2(down.lastError.contains(QStringLiteral("HTTP 500")), qPrintable(down.lastError));
    QVERIFY(down.consecutiveFailures >= 1);
    QCOMPARE(down.source, QStringLiteral("coinbase")); // whose stale price is served
    // Subscribers still get the last price, stale, while down.
    const qsizetype ticksWhenDown = recorder.ticks.size();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.ticks.size() > ticksWhenDown, Patience);
    QVERIFY(recorder.ticks.constLast().stale());

    // The upstream comes back.
    m_fake->setPrice(QStringLiteral("coinbase"), 98000);
    QTRY_COMPARE_WITH_TIMEOUT(feed.health().state, FeedHealth::State::Healthy, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.ticks.constLast().stale(), Patience);
    QCOMPARE(recorder.ticks.constLast().price(), 98000.0);
    const FeedHealth healthy = feed.health();
    QCOMPARE(healthy.consecutiveFailures, 0);
    QVERIFY(healthy.lastSuccessAt.toMSecsSinceEpoch() > outageStart);
    QVERIFY(healthy.lastError.contains(QStringLiteral("HTTP 500"))); // the last error stays on record
    QCOMPARE(stats(healthy, QStringLiteral("coinbase")).consecutiveFailures, 0);
    QVERIFY(stats(healthy, QStringLiteral("coinbase")).failures >= 3);

    QCOMPARE(recorder.states,
        (QList<FeedHealth::State> {FeedHealth::State::Starting, FeedHealth::State::Healthy, FeedHealth::State::Degraded,
            FeedHealth::State::Down, FeedHealth::State::Healthy}));
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::nothingBeforeFirstPrice_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addRow("500") << QStringLiteral("500");
    QTest::addRow("hang") << QStringLiteral("hang");
    QTest::addRow("refused") << QStringLiteral("refused");
    QTest::addRow("zero") << QStringLiteral("zero");
    QTest::addRow("negative") << QStringLiteral("negative");
}

void tst_BitcoinPriceFeed::nothingBeforeFirstPrice()
{
    QFETCH(QString, mode);
    BitcoinSettings config = configFor({QStringLiteral("coinbase")}, 100, 50);
    if (mode == QLatin1String("500")) {
        m_fake->setResponse(QStringLiteral("coinbase"), FakeUpstream::status(500));
    } else if (mode == QLatin1String("hang")) {
        FakeUpstream::Response hang;
        hang.hang = true;
        m_fake->setResponse(QStringLiteral("coinbase"), hang);
    } else if (mode == QLatin1String("refused")) {
        config.urls.insert(
            QStringLiteral("coinbase"), QUrl(QStringLiteral("http://127.0.0.1:%1/coinbase").arg(FakeUpstream::closedPort())));
    } else if (mode == QLatin1String("zero")) {
        m_fake->setResponse(QStringLiteral("coinbase"), FakeUpstream::body(R"({"data":{"amount":"0","base":"BTC","currency":"USD"}})"));
    } else {
        m_fake->setResponse(QStringLiteral("coinbase"), FakeUpstream::body(R"({"data":{"amount":"-1.5","base":"BTC","currency":"USD"}})"));
    }

    BitcoinPriceFeed feed(config);
    FeedRecorder recorder(&feed);
    feed.start();
    QTRY_COMPARE_WITH_TIMEOUT(feed.health().state, FeedHealth::State::Down, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(stats(feed.health(), QStringLiteral("coinbase")).consecutiveFailures >= 4, Patience);
    QVERIFY(recorder.ticks.isEmpty()); // never a 0, never anything
    QCOMPARE(recorder.states, (QList<FeedHealth::State> {FeedHealth::State::Starting, FeedHealth::State::Down}));
    QVERIFY(!feed.health().lastSuccessAt.isValid());
    QVERIFY(feed.health().source.isEmpty());
    QVERIFY(!feed.health().lastError.isEmpty());
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::badValueAfterKnownPriceServesStale_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addRow("zero") << QByteArray(R"({"bitcoin":{"usd":0}})");
    QTest::addRow("negative") << QByteArray(R"({"bitcoin":{"usd":-97123.45}})");
    QTest::addRow("string for number") << QByteArray(R"({"bitcoin":{"usd":"0"}})");
    QTest::addRow("null") << QByteArray(R"({"bitcoin":{"usd":null}})");
    QTest::addRow("malformed") << QByteArray(R"({"bitcoin":)");
    QTest::addRow("wrong shape") << QByteArray(R"({"bitcoin":[]})");
}

void tst_BitcoinPriceFeed::badValueAfterKnownPriceServesStale()
{
    QFETCH(QByteArray, body);
    m_fake->setPrice(QStringLiteral("coingecko"), 97123.45);
    BitcoinPriceFeed feed(configFor({QStringLiteral("coingecko")}, 100));
    FeedRecorder recorder(&feed);
    feed.start();
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.ticks.isEmpty(), Patience);
    m_fake->setResponse(QStringLiteral("coingecko"), FakeUpstream::body(body));
    QTRY_VERIFY_WITH_TIMEOUT(stats(feed.health(), QStringLiteral("coingecko")).rejected >= 3, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.withStale(true).isEmpty(), Patience);
    for (const Tick &tick : std::as_const(recorder.ticks))
        QCOMPARE(tick.price(), 97123.45);
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::jumpContradictedBySecondProvider()
{
    m_fake->setPrice(QStringLiteral("coingecko"), 100000);
    m_fake->setPrice(QStringLiteral("coinbase"), 100000);
    BitcoinPriceFeed feed(configFor({QStringLiteral("coingecko"), QStringLiteral("coinbase")}, 150));
    FeedRecorder recorder(&feed);
    feed.start();
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.ticks.isEmpty(), Patience);
    QCOMPARE(recorder.ticks.constFirst().source(), QStringLiteral("coingecko"));
    QCOMPARE(m_fake->requestCount(QStringLiteral("coinbase")), 0); // a healthy poll asks one provider

    // coingecko jumps by 60 %; coinbase, asked in the same poll, disagrees.
    m_fake->setPrice(QStringLiteral("coingecko"), 160000);
    m_fake->setPrice(QStringLiteral("coinbase"), 100500);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.anyPrice(100500), Patience);
    const Tick tick = recorder.ticks.constLast();
    QCOMPARE(tick.source(), QStringLiteral("coinbase"));
    QCOMPARE(tick.stale(), false);
    QVERIFY(!recorder.anyPrice(160000));
    const FeedHealth::ProviderStats jumped = stats(feed.health(), QStringLiteral("coingecko"));
    QVERIFY(jumped.rejected >= 1);
    QVERIFY2(jumped.lastError.contains(QStringLiteral("160000")) && jumped.lastError.contains(QStringLiteral("50%")),
        qPrintable(jumped.lastError));
    QCOMPARE(feed.health().state, FeedHealth::State::Degraded);
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::jumpConfirmedBySecondProvider()
{
    m_fake->setPrice(QStringLiteral("coingecko"), 100000);
    m_fake->setPrice(QStringLiteral("coinbase"), 100000);
    BitcoinPriceFeed feed(configFor({QStringLiteral("coingecko"), QStringLiteral("coinbase")}, 150));
    FeedRecorder recorder(&feed);
    feed.start();
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.ticks.isEmpty(), Patience);

    // Both say the price rose by 60 %: then it did.
    m_fake->setPrice(QStringLiteral("coingecko"), 160000);
    m_fake->setPrice(QStringLiteral("coinbase"), 160100);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.anyPrice(160000), Patience);
    QCOMPARE(recorder.ticks.constLast().source(), QStringLiteral("coingecko"));
    QCOMPARE(recorder.ticks.constLast().stale(), false);
    QVERIFY(m_fake->requestCount(QStringLiteral("coinbase")) >= 1); // asked to confirm
    const FeedHealth health = feed.health();
    QCOMPARE(stats(health, QStringLiteral("coingecko")).rejected, quint64(0));
    QVERIFY(stats(health, QStringLiteral("coinbase")).successes >= 1);
    QCOMPARE(health.state, FeedHealth::State::Healthy);
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::jumpWithSingleProviderIsHeldBack_data()
{
    QTest::addColumn<double>("jumpTo");
    QTest::addRow("up 60 percent") << 160000.0;
    QTest::addRow("down 60 percent") << 40000.0;
}

void tst_BitcoinPriceFeed::jumpWithSingleProviderIsHeldBack()
{
    QFETCH(double, jumpTo);
    constexpr int IntervalMs = 150;
    m_fake->setPrice(QStringLiteral("bitstamp"), 100000);
    BitcoinPriceFeed feed(configFor({QStringLiteral("bitstamp")}, IntervalMs));
    FeedRecorder recorder(&feed);
    feed.start();
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.ticks.isEmpty(), Patience);
    const qint64 lastGoodFetch = recorder.ticks.constLast().fetchedAt();

    m_fake->setPrice(QStringLiteral("bitstamp"), jumpTo);
    // With no second provider to agree, the jump is held back and the last
    // price served as stale…
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.withStale(true).isEmpty(), Patience);
    QVERIFY(stats(feed.health(), QStringLiteral("bitstamp")).rejected >= 1);
    // …until there is no recent price left to compare with (three intervals):
    // then the new level is all we have, and it is taken.
    QTRY_VERIFY_WITH_TIMEOUT(recorder.anyPrice(jumpTo), Patience);
    for (const Tick &tick : std::as_const(recorder.ticks)) {
        if (tick.price() == jumpTo) {
            QVERIFY2(tick.fetchedAt() - lastGoodFetch > 3 * IntervalMs - 20,
                qPrintable(QStringLiteral("jump taken %1 ms after the last good price").arg(tick.fetchedAt() - lastGoodFetch)));
            break;
        }
        QCOMPARE(tick.price(), 100000.0);
    }
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::neverTwoRequestsInFlight()
{
    m_fake->setResponse(QStringLiteral("coingecko"), FakeUpstream::status(500));
    m_fake->setResponse(QStringLiteral("kraken"), FakeUpstream::body("not json"));
    m_fake->setPrice(QStringLiteral("coinbase"), 97000);
    BitcoinPriceFeed feed(configFor({QStringLiteral("coingecko"), QStringLiteral("kraken"), QStringLiteral("coinbase")}, 50));
    FeedRecorder recorder(&feed);
    feed.start();
    QTRY_VERIFY_WITH_TIMEOUT(m_fake->requestCount(QStringLiteral("coinbase")) >= 15, Patience);
    QCOMPARE(m_fake->maxConcurrent(), 1);
    // Each poll publishes once: no more ticks than polls that reached coinbase.
    QVERIFY(recorder.ticks.size() <= m_fake->requestCount(QStringLiteral("coinbase")));
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::urlOverrideAndUserAgent()
{
    m_fake->setResponse(QStringLiteral("custom"), FakeUpstream::body(FakeUpstream::realBody(QStringLiteral("coinbase"), 97000)));
    BitcoinSettings config = configFor({QStringLiteral("coinbase")}, 600000);
    config.urls.insert(
        QStringLiteral("coinbase"), QUrl(m_fake->url(QStringLiteral("custom"), QStringLiteral("/v2/prices/BTC-USD/spot?x=1"))));
    BitcoinPriceFeed feed(config);
    FeedRecorder recorder(&feed);
    feed.start();
    QTRY_COMPARE_WITH_TIMEOUT(recorder.ticks.size(), 1, Patience);
    QCOMPARE(recorder.ticks.constFirst().source(), QStringLiteral("coinbase"));
    QCOMPARE(m_fake->requests().size(), 1);
    QCOMPARE(m_fake->requests().constFirst().target, QByteArray("/custom/v2/prices/BTC-USD/spot?x=1"));
    QCOMPARE(m_fake->requests().constFirst().userAgent, QByteArray("datagate/" DATAGATE_VERSION));
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::failuresLoggedOncePerChange()
{
    s_feedLog.clear();
    s_previousHandler = qInstallMessageHandler(captureFeedLog);
    auto restore = qScopeGuard([] { qInstallMessageHandler(s_previousHandler); });

    m_fake->setPrice(QStringLiteral("coinbase"), 97000);
    BitcoinPriceFeed feed(configFor({QStringLiteral("coinbase")}, 100));
    FeedRecorder recorder(&feed);
    feed.start();
    QTRY_COMPARE_WITH_TIMEOUT(feed.health().state, FeedHealth::State::Healthy, Patience);

    m_fake->setResponse(QStringLiteral("coinbase"), FakeUpstream::status(500));
    QTRY_VERIFY_WITH_TIMEOUT(stats(feed.health(), QStringLiteral("coinbase")).failures >= 6, Patience);
    m_fake->setResponse(QStringLiteral("coinbase"), FakeUpstream::body("{}"));
    QTRY_VERIFY_WITH_TIMEOUT(stats(feed.health(), QStringLiteral("coinbase")).rejected >= 6, Patience);
    m_fake->setPrice(QStringLiteral("coinbase"), 97100);
    QTRY_COMPARE_WITH_TIMEOUT(feed.health().state, FeedHealth::State::Healthy, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(stats(feed.health(), QStringLiteral("coinbase")).successes >= 4, Patience);

    const QString log = s_feedLog.join(QLatin1Char('\n'));
    QVERIFY2(countContaining(s_feedLog, QStringLiteral("coinbase failed: HTTP 500")) == 1, qPrintable(log));
    QVERIFY2(countContaining(s_feedLog, QStringLiteral("coinbase answer rejected: data is missing")) == 1, qPrintable(log));
    QVERIFY2(countContaining(s_feedLog, QStringLiteral("coinbase answers again")) == 1, qPrintable(log));
    // Every state change is logged, once.
    QCOMPARE(countContaining(s_feedLog, QStringLiteral(" -> ")), int(recorder.states.size() - 1));
    for (qsizetype i = 1; i < recorder.states.size(); ++i) {
        const QString change =
            FeedHealth::stateName(recorder.states.at(i - 1)) + QStringLiteral(" -> ") + FeedHealth::stateName(recorder.states.at(i));
        QVERIFY2(countContaining(s_feedLog, change) >= 1, qPrintable(change + QLatin1Char('\n') + log));
    }
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::simulatedIsLabelled()
{
    BitcoinSettings config;
    config.providers = {BitcoinSettings::SimulatedProvider};
    config.intervalMs = 20;
    config.timeoutMs = 1000;
    BitcoinPriceFeed feed(config);
    FeedRecorder recorder(&feed);
    feed.start();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.ticks.size() >= 10, Patience);
    QSet<double> prices;
    for (const Tick &tick : std::as_const(recorder.ticks)) {
        QCOMPARE(tick.source(), QStringLiteral("simulated"));
        QCOMPARE(tick.stale(), false);
        prices.insert(tick.price());
    }
    QVERIFY(prices.size() > 1); // it walks
    const FeedHealth health = feed.health();
    QCOMPARE(health.source, QStringLiteral("simulated"));
    QCOMPARE(health.state, FeedHealth::State::Healthy);
    QCOMPARE(health.providers.size(), 1);
    QCOMPARE(health.providers.constFirst().name, QStringLiteral("simulated"));
    QVERIFY(feed.info().description.contains(QStringLiteral("SIMULATED")));
    QCOMPARE(m_fake->totalRequests(), 0);
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::configErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("errorPart");

    QTest::addRow("unknown provider") << QStringList {QStringLiteral("--btc-providers"), QStringLiteral("coinbase,coindesk")}
                                      << QStringLiteral("for --btc-providers: unknown provider \"coindesk\"");
    QTest::addRow("URL for an unknown provider")
        << QStringList {QStringLiteral("--btc-url"), QStringLiteral("coindesk=http://127.0.0.1:1/x")}
        << QStringLiteral("for --btc-url: unknown provider \"coindesk\"");
    QTest::addRow("URL for simulated") << QStringList {QStringLiteral("--btc-providers"), QStringLiteral("simulated"),
        QStringLiteral("--btc-url"), QStringLiteral("simulated=http://127.0.0.1:1/x")}
                                       << QStringLiteral("for --btc-url: unknown provider \"simulated\"");
    QTest::addRow("simulated mixed with real") << QStringList {QStringLiteral("--btc-providers"), QStringLiteral("coinbase,simulated")}
                                               << QStringLiteral("\"simulated\" cannot be combined");
}

void tst_BitcoinPriceFeed::configErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, errorPart);

    // Refused with the options, before anything starts (the process then exits 2).
    const Config::ParseResult parsed =
        Config::parse(Server::options(), QStringList {QStringLiteral("datagate")} + arguments, QProcessEnvironment());
    QCOMPARE(parsed.action, Config::Action::Fail);
    QVERIFY2(parsed.text.contains(errorPart), qPrintable(parsed.text));
}

QTEST_GUILESS_MAIN(tst_BitcoinPriceFeed)
#include "tst_bitcoinpricefeed.moc"
