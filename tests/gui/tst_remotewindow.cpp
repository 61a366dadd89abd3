// The window over a datagate elsewhere (--monitor), offscreen: the header
// says what it watches and, when it cannot reach it, that it retries and
// when; the banner says why, with a retry that does not wait; the window's
// title names the server; Disconnect is not offered, and a note over the
// clients says why; the log says whose messages it holds. Over the fake source (the window knows
// nothing else) and then over the real remote source and a fake datagate.
#include "FakeDatagate.h"
#include "FakeSource.h"
#include "GuiTestEnvironment.h"

#include "gui/Dashboard.h"
#include "gui/model/ClientTableModel.h"
#include "gui/model/FeedModel.h"
#include "gui/model/ProviderModel.h"
#include "gui/model/ServerOverview.h"
#include "gui/model/TrayStatus.h"
#include "gui/source/RemoteSource.h"
#include "gui/style/HealthPalette.h"
#include "gui/widgets/ClientsView.h"
#include "gui/widgets/HeaderBar.h"
#include "gui/widgets/HealthBadge.h"
#include "gui/widgets/LogView.h"
#include "gui/widgets/MainWindow.h"
#include "gui/widgets/StartFailureBanner.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

namespace {

constexpr int Patience = 15000;
const QUrl Remote(QStringLiteral("http://gateway.example:3000"));

ClientInfo client(quint64 id)
{
    ClientInfo info;
    info.id = id;
    info.peer = QStringLiteral("10.0.0.%1:40000").arg(id);
    info.connectedAt = QDateTime::currentDateTime();
    return info;
}

} // namespace

class tst_RemoteWindow final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup() { QSettings().clear(); }
    void headerSaysWhatItWatches();
    void healthIsUnknownOutOfReach();
    void bannerSaysWhyAndRetriesNow();
    void disconnectIsHiddenWithTheReason_data();
    void disconnectIsHiddenWithTheReason();
    void logSaysWhoseMessages();
    void overARealRemoteSource();
};

void tst_RemoteWindow::initTestCase()
{
    GuiTestEnvironment::setUp();
    QSettings().clear();
}

void tst_RemoteWindow::headerSaysWhatItWatches()
{
    FakeSource source;
    source.setMonitored(Remote);
    Dashboard dashboard(&source);
    dashboard.show();
    MainWindow &window = *dashboard.window();
    QCOMPARE(window.header()->statusLabel()->text(), QStringLiteral("Connecting to http://gateway.example:3000…"));
    QCOMPARE(window.windowTitle(), QStringLiteral("gateway.example:3000 — datagate monitor"));
    source.setState(DashboardSource::State::Live);
    QCOMPARE(window.header()->statusLabel()->text(), QStringLiteral("Monitoring http://gateway.example:3000"));
    QVERIFY(!window.banner()->isVisible());

    source.setState(
        DashboardSource::State::Failed, QStringLiteral("Cannot reach http://gateway.example:3000: nothing accepts connections."));
    QCOMPARE(window.header()->statusLabel()->text(), QStringLiteral("Not connected to http://gateway.example:3000, retrying in 4 s"));
    // The countdown moves with the dashboard's clock.
    source.setMonitored(Remote, 2500);
    dashboard.models().overview->refreshTimes();
    QCOMPARE(window.header()->statusLabel()->text(), QStringLiteral("Not connected to http://gateway.example:3000, retrying in 3 s"));
    source.setMonitored(Remote, -1);
    dashboard.models().overview->refreshTimes();
    QCOMPARE(window.header()->statusLabel()->text(), QStringLiteral("Not connected to http://gateway.example:3000, reconnecting…"));
    // The tray's tooltip says it too.
    QVERIFY(dashboard.trayStatus()->toolTip().contains(QStringLiteral("Not connected to http://gateway.example:3000")));
}

void tst_RemoteWindow::healthIsUnknownOutOfReach()
{
    FakeSource source;
    source.setMonitored(Remote);
    Dashboard dashboard(&source);
    dashboard.show();
    source.setState(DashboardSource::State::Live);
    FeedHealth healthy;
    healthy.state = FeedHealth::State::Healthy;
    source.setHealth(QStringLiteral("randomNumber"), healthy);
    FeedHealth::ProviderStats answering;
    answering.name = QStringLiteral("coinbase");
    answering.requests = answering.successes = 5;
    healthy.providers = {answering};
    source.setHealth(QStringLiteral("bitcoinPrice"), healthy);
    ProviderModel providers(dashboard.models().feeds, QStringLiteral("bitcoinPrice"));
    QAbstractItemModelTester providersTester(&providers, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(providers.index(0, ProviderModel::Status).data().toString(), QStringLiteral("Answering"));
    QCOMPARE(providers.index(0, ProviderModel::Status).data(Qt::DecorationRole).value<QColor>(),
        HealthPalette::color(FeedHealth::State::Healthy));
    HealthBadge *light = dashboard.window()->header()->lights().at(1);
    QCOMPARE(light->word(), QStringLiteral("Healthy"));
    QCOMPARE(dashboard.trayStatus()->state(), FeedHealth::State::Healthy);

    // Out of reach: what it was is no longer known to be true.
    source.setState(DashboardSource::State::Failed, QStringLiteral("gone"));
    QCOMPARE(light->word(), QStringLiteral("Unknown"));
    QCOMPARE(light->state(), FeedHealth::State::Starting); // grey
    const FeedModel *feeds = dashboard.models().feeds;
    QVERIFY(!feeds->isHealthKnown());
    QCOMPARE(feeds->index(1, FeedModel::State).data(Qt::ToolTipRole).toString(),
        QStringLiteral("Not known while the monitored datagate cannot be reached; it was Healthy when last seen."));
    QCOMPARE(dashboard.trayStatus()->state(), FeedHealth::State::Starting);
    QVERIFY(dashboard.trayStatus()->toolTip().contains(QStringLiteral("Bitcoin price: Unknown")));
    // Nor its providers' state: no green dot beside them either.
    QCOMPARE(providers.index(0, ProviderModel::Status).data().toString(), QStringLiteral("Unknown"));
    QCOMPARE(providers.index(0, ProviderModel::Status).data(Qt::DecorationRole).value<QColor>(),
        HealthPalette::color(FeedHealth::State::Starting));
    QCOMPARE(providers.index(0, ProviderModel::Status).data(ProviderModel::HealthRole).toInt(), int(FeedHealth::State::Starting));
    // What it knew stays: the last value and its age, the counters.
    QCOMPARE(feeds->health(1).state, FeedHealth::State::Healthy);
    QCOMPARE(providers.index(0, ProviderModel::Requests).data().toString(), QStringLiteral("5"));

    source.setState(DashboardSource::State::Live);
    QCOMPARE(light->word(), QStringLiteral("Healthy"));
    QCOMPARE(providers.index(0, ProviderModel::Status).data().toString(), QStringLiteral("Answering"));

    // The server in this process always knows its feeds, even when it failed to start.
    FakeSource local;
    Dashboard inProcess(&local);
    local.setHealth(QStringLiteral("bitcoinPrice"), healthy);
    local.setState(DashboardSource::State::Failed, QStringLiteral("port in use"));
    QVERIFY(inProcess.models().feeds->isHealthKnown());
    QCOMPARE(inProcess.window()->header()->lights().at(1)->word(), QStringLiteral("Healthy"));
}

void tst_RemoteWindow::bannerSaysWhyAndRetriesNow()
{
    FakeSource source;
    source.setMonitored(Remote);
    Dashboard dashboard(&source);
    dashboard.show();
    MainWindow &window = *dashboard.window();
    StartFailureBanner *banner = window.banner();
    const QString first = QStringLiteral("Cannot reach http://gateway.example:3000: nothing accepts connections on that port.");
    source.setState(DashboardSource::State::Failed, first);
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->titleLabel()->text(), QStringLiteral("No connection to http://gateway.example:3000"));
    QCOMPARE(banner->reasonLabel()->text(), first);
    QVERIFY(!banner->portBox()->isVisible());
    QCOMPARE(banner->retryButton()->text(), QStringLiteral("Retry Now"));
    // Another reason while still failed: the banner follows.
    const QString second = QStringLiteral("http://gateway.example:3000 asks for a token (HTTP 401).");
    source.setState(DashboardSource::State::Failed, second);
    QCOMPARE(banner->reasonLabel()->text(), second);

    QTest::mouseClick(banner->retryButton(), Qt::LeftButton);
    QCOMPARE(source.retries(), QList<quint16> {0});
    QCOMPARE(source.state(), DashboardSource::State::Live);
    QVERIFY(!banner->isVisible());
}

void tst_RemoteWindow::disconnectIsHiddenWithTheReason_data()
{
    QTest::addColumn<bool>("monitored");
    QTest::addColumn<bool>("canDisconnect");
    QTest::addRow("monitored") << true << true;
    QTest::addRow("in this process") << false << true;
    QTest::addRow("a source that cannot") << true << false;
}

void tst_RemoteWindow::disconnectIsHiddenWithTheReason()
{
    QFETCH(bool, monitored);
    QFETCH(bool, canDisconnect);
    FakeSource source;
    if (monitored)
        source.setMonitored(Remote);
    source.setCanDisconnect(canDisconnect);
    Dashboard dashboard(&source);
    dashboard.show();
    source.setState(DashboardSource::State::Live);
    Q_EMIT source.clientsSampled({client(1), client(2)});
    ClientsView *view = dashboard.window()->clientsView();
    dashboard.window()->tabs()->setCurrentWidget(view);
    QVERIFY(QTest::qWaitForWindowActive(dashboard.window()));
    view->table()->setFocus();
    QCOMPARE(view->table()->model()->rowCount(), 2);
    view->table()->selectRow(0);
    QAction *disconnect = view->disconnectAction();
    // Offered wherever the source can (in this process, and a monitored
    // datagate through its DELETE /api/clients/{id}); where it cannot, not
    // at all, neither in the table's context menu nor in the Server menu,
    // nor by its shortcut, and a note says so.
    QCOMPARE(disconnect->isVisible(), canDisconnect);
    QCOMPARE(disconnect->isEnabled(), canDisconnect);
    QTest::keyClick(view->table(), Qt::Key_Delete);
    QCOMPARE(source.disconnected().isEmpty(), !canDisconnect);
    QCOMPARE(view->noteLabel()->isVisible(), !canDisconnect);
    if (!canDisconnect)
        QVERIFY2(
            view->noteLabel()->text().contains(QStringLiteral("cannot be disconnected from here")), qPrintable(view->noteLabel()->text()));
}

void tst_RemoteWindow::logSaysWhoseMessages()
{
    FakeSource source;
    source.setMonitored(Remote);
    Dashboard dashboard(&source);
    dashboard.show();
    LogView *log = dashboard.window()->logView();
    dashboard.window()->tabs()->setCurrentWidget(log);
    QVERIFY(log->noteLabel()->isVisible());
    QVERIFY(log->noteLabel()->text().contains(QStringLiteral("keeps its log on its own machine")));
    QVERIFY(log->noteLabel()->text().contains(Remote.toDisplayString()));

    FakeSource local;
    Dashboard inProcess(&local);
    inProcess.show();
    inProcess.window()->tabs()->setCurrentWidget(inProcess.window()->logView());
    QVERIFY(!inProcess.window()->logView()->noteLabel()->isVisible());
    QCOMPARE(inProcess.window()->windowTitle(), QStringLiteral("datagate"));
}

void tst_RemoteWindow::overARealRemoteSource()
{
    FakeDatagate fake;
    QVERIFY(fake.listen());
    fake.setClients(FakeDatagate::makeClients(5));
    RemoteSource source(fake.url());
    RemoteSource::Timing timing;
    timing.pollMs = 200;
    timing.requestTimeoutMs = 1000;
    timing.backoffBaseMs = timing.backoffCapMs = 30000;
    source.setTiming(timing);
    Dashboard dashboard(&source);
    dashboard.show();
    source.start();
    MainWindow &window = *dashboard.window();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE_WITH_TIMEOUT(
        window.header()->statusLabel()->text(), QStringLiteral("Monitoring %1").arg(fake.url().toDisplayString()), Patience);
    QTRY_COMPARE_WITH_TIMEOUT(window.clientsView()->table()->model()->rowCount(), 5, Patience);
    QCOMPARE(window.header()->lights().size(), 2);
    QCOMPARE(window.header()->lights().at(1)->state(), FeedHealth::State::Healthy);
    QTRY_COMPARE_WITH_TIMEOUT(window.header()->clientsLabel()->text(), QStringLiteral("1 client"), Patience);

    // Gone: the banner says so, the table empties, and Retry Now brings it back.
    const quint16 port = fake.port();
    const QString url = fake.url().toDisplayString();
    fake.close();
    QTRY_VERIFY_WITH_TIMEOUT(window.banner()->isVisible(), Patience);
    QVERIFY(window.header()->statusLabel()->text().startsWith(QStringLiteral("Not connected to %1, retrying in").arg(url)));
    QCOMPARE(window.clientsView()->table()->model()->rowCount(), 0);
    QVERIFY(fake.listen(port));
    QTest::mouseClick(window.banner()->retryButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!window.banner()->isVisible(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(window.clientsView()->table()->model()->rowCount(), 5, Patience);
}

QTEST_MAIN(tst_RemoteWindow)
#include "tst_remotewindow.moc"
