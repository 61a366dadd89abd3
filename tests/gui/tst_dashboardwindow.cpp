// The dashboard's window on the offscreen platform, over a real server in
// this process (and a fake of the price providers): it shows a connected
// client and disconnects it, follows a feed going down and coming back,
// filters its log, shows a failed start with a working retry, draws the
// charts with their stale stretches, and remembers its layout.
#include "FakeSource.h"
#include "FakeUpstream.h"
#include "GuiTestEnvironment.h"
#include "TestClients.h"
#include "TestServer.h"

#include "gui/Dashboard.h"
#include "gui/model/ChartModel.h"
#include "gui/model/ClientFilterModel.h"
#include "gui/model/ClientTableModel.h"
#include "gui/model/FeedModel.h"
#include "gui/model/LogModel.h"
#include "gui/model/TrayStatus.h"
#include "gui/source/InProcessSource.h"
#include "gui/widgets/AboutDialog.h"
#include "gui/widgets/ChartsPanel.h"
#include "gui/widgets/ClientsView.h"
#include "gui/widgets/FeedCard.h"
#include "gui/widgets/FeedsPanel.h"
#include "gui/widgets/HeaderBar.h"
#include "gui/widgets/HealthBadge.h"
#include "gui/widgets/LogView.h"
#include "gui/widgets/MainWindow.h"
#include "gui/widgets/StartFailureBanner.h"
#include "gui/widgets/StreamChart.h"
#include "logging/LogSink.h"

#include <QAction>
#include <QAreaSeries>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLoggingCategory>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTest>

#include <memory>

namespace {

Q_LOGGING_CATEGORY(lcTest, "datagate.test")

constexpr int Patience = 15000;
const QString Price = QStringLiteral("bitcoinPrice");

Config fastConfig()
{
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("io-threads"), 1);
    return config;
}

HealthBadge *lightFor(const MainWindow &window, const QString &title)
{
    for (HealthBadge *light : window.header()->lights()) {
        if (light->name() == title)
            return light;
    }
    return nullptr;
}

FeedCard *cardFor(const MainWindow &window, const QString &stream)
{
    for (FeedCard *card : window.feedsPanel()->cards()) {
        if (card->stream() == stream)
            return card;
    }
    return nullptr;
}

} // namespace

class tst_DashboardWindow final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void showsAConnectedClient();
    void disconnectsTheSelectedClient();
    void followsAFeedDownAndBack();
    void logFilters();
    void failedStartShowsBannerAndRetries();
    void chartsDrawValuesAndStaleStretches();
    void copiesUrls();
    void remembersItsLayout();
    void quitAndCloseWithoutTray();
    void aboutShowsVersionsAndBuild();

private:
    std::unique_ptr<LogSink> m_logSink;
};

void tst_DashboardWindow::initTestCase()
{
    GuiTestEnvironment::setUp();
    m_logSink = std::make_unique<LogSink>();
    QSettings().clear();
}

void tst_DashboardWindow::cleanup()
{
    QSettings().clear();
}

void tst_DashboardWindow::showsAConnectedClient()
{
    InProcessSource source(fastConfig(), m_logSink.get());
    source.setPollInterval(100);
    Dashboard dashboard(&source);
    source.start();
    dashboard.show();
    MainWindow &window = *dashboard.window();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.header()->statusLabel()->text(), QStringLiteral("Serving on 127.0.0.1, port %1").arg(source.port()));
    QVERIFY(window.isClientsTabCurrent());
    QVERIFY(source.clientsWanted()); // the table is in view

    JsonTestClient client;
    QVERIFY(client.connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(source.port()))));
    client.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}});
    QTableView *table = window.clientsView()->table();
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, Patience);
    QCOMPARE(table->model()->index(0, ClientTableModel::Protocol).data().toString(), QStringLiteral("JSON"));
    const QString peer = QStringLiteral("127.0.0.1:%1").arg(client.socket().localPort());
    QCOMPARE(table->model()->index(0, ClientTableModel::Address).data().toString(), peer);
    QTRY_COMPARE_WITH_TIMEOUT(
        table->model()->index(0, ClientTableModel::Subscriptions).data().toString(), QStringLiteral("randomNumber"), Patience);
    QTRY_COMPARE_WITH_TIMEOUT(window.header()->clientsLabel()->text(), QStringLiteral("1 client"), Patience);
    QCOMPARE(window.header()->clientsDetailLabel()->text(), QStringLiteral("Socket.IO 0 · JSON 1"));
    QCOMPARE(window.tabs()->tabText(0), QStringLiteral("Clients (1)"));
    QCOMPARE(window.clientsView()->countLabel()->text(), QStringLiteral("1 client"));
    // Its messages show up as a rate.
    QTRY_VERIFY_WITH_TIMEOUT(window.header()->messagesLabel()->text().endsWith(QStringLiteral("msg/s")), Patience);

    // Filtered away, and back.
    window.clientsView()->filterEdit()->setText(QStringLiteral("socket.io"));
    QCOMPARE(table->model()->rowCount(), 0);
    QCOMPARE(window.clientsView()->countLabel()->text(), QStringLiteral("0 of 1 client"));
    window.clientsView()->filterEdit()->clear();
    QCOMPARE(table->model()->rowCount(), 1);

    // The log tab in front: no more snapshots are asked for.
    window.tabs()->setCurrentWidget(window.logView());
    QVERIFY(!source.clientsWanted());
    window.tabs()->setCurrentWidget(window.clientsView());
    QVERIFY(source.clientsWanted());
}

void tst_DashboardWindow::disconnectsTheSelectedClient()
{
    InProcessSource source(fastConfig(), m_logSink.get());
    source.setPollInterval(100);
    Dashboard dashboard(&source);
    source.start();
    dashboard.show();
    MainWindow &window = *dashboard.window();
    JsonTestClient client;
    QVERIFY(client.connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(source.port()))));
    QTableView *table = window.clientsView()->table();
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, Patience);
    QVERIFY(!window.clientsView()->disconnectAction()->isEnabled());
    table->selectRow(0);
    QVERIFY(window.clientsView()->disconnectAction()->isEnabled());
    QVERIFY(window.clientsView()->table()->actions().contains(window.clientsView()->disconnectAction())); // in its context menu
    window.clientsView()->disconnectAction()->trigger();
    QVERIFY(client.waitForDisconnect(Patience));
    QCOMPARE(client.closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 0, Patience);
}

void tst_DashboardWindow::followsAFeedDownAndBack()
{
    FakeUpstream upstream;
    upstream.setPrice(QStringLiteral("coinbase"), 97123.45);
    Config config = fastConfig();
    config.set(QStringLiteral("btc-providers"), QStringList {QStringLiteral("coinbase")});
    config.set(QStringLiteral("btc-url"), QVariantMap {{QStringLiteral("coinbase"), upstream.url(QStringLiteral("coinbase"))}});
    config.set(QStringLiteral("btc-interval"), 200);
    config.set(QStringLiteral("btc-timeout"), 150);
    InProcessSource source(config, m_logSink.get());
    Dashboard dashboard(&source);
    source.start();
    dashboard.show();
    MainWindow &window = *dashboard.window();

    HealthBadge *light = lightFor(window, QStringLiteral("Bitcoin price"));
    QVERIFY(light);
    FeedCard *card = cardFor(window, Price);
    QVERIFY(card);
    QTRY_COMPARE_WITH_TIMEOUT(light->word(), QStringLiteral("Healthy"), Patience);
    QCOMPARE(card->badge()->word(), QStringLiteral("Healthy"));
    QTRY_COMPARE_WITH_TIMEOUT(card->field(FeedModel::Provider)->text(), QStringLiteral("coinbase"), Patience);
    QVERIFY(card->field(FeedModel::Latency)->text().endsWith(QStringLiteral(" ms")));
    QVERIFY(card->providers()->isVisibleTo(card));
    QCOMPARE(card->providers()->model()->index(0, 0).data().toString(), QStringLiteral("coinbase"));

    upstream.setResponse(QStringLiteral("coinbase"), FakeUpstream::status(503, R"({"error":"maintenance"})"));
    QTRY_COMPARE_WITH_TIMEOUT(light->word(), QStringLiteral("Down"), Patience);
    QCOMPARE(card->badge()->word(), QStringLiteral("Down"));
    QCOMPARE(dashboard.trayStatus()->state(), FeedHealth::State::Down);
    QVERIFY2(
        card->field(FeedModel::LastError)->text().contains(QStringLiteral("503")), qPrintable(card->field(FeedModel::LastError)->text()));
    QVERIFY(card->field(FeedModel::Failures)->text().toInt() >= 1);
    QCOMPARE(card->providers()->model()->index(0, 1).data().toString(), QStringLiteral("Failing"));

    upstream.setPrice(QStringLiteral("coinbase"), 97200.0);
    QTRY_COMPARE_WITH_TIMEOUT(light->word(), QStringLiteral("Healthy"), Patience);
    QCOMPARE(card->field(FeedModel::Failures)->text(), QStringLiteral("0"));
    QCOMPARE(dashboard.trayStatus()->state(), FeedHealth::State::Healthy);
}

void tst_DashboardWindow::logFilters()
{
    InProcessSource source(fastConfig(), m_logSink.get());
    Dashboard dashboard(&source);
    dashboard.show();
    LogView *log = dashboard.window()->logView();
    const QString marker = QStringLiteral("marker-%1").arg(QDateTime::currentMSecsSinceEpoch());
    qCInfo(lcTest).noquote() << marker << "an info";
    qCWarning(lcTest).noquote() << marker << "a warning";
    qCCritical(lcTest).noquote() << marker << "an error";
    log->searchEdit()->setText(marker);
    QAbstractItemModel *shown = log->table()->model();
    // Info and above by default.
    QTRY_COMPARE_WITH_TIMEOUT(shown->rowCount(), 3, Patience);
    log->levelBox()->setCurrentIndex(log->levelBox()->findData(int(LogModel::Severity::Warning)));
    QCOMPARE(shown->rowCount(), 2);
    log->levelBox()->setCurrentIndex(log->levelBox()->findData(int(LogModel::Severity::Error)));
    QCOMPARE(shown->rowCount(), 1);
    QCOMPARE(shown->index(0, LogModel::Message).data().toString(), marker + QStringLiteral(" an error"));
    QCOMPARE(shown->index(0, LogModel::Level).data().toString(), QStringLiteral("Error"));
    log->searchEdit()->setText(QStringLiteral("no such text anywhere"));
    QCOMPARE(shown->rowCount(), 0);

    // Paused, a new entry waits; resumed, it is there.
    log->searchEdit()->setText(marker);
    log->levelBox()->setCurrentIndex(0);
    log->pauseAction()->trigger();
    qCWarning(lcTest).noquote() << marker << "while paused";
    QTRY_VERIFY_WITH_TIMEOUT(log->pauseAction()->text().contains(QLatin1String("1 new")), Patience);
    QCOMPARE(shown->rowCount(), 3);
    log->pauseAction()->trigger();
    QCOMPARE(shown->rowCount(), 4);

    // Copy takes the selected lines.
    log->table()->selectAll();
    log->copyAction()->trigger();
    const QString copied = QGuiApplication::clipboard()->text();
    QVERIFY2(copied.contains(QStringLiteral("error datagate.test: ") + marker + QStringLiteral(" an error")), qPrintable(copied));
    QCOMPARE(copied.count(QLatin1Char('\n')), 4);
}

void tst_DashboardWindow::failedStartShowsBannerAndRetries()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    Config config = fastConfig();
    config.set(QStringLiteral("port"), squatter.serverPort());
    InProcessSource source(config, m_logSink.get());
    Dashboard dashboard(&source);
    source.start();
    dashboard.show();
    MainWindow &window = *dashboard.window();
    StartFailureBanner *banner = window.banner();
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->reasonLabel()->text().contains(QString::number(squatter.serverPort())), qPrintable(banner->reasonLabel()->text()));
    QCOMPARE(window.header()->statusLabel()->text(), QStringLiteral("Not serving"));
    QVERIFY(banner->portBox()->isVisible());
    QVERIFY(banner->portBox()->value() > squatter.serverPort());

    // The suggestion may be taken by now; ask for one surely free.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 free = probe.serverPort();
    probe.close();
    banner->portBox()->setValue(free);
    QTest::mouseClick(banner->retryButton(), Qt::LeftButton);
    QCOMPARE(source.state(), DashboardSource::State::Live);
    QVERIFY(!banner->isVisible());
    QCOMPARE(window.header()->statusLabel()->text(), QStringLiteral("Serving on 127.0.0.1, port %1").arg(free));
    JsonTestClient client;
    QVERIFY(client.connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(free))));
}

void tst_DashboardWindow::chartsDrawValuesAndStaleStretches()
{
    FakeSource source;
    source.setState(DashboardSource::State::Live);
    Dashboard dashboard(&source);
    dashboard.show();
    MainWindow &window = *dashboard.window();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    StreamChart *chart = nullptr;
    for (StreamChart *candidate : window.chartsPanel()->charts()) {
        if (candidate->stream() == Price)
            chart = candidate;
    }
    QVERIFY(chart);
    window.chartsPanel()->redraw();
    QVERIFY(chart->placeholder()->isVisible()); // nothing yet

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QList<bool> stale {false, false, true, true, false};
    for (qsizetype i = 0; i < stale.size(); ++i)
        source.tick(Price, 97000.0 + double(i), {{QStringLiteral("stale"), stale.at(i)}}, now - (4 - i) * 10000);
    window.chartsPanel()->redraw();
    QVERIFY(!chart->placeholder()->isVisible());
    QCOMPARE(chart->valueSeries()->count(), 5);
    QVERIFY(chart->staleSeries()->isVisible());
    QCOMPARE(chart->staleSeries()->name(), QStringLiteral("Stale"));
    QCOMPARE(chart->staleSeries()->upperSeries()->count(), 4); // one stretch
    QCOMPARE(chart->staleSeries()->upperSeries()->at(0).x(), double(now - 20000));
    QCOMPARE(chart->staleSeries()->upperSeries()->at(3).x(), double(now));

    // The window choice goes to the model.
    QComboBox *windowBox = window.chartsPanel()->windowBox();
    windowBox->setCurrentIndex(0);
    QCOMPARE(dashboard.models().charts->windowMs(), ChartModel::windowChoices().constFirst());
}

void tst_DashboardWindow::copiesUrls()
{
    FakeSource source;
    source.setState(DashboardSource::State::Live);
    Dashboard dashboard(&source);
    dashboard.show();
    QList<QAction *> copyActions;
    for (QAction *action : dashboard.window()->findChildren<QAction *>()) {
        if (action->text().startsWith(QLatin1String("Copy &S")) || action->text().startsWith(QLatin1String("Copy &W")))
            copyActions.append(action);
    }
    QCOMPARE(copyActions.size(), 2);
    for (QAction *action : std::as_const(copyActions)) {
        action->trigger();
        const QString copied = QGuiApplication::clipboard()->text();
        QVERIFY2(
            copied == QLatin1String("http://localhost:3000/data") || copied == QLatin1String("ws://localhost:3000/ws"), qPrintable(copied));
    }
}

void tst_DashboardWindow::remembersItsLayout()
{
    QList<int> sizes;
    {
        FakeSource source;
        Dashboard dashboard(&source);
        dashboard.show();
        QSplitter *splitter = dashboard.window()->findChild<QSplitter *>(QStringLiteral("mainSplitter"));
        QVERIFY(splitter);
        splitter->setSizes({300, 420});
        sizes = splitter->sizes();
        dashboard.window()->tabs()->setCurrentIndex(1);
        dashboard.window()->clientsView()->table()->setColumnWidth(ClientTableModel::Address, 222);
        dashboard.window()->saveSettings();
    }
    FakeSource source;
    Dashboard dashboard(&source);
    dashboard.show();
    QCOMPARE(dashboard.window()->findChild<QSplitter *>(QStringLiteral("mainSplitter"))->sizes(), sizes);
    QCOMPARE(dashboard.window()->tabs()->currentIndex(), 1);
    QCOMPARE(dashboard.window()->clientsView()->table()->columnWidth(ClientTableModel::Address), 222);
}

void tst_DashboardWindow::quitAndCloseWithoutTray()
{
    FakeSource source;
    source.setState(DashboardSource::State::Live);
    Dashboard dashboard(&source);
    dashboard.show();
    QSignalSpy quit(&dashboard, &Dashboard::quitRequested);
    QVERIFY(!dashboard.hasTray()); // offscreen has none
    dashboard.window()->close(); // without a tray, closing quits
    QCOMPARE(quit.count(), 1);
    dashboard.window()->quitAction()->trigger();
    QCOMPARE(quit.count(), 2);
}

void tst_DashboardWindow::aboutShowsVersionsAndBuild()
{
    AboutDialog dialog;
    QCOMPARE(dialog.windowTitle(), QStringLiteral("About datagate"));
    const QString details = dialog.detailsLabel()->text();
    QVERIFY2(details.contains(QStringLiteral("Qt ") + QString::fromLatin1(qVersion())), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("Build type: ")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("Dashboard: on")), qPrintable(details));
    bool versionShown = false;
    for (const QLabel *label : dialog.findChildren<QLabel *>())
        versionShown = versionShown || label->text() == QStringLiteral("datagate " DATAGATE_VERSION);
    QVERIFY(versionShown);
}

QTEST_MAIN(tst_DashboardWindow)
#include "tst_dashboardwindow.moc"
