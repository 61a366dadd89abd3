// Feed::reconfigure: what the feeds take from a configuration read again
// while they run (SIGHUP), on a ManualClock. The random feed's interval;
// the Bitcoin feed's interval, timeout, providers and URLs against a fake
// upstream on loopback. Each returns one line per change for the log.

#include "FakeUpstream.h"
#include "SignalWait.h"

#include "config/Config.h"
#include "feeds/bitcoin/BitcoinPriceFeed.h"
#include "feeds/random/RandomFeed.h"
#include "time/ManualClock.h"

#include <QJsonObject>
#include <QTest>

namespace {

constexpr int Patience = 15000; // ms of real time for loopback I/O

const QString Coingecko = QStringLiteral("coingecko");
const QString Coinbase = QStringLiteral("coinbase");
const QString Kraken = QStringLiteral("kraken");

Config randomConfig(int intervalMs)
{
    Config config(randomFeedFactory().options());
    config.set(QStringLiteral("random-interval"), intervalMs);
    return config;
}

// When each value came, on the clock.
class ValueTimes final : public QObject {
public:
    ValueTimes(Feed &feed, const ManualClock &clock)
    {
        connect(&feed, &Feed::produced, this, [this, &clock] { atMs.append(clock.elapsedMs()); });
    }
    QList<qint64> atMs;
};

// What the Bitcoin feed published: the price and its source.
class Prices final : public QObject {
public:
    explicit Prices(Feed &feed)
    {
        connect(&feed, &Feed::produced, this, [this](const QJsonValue &value, const QJsonObject &details) {
            prices.append(value.toDouble());
            sources.append(details.value(QStringLiteral("source")).toString());
            stale.append(details.value(QStringLiteral("stale")).toBool());
        });
    }
    QList<double> prices;
    QStringList sources;
    QList<bool> stale;
};

const FeedHealth::ProviderStats *provider(const FeedHealth &health, const QString &name)
{
    for (const FeedHealth::ProviderStats &stats : health.providers) {
        if (stats.name == name)
            return &stats;
    }
    return nullptr;
}

QStringList providerNames(const FeedHealth &health)
{
    QStringList names;
    for (const FeedHealth::ProviderStats &stats : health.providers)
        names.append(stats.name);
    return names;
}

// The feed waits for its clock, not for an upstream.
bool settle(const Feed &feed)
{
    return waitForSignal(
        &feed, &Feed::healthChanged, [&feed] { return feed.health().nextAttemptAt.isValid(); }, Patience);
}

} // namespace

class tst_FeedReconfigure final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void randomIntervalTakesEffectAfterTheLastValue_data();
    void randomIntervalTakesEffectAfterTheLastValue();
    void randomSameIntervalChangesNothing();
    void randomStoppedStaysStopped();
    void feedWithoutReloadableOptionsChangesNothing();

    void bitcoinIntervalMovesTheNextPoll();
    void bitcoinIntervalMovesTheDownDeadline();
    void bitcoinNewProvidersAreAskedAtOnce();
    void bitcoinKeepsTheCountersOfProvidersThatStay();
    void bitcoinLastPriceStaysTheJumpReference();
    void bitcoinNewUrl();
    void bitcoinNewTimeoutReplacesAHangingRequest();
    void bitcoinSimulatedToReal();
    void bitcoinSameSettingsChangeNothing();

private:
    Config bitcoinConfig(const QStringList &providers, int intervalMs, int timeoutMs = 3000) const;

    std::unique_ptr<FakeUpstream> m_fake;
};

void tst_FeedReconfigure::init()
{
    m_fake = std::make_unique<FakeUpstream>();
    QVERIFY(m_fake->port() != 0);
}

void tst_FeedReconfigure::cleanup()
{
    m_fake.reset();
}

Config tst_FeedReconfigure::bitcoinConfig(const QStringList &providers, int intervalMs, int timeoutMs) const
{
    Config config(BitcoinSettings::options());
    config.set(QStringLiteral("btc-providers"), providers);
    config.set(QStringLiteral("btc-interval"), intervalMs);
    config.set(QStringLiteral("btc-timeout"), timeoutMs);
    QVariantMap urls;
    for (const QString &name : providers) {
        if (name != BitcoinSettings::SimulatedProvider)
            urls.insert(name, m_fake->url(name));
    }
    config.set(QStringLiteral("btc-url"), urls);
    return config;
}

void tst_FeedReconfigure::randomIntervalTakesEffectAfterTheLastValue_data()
{
    QTest::addColumn<int>("newIntervalMs");
    QTest::addColumn<QList<qint64>>("expected"); // values after the change, which comes at 350
    // The last value came at 300: the next one new-interval later…
    QTest::addRow("longer") << 250 << QList<qint64> {550, 800, 1050};
    QTest::addRow("shorter") << 30 << QList<qint64> {350, 380, 410};
    // …or at once when that is already past, never in a burst.
    QTest::addRow("much shorter") << 10 << QList<qint64> {350, 360, 370};
}

void tst_FeedReconfigure::randomIntervalTakesEffectAfterTheLastValue()
{
    QFETCH(int, newIntervalMs);
    QFETCH(QList<qint64>, expected);
    ManualClock clock;
    RandomFeed feed(100, clock);
    ValueTimes values(feed, clock);
    feed.start();
    clock.advance(350);
    QCOMPARE(values.atMs, (QList<qint64> {100, 200, 300}));

    const QStringList changes = feed.reconfigure(randomConfig(newIntervalMs));
    QCOMPARE(changes, QStringList {QStringLiteral("random-interval: 100 ms -> %1 ms").arg(newIntervalMs)});
    QCOMPARE(feed.intervalMs(), newIntervalMs);
    clock.advance(expected.constLast() - 350);
    QCOMPARE(values.atMs.mid(3), expected);
    QCOMPARE(clock.activeTimerCount(), 1); // one timer, not a second beside the first
}

void tst_FeedReconfigure::randomSameIntervalChangesNothing()
{
    ManualClock clock;
    RandomFeed feed(100, clock);
    ValueTimes values(feed, clock);
    feed.start();
    clock.advance(150);
    QVERIFY(feed.reconfigure(randomConfig(100)).isEmpty());
    clock.advance(150);
    QCOMPARE(values.atMs, (QList<qint64> {100, 200, 300}));
}

void tst_FeedReconfigure::randomStoppedStaysStopped()
{
    ManualClock clock;
    RandomFeed feed(100, clock);
    ValueTimes values(feed, clock);
    QCOMPARE(feed.reconfigure(randomConfig(40)).size(), 1);
    QCOMPARE(clock.activeTimerCount(), 0);
    clock.advance(1000);
    QVERIFY(values.atMs.isEmpty());
    feed.start(); // with the new interval
    clock.advance(100);
    QCOMPARE(values.atMs, (QList<qint64> {1040, 1080}));
}

void tst_FeedReconfigure::feedWithoutReloadableOptionsChangesNothing()
{
    // The default of Feed::reconfigure, for a feed that declares no such options.
    class Quiet final : public Feed {
    public:
        StreamInfo info() const override { return {QStringLiteral("quiet"), {}}; }
        void start() override { }
        void stop() override { }
    } quiet;
    QVERIFY(quiet.reconfigure(randomConfig(5)).isEmpty());
}

void tst_FeedReconfigure::bitcoinIntervalMovesTheNextPoll()
{
    m_fake->setPrice(Coingecko, 97000);
    ManualClock clock;
    BitcoinPriceFeed feed(BitcoinSettings::from(bitcoinConfig({Coingecko}, 600000)), clock);
    feed.start();
    clock.advance(0);
    QVERIFY(settle(feed));
    QCOMPARE(m_fake->requestCount(Coingecko), 1);
    clock.advance(100);

    const QStringList changes = feed.reconfigure(bitcoinConfig({Coingecko}, 1000));
    QCOMPARE(changes, QStringList {QStringLiteral("btc-interval: 600000 ms -> 1000 ms")});
    // One new interval after the last poll began, not ten minutes after it.
    QCOMPARE(feed.health().nextAttemptAt, clock.now().addMSecs(900));
    QVERIFY(feed.info().description.contains(QStringLiteral("every 1 s")));
    clock.advance(899);
    QCOMPARE(m_fake->requestCount(Coingecko), 1);
    clock.advance(1);
    QVERIFY(waitForSignal(
        m_fake.get(), &FakeUpstream::requestReceived, [this] { return m_fake->requestCount(Coingecko) == 2; }, Patience));
    QVERIFY(settle(feed));
    QCOMPARE(feed.health().nextAttemptAt, clock.now().addMSecs(1000));
}

void tst_FeedReconfigure::bitcoinIntervalMovesTheDownDeadline()
{
    // Down after three intervals without a price: 30 minutes at first, 3 s
    // once the interval is 1 s.
    m_fake->setPrice(Coingecko, 97000);
    ManualClock clock;
    BitcoinPriceFeed feed(BitcoinSettings::from(bitcoinConfig({Coingecko}, 600000)), clock);
    feed.start();
    clock.advance(0);
    QVERIFY(settle(feed));
    QCOMPARE(feed.health().state, FeedHealth::State::Healthy);
    m_fake->setResponse(Coingecko, FakeUpstream::status(503));
    clock.advance(2500);
    QCOMPARE(feed.health().state, FeedHealth::State::Healthy);

    QCOMPARE(feed.reconfigure(bitcoinConfig({Coingecko}, 1000)).size(), 1);
    // 3 s after the last price, whatever the polls in between say.
    for (int i = 0; i < 50 && clock.elapsedMs() < 3000; ++i) {
        QVERIFY(settle(feed));
        clock.advance(std::min<qint64>(3000 - clock.elapsedMs(), std::max<qint64>(1, clock.now().msecsTo(feed.health().nextAttemptAt))));
    }
    QVERIFY(settle(feed));
    QVERIFY(feed.health().state != FeedHealth::State::Down);
    clock.advance(1);
    QTRY_COMPARE(feed.health().state, FeedHealth::State::Down);
}

void tst_FeedReconfigure::bitcoinNewProvidersAreAskedAtOnce()
{
    m_fake->setPrice(Coingecko, 97000);
    m_fake->setPrice(Kraken, 97100);
    ManualClock clock;
    BitcoinPriceFeed feed(BitcoinSettings::from(bitcoinConfig({Coingecko}, 600000)), clock);
    Prices prices(feed);
    feed.start();
    clock.advance(0);
    QVERIFY(settle(feed));

    const QStringList changes = feed.reconfigure(bitcoinConfig({Kraken, Coingecko}, 600000));
    QCOMPARE(changes.size(), 2);
    QCOMPARE(changes.at(0), QStringLiteral("btc-providers: coingecko -> kraken, coingecko"));
    QVERIFY2(changes.at(1).startsWith(QStringLiteral("btc-url: kraken ")), qPrintable(changes.at(1)));
    QCOMPARE(providerNames(feed.health()), (QStringList {Kraken, Coingecko}));
    QVERIFY(feed.info().description.contains(QStringLiteral("kraken, coingecko")));
    clock.advance(0); // not ten minutes later
    QVERIFY(settle(feed));
    QCOMPARE(m_fake->routesAsked(), (QStringList {Coingecko, Kraken}));
    QCOMPARE(prices.prices, (QList<double> {97000, 97100}));
    QCOMPARE(prices.sources, (QStringList {Coingecko, Kraken}));
    QCOMPARE(feed.health().source, Kraken);
}

void tst_FeedReconfigure::bitcoinKeepsTheCountersOfProvidersThatStay()
{
    m_fake->setResponse(Coingecko, FakeUpstream::status(500));
    m_fake->setPrice(Coinbase, 97000);
    m_fake->setPrice(Kraken, 97000);
    ManualClock clock;
    BitcoinPriceFeed feed(BitcoinSettings::from(bitcoinConfig({Coingecko, Coinbase}, 600000)), clock);
    feed.start();
    clock.advance(0);
    QVERIFY(settle(feed));
    QCOMPARE(provider(feed.health(), Coingecko)->failures, quint64(1));
    QCOMPARE(provider(feed.health(), Coinbase)->successes, quint64(1));

    QCOMPARE(feed.reconfigure(bitcoinConfig({Coinbase, Kraken}, 600000)).size(), 2);
    clock.advance(0);
    QVERIFY(settle(feed));
    const FeedHealth health = feed.health();
    QCOMPARE(providerNames(health), (QStringList {Coinbase, Kraken}));
    // Counters only go up: coinbase's carry on, coingecko's are gone with it.
    QCOMPARE(provider(health, Coinbase)->requests, quint64(2));
    QCOMPARE(provider(health, Coinbase)->successes, quint64(2));
    QCOMPARE(provider(health, Kraken)->requests, quint64(0));
    QVERIFY(!provider(health, Coingecko));
}

void tst_FeedReconfigure::bitcoinLastPriceStaysTheJumpReference()
{
    // coingecko's price stays after coingecko has left the list: kraken's
    // answer, twice as high, is held back, and subscribers get coingecko's
    // price marked stale, still under coingecko's name.
    m_fake->setPrice(Coingecko, 97000);
    m_fake->setPrice(Kraken, 194000);
    ManualClock clock;
    BitcoinPriceFeed feed(BitcoinSettings::from(bitcoinConfig({Coingecko}, 60000)), clock);
    Prices prices(feed);
    feed.start();
    clock.advance(0);
    QVERIFY(settle(feed));
    clock.advance(40000); // more than half an interval: the stale price is published again

    QCOMPARE(feed.reconfigure(bitcoinConfig({Kraken}, 30000)).size(), 3); // providers, URL, interval
    clock.advance(0);
    QVERIFY(settle(feed));
    QCOMPARE(m_fake->requestCount(Kraken), 1);
    QCOMPARE(prices.prices, (QList<double> {97000, 97000}));
    QCOMPARE(prices.sources, (QStringList {Coingecko, Coingecko}));
    QCOMPARE(prices.stale, (QList<bool> {false, true}));
    QCOMPARE(provider(feed.health(), Kraken)->rejected, quint64(1));
    QCOMPARE(feed.health().source, Coingecko);
}

void tst_FeedReconfigure::bitcoinNewUrl()
{
    m_fake->setPrice(Coinbase, 97000);
    m_fake->setResponse(QStringLiteral("proxy"), FakeUpstream::body(FakeUpstream::realBody(Coinbase, 97200)));
    ManualClock clock;
    BitcoinPriceFeed feed(BitcoinSettings::from(bitcoinConfig({Coinbase}, 600000)), clock);
    Prices prices(feed);
    feed.start();
    clock.advance(0);
    QVERIFY(settle(feed));

    Config next = bitcoinConfig({Coinbase}, 600000);
    // Credentials in a URL stay out of the log.
    const QString proxy = m_fake->url(QStringLiteral("proxy"), QStringLiteral("/spot"))
                              .replace(QStringLiteral("http://"), QStringLiteral("http://user:secret@"));
    next.set(QStringLiteral("btc-url"), QVariantMap {{Coinbase, proxy}});
    const QStringList changes = feed.reconfigure(next);
    QCOMPARE(changes.size(), 1);
    QVERIFY2(changes.constFirst().startsWith(QStringLiteral("btc-url: coinbase http://127.0.0.1:")), qPrintable(changes.constFirst()));
    QVERIFY2(changes.constFirst().endsWith(QStringLiteral("/proxy/spot")), qPrintable(changes.constFirst()));
    QVERIFY2(!changes.constFirst().contains(QStringLiteral("secret")), qPrintable(changes.constFirst()));
    clock.advance(0);
    QVERIFY(settle(feed));
    QCOMPARE(m_fake->requests().constLast().target, QByteArray("/proxy/spot"));
    QCOMPARE(prices.prices, (QList<double> {97000, 97200}));
}

void tst_FeedReconfigure::bitcoinNewTimeoutReplacesAHangingRequest()
{
    FakeUpstream::Response hang;
    hang.hang = true;
    m_fake->setResponse(Coingecko, hang);
    ManualClock clock;
    BitcoinPriceFeed feed(BitcoinSettings::from(bitcoinConfig({Coingecko}, 600000, 60000)), clock);
    feed.start();
    clock.advance(0);
    QVERIFY(waitForSignal(
        m_fake.get(), &FakeUpstream::requestReceived, [this] { return m_fake->requestCount(Coingecko) == 1; }, Patience));
    QVERIFY(!feed.health().nextAttemptAt.isValid()); // in flight

    QCOMPARE(feed.reconfigure(bitcoinConfig({Coingecko}, 600000, 500)), QStringList {QStringLiteral("btc-timeout: 60000 ms -> 500 ms")});
    clock.advance(0); // asked again at once, with the new deadline
    QVERIFY(waitForSignal(
        m_fake.get(), &FakeUpstream::requestReceived, [this] { return m_fake->requestCount(Coingecko) == 2; }, Patience));
    clock.advance(500);
    QVERIFY(settle(feed));
    QVERIFY2(feed.health().lastError.contains(QStringLiteral("0.5 s")), qPrintable(feed.health().lastError));
    QCOMPARE(provider(feed.health(), Coingecko)->failures, quint64(1));
}

void tst_FeedReconfigure::bitcoinSimulatedToReal()
{
    m_fake->setPrice(Coinbase, 97000);
    ManualClock clock;
    BitcoinPriceFeed feed(BitcoinSettings::from(bitcoinConfig({BitcoinSettings::SimulatedProvider}, 600000)), clock);
    Prices prices(feed);
    feed.start();
    clock.advance(0);
    QCOMPARE(prices.sources, QStringList {BitcoinSettings::SimulatedProvider});
    QVERIFY(feed.info().description.contains(QStringLiteral("SIMULATED")));

    const QStringList changes = feed.reconfigure(bitcoinConfig({Coinbase}, 600000));
    QCOMPARE(changes.constFirst(), QStringLiteral("btc-providers: simulated -> coinbase"));
    QVERIFY(!feed.info().description.contains(QStringLiteral("SIMULATED")));
    clock.advance(0);
    QVERIFY(settle(feed));
    QCOMPARE(prices.sources, (QStringList {BitcoinSettings::SimulatedProvider, Coinbase}));
    QCOMPARE(prices.prices.constLast(), 97000.0);
}

void tst_FeedReconfigure::bitcoinSameSettingsChangeNothing()
{
    m_fake->setPrice(Coingecko, 97000);
    ManualClock clock;
    BitcoinPriceFeed feed(BitcoinSettings::from(bitcoinConfig({Coingecko}, 600000)), clock);
    feed.start();
    clock.advance(0);
    QVERIFY(settle(feed));
    const QDateTime next = feed.health().nextAttemptAt;
    QVERIFY(feed.reconfigure(bitcoinConfig({Coingecko}, 600000)).isEmpty());
    clock.advance(0);
    QCOMPARE(feed.health().nextAttemptAt, next);
    QCOMPARE(m_fake->totalRequests(), 1);
}

QTEST_GUILESS_MAIN(tst_FeedReconfigure)
#include "tst_feedreconfigure.moc"
