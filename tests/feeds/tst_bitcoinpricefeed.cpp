// The Bitcoin price feed against a fake upstream on loopback: failover,
// cooldown, backoff, staleness, the jump check, health and its logging.
//
// The requests are real HTTP on loopback; the time is not. Each feed runs on
// a ManualClock that moves only when a test says so, so backoff, cooldowns,
// deadlines, "down after three intervals" and ages are asserted exactly, and
// no test waits for them in real time. Real time is only spent on loopback
// I/O, waiting for the signal that ends it, with generous timeouts.

#include "FakeUpstream.h"
#include "SignalWait.h"

#include "Server.h"
#include "config/Config.h"
#include "feeds/bitcoin/BitcoinPriceFeed.h"
#include "time/ManualClock.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QScopeGuard>
#include <QTest>

#include <cmath>
#include <memory>

namespace {

constexpr int Patience = 15000; // ms of real time for loopback I/O

const QString Coingecko = QStringLiteral("coingecko");
const QString Coinbase = QStringLiteral("coinbase");
const QString Kraken = QStringLiteral("kraken");
const QString Binance = QStringLiteral("binance");
const QString Bitstamp = QStringLiteral("bitstamp");

struct Tick {
    QJsonValue legacy;
    QJsonObject fields;
    qint64 emittedAtMs; // the feed's wall clock when it emitted it
    qint64 emittedOnClockMs; // the feed's monotonic clock then

    double price() const { return fields.value(QStringLiteral("price")).toDouble(); }
    bool stale() const { return fields.value(QStringLiteral("stale")).toBool(); }
    QString source() const { return fields.value(QStringLiteral("source")).toString(); }
    qint64 fetchedAt() const { return fields.value(QStringLiteral("fetchedAt")).toInteger(); }
    qint64 ageMs() const { return fields.value(QStringLiteral("ageMs")).toInteger(); }
};

qint64 requestsSoFar(const FeedHealth &health)
{
    qint64 total = 0;
    for (const FeedHealth::ProviderStats &s : health.providers)
        total += static_cast<qint64>(s.requests);
    return total;
}

// Everything a feed tells the world, with the time on its clock. It also
// checks every value as it comes: a price must be a finite number above 0
// and the same for both protocols.
class FeedRecorder final : public QObject {
public:
    FeedRecorder(Feed *feed, const ManualClock &clock)
        : m_clock(clock)
    {
        states.append(feed->health().state);
        stateAtMs.append(clock.elapsedMs());
        for (const FeedHealth::ProviderStats &s : feed->health().providers)
            m_requests.insert(s.name, s.requests);
        connect(feed, &Feed::produced, this, [this](const QJsonValue &value, const QJsonObject &details) {
            // As JSON clients see it: the value under the stream's valueKey.
            QJsonObject fields = details;
            fields.insert(QStringLiteral("price"), value);
            const Tick tick {value, fields, m_clock.now().toMSecsSinceEpoch(), m_clock.elapsedMs()};
            ticks.append(tick);
            const double price = value.toDouble();
            if (!value.isDouble() || !std::isfinite(price) || price <= 0 || details.contains(QStringLiteral("price"))
                || !fields.value(QStringLiteral("stale")).isBool() || !fields.contains(QStringLiteral("ageMs"))
                || !fields.contains(QStringLiteral("fetchedAt")) || tick.source().isEmpty())
                violations.append(QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact)));
        });
        connect(feed, &Feed::healthChanged, this, [this](const FeedHealth &health) {
            if (states.constLast() != health.state) {
                states.append(health.state);
                stateAtMs.append(m_clock.elapsedMs());
            }
            // Every request shows in the health as it goes out.
            for (const FeedHealth::ProviderStats &s : health.providers) {
                for (quint64 n = m_requests.value(s.name); n < s.requests; ++n)
                    requestAtMs[s.name].append(m_clock.elapsedMs());
                m_requests.insert(s.name, s.requests);
            }
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
    qint64 enteredAtMs(FeedHealth::State state) const
    {
        const qsizetype i = states.indexOf(state);
        return i < 0 ? -1 : stateAtMs.at(i);
    }

    QList<Tick> ticks;
    QList<FeedHealth::State> states;
    QList<qint64> stateAtMs; // when each of states began, on the clock
    QHash<QString, QList<qint64>> requestAtMs; // per provider, on the clock
    QStringList violations;

private:
    const ManualClock &m_clock;
    QHash<QString, quint64> m_requests;
};

// The feed is waiting for its clock, not for an upstream.
bool isIdle(const Feed &feed)
{
    return feed.health().nextAttemptAt.isValid();
}

// Lets the requests of a poll play out on loopback until the feed waits for
// its clock again.
bool settle(const Feed &feed)
{
    return waitForSignal(
        &feed, &Feed::healthChanged, [&feed] { return isIdle(feed); }, Patience);
}

// Runs the clock to the feed's next upstream request (nextAttemptAt),
// firing whatever falls due on the way, and lets that poll play out.
bool runPoll(const Feed &feed, ManualClock &clock)
{
    if (!settle(feed))
        return false;
    clock.advance(std::max<qint64>(0, clock.now().msecsTo(feed.health().nextAttemptAt)));
    return settle(feed);
}

// Polls until done() holds, at most maxPolls times.
template<typename Done> bool pollUntil(const Feed &feed, ManualClock &clock, Done done, int maxPolls = 300)
{
    for (int i = 0; i < maxPolls && !done(); ++i) {
        if (!runPoll(feed, clock))
            return false;
    }
    return done();
}

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

QByteArray httpDate(const QDateTime &at)
{
    return QLocale::c().toString(at.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
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
    void ageIgnoresWallClockJumps();
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
    void nextAttemptAtIsWhenTheNextRequestGoesOut_data();
    void nextAttemptAtIsWhenTheNextRequestGoesOut();
    void nextAttemptAtIsNullInFlightAndWhenStopped();
    void configErrors_data();
    void configErrors();

private:
    BitcoinSettings configFor(const QStringList &providers, int intervalMs, int timeoutMs = 3000) const;
    // Until the fake has read this many requests (to this route, or in all).
    bool waitForRequests(int count, const QString &route = QString());
    bool waitForChunks(int count);
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

bool tst_BitcoinPriceFeed::waitForRequests(int count, const QString &route)
{
    return waitForSignal(
        m_fake.get(), &FakeUpstream::requestReceived,
        [this, count, route] { return (route.isEmpty() ? m_fake->totalRequests() : m_fake->requestCount(route)) >= count; }, Patience);
}

bool tst_BitcoinPriceFeed::waitForChunks(int count)
{
    return waitForSignal(
        m_fake.get(), &FakeUpstream::chunkSent, [this, count] { return m_fake->chunksSent() >= count; }, Patience);
}

void tst_BitcoinPriceFeed::checkNoViolations(const FeedRecorder &recorder)
{
    QVERIFY2(recorder.violations.isEmpty(), qPrintable(recorder.violations.join(QLatin1Char('\n'))));
}

void tst_BitcoinPriceFeed::firstPriceAtOnce()
{
    m_fake->setPrice(Coingecko, 97123.45);
    ManualClock clock;
    // An interval far longer than the test: the price must come from the
    // poll at start, not from the first tick of the interval.
    BitcoinPriceFeed feed(configFor({Coingecko}, 600000), clock);
    QCOMPARE(feed.info().name, QStringLiteral("bitcoinPrice"));
    QVERIFY(feed.info().latestOnSubscribe);
    FeedRecorder recorder(&feed, clock);

    feed.start();
    QVERIFY(recorder.ticks.isEmpty()); // asynchronous: nothing during start()
    clock.advance(0); // the next turn of the event loop, with no time passing
    QVERIFY(settle(feed));
    QCOMPARE(recorder.ticks.size(), 1);
    const Tick tick = recorder.ticks.constFirst();
    QCOMPARE(tick.legacy.toDouble(), 97123.45);
    QCOMPARE(tick.price(), 97123.45);
    QCOMPARE(tick.fields.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));
    QCOMPARE(tick.source(), Coingecko);
    QCOMPARE(tick.stale(), false);
    QCOMPARE(tick.fetchedAt(), clock.now().toMSecsSinceEpoch());
    QCOMPARE(tick.ageMs(), 0);
    QCOMPARE(tick.fields.size(), 6); // price, currency, source, fetchedAt, stale, ageMs; the hub adds seq and ts

    const FeedHealth health = feed.health();
    QCOMPARE(health.state, FeedHealth::State::Healthy);
    QCOMPARE(health.source, Coingecko);
    QCOMPARE(health.lastSuccessAt, clock.now());
    QCOMPARE(health.latencyMs, 0); // no time passed on the feed's clock
    QCOMPARE(health.consecutiveFailures, 0);
    QCOMPARE(health.nextAttemptAt, clock.now().addMSecs(600000));
    QCOMPARE(health.providers.size(), 1);
    QCOMPARE(health.providers.constFirst().name, Coingecko);
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
    QTest::addRow("coingecko") << Coingecko << QStringLiteral("USD");
    QTest::addRow("coinbase") << Coinbase << QStringLiteral("USD");
    QTest::addRow("kraken") << Kraken << QStringLiteral("USD");
    QTest::addRow("binance") << Binance << QStringLiteral("USDT");
    QTest::addRow("bitstamp") << Bitstamp << QStringLiteral("USD");
}

void tst_BitcoinPriceFeed::everyProvider()
{
    QFETCH(QString, provider);
    QFETCH(QString, currency);
    m_fake->setPrice(provider, 104123.45);
    ManualClock clock;
    BitcoinPriceFeed feed(configFor({provider}, 600000), clock);
    FeedRecorder recorder(&feed, clock);
    feed.start();
    clock.advance(0);
    QVERIFY(settle(feed));
    QCOMPARE(recorder.ticks.size(), 1);
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

    QTest::addRow("hangs past the timeout") << QStringLiteral("hang") << true << false << QStringLiteral("no complete answer within 0.4 s");
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
    QTest::addRow("trickles past the timeout") << QStringLiteral("trickle") << true << false
                                               << QStringLiteral("no complete answer within 0.4 s");
}

void tst_BitcoinPriceFeed::failsOver()
{
    QFETCH(QString, mode);
    QFETCH(bool, reachesFake);
    QFETCH(bool, rejected);
    QFETCH(QString, errorPart);

    constexpr int TimeoutMs = 400;
    const QString primary = Coingecko;
    const QString secondary = Coinbase;
    BitcoinSettings config = configFor({primary, secondary}, 600000, TimeoutMs);
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
        // whole answer would take minutes.
        response = FakeUpstream::body(QByteArray(4000, ' ') + FakeUpstream::realBody(primary, 50000));
        response.chunkBytes = 1;
        response.chunkIntervalMs = 20;
    }
    m_fake->setResponse(primary, response);
    m_fake->setPrice(secondary, 97000);

    ManualClock clock;
    BitcoinPriceFeed feed(config, clock);
    FeedRecorder recorder(&feed, clock);
    feed.start();
    clock.advance(0);
    if (response.hang || response.chunkBytes > 0) {
        QVERIFY(waitForRequests(1, primary));
        if (response.chunkBytes > 0)
            QVERIFY(waitForChunks(3)); // it is answering, slowly
        clock.advance(TimeoutMs - 1);
        QCOMPARE(m_fake->requestCount(secondary), 0); // still waiting for the first
        clock.advance(1);
    }
    QVERIFY(settle(feed));
    QCOMPARE(recorder.ticks.size(), 1);

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
    constexpr int TimeoutMs = 400;
    BitcoinSettings config = configFor({Coingecko, Coinbase, Kraken, Binance, Bitstamp}, 600000, TimeoutMs);
    FakeUpstream::Response hang;
    hang.hang = true;
    m_fake->setResponse(Coingecko, hang);
    config.urls.insert(Coinbase, QUrl(QStringLiteral("http://127.0.0.1:%1/coinbase").arg(FakeUpstream::closedPort())));
    m_fake->setResponse(Kraken, FakeUpstream::status(500));
    m_fake->setResponse(Binance, FakeUpstream::body("{\"symbol\":\"BTCUSDT\",\"pri"));
    m_fake->setPrice(Bitstamp, 26216);

    ManualClock clock;
    BitcoinPriceFeed feed(config, clock);
    FeedRecorder recorder(&feed, clock);
    feed.start();
    clock.advance(0);
    QVERIFY(waitForRequests(1, Coingecko));
    clock.advance(TimeoutMs);
    QVERIFY(settle(feed));
    QCOMPARE(recorder.ticks.size(), 1);
    QCOMPARE(recorder.ticks.constFirst().source(), Bitstamp);
    QCOMPARE(recorder.ticks.constFirst().price(), 26216.0);
    // coinbase's connection was refused, so it never reached the fake.
    QCOMPARE(m_fake->routesAsked(), (QStringList {Coingecko, Kraken, Binance, Bitstamp}));

    const FeedHealth health = feed.health();
    QCOMPARE(health.providers.size(), 5);
    QStringList order;
    for (const FeedHealth::ProviderStats &s : health.providers)
        order.append(s.name);
    QCOMPARE(order, config.providers);
    QCOMPARE(stats(health, Coingecko).failures, quint64(1));
    QCOMPARE(stats(health, Coinbase).failures, quint64(1));
    QCOMPARE(stats(health, Kraken).failures, quint64(1));
    QCOMPARE(stats(health, Binance).rejected, quint64(1));
    QCOMPARE(stats(health, Bitstamp).successes, quint64(1));
    QCOMPARE(health.state, FeedHealth::State::Degraded);
    QVERIFY2(health.lastError.startsWith(QStringLiteral("binance: ")), qPrintable(health.lastError));
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::trickledBodyWithinDeadlineIsRead()
{
    constexpr int TimeoutMs = 8000;
    FakeUpstream::Response slow = FakeUpstream::body(FakeUpstream::realBody(Kraken, 27712.1));
    slow.chunkBytes = 64;
    slow.chunkIntervalMs = 20;
    m_fake->setResponse(Kraken, slow);
    m_fake->setPrice(Coinbase, 27000);

    ManualClock clock;
    BitcoinPriceFeed feed(configFor({Kraken, Coinbase}, 600000, TimeoutMs), clock);
    FeedRecorder recorder(&feed, clock);
    feed.start();
    clock.advance(0);
    QVERIFY(waitForRequests(1, Kraken));
    clock.advance(TimeoutMs - 1); // nearly out of time, but not quite
    QVERIFY(settle(feed));
    QCOMPARE(recorder.ticks.size(), 1);
    QCOMPARE(recorder.ticks.constFirst().source(), Kraken);
    QCOMPARE(recorder.ticks.constFirst().price(), 27712.1);
    QCOMPARE(m_fake->routesAsked(), QStringList {Kraken});
    QCOMPARE(feed.health().state, FeedHealth::State::Healthy);
    QCOMPARE(feed.health().latencyMs, TimeoutMs - 1);
    // Every answered request lands in the provider's latency histogram (/metrics).
    const LatencyHistogram &latency = feed.health().providers.constFirst().latency;
    QCOMPARE(latency.count, quint64(1));
    QCOMPARE(latency.sumSeconds, double(TimeoutMs - 1) / 1000.0);
    for (size_t i = 0; i < LatencyHistogram::Bounds.size(); ++i)
        QCOMPARE(latency.buckets[i], quint64(LatencyHistogram::Bounds[i] * 1000.0 >= TimeoutMs - 1 ? 1 : 0));
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

    constexpr int IntervalMs = 100;
    ManualClock clock;
    // The date is read against the feed's clock: 3 s from its now.
    const qint64 cooldownMs = asDate ? 3000 : 2000;
    const QByteArray retryAfter = asDate ? httpDate(clock.now().addSecs(3)) : QByteArray("2");
    FakeUpstream::Response limited = FakeUpstream::status(status, R"({"status":{"error_code":429}})");
    limited.headers.append({"Retry-After", retryAfter});
    m_fake->setResponse(Coingecko, limited);
    m_fake->setPrice(Coinbase, 97000);

    BitcoinPriceFeed feed(configFor({Coingecko, Coinbase}, IntervalMs), clock);
    FeedRecorder recorder(&feed, clock);
    feed.start();
    QVERIFY(runPoll(feed, clock));
    QCOMPARE(recorder.ticks.size(), 1);
    QCOMPARE(recorder.ticks.constFirst().source(), Coinbase);
    const FeedHealth::ProviderStats limitedStats = stats(feed.health(), Coingecko);
    QVERIFY2(limitedStats.lastError.contains(QString::number(status)), qPrintable(limitedStats.lastError));
    QVERIFY2(limitedStats.lastError.contains(QStringLiteral("as its Retry-After asks")), qPrintable(limitedStats.lastError));
    QCOMPARE(limitedStats.cooldownUntil, clock.now().addMSecs(cooldownMs));
    QCOMPARE(feed.health().state, FeedHealth::State::Degraded);

    // Polls go on, straight to coinbase, while coingecko cools down; the
    // feed is still failing over…
    QVERIFY(runPoll(feed, clock));
    QCOMPARE(m_fake->routesAsked(), (QStringList {Coingecko, Coinbase, Coinbase}));
    QCOMPARE(feed.health().state, FeedHealth::State::Degraded);
    m_fake->setPrice(Coingecko, 97100);
    QVERIFY(pollUntil(feed, clock, [this] { return m_fake->requestCount(Coingecko) >= 2; }));
    // …and coingecko is asked again when its Retry-After has passed, at the
    // first poll from then on, not one poll sooner.
    QCOMPARE(recorder.requestAtMs.value(Coingecko), (QList<qint64> {0, cooldownMs}));
    QCOMPARE(m_fake->requestCount(Coinbase), cooldownMs / IntervalMs);

    // Back to the first provider, healthy again.
    QCOMPARE(recorder.ticks.constLast().source(), Coingecko);
    QCOMPARE(feed.health().state, FeedHealth::State::Healthy);
    QVERIFY(!stats(feed.health(), Coingecko).cooldownUntil.isValid());
    QCOMPARE(
        recorder.states, (QList<FeedHealth::State> {FeedHealth::State::Starting, FeedHealth::State::Degraded, FeedHealth::State::Healthy}));
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::rateLimitWithoutRetryAfter()
{
    constexpr int IntervalMs = 5000;
    m_fake->setResponse(Binance, FakeUpstream::status(429, R"({"code":-1003,"msg":"Too many requests"})"));
    m_fake->setPrice(Kraken, 97000);

    ManualClock clock;
    BitcoinPriceFeed feed(configFor({Binance, Kraken}, IntervalMs), clock);
    FeedRecorder recorder(&feed, clock);
    feed.start();
    QVERIFY(runPoll(feed, clock));
    // Without a Retry-After the provider rests for a minute…
    QCOMPARE(stats(feed.health(), Binance).cooldownUntil, clock.now().addSecs(60));
    QVERIFY2(stats(feed.health(), Binance).lastError.endsWith(QStringLiteral("rate limited; cooling down for 60 s")),
        qPrintable(stats(feed.health(), Binance).lastError));
    QVERIFY(pollUntil(feed, clock, [this] { return m_fake->requestCount(Binance) >= 2; }));
    // …while the polls go to kraken, and not a poll longer.
    QCOMPARE(recorder.requestAtMs.value(Binance), (QList<qint64> {0, 60000}));
    QCOMPARE(m_fake->requestCount(Kraken), 60000 / IntervalMs + 1);
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::backoffSpacesRetries()
{
    // One provider that keeps failing: base interval/16 = 50 ms, cap 800 ms.
    constexpr int IntervalMs = 800;
    m_fake->setResponse(Coinbase, FakeUpstream::status(500));
    ManualClock clock;
    BitcoinPriceFeed feed(configFor({Coinbase}, IntervalMs), clock);
    FeedRecorder recorder(&feed, clock);
    feed.start();
    QVERIFY(pollUntil(feed, clock, [&recorder] { return recorder.requestAtMs.value(Coinbase).size() >= 10; }));

    const QList<qint64> at = recorder.requestAtMs.value(Coinbase);
    QCOMPARE(at.constFirst(), 0);
    for (int k = 1; k < at.size(); ++k) {
        const qint64 gap = at.at(k) - at.at(k - 1);
        const qint64 ceiling = std::min<qint64>(IntervalMs, 50LL << std::min(k - 1, 10));
        // Exponential with jitter: between half the ceiling and the ceiling,
        // which the interval caps.
        QVERIFY2(gap >= ceiling / 2 && gap <= ceiling,
            qPrintable(QStringLiteral("retry %1 after %2 ms, expected %3 to %4").arg(k).arg(gap).arg(ceiling / 2).arg(ceiling)));
    }
    QVERIFY(recorder.ticks.isEmpty());
    QCOMPARE(stats(feed.health(), Coinbase).consecutiveFailures, at.size());
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::staleMarkingAndAge()
{
    constexpr int IntervalMs = 150;
    m_fake->setPrice(Coinbase, 97123.45);
    ManualClock clock;
    BitcoinPriceFeed feed(configFor({Coinbase}, IntervalMs), clock);
    FeedRecorder recorder(&feed, clock);
    feed.start();
    QVERIFY(runPoll(feed, clock));
    m_fake->setResponse(Coinbase, FakeUpstream::status(502));
    QVERIFY(pollUntil(feed, clock, [&recorder] { return recorder.withStale(true).size() >= 4; }));

    const QList<Tick> fresh = recorder.withStale(false);
    QCOMPARE(fresh.size(), 1);
    const Tick lastFresh = fresh.constLast();
    QCOMPARE(lastFresh.ageMs(), 0);

    // Every tick after the last fresh one is stale, and carries the last
    // known price with the time it was fetched and its growing age.
    qint64 previousAge = -1;
    qint64 previousAt = lastFresh.emittedOnClockMs;
    for (qsizetype i = fresh.size(); i < recorder.ticks.size(); ++i) {
        const Tick &tick = recorder.ticks.at(i);
        QVERIFY(tick.stale());
        QCOMPARE(tick.price(), 97123.45);
        QCOMPARE(tick.legacy.toDouble(), 97123.45);
        QCOMPARE(tick.source(), Coinbase);
        QCOMPARE(tick.fields.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));
        QCOMPARE(tick.fetchedAt(), lastFresh.fetchedAt());
        QCOMPARE(tick.ageMs(), tick.emittedOnClockMs - lastFresh.emittedOnClockMs);
        QCOMPARE(tick.ageMs(), tick.emittedAtMs - tick.fetchedAt());
        QVERIFY2(tick.ageMs() > previousAge, qPrintable(QStringLiteral("age %1 after %2").arg(tick.ageMs()).arg(previousAge)));
        // Polls come sooner after a failure (backoff), but subscribers hear
        // the same stale price at most about once per interval.
        QVERIFY2(tick.emittedOnClockMs - previousAt >= IntervalMs / 2,
            qPrintable(QStringLiteral("stale ticks %1 ms apart").arg(tick.emittedOnClockMs - previousAt)));
        previousAge = tick.ageMs();
        previousAt = tick.emittedOnClockMs;
    }
    QVERIFY(requestsSoFar(feed.health()) > recorder.ticks.size()); // more polls than ticks
    QVERIFY(feed.health().consecutiveFailures >= 1);
    QVERIFY(feed.health().state == FeedHealth::State::Degraded || feed.health().state == FeedHealth::State::Down);
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::ageIgnoresWallClockJumps()
{
    constexpr int IntervalMs = 1000;
    m_fake->setPrice(Coinbase, 97123.45);
    ManualClock clock;
    BitcoinPriceFeed feed(configFor({Coinbase}, IntervalMs), clock);
    FeedRecorder recorder(&feed, clock);
    feed.start();
    QVERIFY(runPoll(feed, clock));
    const Tick fresh = recorder.ticks.constLast();
    m_fake->setResponse(Coinbase, FakeUpstream::status(502));

    // The wall clock is set back an hour, then two hours forward (NTP, an
    // operator); the age of the price is what the monotonic clock says.
    for (qint64 jumpMs : {-3600 * 1000LL, 2 * 3600 * 1000LL}) {
        const qsizetype ticksBefore = recorder.ticks.size();
        clock.jumpWallClock(jumpMs);
        for (;;) {
            QVERIFY(settle(feed));
            if (recorder.ticks.size() > ticksBefore)
                break;
            clock.advance(*clock.nextTimerInMs());
        }
        const Tick stale = recorder.ticks.constLast();
        QVERIFY(stale.stale());
        QCOMPARE(stale.fetchedAt(), fresh.fetchedAt());
        QCOMPARE(stale.ageMs(), stale.emittedOnClockMs - fresh.emittedOnClockMs);
        QVERIFY(stale.ageMs() > 0 && stale.ageMs() < 3 * IntervalMs);
    }
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::stateTransitionsAndRecovery()
{
    constexpr int IntervalMs = 100;
    m_fake->setPrice(Coinbase, 97123.45);
    ManualClock clock;
    BitcoinPriceFeed feed(configFor({Coinbase}, IntervalMs), clock);
    FeedRecorder recorder(&feed, clock);
    QCOMPARE(feed.health().state, FeedHealth::State::Starting);
    feed.start();
    // Two good polls: the last price is fetched after the start, so that the
    // three intervals count from it.
    QVERIFY(runPoll(feed, clock));
    QVERIFY(runPoll(feed, clock));
    QCOMPARE(clock.elapsedMs(), IntervalMs);
    QCOMPARE(feed.health().state, FeedHealth::State::Healthy);
    const qint64 fetchedOnClockMs = clock.elapsedMs();
    const QDateTime fetchedAt = clock.now();

    m_fake->setResponse(Coinbase, FakeUpstream::status(500));
    QVERIFY(pollUntil(feed, clock, [&feed] { return feed.health().state == FeedHealth::State::Down; }));
    // Down means no valid price for more than three intervals: at the first
    // ms past them, not a poll later.
    QCOMPARE(recorder.enteredAtMs(FeedHealth::State::Down), fetchedOnClockMs + 3 * IntervalMs + 1);
    QCOMPARE(recorder.enteredAtMs(FeedHealth::State::Degraded), fetchedOnClockMs + IntervalMs); // the first failed poll
    const FeedHealth down = feed.health();
    QCOMPARE(down.lastSuccessAt, fetchedAt);
    QVERIFY2(down.lastError.contains(QStringLiteral("HTTP 500")), qPrintable(down.lastError));
    QVERIFY(down.consecutiveFailures >= 1);
    QCOMPARE(down.source, Coinbase); // whose stale price is served
    // Subscribers still get the last price, stale, while down.
    const qsizetype ticksWhenDown = recorder.ticks.size();
    QVERIFY(pollUntil(feed, clock, [&] { return recorder.ticks.size() > ticksWhenDown; }));
    QVERIFY(recorder.ticks.constLast().stale());

    // The upstream comes back.
    const qint64 backAtMs = clock.elapsedMs();
    m_fake->setPrice(Coinbase, 98000);
    QVERIFY(pollUntil(feed, clock, [&feed] { return feed.health().state == FeedHealth::State::Healthy; }));
    // Noticed within an interval: the backoff is capped at one.
    QVERIFY(clock.elapsedMs() - backAtMs <= IntervalMs);
    QVERIFY(!recorder.ticks.constLast().stale());
    QCOMPARE(recorder.ticks.constLast().price(), 98000.0);
    const FeedHealth healthy = feed.health();
    QCOMPARE(healthy.consecutiveFailures, 0);
    QCOMPARE(healthy.lastSuccessAt, clock.now());
    QVERIFY(healthy.lastError.contains(QStringLiteral("HTTP 500"))); // the last error stays on record
    QCOMPARE(stats(healthy, Coinbase).consecutiveFailures, 0);
    QVERIFY(stats(healthy, Coinbase).failures >= 3);

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
    constexpr int IntervalMs = 100;
    constexpr int TimeoutMs = 50;
    BitcoinSettings config = configFor({Coinbase}, IntervalMs, TimeoutMs);
    const bool hangs = mode == QLatin1String("hang");
    if (mode == QLatin1String("500")) {
        m_fake->setResponse(Coinbase, FakeUpstream::status(500));
    } else if (hangs) {
        FakeUpstream::Response hang;
        hang.hang = true;
        m_fake->setResponse(Coinbase, hang);
    } else if (mode == QLatin1String("refused")) {
        config.urls.insert(Coinbase, QUrl(QStringLiteral("http://127.0.0.1:%1/coinbase").arg(FakeUpstream::closedPort())));
    } else if (mode == QLatin1String("zero")) {
        m_fake->setResponse(Coinbase, FakeUpstream::body(R"({"data":{"amount":"0","base":"BTC","currency":"USD"}})"));
    } else {
        m_fake->setResponse(Coinbase, FakeUpstream::body(R"({"data":{"amount":"-1.5","base":"BTC","currency":"USD"}})"));
    }

    ManualClock clock;
    BitcoinPriceFeed feed(config, clock);
    FeedRecorder recorder(&feed, clock);
    feed.start();
    auto done = [&feed] {
        return feed.health().state == FeedHealth::State::Down && stats(feed.health(), Coinbase).consecutiveFailures >= 4;
    };
    for (int poll = 0; poll < 100 && !done(); ++poll) {
        if (!hangs) {
            QVERIFY(runPoll(feed, clock));
            continue;
        }
        // A hanging request ends at its deadline.
        QVERIFY(settle(feed));
        const int asked = m_fake->totalRequests();
        clock.advance(std::max<qint64>(0, clock.now().msecsTo(feed.health().nextAttemptAt)));
        QVERIFY(waitForRequests(asked + 1));
        clock.advance(TimeoutMs);
    }
    QVERIFY(done());
    QVERIFY(recorder.ticks.isEmpty()); // never a 0, never anything
    QCOMPARE(recorder.states, (QList<FeedHealth::State> {FeedHealth::State::Starting, FeedHealth::State::Down}));
    // Down once nothing came for more than three intervals after the start.
    QCOMPARE(recorder.enteredAtMs(FeedHealth::State::Down), 3 * IntervalMs + 1);
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
    m_fake->setPrice(Coingecko, 97123.45);
    ManualClock clock;
    BitcoinPriceFeed feed(configFor({Coingecko}, 100), clock);
    FeedRecorder recorder(&feed, clock);
    feed.start();
    QVERIFY(runPoll(feed, clock));
    QCOMPARE(recorder.ticks.size(), 1);
    m_fake->setResponse(Coingecko, FakeUpstream::body(body));
    QVERIFY(pollUntil(feed, clock, [&] { return stats(feed.health(), Coingecko).rejected >= 3 && !recorder.withStale(true).isEmpty(); }));
    for (const Tick &tick : std::as_const(recorder.ticks))
        QCOMPARE(tick.price(), 97123.45);
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::jumpContradictedBySecondProvider()
{
    m_fake->setPrice(Coingecko, 100000);
    m_fake->setPrice(Coinbase, 100000);
    ManualClock clock;
    BitcoinPriceFeed feed(configFor({Coingecko, Coinbase}, 150), clock);
    FeedRecorder recorder(&feed, clock);
    feed.start();
    QVERIFY(runPoll(feed, clock));
    QCOMPARE(recorder.ticks.size(), 1);
    QCOMPARE(recorder.ticks.constFirst().source(), Coingecko);
    QCOMPARE(m_fake->requestCount(Coinbase), 0); // a healthy poll asks one provider

    // coingecko jumps by 60 %; coinbase, asked in the same poll, disagrees.
    m_fake->setPrice(Coingecko, 160000);
    m_fake->setPrice(Coinbase, 100500);
    QVERIFY(runPoll(feed, clock));
    QCOMPARE(m_fake->routesAsked(), (QStringList {Coingecko, Coingecko, Coinbase}));
    QCOMPARE(recorder.ticks.size(), 2);
    const Tick tick = recorder.ticks.constLast();
    QCOMPARE(tick.price(), 100500.0);
    QCOMPARE(tick.source(), Coinbase);
    QCOMPARE(tick.stale(), false);
    QVERIFY(!recorder.anyPrice(160000));
    const FeedHealth::ProviderStats jumped = stats(feed.health(), Coingecko);
    QCOMPARE(jumped.rejected, quint64(1));
    QVERIFY2(jumped.lastError.contains(QStringLiteral("160000")) && jumped.lastError.contains(QStringLiteral("50%"))
            && jumped.lastError.contains(QStringLiteral("coinbase answered 100500")),
        qPrintable(jumped.lastError));
    QCOMPARE(feed.health().state, FeedHealth::State::Degraded);
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::jumpConfirmedBySecondProvider()
{
    m_fake->setPrice(Coingecko, 100000);
    m_fake->setPrice(Coinbase, 100000);
    ManualClock clock;
    BitcoinPriceFeed feed(configFor({Coingecko, Coinbase}, 150), clock);
    FeedRecorder recorder(&feed, clock);
    feed.start();
    QVERIFY(runPoll(feed, clock));

    // Both say the price rose by 60 %: then it did.
    m_fake->setPrice(Coingecko, 160000);
    m_fake->setPrice(Coinbase, 160100);
    QVERIFY(runPoll(feed, clock));
    QCOMPARE(recorder.ticks.size(), 2);
    QCOMPARE(recorder.ticks.constLast().price(), 160000.0);
    QCOMPARE(recorder.ticks.constLast().source(), Coingecko);
    QCOMPARE(recorder.ticks.constLast().stale(), false);
    QCOMPARE(m_fake->requestCount(Coinbase), 1); // asked to confirm
    const FeedHealth health = feed.health();
    QCOMPARE(stats(health, Coingecko).rejected, quint64(0));
    QCOMPARE(stats(health, Coinbase).successes, quint64(1));
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
    m_fake->setPrice(Bitstamp, 100000);
    ManualClock clock;
    BitcoinPriceFeed feed(configFor({Bitstamp}, IntervalMs), clock);
    FeedRecorder recorder(&feed, clock);
    feed.start();
    QVERIFY(runPoll(feed, clock));
    const qint64 lastGoodFetch = recorder.ticks.constLast().fetchedAt();

    m_fake->setPrice(Bitstamp, jumpTo);
    // With no second provider to agree, the jump is held back and the last
    // price served as stale…
    QVERIFY(pollUntil(feed, clock, [&recorder] { return !recorder.withStale(true).isEmpty(); }));
    QVERIFY(stats(feed.health(), Bitstamp).rejected >= 1);
    // …until there is no recent price left to compare with (three intervals):
    // then the new level is all we have, and it is taken at the next poll.
    QVERIFY(pollUntil(feed, clock, [&recorder, jumpTo] { return recorder.anyPrice(jumpTo); }));
    for (const Tick &tick : std::as_const(recorder.ticks)) {
        if (tick.price() == jumpTo) {
            const qint64 after = tick.fetchedAt() - lastGoodFetch;
            QVERIFY2(after > 3 * IntervalMs && after <= 4 * IntervalMs,
                qPrintable(QStringLiteral("jump taken %1 ms after the last good price").arg(after)));
            break;
        }
        QCOMPARE(tick.price(), 100000.0);
    }
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::neverTwoRequestsInFlight()
{
    m_fake->setResponse(Coingecko, FakeUpstream::status(500));
    m_fake->setResponse(Kraken, FakeUpstream::body("not json"));
    m_fake->setPrice(Coinbase, 97000);
    ManualClock clock;
    BitcoinPriceFeed feed(configFor({Coingecko, Kraken, Coinbase}, 50), clock);
    FeedRecorder recorder(&feed, clock);
    feed.start();
    QVERIFY(pollUntil(feed, clock, [this] { return m_fake->requestCount(Coinbase) >= 15; }));
    QCOMPARE(m_fake->maxConcurrent(), 1);
    // Each poll publishes once: no more ticks than polls that reached coinbase.
    QCOMPARE(recorder.ticks.size(), m_fake->requestCount(Coinbase));
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::urlOverrideAndUserAgent()
{
    m_fake->setResponse(QStringLiteral("custom"), FakeUpstream::body(FakeUpstream::realBody(Coinbase, 97000)));
    BitcoinSettings config = configFor({Coinbase}, 600000);
    config.urls.insert(Coinbase, QUrl(m_fake->url(QStringLiteral("custom"), QStringLiteral("/v2/prices/BTC-USD/spot?x=1"))));
    ManualClock clock;
    BitcoinPriceFeed feed(config, clock);
    FeedRecorder recorder(&feed, clock);
    feed.start();
    clock.advance(0);
    QVERIFY(settle(feed));
    QCOMPARE(recorder.ticks.size(), 1);
    QCOMPARE(recorder.ticks.constFirst().source(), Coinbase);
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

    m_fake->setPrice(Coinbase, 97000);
    ManualClock clock;
    BitcoinPriceFeed feed(configFor({Coinbase}, 100), clock);
    FeedRecorder recorder(&feed, clock);
    feed.start();
    QVERIFY(runPoll(feed, clock));
    QCOMPARE(feed.health().state, FeedHealth::State::Healthy);

    m_fake->setResponse(Coinbase, FakeUpstream::status(500));
    QVERIFY(pollUntil(feed, clock, [&feed] { return stats(feed.health(), Coinbase).failures >= 6; }));
    m_fake->setResponse(Coinbase, FakeUpstream::body("{}"));
    QVERIFY(pollUntil(feed, clock, [&feed] { return stats(feed.health(), Coinbase).rejected >= 6; }));
    m_fake->setPrice(Coinbase, 97100);
    QVERIFY(pollUntil(feed, clock, [&feed] { return feed.health().state == FeedHealth::State::Healthy; }));
    QVERIFY(pollUntil(feed, clock, [&feed] { return stats(feed.health(), Coinbase).successes >= 4; }));

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
    constexpr int IntervalMs = 20;
    BitcoinSettings config;
    config.providers = {BitcoinSettings::SimulatedProvider};
    config.intervalMs = IntervalMs;
    config.timeoutMs = 1000;
    ManualClock clock;
    BitcoinPriceFeed feed(config, clock);
    FeedRecorder recorder(&feed, clock);
    feed.start();
    clock.advance(9 * IntervalMs);
    // No upstream to wait for: one price at start and one per interval.
    QCOMPARE(recorder.ticks.size(), 10);
    QSet<double> prices;
    for (qsizetype i = 0; i < recorder.ticks.size(); ++i) {
        const Tick &tick = recorder.ticks.at(i);
        QCOMPARE(tick.source(), QStringLiteral("simulated"));
        QCOMPARE(tick.stale(), false);
        QCOMPARE(tick.emittedOnClockMs, i * IntervalMs);
        prices.insert(tick.price());
    }
    QVERIFY(prices.size() > 1); // it walks
    const FeedHealth health = feed.health();
    QCOMPARE(health.source, QStringLiteral("simulated"));
    QCOMPARE(health.state, FeedHealth::State::Healthy);
    QCOMPARE(health.providers.size(), 1);
    QCOMPARE(health.providers.constFirst().name, QStringLiteral("simulated"));
    QCOMPARE(health.providers.constFirst().requests, quint64(10));
    QCOMPARE(health.nextAttemptAt, clock.now().addMSecs(IntervalMs));
    QVERIFY(feed.info().description.contains(QStringLiteral("SIMULATED")));
    QCOMPARE(m_fake->totalRequests(), 0);
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::nextAttemptAtIsWhenTheNextRequestGoesOut_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("intervalMs");
    // How far ahead the next request is after the first poll.
    QTest::addColumn<qint64>("minWaitMs");
    QTest::addColumn<qint64>("maxWaitMs");

    QTest::addRow("after a price: the next poll") << QStringLiteral("price") << 1000 << qint64(1000) << qint64(1000);
    // base 1600/16 = 100 ms, jittered between half and all of it
    QTest::addRow("backing off") << QStringLiteral("failing") << 1600 << qint64(50) << qint64(100);
    QTest::addRow("every provider backing off: the earliest") << QStringLiteral("all failing") << 1600 << qint64(50) << qint64(100);
    // Polls come every interval and ask nobody until the cooldown ends.
    QTest::addRow("cooling down past the next poll") << QStringLiteral("cooling down") << 1000 << qint64(10000) << qint64(10000);
    QTest::addRow("one cools down, the next answers") << QStringLiteral("failing over") << 1000 << qint64(1000) << qint64(1000);
    QTest::addRow("simulated") << QStringLiteral("simulated") << 1000 << qint64(1000) << qint64(1000);
}

void tst_BitcoinPriceFeed::nextAttemptAtIsWhenTheNextRequestGoesOut()
{
    QFETCH(QString, scenario);
    QFETCH(int, intervalMs);
    QFETCH(qint64, minWaitMs);
    QFETCH(qint64, maxWaitMs);

    FakeUpstream::Response limited = FakeUpstream::status(429);
    limited.headers.append({QByteArray("Retry-After"), QByteArray("10")});
    BitcoinSettings config;
    if (scenario == QLatin1String("price")) {
        m_fake->setPrice(Coinbase, 97000);
        config = configFor({Coinbase}, intervalMs);
    } else if (scenario == QLatin1String("failing")) {
        m_fake->setResponse(Coinbase, FakeUpstream::status(500));
        config = configFor({Coinbase}, intervalMs);
    } else if (scenario == QLatin1String("all failing")) {
        m_fake->setResponse(Coingecko, FakeUpstream::status(500));
        m_fake->setResponse(Coinbase, FakeUpstream::status(503));
        config = configFor({Coingecko, Coinbase}, intervalMs);
    } else if (scenario == QLatin1String("cooling down")) {
        m_fake->setResponse(Coinbase, limited);
        config = configFor({Coinbase}, intervalMs);
    } else if (scenario == QLatin1String("failing over")) {
        m_fake->setResponse(Coingecko, limited);
        m_fake->setPrice(Coinbase, 97000);
        config = configFor({Coingecko, Coinbase}, intervalMs);
    } else {
        config.providers = {BitcoinSettings::SimulatedProvider};
        config.intervalMs = intervalMs;
        config.timeoutMs = 1000;
    }

    ManualClock clock;
    BitcoinPriceFeed feed(config, clock);
    FeedRecorder recorder(&feed, clock);
    QVERIFY(!feed.health().nextAttemptAt.isValid()); // not started: no attempt planned
    feed.start();
    QCOMPARE(feed.health().nextAttemptAt, clock.now()); // at once
    QVERIFY(runPoll(feed, clock));
    QCOMPARE(clock.elapsedMs(), 0);

    const QDateTime next = feed.health().nextAttemptAt;
    const qint64 waitMs = clock.now().msecsTo(next);
    QVERIFY2(waitMs >= minWaitMs && waitMs <= maxWaitMs, qPrintable(QStringLiteral("next attempt in %1 ms").arg(waitMs)));

    // Nothing goes out before then, whatever polls come on the way, and the
    // countdown's end stays where it was…
    const qint64 requests = requestsSoFar(feed.health());
    clock.advance(waitMs - 1);
    QVERIFY(settle(feed));
    QCOMPARE(requestsSoFar(feed.health()), requests);
    QCOMPARE(feed.health().nextAttemptAt, next);
    // …and at that ms, a request does.
    clock.advance(1);
    QCOMPARE(requestsSoFar(feed.health()), requests + 1);
    QVERIFY(settle(feed));
    checkNoViolations(recorder);
}

void tst_BitcoinPriceFeed::nextAttemptAtIsNullInFlightAndWhenStopped()
{
    FakeUpstream::Response hang;
    hang.hang = true;
    m_fake->setResponse(Coinbase, hang);
    ManualClock clock;
    BitcoinPriceFeed feed(configFor({Coinbase}, 1000, 500), clock);
    FeedRecorder recorder(&feed, clock);
    QList<FeedHealth> changes;
    connect(&feed, &Feed::healthChanged, this, [&changes](const FeedHealth &health) { changes.append(health); });

    feed.start();
    clock.advance(0);
    // While a request is in flight there is no countdown to show.
    QVERIFY(!feed.health().nextAttemptAt.isValid());
    QVERIFY(!changes.constLast().nextAttemptAt.isValid());
    QVERIFY(waitForRequests(1));
    clock.advance(500); // the deadline
    QVERIFY(settle(feed));
    QCOMPARE(feed.health().nextAttemptAt, changes.constLast().nextAttemptAt);

    // Stopped: nothing planned, nothing left to fire, and the dashboard is told.
    feed.stop();
    QVERIFY(!feed.health().nextAttemptAt.isValid());
    QVERIFY(!changes.constLast().nextAttemptAt.isValid());
    QCOMPARE(clock.activeTimerCount(), 0);
    clock.advance(60000);
    QCOMPARE(m_fake->totalRequests(), 1);

    // Started again: at once; stopped in flight: the request is dropped.
    feed.start();
    QCOMPARE(feed.health().nextAttemptAt, clock.now());
    clock.advance(0);
    QVERIFY(waitForRequests(2));
    const FeedHealth inFlight = feed.health();
    feed.stop();
    QVERIFY(!feed.health().nextAttemptAt.isValid());
    QCOMPARE(clock.activeTimerCount(), 0);
    QCOMPARE(feed.health().providers, inFlight.providers); // dropped, not counted as an answer
    QVERIFY(recorder.ticks.isEmpty());
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
