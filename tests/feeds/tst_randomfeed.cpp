// RandomFeed on its own, on a ManualClock: one integer from 0 to 99 per
// interval, a start that is already running changes nothing, and stop stops.

#include "config/Config.h"
#include "feeds/random/RandomFeed.h"
#include "time/ManualClock.h"

#include <QProcessEnvironment>
#include <QTest>

#include <memory>

namespace {

// What the feed emitted, and when on the clock.
class Recorder final : public QObject {
public:
    Recorder(Feed &feed, const ManualClock &clock)
    {
        connect(&feed, &Feed::produced, this, [this, &clock](const QJsonValue &value, const QJsonObject &details) {
            values.append(value);
            atMs.append(clock.elapsedMs());
            if (!details.isEmpty())
                detailsSeen.append(details);
        });
    }

    QList<QJsonValue> values;
    QList<qint64> atMs;
    QList<QJsonObject> detailsSeen;
};

QList<qint64> multiplesOf(qint64 step, qint64 from, int count)
{
    QList<qint64> result;
    for (int i = 0; i < count; ++i)
        result.append(from + i * step);
    return result;
}

} // namespace

class tst_RandomFeed final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void describesItsStream();
    void integersFrom0To99WithoutDetails();
    void onePerInterval_data();
    void onePerInterval();
    void startingTwiceStartsOnce();
    void stopStops();
    void healthyAfterTheFirstValue();
    void factoryDeclaresTheIntervalOption();
    void factoryMakesAFeedWithTheInterval_data();
    void factoryMakesAFeedWithTheInterval();
};

void tst_RandomFeed::describesItsStream()
{
    ManualClock clock;
    RandomFeed feed(1000, clock);
    QCOMPARE(feed.info().name, QStringLiteral("randomNumber"));
    QCOMPARE(RandomFeed::StreamName, QStringLiteral("randomNumber"));
    QVERIFY(!feed.info().latestOnSubscribe);
    QVERIFY(!feed.info().description.isEmpty());
}

void tst_RandomFeed::integersFrom0To99WithoutDetails()
{
    ManualClock clock;
    RandomFeed feed(10, clock);
    Recorder recorder(feed, clock);
    feed.start();
    clock.advance(10 * 2000);
    QCOMPARE(recorder.values.size(), 2000);
    QSet<int> seen;
    for (const QJsonValue &value : std::as_const(recorder.values)) {
        QVERIFY(value.isDouble());
        const double number = value.toDouble();
        QCOMPARE(number, std::floor(number)); // an integer…
        QVERIFY2(number >= 0 && number <= 99, qPrintable(QString::number(number))); // …from 0 to 99
        seen.insert(static_cast<int>(number));
    }
    // 2000 draws from 100 values: all but a handful of them turn up (the
    // chance that fewer than 90 do is far below 1e-30).
    QVERIFY2(seen.size() >= 90, qPrintable(QString::number(seen.size())));
    QVERIFY(recorder.detailsSeen.isEmpty()); // the value alone: the hub adds seq and ts
}

void tst_RandomFeed::onePerInterval_data()
{
    QTest::addColumn<int>("intervalMs");
    QTest::addRow("1 ms") << 1;
    QTest::addRow("50 ms") << 50;
    QTest::addRow("default, 1 s") << 1000;
    QTest::addRow("one day") << 24 * 3600 * 1000;
}

void tst_RandomFeed::onePerInterval()
{
    QFETCH(int, intervalMs);
    ManualClock clock;
    RandomFeed feed(intervalMs, clock);
    Recorder recorder(feed, clock);
    clock.advance(5LL * intervalMs);
    QVERIFY(recorder.values.isEmpty()); // nothing before start

    feed.start();
    const qint64 startedMs = clock.elapsedMs();
    QVERIFY(recorder.values.isEmpty()); // the first value after one interval, as the replaced gateway did
    clock.advance(intervalMs - 1);
    QVERIFY(recorder.values.isEmpty());
    clock.advance(1);
    QCOMPARE(recorder.values.size(), 1);
    clock.advance(9LL * intervalMs + intervalMs / 2);
    QCOMPARE(recorder.atMs, multiplesOf(intervalMs, startedMs + intervalMs, 10));
}

void tst_RandomFeed::startingTwiceStartsOnce()
{
    ManualClock clock;
    RandomFeed feed(100, clock);
    Recorder recorder(feed, clock);
    feed.start();
    clock.advance(50);
    feed.start(); // neither a second timer nor a restart of the first
    feed.start();
    clock.advance(950);
    QCOMPARE(recorder.atMs, multiplesOf(100, 100, 10));
}

void tst_RandomFeed::stopStops()
{
    ManualClock clock;
    RandomFeed feed(100, clock);
    Recorder recorder(feed, clock);
    feed.start();
    clock.advance(350);
    QCOMPARE(recorder.values.size(), 3);
    feed.stop();
    QCOMPARE(clock.activeTimerCount(), 0);
    clock.advance(10000);
    QCOMPARE(recorder.values.size(), 3);
    feed.stop(); // stopping a stopped feed does nothing

    // And it can start again, one interval from then.
    feed.start();
    clock.advance(250);
    QCOMPARE(recorder.atMs, (QList<qint64> {100, 200, 300, 10450, 10550}));
}

void tst_RandomFeed::healthyAfterTheFirstValue()
{
    ManualClock clock;
    RandomFeed feed(100, clock);
    QList<FeedHealth> changes;
    connect(&feed, &Feed::healthChanged, this, [&changes](const FeedHealth &health) { changes.append(health); });
    QCOMPARE(feed.health().state, FeedHealth::State::Starting);
    feed.start();
    clock.advance(99);
    QCOMPARE(feed.health().state, FeedHealth::State::Starting);
    QVERIFY(changes.isEmpty());
    clock.advance(1);
    QCOMPARE(feed.health().state, FeedHealth::State::Healthy);
    QCOMPARE(feed.health().lastSuccessAt, clock.now());
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.constFirst().state, FeedHealth::State::Healthy);
    clock.advance(100);
    QCOMPARE(feed.health().lastSuccessAt, clock.now()); // the time of the latest value
    // No upstream to report on.
    QVERIFY(feed.health().providers.isEmpty());
    QVERIFY(feed.health().lastError.isEmpty());
}

void tst_RandomFeed::factoryDeclaresTheIntervalOption()
{
    const FeedFactory factory = randomFeedFactory();
    QCOMPARE(factory.stream, RandomFeed::StreamName);
    const QList<OptionSpec> options = factory.options();
    QCOMPARE(options.size(), 1);
    const OptionSpec &interval = options.constFirst();
    QCOMPARE(interval.name, QStringLiteral("random-interval"));
    QCOMPARE(interval.defaultValue.toLongLong(), 1000);
}

void tst_RandomFeed::factoryMakesAFeedWithTheInterval_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("environment"); // DATAGATE_RANDOM_INTERVAL, when not empty
    QTest::addColumn<int>("intervalMs");
    QTest::addRow("default") << QStringList() << QString() << 1000;
    QTest::addRow("command line") << QStringList {QStringLiteral("--random-interval"), QStringLiteral("250")} << QString() << 250;
    QTest::addRow("environment") << QStringList() << QStringLiteral("75") << 75;
}

void tst_RandomFeed::factoryMakesAFeedWithTheInterval()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, environment);
    QFETCH(int, intervalMs);

    const FeedFactory factory = randomFeedFactory();
    QProcessEnvironment env;
    if (!environment.isEmpty())
        env.insert(QStringLiteral("DATAGATE_RANDOM_INTERVAL"), environment);
    const Config::ParseResult parsed = Config::parse(factory.options(), QStringList {QStringLiteral("datagate")} + arguments, env);
    QCOMPARE(parsed.action, Config::Action::Run);
    const std::unique_ptr<Feed> feed = factory.create(parsed.config);
    auto *random = qobject_cast<RandomFeed *>(feed.get());
    QVERIFY(random);
    QCOMPARE(random->intervalMs(), intervalMs);
    QCOMPARE(random->info().name, RandomFeed::StreamName);
}

QTEST_GUILESS_MAIN(tst_RandomFeed)
#include "tst_randomfeed.moc"
