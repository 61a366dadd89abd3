// The hub on its own, with feeds written here that produce on demand: it
// stamps every value with its stream's next seq and the server time, encodes
// it once and publishes it; it starts and stops feeds one by one, forwards
// the values of a stream routed elsewhere, and publishes ticks stamped
// elsewhere without ever letting a seq repeat or go back.
#include "hub/Hub.h"

#include "feed/Feed.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace {

// A feed that produces when the test says so, and counts its starts and
// stops. It emits even while stopped, as a real feed may with a value that
// was under way: the hub must drop it.
class ManualFeed final : public Feed {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ManualFeed)

public:
    explicit ManualFeed(const StreamInfo &info)
        : m_info(info)
    {
    }

    StreamInfo info() const override { return m_info; }
    void start() override { ++starts; }
    void stop() override { ++stops; }

    void produce(const QJsonValue &value, const QJsonObject &details = {}) { Q_EMIT produced(value, details); }
    void report(const FeedHealth &health) { setHealth(health); }

    int starts = 0;
    int stops = 0;

private:
    StreamInfo m_info;
};

StreamInfo streamInfo(const QString &name, const QString &valueKey = QStringLiteral("value"), bool latestOnSubscribe = false)
{
    StreamInfo info;
    info.name = name;
    info.description = name + QStringLiteral(" for tests");
    info.valueKey = valueKey;
    info.latestOnSubscribe = latestOnSubscribe;
    return info;
}

Tick stamped(const QString &stream, quint64 seq, const QJsonValue &value = 1, qint64 ts = 1700000000000)
{
    Tick tick;
    tick.stream = stream;
    tick.seq = seq;
    tick.ts = ts;
    tick.value = value;
    return tick;
}

const QString A = QStringLiteral("alpha");
const QString B = QStringLiteral("beta");

} // namespace

class tst_Hub final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void stampsEachStreamOnItsOwn();
    void publishesTheEncodedTickAndTheTick();
    void stoppedFeedIsDropped();
    void startAndStopOneFeed();
    void startAndStopEveryFeed();
    void unknownStreamIsRefused();
    void forwardRoutingPublishesNothing();
    void publishStamped_data();
    void publishStamped();
    void publishStampedRefusesAnUnknownStream();
    void localTicksContinueAfterStampedOnes();
    void seedSeqContinuesAStream();
    void healthIsRelayedWithTheStreamName();
    void producerHealthStandsInForTheLocalFeeds();
    void streamsAndStreamInfo();

private:
    // Feeds owned by m_hub.
    ManualFeed *addFeed(const StreamInfo &info);

    std::unique_ptr<Hub> m_hub;
};

void tst_Hub::init()
{
    m_hub = std::make_unique<Hub>();
}

void tst_Hub::cleanup()
{
    m_hub.reset();
}

ManualFeed *tst_Hub::addFeed(const StreamInfo &info)
{
    auto feed = std::make_unique<ManualFeed>(info);
    ManualFeed *raw = feed.get();
    m_hub->addFeed(std::move(feed));
    return raw;
}

void tst_Hub::stampsEachStreamOnItsOwn()
{
    ManualFeed *alpha = addFeed(streamInfo(A));
    ManualFeed *beta = addFeed(streamInfo(B));
    m_hub->start();
    QSignalSpy ticked(m_hub.get(), &Hub::ticked);

    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    alpha->produce(10);
    alpha->produce(11);
    beta->produce(20);
    alpha->produce(12);
    beta->produce(21);
    const qint64 after = QDateTime::currentMSecsSinceEpoch();

    QCOMPARE(ticked.size(), 5);
    const QList<std::pair<QString, quint64>> expected = {{A, 1}, {A, 2}, {B, 1}, {A, 3}, {B, 2}};
    const QList<int> values = {10, 11, 20, 12, 21};
    for (qsizetype i = 0; i < ticked.size(); ++i) {
        const Tick tick = ticked.at(i).first().value<Tick>();
        QCOMPARE(tick.stream, expected[i].first);
        QCOMPARE(tick.seq, expected[i].second);
        QCOMPARE(tick.value.toInt(), values[i]);
        QVERIFY2(tick.ts >= before && tick.ts <= after, qPrintable(QString::number(tick.ts)));
    }
    QCOMPARE(m_hub->lastSeq(A), 3u);
    QCOMPARE(m_hub->lastSeq(B), 2u);
}

void tst_Hub::publishesTheEncodedTickAndTheTick()
{
    ManualFeed *price = addFeed(streamInfo(B, QStringLiteral("price"), true));
    m_hub->start();
    QSignalSpy published(m_hub.get(), &Hub::published);
    QSignalSpy ticked(m_hub.get(), &Hub::ticked);

    const QJsonObject details {{QStringLiteral("source"), QStringLiteral("kraken")}};
    price->produce(97123.45, details);
    QCOMPARE(published.size(), 1);
    QCOMPARE(ticked.size(), 1);
    const Tick tick = ticked.first().first().value<Tick>();
    QCOMPARE(tick.value, QJsonValue(97123.45));
    QCOMPARE(tick.details, details);

    // The frames are those of this tick, encoded with the stream's valueKey.
    const EncodedTick encoded = published.first().first().value<EncodedTick>();
    const EncodedTick expected = EncodedTick::encode(tick, QStringLiteral("price"));
    QCOMPARE(encoded.stream, B);
    QCOMPARE(encoded.seq, tick.seq);
    QCOMPARE(encoded.ts, tick.ts);
    QCOMPARE(encoded.socketIoFrame, expected.socketIoFrame);
    QCOMPARE(encoded.jsonFrame, expected.jsonFrame);
}

void tst_Hub::stoppedFeedIsDropped()
{
    ManualFeed *alpha = addFeed(streamInfo(A));
    QSignalSpy published(m_hub.get(), &Hub::published);
    QSignalSpy ticked(m_hub.get(), &Hub::ticked);

    // Never started.
    alpha->produce(1);
    QCOMPARE(published.size(), 0);

    QVERIFY(m_hub->startFeed(A));
    alpha->produce(2);
    QCOMPARE(published.size(), 1);

    // A value still under way when the feed was stopped: dropped, and its
    // seq is not used up.
    QVERIFY(m_hub->stopFeed(A));
    alpha->produce(3);
    QCOMPARE(published.size(), 1);
    QCOMPARE(ticked.size(), 1);
    QCOMPARE(m_hub->lastSeq(A), 1u);

    QVERIFY(m_hub->startFeed(A));
    alpha->produce(4);
    QCOMPARE(ticked.size(), 2);
    QCOMPARE(ticked.last().first().value<Tick>().seq, 2u);
    QCOMPARE(ticked.last().first().value<Tick>().value.toInt(), 4);
}

void tst_Hub::startAndStopOneFeed()
{
    ManualFeed *alpha = addFeed(streamInfo(A));
    ManualFeed *beta = addFeed(streamInfo(B));
    QSignalSpy running(m_hub.get(), &Hub::feedRunningChanged);
    QVERIFY(!m_hub->isFeedRunning(A));

    QVERIFY(m_hub->startFeed(A));
    QVERIFY(m_hub->isFeedRunning(A));
    QVERIFY(!m_hub->isFeedRunning(B));
    QCOMPARE(alpha->starts, 1);
    QCOMPARE(beta->starts, 0);
    QCOMPARE(running.size(), 1);
    QCOMPARE(running.first(), (QList<QVariant> {A, true}));

    // Starting it again changes nothing and says nothing.
    QVERIFY(m_hub->startFeed(A));
    QCOMPARE(alpha->starts, 1);
    QCOMPARE(running.size(), 1);

    QVERIFY(m_hub->stopFeed(A));
    QVERIFY(!m_hub->isFeedRunning(A));
    QCOMPARE(alpha->stops, 1);
    QCOMPARE(running.size(), 2);
    QCOMPARE(running.last(), (QList<QVariant> {A, false}));

    QVERIFY(m_hub->stopFeed(A));
    QCOMPARE(alpha->stops, 1);
    QCOMPARE(running.size(), 2);
    QCOMPARE(beta->stops, 0);
}

void tst_Hub::startAndStopEveryFeed()
{
    ManualFeed *alpha = addFeed(streamInfo(A));
    ManualFeed *beta = addFeed(streamInfo(B));
    QVERIFY(m_hub->startFeed(B));
    QSignalSpy running(m_hub.get(), &Hub::feedRunningChanged);

    m_hub->start();
    QVERIFY(m_hub->isFeedRunning(A) && m_hub->isFeedRunning(B));
    QCOMPARE(alpha->starts, 1);
    QCOMPARE(beta->starts, 1); // already running: not started twice
    QCOMPARE(running.size(), 1);
    QCOMPARE(running.first(), (QList<QVariant> {A, true}));

    m_hub->stop();
    QVERIFY(!m_hub->isFeedRunning(A) && !m_hub->isFeedRunning(B));
    QCOMPARE(alpha->stops, 1);
    QCOMPARE(beta->stops, 1);
    QCOMPARE(running.size(), 3);
}

void tst_Hub::unknownStreamIsRefused()
{
    addFeed(streamInfo(A));
    QSignalSpy running(m_hub.get(), &Hub::feedRunningChanged);
    QVERIFY(!m_hub->startFeed(QStringLiteral("nope")));
    QVERIFY(!m_hub->stopFeed(QStringLiteral("nope")));
    QVERIFY(!m_hub->isFeedRunning(QStringLiteral("nope")));
    QCOMPARE(m_hub->lastSeq(QStringLiteral("nope")), 0u);
    QCOMPARE(running.size(), 0);
}

void tst_Hub::forwardRoutingPublishesNothing()
{
    ManualFeed *alpha = addFeed(streamInfo(A));
    ManualFeed *beta = addFeed(streamInfo(B));
    m_hub->start();
    m_hub->setRouting(A, Hub::Routing::Forward);
    QCOMPARE(m_hub->routing(A), Hub::Routing::Forward);
    QCOMPARE(m_hub->routing(B), Hub::Routing::Local);
    QSignalSpy published(m_hub.get(), &Hub::published);
    QSignalSpy ticked(m_hub.get(), &Hub::ticked);
    QSignalSpy produced(m_hub.get(), &Hub::valueProduced);

    const QJsonObject details {{QStringLiteral("note"), QStringLiteral("unstamped")}};
    alpha->produce(42, details);
    QCOMPARE(produced.size(), 1);
    QCOMPARE(produced.first().at(0).toString(), A);
    QCOMPARE(produced.first().at(1).value<QJsonValue>(), QJsonValue(42));
    QCOMPARE(produced.first().at(2).value<QJsonObject>(), details);
    QCOMPARE(published.size(), 0);
    QCOMPARE(ticked.size(), 0);
    QCOMPARE(m_hub->lastSeq(A), 0u); // no seq used up

    // Another stream is not affected.
    beta->produce(7);
    QCOMPARE(produced.size(), 1);
    QCOMPARE(published.size(), 1);

    // The tick comes back stamped by whoever stamps the stream.
    QVERIFY(m_hub->publishStamped(stamped(A, 1, 42)));
    QCOMPARE(published.size(), 2);
    QCOMPARE(published.last().first().value<EncodedTick>().stream, A);

    // A stopped feed forwards nothing either.
    QVERIFY(m_hub->stopFeed(A));
    alpha->produce(43);
    QCOMPARE(produced.size(), 1);

    // Back to local: stamped here, after the last seq published.
    QVERIFY(m_hub->startFeed(A));
    m_hub->setRouting(A, Hub::Routing::Local);
    alpha->produce(44);
    QCOMPARE(produced.size(), 1);
    QCOMPARE(ticked.last().first().value<Tick>().seq, 2u);
}

void tst_Hub::publishStamped_data()
{
    QTest::addColumn<QList<quint64>>("seqs");
    QTest::addColumn<QList<bool>>("accepted");
    QTest::addColumn<quint64>("lastSeq");
    QTest::addRow("first") << QList<quint64> {1} << QList<bool> {true} << quint64(1);
    QTest::addRow("first may start anywhere") << QList<quint64> {500} << QList<bool> {true} << quint64(500);
    QTest::addRow("zero is never above the start") << QList<quint64> {0} << QList<bool> {false} << quint64(0);
    QTest::addRow("in order") << QList<quint64> {1, 2, 3} << QList<bool> {true, true, true} << quint64(3);
    QTest::addRow("gaps are fine") << QList<quint64> {3, 7, 20} << QList<bool> {true, true, true} << quint64(20);
    QTest::addRow("duplicate") << QList<quint64> {5, 5} << QList<bool> {true, false} << quint64(5);
    QTest::addRow("going back") << QList<quint64> {5, 4, 6} << QList<bool> {true, false, true} << quint64(6);
    QTest::addRow("back to the first") << QList<quint64> {1, 2, 1, 3} << QList<bool> {true, true, false, true} << quint64(3);
}

void tst_Hub::publishStamped()
{
    QFETCH(QList<quint64>, seqs);
    QFETCH(QList<bool>, accepted);
    QFETCH(quint64, lastSeq);
    addFeed(streamInfo(A));
    addFeed(streamInfo(B));
    QSignalSpy published(m_hub.get(), &Hub::published);
    QSignalSpy ticked(m_hub.get(), &Hub::ticked);

    QList<quint64> expectedSeqs;
    for (qsizetype i = 0; i < seqs.size(); ++i) {
        // The stamp is kept as it came: seq and ts are not the hub's.
        const qint64 ts = 1600000000000 + qint64(i);
        QCOMPARE(m_hub->publishStamped(stamped(A, seqs[i], int(i), ts)), accepted[i]);
        if (accepted[i])
            expectedSeqs.append(seqs[i]);
        QCOMPARE(published.size(), expectedSeqs.size());
        if (accepted[i]) {
            QCOMPARE(ticked.last().first().value<Tick>().ts, ts);
            QCOMPARE(published.last().first().value<EncodedTick>().ts, ts);
        }
    }
    QList<quint64> publishedSeqs;
    for (const QList<QVariant> &arguments : std::as_const(published)) {
        const EncodedTick tick = arguments.first().value<EncodedTick>();
        QCOMPARE(tick.stream, A);
        publishedSeqs.append(tick.seq);
    }
    QCOMPARE(publishedSeqs, expectedSeqs);
    QCOMPARE(m_hub->lastSeq(A), lastSeq);
    QCOMPARE(m_hub->lastSeq(B), 0u);
}

void tst_Hub::publishStampedRefusesAnUnknownStream()
{
    addFeed(streamInfo(A));
    QSignalSpy published(m_hub.get(), &Hub::published);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("unknown stream.*nope")));
    QVERIFY(!m_hub->publishStamped(stamped(QStringLiteral("nope"), 1)));
    QCOMPARE(published.size(), 0);
}

void tst_Hub::localTicksContinueAfterStampedOnes()
{
    ManualFeed *alpha = addFeed(streamInfo(A));
    m_hub->start();
    QSignalSpy ticked(m_hub.get(), &Hub::ticked);
    alpha->produce(1);
    QVERIFY(m_hub->publishStamped(stamped(A, 10)));
    alpha->produce(2);
    QCOMPARE(ticked.size(), 3);
    QCOMPARE(ticked.at(2).first().value<Tick>().seq, 11u);
    // And a stamped tick may not reuse what a local one took.
    QVERIFY(!m_hub->publishStamped(stamped(A, 11)));
    QCOMPARE(ticked.size(), 3);
}

void tst_Hub::seedSeqContinuesAStream()
{
    ManualFeed *alpha = addFeed(streamInfo(A));
    ManualFeed *beta = addFeed(streamInfo(B));
    m_hub->start();
    QSignalSpy ticked(m_hub.get(), &Hub::ticked);

    m_hub->seedSeq(A, 1000);
    QCOMPARE(m_hub->lastSeq(A), 1000u);
    alpha->produce(1);
    beta->produce(2);
    QCOMPARE(ticked.at(0).first().value<Tick>().seq, 1001u);
    QCOMPARE(ticked.at(1).first().value<Tick>().seq, 1u); // other streams keep their own

    // What was published before the seed counts as published.
    QVERIFY(!m_hub->publishStamped(stamped(A, 1000)));
    QVERIFY(m_hub->publishStamped(stamped(A, 1002)));

    m_hub->seedSeq(QStringLiteral("nope"), 5); // no such stream: nothing happens
    QCOMPARE(m_hub->lastSeq(QStringLiteral("nope")), 0u);
}

void tst_Hub::healthIsRelayedWithTheStreamName()
{
    ManualFeed *alpha = addFeed(streamInfo(A));
    ManualFeed *beta = addFeed(streamInfo(B));
    QSignalSpy changed(m_hub.get(), &Hub::feedHealthChanged);

    FeedHealth degraded;
    degraded.state = FeedHealth::State::Degraded;
    degraded.lastError = QStringLiteral("upstream timed out");
    beta->report(degraded);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toString(), B);
    QCOMPARE(changed.first().at(1).value<FeedHealth>(), degraded);
    QCOMPARE(m_hub->health(B), degraded);
    QCOMPARE(m_hub->health(A), FeedHealth());

    FeedHealth healthy;
    healthy.state = FeedHealth::State::Healthy;
    alpha->report(healthy);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.last().at(0).toString(), A);
    QCOMPARE(m_hub->health(A), healthy);
    QCOMPARE(m_hub->health(QStringLiteral("nope")), FeedHealth());
}

// A stream produced elsewhere: health() is the producer's, changes of the
// stopped local feed say nothing, localHealth() still has them, and
// std::nullopt hands the stream back to the local feed.
void tst_Hub::producerHealthStandsInForTheLocalFeeds()
{
    ManualFeed *alpha = addFeed(streamInfo(A));
    QSignalSpy changed(m_hub.get(), &Hub::feedHealthChanged);
    FeedHealth down;
    down.state = FeedHealth::State::Down;
    down.lastError = QStringLiteral("HTTP 503 from coinbase");

    m_hub->setProducerHealth(A, down);
    QCOMPARE(m_hub->health(A), down);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.last().at(1).value<FeedHealth>(), down);
    m_hub->setProducerHealth(A, down); // the same again: nothing to say
    QCOMPARE(changed.size(), 1);

    FeedHealth local;
    local.state = FeedHealth::State::Healthy;
    alpha->report(local);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_hub->health(A), down);
    QCOMPARE(m_hub->localHealth(A), local);

    // The hub's degraded reason applies to the producer's health too.
    FeedHealth healthy;
    healthy.state = FeedHealth::State::Healthy;
    m_hub->setProducerHealth(A, healthy);
    m_hub->setDegradedReason(QStringLiteral("Redis unreachable"));
    QCOMPARE(m_hub->health(A).state, FeedHealth::State::Degraded);
    m_hub->setDegradedReason(QString());

    m_hub->setProducerHealth(A, std::nullopt);
    QCOMPARE(m_hub->health(A), local);
    QCOMPARE(changed.last().at(1).value<FeedHealth>(), local);
    const qsizetype announced = changed.size();
    alpha->report(down);
    QCOMPARE(changed.size(), announced + 1);
    m_hub->setProducerHealth(QStringLiteral("nope"), down); // an unknown stream: ignored
    QCOMPARE(m_hub->health(QStringLiteral("nope")), FeedHealth());
}

void tst_Hub::streamsAndStreamInfo()
{
    QVERIFY(m_hub->streams().isEmpty());
    addFeed(streamInfo(B, QStringLiteral("price"), true));
    addFeed(streamInfo(A));

    const QList<StreamInfo> streams = m_hub->streams();
    QCOMPARE(streams.size(), 2);
    // In the order the feeds were added.
    QCOMPARE(streams[0].name, B);
    QCOMPARE(streams[0].valueKey, QStringLiteral("price"));
    QVERIFY(streams[0].latestOnSubscribe);
    QCOMPARE(streams[0].description, B + QStringLiteral(" for tests"));
    QCOMPARE(streams[1].name, A);
    QVERIFY(!streams[1].latestOnSubscribe);

    const std::optional<StreamInfo> beta = m_hub->stream(B);
    QVERIFY(beta);
    QCOMPARE(beta->valueKey, QStringLiteral("price"));
    QVERIFY(!m_hub->stream(QStringLiteral("nope")));
}

QTEST_GUILESS_MAIN(tst_Hub)
#include "tst_hub.moc"
