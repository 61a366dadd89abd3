// The cluster on the dashboard (--redis): the ClusterModel from the source's
// samples, the panel that shows it only in a cluster, and a feed card that
// says why its feed is degraded while the cluster is.
#include "FakeSource.h"
#include "GuiTestEnvironment.h"

#include "gui/model/ClusterModel.h"
#include "gui/model/FeedModel.h"
#include "gui/model/Format.h"
#include "gui/widgets/ClusterPanel.h"
#include "gui/widgets/FeedCard.h"
#include "gui/widgets/HealthBadge.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

namespace {

const QString Random = QStringLiteral("randomNumber");
const QString Bitcoin = QStringLiteral("bitcoinPrice");

// Instance a produces the random numbers, b the Bitcoin price.
ClusterStatus twoInstances()
{
    ClusterStatus status;
    status.mode = ClusterStatus::Mode::Cluster;
    status.instance = QStringLiteral("a");
    status.redis = QStringLiteral("127.0.0.1:6379/0");
    status.redisConnected = true;
    status.epoch = QStringLiteral("e1");
    status.streams = {{Random, true, QStringLiteral("a")}, {Bitcoin, false, QStringLiteral("b")}};
    status.instances = {
        {QStringLiteral("a"), QStringLiteral("any:3000"), 12, {Random}}, {QStringLiteral("b"), QStringLiteral("any:3001"), 7, {Bitcoin}}};
    return status;
}

} // namespace

class tst_ClusterView final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { GuiTestEnvironment::setUp(); }
    void modelFollowsTheSamples();
    void degradedProducesEverythingHere();
    void statusJsonRoundTrip();
    void panelShownOnlyInACluster();
    void feedCardSaysWhyItIsDegraded();
};

void tst_ClusterView::modelFollowsTheSamples()
{
    FakeSource source;
    ClusterModel model(&source);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &ClusterModel::statusChanged);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.isEnabled());

    Q_EMIT source.clusterSampled(twoInstances());
    QCOMPARE(changed.count(), 1);
    QVERIFY(model.isEnabled());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, ClusterModel::Instance).data().toString(), QStringLiteral("a (this one)"));
    QVERIFY(model.index(0, ClusterModel::Instance).data(ClusterModel::ThisInstanceRole).toBool());
    QCOMPARE(model.index(1, ClusterModel::Instance).data().toString(), QStringLiteral("b"));
    QCOMPARE(model.index(1, ClusterModel::Address).data().toString(), QStringLiteral("any:3001"));
    QCOMPARE(model.index(1, ClusterModel::Clients).data().toString(), Format::count(7));
    QCOMPARE(model.index(0, ClusterModel::Produces).data().toString(), Format::streamTitle(Random));
    QCOMPARE(model.index(1, ClusterModel::Produces).data().toString(), Format::streamTitle(Bitcoin));
    QCOMPARE(model.producerOf(Random), QStringLiteral("a"));
    QCOMPARE(model.producerOf(Bitcoin), QStringLiteral("b"));
    QCOMPARE(model.health(), FeedHealth::State::Healthy);
    QCOMPARE(model.redisText(), QStringLiteral("Redis 127.0.0.1:6379/0: connected"));

    // The same sample again announces nothing.
    Q_EMIT source.clusterSampled(twoInstances());
    QCOMPARE(changed.count(), 1);

    // The lease moves: this instance's own roles count, not the registry's last word.
    ClusterStatus moved = twoInstances();
    moved.streams = {{Random, false, QStringLiteral("b")}, {Bitcoin, false, QStringLiteral("b")}};
    moved.instances[1].clients = 9;
    QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
    Q_EMIT source.clusterSampled(moved);
    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(model.index(0, ClusterModel::Produces).data().toString(), Format::none());
    QCOMPARE(model.index(1, ClusterModel::Clients).data().toString(), Format::count(9));
    QCOMPARE(model.producerOf(Random), QStringLiteral("b"));

    // A third instance joins, then leaves.
    ClusterStatus three = moved;
    three.instances.append({QStringLiteral("c"), QStringLiteral("any:3002"), 0, {}});
    Q_EMIT source.clusterSampled(three);
    QCOMPARE(model.rowCount(), 3);
    Q_EMIT source.clusterSampled(moved);
    QCOMPARE(model.rowCount(), 2);

    // A datagate that leaves the cluster (or one without --redis).
    Q_EMIT source.clusterSampled(ClusterStatus());
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.isEnabled());
}

void tst_ClusterView::degradedProducesEverythingHere()
{
    ClusterModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ClusterStatus degraded = twoInstances();
    degraded.mode = ClusterStatus::Mode::Degraded;
    degraded.redisConnected = false;
    degraded.reason = QStringLiteral("Redis unreachable: Connection refused");
    model.applyStatus(degraded);
    QCOMPARE(model.health(), FeedHealth::State::Degraded);
    QCOMPARE(model.modeWord(), QStringLiteral("Degraded"));
    QCOMPARE(model.redisText(), QStringLiteral("Redis 127.0.0.1:6379/0: unreachable"));
    QCOMPARE(model.producerOf(Bitcoin), QStringLiteral("a"));
    QCOMPARE(model.index(0, ClusterModel::Produces).data(ClusterModel::ProducesRole).toStringList(), QStringList({Random, Bitcoin}));
}

void tst_ClusterView::statusJsonRoundTrip()
{
    // What /api/status says is what --monitor shows.
    for (const ClusterStatus::Mode mode : {ClusterStatus::Mode::Cluster, ClusterStatus::Mode::Degraded}) {
        ClusterStatus status = twoInstances();
        status.mode = mode;
        status.reason = mode == ClusterStatus::Mode::Degraded ? QStringLiteral("Redis unreachable: x") : QString();
        if (mode == ClusterStatus::Mode::Degraded)
            status.streams[1].producer = true; // every stream is produced here then
        status.reconnects = 2;
        status.published = 30;
        status.received = 40;
        status.publishFailures = 1;
        QCOMPARE(ClusterStatus::fromJson(status.toJson()), status);
    }
    QCOMPARE(ClusterStatus::fromJson(ClusterStatus().toJson()), ClusterStatus());
    QCOMPARE(ClusterStatus::fromJson({}), ClusterStatus());
}

void tst_ClusterView::panelShownOnlyInACluster()
{
    ClusterModel model;
    // In a window, as above the feeds: shown with it only in a cluster.
    QWidget window;
    auto *panel = new ClusterPanel(&model, &window);
    window.show();
    QVERIFY(panel->isHidden());

    model.applyStatus(twoInstances());
    QVERIFY(!panel->isHidden());
    QCOMPARE(panel->badge()->state(), FeedHealth::State::Healthy);
    QCOMPARE(panel->badge()->word(), model.modeWord());
    QCOMPARE(panel->redisLabel()->text(), model.redisText());
    QVERIFY(panel->reasonLabel()->isHidden());
    QVERIFY(!panel->instances()->isHidden());
    QCOMPARE(panel->instances()->model()->rowCount(), 2);
    // Every row shows, without a scroll bar of its own.
    QVERIFY(panel->instances()->height() >= panel->instances()->rowViewportPosition(1) + panel->instances()->rowHeight(1));

    ClusterStatus degraded = twoInstances();
    degraded.mode = ClusterStatus::Mode::Degraded;
    degraded.redisConnected = false;
    degraded.reason = QStringLiteral("Redis unreachable: Connection refused");
    model.applyStatus(degraded);
    QCOMPARE(panel->badge()->state(), FeedHealth::State::Degraded);
    QVERIFY(!panel->reasonLabel()->isHidden());
    QCOMPARE(panel->reasonLabel()->text(), degraded.reason);

    model.applyStatus(ClusterStatus());
    QVERIFY(panel->isHidden());
}

void tst_ClusterView::feedCardSaysWhyItIsDegraded()
{
    FakeSource source;
    source.setState(DashboardSource::State::Live);
    FeedModel model(&source);
    FeedCard card(&model, model.rowOf(Random));
    card.show();
    FeedHealth health;
    health.state = FeedHealth::State::Healthy;
    source.setHealth(Random, health);
    QVERIFY(card.degradedReason()->isHidden());

    health.state = FeedHealth::State::Degraded;
    health.degradedReason = QStringLiteral("Redis unreachable: Connection refused; producing locally");
    source.setHealth(Random, health);
    QTRY_VERIFY(!card.degradedReason()->isHidden());
    QCOMPARE(card.degradedReason()->text(), health.degradedReason);
    QCOMPARE(card.badge()->state(), FeedHealth::State::Degraded);
    QCOMPARE(card.badge()->toolTip(), health.degradedReason);

    health.state = FeedHealth::State::Healthy;
    health.degradedReason.clear();
    source.setHealth(Random, health);
    QTRY_VERIFY(card.degradedReason()->isHidden());
}

QTEST_MAIN(tst_ClusterView)
#include "tst_clusterview.moc"
