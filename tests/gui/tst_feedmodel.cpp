// The feeds' model (and the providers' model under it), fed through the
// source interface: health follows the source, values are announced in
// batches, and the times move with the clock.
#include "FakeSource.h"
#include "GuiTestEnvironment.h"

#include "gui/model/FeedModel.h"
#include "gui/model/ProviderModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

namespace {

const QString Price = QStringLiteral("bitcoinPrice");
const QString Random = QStringLiteral("randomNumber");
const QDateTime Now = QDateTime::fromString(QStringLiteral("2025-03-01T12:00:00Z"), Qt::ISODate);

FeedHealth priceHealth(FeedHealth::State state)
{
    FeedHealth health;
    health.state = state;
    health.source = QStringLiteral("coinbase");
    health.latencyMs = 142;
    health.lastSuccessAt = Now.addSecs(-12);
    health.nextAttemptAt = Now.addSecs(8);
    FeedHealth::ProviderStats coinbase;
    coinbase.name = QStringLiteral("coinbase");
    coinbase.requests = 10;
    coinbase.successes = 9;
    coinbase.failures = 1;
    FeedHealth::ProviderStats kraken;
    kraken.name = QStringLiteral("kraken");
    health.providers = {coinbase, kraken};
    return health;
}

QString text(const FeedModel &model, const QString &stream, int column)
{
    return model.index(model.rowOf(stream), column).data().toString();
}

} // namespace

class tst_FeedModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { GuiTestEnvironment::setUp(); }
    void passesModelTester();
    void oneRowPerStream();
    void healthFollowsTheSource_data();
    void healthFollowsTheSource();
    void valuesAreBatched();
    void timesMoveWithTheClock();
    void onlyPollingFeedsShowPollFields();
    void providersFollowTheirFeed();
    void providerStatus_data();
    void providerStatus();
};

void tst_FeedModel::passesModelTester()
{
    FakeSource source;
    FeedModel model(&source);
    ProviderModel providers(&model, Price);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester providerTester(&providers, QAbstractItemModelTester::FailureReportingMode::QtTest);
    source.setHealth(Price, priceHealth(FeedHealth::State::Healthy));
    source.tick(Random, 42);
    model.refreshTimes();
    FeedHealth fewer = priceHealth(FeedHealth::State::Degraded);
    fewer.providers.removeLast();
    source.setHealth(Price, fewer);
    source.setStreams({FakeSource::defaultStreams().constFirst()});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(providers.rowCount(), 0);
}

void tst_FeedModel::oneRowPerStream()
{
    FakeSource source;
    FeedModel model(&source);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(text(model, Random, FeedModel::Feed), Random);
    QCOMPARE(model.index(model.rowOf(Price), 0).data(FeedModel::StreamRole).toString(), Price);
    QCOMPARE(text(model, Price, FeedModel::State), QStringLiteral("Starting"));
    QCOMPARE(text(model, Price, FeedModel::Value), QStringLiteral("—"));
}

void tst_FeedModel::healthFollowsTheSource_data()
{
    QTest::addColumn<FeedHealth::State>("state");
    QTest::addColumn<QString>("word");
    QTest::addRow("healthy") << FeedHealth::State::Healthy << QStringLiteral("Healthy");
    QTest::addRow("degraded") << FeedHealth::State::Degraded << QStringLiteral("Degraded");
    QTest::addRow("down") << FeedHealth::State::Down << QStringLiteral("Down");
}

void tst_FeedModel::healthFollowsTheSource()
{
    QFETCH(FeedHealth::State, state);
    QFETCH(QString, word);
    FakeSource source;
    FeedModel model(&source);
    model.setClock([] { return Now; });
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    FeedHealth health = priceHealth(state);
    health.lastError = QStringLiteral("coinbase: HTTP 503");
    health.consecutiveFailures = 3;
    source.setHealth(Price, health);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), model.rowOf(Price));
    const QModelIndex stateIndex = model.index(model.rowOf(Price), FeedModel::State);
    QCOMPARE(stateIndex.data().toString(), word);
    QCOMPARE(stateIndex.data(FeedModel::HealthRole).toInt(), int(state));
    QVERIFY(stateIndex.data(Qt::DecorationRole).canConvert<QColor>());
    QCOMPARE(text(model, Price, FeedModel::Provider), QStringLiteral("coinbase"));
    QCOMPARE(text(model, Price, FeedModel::Latency), QStringLiteral("142 ms"));
    QCOMPARE(text(model, Price, FeedModel::Failures), QStringLiteral("3"));
    QCOMPARE(text(model, Price, FeedModel::LastError), QStringLiteral("coinbase: HTTP 503"));
    // The other feed is untouched.
    QCOMPARE(text(model, Random, FeedModel::State), QStringLiteral("Starting"));

    // The same health again is no news.
    source.setHealth(Price, health);
    QCOMPARE(changed.count(), 1);
}

void tst_FeedModel::valuesAreBatched()
{
    FakeSource source;
    FeedModel model(&source);
    model.setCoalesceInterval(50);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    for (int i = 0; i < 100; ++i)
        source.tick(Random, i);
    source.tick(Price, 97123.45, {{QStringLiteral("currency"), QStringLiteral("USD")}, {QStringLiteral("stale"), true}});
    QCOMPARE(changed.count(), 0);
    QTRY_COMPARE(changed.count(), 2); // one per feed, not one per tick
    QTest::qWait(100);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(text(model, Random, FeedModel::Value), QStringLiteral("99"));
    QCOMPARE(text(model, Price, FeedModel::Value), QStringLiteral("$97,123.45"));
    QVERIFY(model.index(model.rowOf(Price), FeedModel::Value).data(FeedModel::StaleRole).toBool());
    QVERIFY(!model.index(model.rowOf(Random), FeedModel::Value).data(FeedModel::StaleRole).toBool());
}

void tst_FeedModel::timesMoveWithTheClock()
{
    FakeSource source;
    FeedModel model(&source);
    QDateTime now = Now;
    model.setClock([&now] { return now; });
    source.setHealth(Price, priceHealth(FeedHealth::State::Healthy));
    QCOMPARE(text(model, Price, FeedModel::Updated), QStringLiteral("12 s ago"));
    QCOMPARE(text(model, Price, FeedModel::NextPoll), QStringLiteral("in 8 s"));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    now = now.addSecs(5);
    model.refreshTimes();
    QVERIFY(!changed.isEmpty());
    QCOMPARE(text(model, Price, FeedModel::Updated), QStringLiteral("17 s ago"));
    QCOMPARE(text(model, Price, FeedModel::NextPoll), QStringLiteral("in 3 s"));
    now = now.addSecs(200);
    QCOMPARE(text(model, Price, FeedModel::Updated), QStringLiteral("3 min 37 s ago"));
    QCOMPARE(text(model, Price, FeedModel::NextPoll), QStringLiteral("now"));
}

void tst_FeedModel::onlyPollingFeedsShowPollFields()
{
    FakeSource source;
    FeedModel model(&source);
    FeedHealth random;
    random.state = FeedHealth::State::Healthy;
    random.lastSuccessAt = Now;
    source.setHealth(Random, random);
    source.setHealth(Price, priceHealth(FeedHealth::State::Healthy));
    QVERIFY(!model.index(model.rowOf(Random), 0).data(FeedModel::PollsRole).toBool());
    QVERIFY(model.index(model.rowOf(Price), 0).data(FeedModel::PollsRole).toBool());
}

void tst_FeedModel::providersFollowTheirFeed()
{
    FakeSource source;
    FeedModel feeds(&source);
    ProviderModel providers(&feeds, Price);
    QCOMPARE(providers.rowCount(), 0);
    QSignalSpy reset(&providers, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&providers, &QAbstractItemModel::dataChanged);
    FeedHealth health = priceHealth(FeedHealth::State::Healthy);
    source.setHealth(Price, health);
    QCOMPARE(providers.rowCount(), 2);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(providers.index(0, ProviderModel::Provider).data().toString(), QStringLiteral("coinbase"));
    QCOMPARE(providers.index(0, ProviderModel::Requests).data().toString(), QStringLiteral("10"));
    QCOMPARE(providers.index(0, ProviderModel::Successes).data().toString(), QStringLiteral("9"));
    QCOMPARE(providers.index(0, ProviderModel::Failures).data().toString(), QStringLiteral("1"));

    // New counters of the same providers: a change, not a reset.
    health.providers[1].requests = 3;
    source.setHealth(Price, health);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(providers.index(1, ProviderModel::Requests).data().toString(), QStringLiteral("3"));
    // Another feed's change is not this one's.
    FeedHealth random;
    random.state = FeedHealth::State::Healthy;
    source.setHealth(Random, random);
    QCOMPARE(changed.count(), 1);
}

void tst_FeedModel::providerStatus_data()
{
    QTest::addColumn<FeedHealth::ProviderStats>("stats");
    QTest::addColumn<FeedHealth::State>("state");
    QTest::addColumn<QString>("word");
    FeedHealth::ProviderStats fresh;
    QTest::addRow("never asked") << fresh << FeedHealth::State::Starting << QStringLiteral("Not asked yet");
    FeedHealth::ProviderStats ok = fresh;
    ok.requests = ok.successes = 4;
    QTest::addRow("answering") << ok << FeedHealth::State::Healthy << QStringLiteral("Answering");
    FeedHealth::ProviderStats failing = ok;
    failing.consecutiveFailures = 2;
    QTest::addRow("failing") << failing << FeedHealth::State::Down << QStringLiteral("Failing");
    FeedHealth::ProviderStats resting = failing;
    resting.cooldownUntil = Now.addSecs(30);
    QTest::addRow("resting after 429") << resting << FeedHealth::State::Degraded << QStringLiteral("Resting");
    FeedHealth::ProviderStats rested = failing;
    rested.cooldownUntil = Now.addSecs(-30);
    QTest::addRow("rest over, still failing") << rested << FeedHealth::State::Down << QStringLiteral("Failing");
}

void tst_FeedModel::providerStatus()
{
    QFETCH(FeedHealth::ProviderStats, stats);
    QFETCH(FeedHealth::State, state);
    QFETCH(QString, word);
    QCOMPARE(ProviderModel::statusOf(stats, Now), state);
    QCOMPARE(ProviderModel::statusWord(stats, Now), word);
}

QTEST_GUILESS_MAIN(tst_FeedModel)
#include "tst_feedmodel.moc"
