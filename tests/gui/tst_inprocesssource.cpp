// The in-process source over a real server on a loopback port: it relays
// feeds and traffic, takes client snapshots only while wanted, disconnects
// a client, and shows a failed start with a retry on another port.
#include "GuiTestEnvironment.h"
#include "TestClients.h"
#include "TestServer.h"

#include "gui/model/ClientTableModel.h"
#include "gui/source/InProcessSource.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QThread>

#include <algorithm>

namespace {

constexpr int Patience = 10000;

Config testConfig()
{
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("io-threads"), 2);
    return config;
}

QUrl jsonUrl(const DashboardSource &source)
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(source.port()));
}

QUrl socketIoUrl(const DashboardSource &source)
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket").arg(source.port()));
}

} // namespace

class tst_InProcessSource final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { GuiTestEnvironment::setUp(); }
    void startsAndRelays();
    void clientsComeAndGo();
    void noClientSnapshotsUnlessWanted();
    void disconnectsAClient();
    void failedStartAndRetryOnAnotherPort();
    void stops();
    void aBusyGuiThreadDelaysNoTick();
};

void tst_InProcessSource::startsAndRelays()
{
    InProcessSource source(testConfig());
    source.setPollInterval(100);
    QSignalSpy state(&source, &DashboardSource::stateChanged);
    QSignalSpy streams(&source, &DashboardSource::streamsChanged);
    QSignalSpy ticks(&source, &DashboardSource::ticked);
    QSignalSpy traffic(&source, &DashboardSource::trafficSampled);
    QSignalSpy health(&source, &DashboardSource::feedHealthChanged);
    source.start();
    QCOMPARE(source.state(), DashboardSource::State::Live);
    QVERIFY(source.port() != 0);
    QCOMPARE(streams.count(), 1);
    QCOMPARE(source.streams().size(), 2);
    QCOMPARE(source.listenAddress(), QStringLiteral("127.0.0.1"));
    QCOMPARE(source.jsonUrl(), QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(source.port())));
    QCOMPARE(source.socketIoUrl(), QUrl(QStringLiteral("http://127.0.0.1:%1/data").arg(source.port())));
    QVERIFY(source.startedAt().isValid());
    QCOMPARE(source.sendBufferLimit(), 1024 * 1024);
    QTRY_VERIFY_WITH_TIMEOUT(ticks.count() >= 3, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(!health.isEmpty(), Patience);
    QTRY_VERIFY_WITH_TIMEOUT(traffic.count() >= 2, Patience);
    QCOMPARE(source.health(QStringLiteral("randomNumber")).state, FeedHealth::State::Healthy);
}

void tst_InProcessSource::clientsComeAndGo()
{
    InProcessSource source(testConfig());
    source.setPollInterval(100);
    ClientTableModel model(&source);
    source.setClientsWanted(true);
    source.start();

    auto json = std::make_unique<JsonTestClient>();
    QVERIFY(json->connectTo(jsonUrl(source)));
    SocketIoTestClient sio;
    QVERIFY(sio.connectTo(socketIoUrl(source)));
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 2, Patience);
    QCOMPARE(model.index(0, ClientTableModel::Protocol).data().toString(), QStringLiteral("JSON"));
    QCOMPARE(model.index(1, ClientTableModel::Protocol).data().toString(), QStringLiteral("Socket.IO"));
    QVERIFY(model.index(0, ClientTableModel::Address).data().toString().startsWith(QStringLiteral("127.0.0.1:")));

    json->sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}});
    QTRY_COMPARE_WITH_TIMEOUT(model.index(0, ClientTableModel::Subscriptions).data().toString(), QStringLiteral("randomNumber"), Patience);
    QTRY_VERIFY_WITH_TIMEOUT(model.index(0, ClientTableModel::MessagesSent).data(ClientTableModel::SortRole).toULongLong() > 2, Patience);

    json.reset();
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, Patience);
    QCOMPARE(model.index(0, ClientTableModel::Protocol).data().toString(), QStringLiteral("Socket.IO"));
}

void tst_InProcessSource::noClientSnapshotsUnlessWanted()
{
    InProcessSource source(testConfig());
    source.setPollInterval(50);
    QSignalSpy snapshots(&source, &DashboardSource::clientsSampled);
    source.start();
    JsonTestClient json;
    QVERIFY(json.connectTo(jsonUrl(source)));
    QTest::qWait(400);
    QCOMPARE(snapshots.count(), 0);
    source.setClientsWanted(true);
    QTRY_VERIFY_WITH_TIMEOUT(!snapshots.isEmpty(), Patience);
    QCOMPARE(snapshots.last().at(0).value<QList<ClientInfo>>().size(), 1);
    source.setClientsWanted(false);
    QTest::qWait(200);
    const qsizetype count = snapshots.count();
    QTest::qWait(400);
    QCOMPARE(snapshots.count(), count);
}

void tst_InProcessSource::disconnectsAClient()
{
    InProcessSource source(testConfig());
    source.setPollInterval(100);
    ClientTableModel model(&source);
    source.setClientsWanted(true);
    source.start();
    JsonTestClient json;
    QVERIFY(json.connectTo(jsonUrl(source)));
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, Patience);
    source.disconnectClient(model.idAt(0));
    QVERIFY(json.waitForDisconnect(Patience));
    QCOMPARE(json.closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 0, Patience);
}

void tst_InProcessSource::failedStartAndRetryOnAnotherPort()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    Config config = testConfig();
    config.set(QStringLiteral("port"), squatter.serverPort());
    InProcessSource source(config);
    source.start();
    QCOMPARE(source.state(), DashboardSource::State::Failed);
    QVERIFY2(source.errorString().contains(QString::number(squatter.serverPort())), qPrintable(source.errorString()));
    QCOMPARE(source.port(), 0);
    QVERIFY(source.canChangePort());
    const quint16 suggested = source.suggestedPort();
    QVERIFY(suggested > squatter.serverPort());

    source.retry(suggested);
    QCOMPARE(source.state(), DashboardSource::State::Live);
    QCOMPARE(source.port(), suggested);
    QVERIFY(source.errorString().isEmpty());
    JsonTestClient json;
    QVERIFY(json.connectTo(jsonUrl(source)));
}

void tst_InProcessSource::stops()
{
    InProcessSource source(testConfig());
    source.start();
    JsonTestClient json;
    QVERIFY(json.connectTo(jsonUrl(source)));
    QSignalSpy state(&source, &DashboardSource::stateChanged);
    source.stop();
    QCOMPARE(source.state(), DashboardSource::State::Stopping);
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Stopped, Patience);
    QVERIFY(json.waitForDisconnect(Patience));
    QCOMPARE(json.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
}

// The server runs in a thread of its own: while the GUI thread is busy (a
// repaint, a sort of 20,000 rows, a modal dialog), the feed keeps ticking on
// time. The ticks reach the window late, but each is stamped (ts) when the
// hub published it; on the GUI thread, none would be stamped while it is
// blocked.
void tst_InProcessSource::aBusyGuiThreadDelaysNoTick()
{
    InProcessSource source(testConfig()); // randomNumber every 50 ms
    QSignalSpy ticks(&source, &DashboardSource::ticked);
    source.start();
    QTRY_VERIFY_WITH_TIMEOUT(ticks.count() >= 2, Patience);
    constexpr int BusyMs = 1000;
    QThread::msleep(BusyMs);
    const qsizetype before = ticks.count();
    QTRY_VERIFY_WITH_TIMEOUT(ticks.count() >= before + BusyMs / 50 / 2, Patience);
    qint64 longestGap = 0;
    qint64 previous = 0;
    for (const QList<QVariant> &arguments : std::as_const(ticks)) {
        const Tick tick = arguments.at(0).value<Tick>();
        if (tick.stream != QLatin1String("randomNumber"))
            continue;
        if (previous != 0)
            longestGap = std::max(longestGap, tick.ts - previous);
        previous = tick.ts;
    }
    // 50 ms apart; a blocked GUI thread would show as a gap of 1 s.
    QVERIFY2(longestGap < BusyMs / 2, qPrintable(QStringLiteral("longest gap between ticks: %1 ms").arg(longestGap)));
}

QTEST_GUILESS_MAIN(tst_InProcessSource)
#include "tst_inprocesssource.moc"
