// The tray's logic without a tray: the icon's state is the worst feed state,
// the tooltip sums up, a feed going down or coming back is announced once,
// and closing the window hides it only where a tray can bring it back.
#include "FakeSource.h"
#include "GuiTestEnvironment.h"

#include "gui/Dashboard.h"
#include "gui/model/FeedModel.h"
#include "gui/model/ServerOverview.h"
#include "gui/model/TrayStatus.h"
#include "gui/style/HealthPalette.h"

#include <QSignalSpy>
#include <QTest>

namespace {

const QString Price = QStringLiteral("bitcoinPrice");
const QString Random = QStringLiteral("randomNumber");

FeedHealth health(FeedHealth::State state, const QString &error = QString())
{
    FeedHealth health;
    health.state = state;
    health.lastError = error;
    health.source = QStringLiteral("coinbase");
    return health;
}

} // namespace

class tst_TrayStatus final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { GuiTestEnvironment::setUp(); }
    void worstStateWins_data();
    void worstStateWins();
    void notifiesDownAndRecovery();
    void tooltipSumsUp();
    void closeHidesOnlyWithATray_data();
    void closeHidesOnlyWithATray();
};

void tst_TrayStatus::worstStateWins_data()
{
    QTest::addColumn<FeedHealth::State>("price");
    QTest::addColumn<FeedHealth::State>("random");
    QTest::addColumn<FeedHealth::State>("expected");
    using S = FeedHealth::State;
    QTest::addRow("both starting") << S::Starting << S::Starting << S::Starting;
    QTest::addRow("all healthy") << S::Healthy << S::Healthy << S::Healthy;
    QTest::addRow("one starting") << S::Healthy << S::Starting << S::Starting;
    QTest::addRow("one degraded") << S::Degraded << S::Healthy << S::Degraded;
    QTest::addRow("degraded beats starting") << S::Degraded << S::Starting << S::Degraded;
    QTest::addRow("one down") << S::Down << S::Healthy << S::Down;
    QTest::addRow("down beats degraded") << S::Degraded << S::Down << S::Down;
}

void tst_TrayStatus::worstStateWins()
{
    QFETCH(FeedHealth::State, price);
    QFETCH(FeedHealth::State, random);
    QFETCH(FeedHealth::State, expected);
    FakeSource source;
    FeedModel feeds(&source);
    TrayStatus status(&feeds);
    source.setHealth(Price, health(price));
    source.setHealth(Random, health(random));
    QCOMPARE(status.state(), expected);
    QCOMPARE(HealthPalette::worst({price, random}), expected);
}

void tst_TrayStatus::notifiesDownAndRecovery()
{
    FakeSource source;
    FeedModel feeds(&source);
    TrayStatus status(&feeds);
    QSignalSpy notified(&status, &TrayStatus::notify);
    QSignalSpy stateChanged(&status, &TrayStatus::stateChanged);

    source.setHealth(Price, health(FeedHealth::State::Healthy));
    source.setHealth(Random, health(FeedHealth::State::Healthy));
    QCOMPARE(notified.count(), 0); // starting up is no news
    source.setHealth(Price, health(FeedHealth::State::Degraded, QStringLiteral("coinbase: HTTP 503")));
    QCOMPARE(notified.count(), 0);
    QCOMPARE(status.state(), FeedHealth::State::Degraded);

    source.setHealth(Price, health(FeedHealth::State::Down, QStringLiteral("coinbase: HTTP 503")));
    QCOMPARE(notified.count(), 1);
    QCOMPARE(notified.at(0).at(0).toString(), QStringLiteral("Bitcoin price is down"));
    QVERIFY(notified.at(0).at(1).toString().contains(QStringLiteral("HTTP 503")));
    QCOMPARE(notified.at(0).at(2).toBool(), true);
    QCOMPARE(status.state(), FeedHealth::State::Down);

    // Still down, with a new error: no second notification.
    source.setHealth(Price, health(FeedHealth::State::Down, QStringLiteral("timeout")));
    QCOMPARE(notified.count(), 1);

    source.setHealth(Price, health(FeedHealth::State::Healthy));
    QCOMPARE(notified.count(), 2);
    QCOMPARE(notified.at(1).at(0).toString(), QStringLiteral("Bitcoin price is back"));
    QCOMPARE(notified.at(1).at(2).toBool(), false);
    QCOMPARE(status.state(), FeedHealth::State::Healthy);
    QCOMPARE(stateChanged.count(), 4); // healthy, degraded, down, healthy

    // A feed that never came up and goes down is news too.
    FakeSource fresh;
    FeedModel freshFeeds(&fresh);
    TrayStatus freshStatus(&freshFeeds);
    QSignalSpy freshNotified(&freshStatus, &TrayStatus::notify);
    fresh.setHealth(Price, health(FeedHealth::State::Down));
    QCOMPARE(freshNotified.count(), 1);
}

void tst_TrayStatus::tooltipSumsUp()
{
    FakeSource source;
    source.setState(DashboardSource::State::Live);
    FeedModel feeds(&source);
    ServerOverview overview(&source);
    TrayStatus status(&feeds, &overview);
    QSignalSpy changed(&status, &TrayStatus::toolTipChanged);
    source.setHealth(Price, health(FeedHealth::State::Down));
    QVERIFY(changed.count() >= 1);
    const QString tip = status.toolTip();
    QVERIFY2(tip.contains(QStringLiteral("Serving on all interfaces, port 3000")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("Bitcoin price: Down")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("Random numbers: Starting")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("0 clients")), qPrintable(tip));
}

void tst_TrayStatus::closeHidesOnlyWithATray_data()
{
    QTest::addColumn<bool>("tray");
    QTest::addColumn<DashboardSource::State>("state");
    QTest::addColumn<bool>("hides");
    QTest::addRow("tray, serving") << true << DashboardSource::State::Live << true;
    QTest::addRow("tray, starting") << true << DashboardSource::State::Starting << true;
    QTest::addRow("tray, not serving") << true << DashboardSource::State::Failed << false;
    QTest::addRow("no tray, serving") << false << DashboardSource::State::Live << false;
}

void tst_TrayStatus::closeHidesOnlyWithATray()
{
    QFETCH(bool, tray);
    QFETCH(DashboardSource::State, state);
    QFETCH(bool, hides);
    QCOMPARE(Dashboard::closeHidesToTray(tray, state), hides);
}

QTEST_GUILESS_MAIN(tst_TrayStatus)
#include "tst_traystatus.moc"
