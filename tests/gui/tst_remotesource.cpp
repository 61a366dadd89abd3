// The remote source (--monitor) against a real second datagate process,
// started here from the binary: it shows that process's clients, prices and
// counters through the dashboard's models, reports the process going away
// (killed, or shut down) and fills the models again when another one comes
// up on the same port, without being restarted; it asks for the token when
// the status API wants one. Against the real Server in this process, field
// by field against what that server holds, so that the formats cannot
// drift; there too, that it disconnects a client and fills the charts with
// what the server still holds, without a tick twice, on every connection.
// Against a fake datagate (FakeDatagate) for what
// a real one does not do on demand: HTTP errors, answers that are not a
// datagate's, silence, huge bodies, slow answers, many pages of clients, a
// skewed clock.
#include "FakeDatagate.h"
#include "GuiTestEnvironment.h"
#include "PublishedTicks.h"
#include "TestClients.h"
#include "TestServer.h"

#include "gui/model/ChartModel.h"
#include "gui/model/ClientTableModel.h"
#include "gui/model/FeedModel.h"
#include "gui/model/Format.h"
#include "gui/model/ServerOverview.h"
#include "gui/source/RemoteSource.h"
#include "hub/Hub.h"
#include "logging/LogSink.h"

#include <QAbstractItemModelTester>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

constexpr int Patience = 15000;
const QString Price = QStringLiteral("bitcoinPrice");
const QString Random = QStringLiteral("randomNumber");

// Short enough that a test sees several polls and reconnects in a second
// or two; the backoff's doubling is tst_reconnectbackoff's.
RemoteSource::Timing fastTiming()
{
    RemoteSource::Timing timing;
    timing.pollMs = 200;
    timing.requestTimeoutMs = 1000;
    timing.backoffBaseMs = 100;
    timing.backoffCapMs = 400;
    return timing;
}

// A datagate started from the binary, headless, on loopback.
class RemoteProcess {
public:
    ~RemoteProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    // port 0: any; the one it got is read from its log.
    bool start(quint16 port = 0, const QStringList &extra = {})
    {
        m_err.clear();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const QString &name : environment.keys()) {
            if (name.startsWith(QLatin1String("DATAGATE_")))
                environment.remove(name);
        }
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.path());
        m_process.setProcessEnvironment(environment);
        m_process.start(QStringLiteral(DATAGATE_BINARY),
            QStringList {QStringLiteral("--no-gui"), QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                QString::number(port), QStringLiteral("--btc-providers"), QStringLiteral("simulated"), QStringLiteral("--btc-interval"),
                QStringLiteral("200"), QStringLiteral("--random-interval"), QStringLiteral("100"), QStringLiteral("--shutdown-timeout"),
                QStringLiteral("200")}
                + extra);
        static const QRegularExpression listening(QStringLiteral(R"(listening on \S+ port (\d+))"));
        QRegularExpressionMatch match;
        const bool started = QTest::qWaitFor(
            [&] {
                m_err += m_process.readAllStandardError();
                match = listening.match(QString::fromUtf8(m_err));
                return match.hasMatch() || m_process.state() == QProcess::NotRunning;
            },
            Patience);
        if (!started || !match.hasMatch())
            return false;
        m_port = quint16(match.captured(1).toUInt());
        return true;
    }
    void signal(int number)
    {
        ::kill(pid_t(m_process.processId()), number);
        m_process.waitForFinished(Patience);
        m_err += m_process.readAllStandardError();
    }
    quint16 port() const { return m_port; }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }
    QString log() const { return QString::fromUtf8(m_err.right(3000)); }

private:
    QTemporaryDir m_home;
    QProcess m_process;
    QByteArray m_err;
    quint16 m_port = 0;
};

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(content);
    return path;
}

int rowOfPeer(const ClientTableModel &model, const QString &peer)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, ClientTableModel::Address).data().toString() == peer)
            return row;
    }
    return -1;
}

QString localPeer(WsTestClient &client)
{
    return QStringLiteral("127.0.0.1:%1").arg(client.socket().localPort());
}

QList<Tick> ticksOf(const QSignalSpy &spy, const QString &stream)
{
    QList<Tick> ticks;
    for (const QList<QVariant> &arguments : spy) {
        const Tick tick = arguments.at(0).value<Tick>();
        if (tick.stream == stream)
            ticks.append(tick);
    }
    return ticks;
}

// The seqs of one stream's ticks a source sent, through either signal.
QList<quint64> seqsOf(const QList<Tick> &ticks, const QString &stream)
{
    QList<quint64> seqs;
    for (const Tick &tick : ticks) {
        if (tick.stream == stream)
            seqs.append(tick.seq);
    }
    return seqs;
}

QList<Tick> recalledOf(const QSignalSpy &spy)
{
    QList<Tick> ticks;
    for (const QList<QVariant> &arguments : spy)
        ticks += arguments.at(0).value<QList<Tick>>();
    return ticks;
}

// The message of the latest entry of the monitor's log that contains text.
QString monitorLogLine(const DashboardSource &source, const QString &text, QtMsgType type)
{
    const QList<LogEntry> entries = source.logBacklog();
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        if (it->category == QLatin1String("datagate.monitor") && it->type == type && it->message.contains(text))
            return it->message;
    }
    return {};
}

} // namespace

class tst_RemoteSource final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { GuiTestEnvironment::setUp(); }
    void showsTheRemotesClientsAndPrices();
    void readsTheServerAsItWritesIt();
    void pollsWithoutOverlapping();
    void reportsTheRemoteGoingAwayAndRecovers_data();
    void reportsTheRemoteGoingAwayAndRecovers();
    void askForTheToken_data();
    void askForTheToken();
    void trustsTheCaOfMonitorCa_data();
    void trustsTheCaOfMonitorCa();
    void saysWhatIsWrong_data();
    void saysWhatIsWrong();
    void pagesThroughEveryClient();
    void asksForClientsOnlyWhileWanted();
    void rereadsTheTokenFile();
    void retryNowDoesNotWait();
    void followsRemoteHealthAndLogsIt();
    void movesRemoteTimesOntoOurClock();
    void stops();
    void disconnectsAClient();
    void saysWhyItCannotDisconnect_data();
    void saysWhyItCannotDisconnect();
    void fillsTheChartsOnEveryConnection();
    void startsEmptyWithoutHistory();
};

void tst_RemoteSource::showsTheRemotesClientsAndPrices()
{
    RemoteProcess remote;
    QVERIFY2(remote.start(), qPrintable(remote.log()));
    JsonTestClient json;
    QVERIFY(json.connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(remote.port()))));
    json.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}});
    SocketIoTestClient socketIo;
    QVERIFY(socketIo.connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket").arg(remote.port()))));
    socketIo.emitEvent(QStringLiteral("subscribeBitcoinPrice"));

    RemoteSource source(remote.url());
    source.setTiming(fastTiming());
    ClientTableModel clients(&source);
    FeedModel feeds(&source);
    ChartModel charts(&source);
    ServerOverview overview(&source);
    QAbstractItemModelTester clientsTester(&clients, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester feedsTester(&feeds, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy ticks(&source, &DashboardSource::ticked);
    QSignalSpy traffic(&source, &DashboardSource::trafficSampled);
    source.setClientsWanted(true);
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Live, Patience);
    QVERIFY(source.errorString().isEmpty());

    // What the window shows about where it is.
    QCOMPARE(source.monitoredUrl(), remote.url());
    QCOMPARE(source.port(), remote.port());
    QCOMPARE(source.listenAddress(), QStringLiteral("127.0.0.1"));
    QCOMPARE(source.jsonUrl(), QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(remote.port())));
    QCOMPARE(source.socketIoUrl(), QUrl(QStringLiteral("http://127.0.0.1:%1/data").arg(remote.port())));
    QCOMPARE(source.sendBufferLimit(), 1024 * 1024);
    // Said once it answered, after the model was made.
    QVERIFY(
        clients.headerData(ClientTableModel::BytesQueued, Qt::Horizontal, Qt::ToolTipRole).toString().contains(Format::bytes(1024 * 1024)));
    QVERIFY(source.startedAt().isValid());
    QVERIFY(qAbs(source.startedAt().secsTo(QDateTime::currentDateTime())) < 30);
    QVERIFY(source.canDisconnectClients());
    QVERIFY(overview.disconnectUnavailableText().isEmpty());
    QVERIFY(overview.statusText().contains(QStringLiteral("Monitoring http://127.0.0.1:%1").arg(remote.port())));

    // Its feeds, with their health, and prices as they come.
    QCOMPARE(feeds.rowCount(), 2);
    QCOMPARE(feeds.rowOf(Random), 0);
    QCOMPARE(feeds.rowOf(Price), 1);
    QTRY_COMPARE_WITH_TIMEOUT(source.health(Price).state, FeedHealth::State::Healthy, Patience);
    QTRY_COMPARE_WITH_TIMEOUT(
        feeds.index(1, FeedModel::State).data(FeedModel::HealthRole).toInt(), int(FeedHealth::State::Healthy), Patience);
    QCOMPARE(feeds.index(1, FeedModel::Provider).data().toString(), QStringLiteral("simulated"));
    QTRY_VERIFY_WITH_TIMEOUT(ticksOf(ticks, Price).size() >= 3, Patience);
    const Tick price = ticksOf(ticks, Price).last();
    QVERIFY2(price.value.toDouble() > 0, qPrintable(QString::number(price.value.toDouble())));
    QCOMPARE(price.details.value(QStringLiteral("source")).toString(), QStringLiteral("simulated"));
    QVERIFY(!price.details.contains(QStringLiteral("price")) && !price.details.contains(QStringLiteral("seq")));
    QVERIFY(ticksOf(ticks, Price).first().seq < price.seq);
    QVERIFY(qAbs(price.ts - QDateTime::currentMSecsSinceEpoch()) < 5000);
    QTRY_VERIFY_WITH_TIMEOUT(ticksOf(ticks, Random).size() >= 3, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(feeds.index(1, FeedModel::Value).data().toString().contains(QLatin1Char('$')), Patience);
    QVERIFY(!charts.frame(Price, 100).empty);

    // Its clients: the two here, and the source's own WebSocket.
    QTRY_VERIFY_WITH_TIMEOUT(rowOfPeer(clients, localPeer(json)) >= 0 && rowOfPeer(clients, localPeer(socketIo)) >= 0, Patience);
    QCOMPARE(clients.rowCount(), 3);
    const int jsonRow = rowOfPeer(clients, localPeer(json));
    QCOMPARE(clients.index(jsonRow, ClientTableModel::Protocol).data().toString(), QStringLiteral("JSON"));
    QTRY_COMPARE_WITH_TIMEOUT(
        clients.index(rowOfPeer(clients, localPeer(json)), ClientTableModel::Subscriptions).data().toString(), Random, Patience);
    const int socketIoRow = rowOfPeer(clients, localPeer(socketIo));
    QCOMPARE(clients.index(socketIoRow, ClientTableModel::Protocol).data().toString(), QStringLiteral("Socket.IO"));
    QCOMPARE(clients.index(socketIoRow, ClientTableModel::Subscriptions).data().toString(), Price);

    // Its counters, and rates from their deltas.
    QTRY_COMPARE_WITH_TIMEOUT(overview.clients(), quint64(3), Patience);
    QCOMPARE(overview.socketIoClients(), quint64(1));
    QTRY_VERIFY_WITH_TIMEOUT(overview.rates().has_value() && overview.rates()->messagesPerSecond > 0, Patience);

    // A client leaves there, and here.
    json.socket().close();
    QTRY_COMPARE_WITH_TIMEOUT(clients.rowCount(), 2, Patience);
    QCOMPARE(rowOfPeer(clients, localPeer(json)), -1);
}

void tst_RemoteSource::readsTheServerAsItWritesIt()
{
    // The real Server in this process, behind a token: what the source
    // reads is compared field by field with what the server itself holds,
    // so that the status API's and the JSON protocol's formats cannot drift
    // from what RemoteProtocol expects.
    QTemporaryDir dir;
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("admin-token-file"), writeFile(dir, QStringLiteral("admin"), "in-process-token\n"));
    config.set(QStringLiteral("btc-interval"), 200);
    TestServer server(config);
    QVERIFY(server.start());
    const Hub &hub = *server.server().hub();
    QSignalSpy hubTicks(&hub, &Hub::ticked);
    JsonTestClient json;
    QVERIFY(json.connectTo(server.jsonUrl()));
    json.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeBitcoinPrice")}});

    RemoteSource source(
        QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port())), writeFile(dir, QStringLiteral("mine"), "in-process-token\n"));
    source.setTiming(fastTiming());
    ClientTableModel clients(&source);
    FeedModel feeds(&source);
    ServerOverview overview(&source);
    QAbstractItemModelTester clientsTester(&clients, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester feedsTester(&feeds, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy ticks(&source, &DashboardSource::ticked);
    source.setClientsWanted(true);
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Live, Patience);

    // The streams as the hub has them, in its order.
    const QList<StreamInfo> streams = hub.streams();
    QCOMPARE(source.streams().size(), streams.size());
    for (qsizetype i = 0; i < streams.size(); ++i) {
        QCOMPARE(source.streams().at(i).name, streams.at(i).name);
        QCOMPARE(source.streams().at(i).description, streams.at(i).description);
        QCOMPARE(source.streams().at(i).valueKey, streams.at(i).valueKey);
    }
    // The source shows the remote's times on this machine's clock, shifted by
    // the offset it estimates from a request's round trip (milliseconds here):
    // equal within that, not to the second (a shift of 2 ms may cross one).
    QVERIFY2(qAbs(source.startedAt().msecsTo(server.server().startedAt())) < 500,
        qPrintable(QStringLiteral("%1 ms apart").arg(source.startedAt().msecsTo(server.server().startedAt()))));
    QCOMPARE(source.sendBufferLimit(), config.integer(QStringLiteral("max-send-buffer")));
    QCOMPARE(source.listenAddress(), QStringLiteral("127.0.0.1"));

    // The price feed's health as the hub has it, once it settled.
    QTRY_COMPARE_WITH_TIMEOUT(hub.health(Price).state, FeedHealth::State::Healthy, Patience);
    QTRY_COMPARE_WITH_TIMEOUT(source.health(Price).state, FeedHealth::State::Healthy, Patience);
    const FeedHealth theirs = hub.health(Price);
    const FeedHealth ours = source.health(Price);
    QCOMPARE(ours.source, theirs.source);
    QCOMPARE(ours.providers.size(), theirs.providers.size());
    for (qsizetype i = 0; i < theirs.providers.size(); ++i)
        QCOMPARE(ours.providers.at(i).name, theirs.providers.at(i).name);
    QVERIFY(ours.lastSuccessAt.isValid());

    // Every tick as the hub published it: value, seq, stamp and details.
    QTRY_VERIFY_WITH_TIMEOUT(ticksOf(ticks, Price).size() >= 2 && ticksOf(ticks, Random).size() >= 2, Patience);
    for (const QString &stream : {Price, Random}) {
        const Tick received = ticksOf(ticks, stream).last();
        bool found = false;
        for (const Tick &published : ticksOf(hubTicks, stream)) {
            if (published.seq != received.seq)
                continue;
            found = true;
            QCOMPARE(received.value, published.value);
            QCOMPARE(received.details, published.details);
            // Moved by the clock offset, which on one machine is about nothing.
            QVERIFY2(qAbs(received.ts - published.ts) < 1000, qPrintable(QString::number(received.ts - published.ts)));
        }
        QVERIFY2(found, qPrintable(stream));
    }

    // The clients as the server lists them: the JSON client here and the
    // source's own WebSocket.
    QTRY_VERIFY_WITH_TIMEOUT(rowOfPeer(clients, localPeer(json)) >= 0, Patience);
    QCOMPARE(clients.rowCount(), 2);
    QList<ClientInfo> serverClients;
    bool answered = false;
    server.server().requestClients(&server.server(), [&](const QList<ClientInfo> &list) {
        serverClients = list;
        answered = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(answered, Patience);
    QCOMPARE(serverClients.size(), 2);
    const int row = rowOfPeer(clients, localPeer(json));
    for (const ClientInfo &client : std::as_const(serverClients)) {
        if (client.peer != localPeer(json))
            continue;
        QCOMPARE(clients.idAt(row), client.id);
        QCOMPARE(clients.index(row, ClientTableModel::Protocol).data().toString(), QStringLiteral("JSON"));
        QCOMPARE(clients.index(row, ClientTableModel::Subscriptions).data().toString(), client.streams.join(QStringLiteral(", ")));
    }
    QTRY_COMPARE_WITH_TIMEOUT(overview.clients(), quint64(2), Patience);
}

void tst_RemoteSource::pollsWithoutOverlapping()
{
    // A server slower to answer than the poll interval: the next request
    // waits for the answer to the last one and never piles up on it.
    FakeDatagate fake;
    QVERIFY(fake.listen());
    fake.setClients(FakeDatagate::makeClients(2500)); // three pages
    RemoteSource source(fake.url());
    source.setTiming(fastTiming()); // polls 200 ms apart
    QSignalSpy snapshots(&source, &DashboardSource::clientsSampled);
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Live, Patience);
    fake.setDelay(QStringLiteral("/api/status"), 450);
    fake.setDelay(QStringLiteral("/api/clients"), 150);
    fake.clearRequests();
    source.setClientsWanted(true);
    QTest::qWait(2000);
    QCOMPARE(source.state(), DashboardSource::State::Live);
    QCOMPARE(fake.maxInFlight(QStringLiteral("/api/status")), 1);
    QCOMPARE(fake.maxInFlight(QStringLiteral("/api/clients")), 1);
    // One status request per answer and pause: 2000 / (450 + 200) ≈ 3.
    const int polls = fake.requestCount(QStringLiteral("/api/status"));
    QVERIFY2(polls >= 2 && polls <= 4, qPrintable(QString::number(polls)));
    QVERIFY(!snapshots.isEmpty());
    QCOMPARE(snapshots.last().at(0).value<QList<ClientInfo>>().size(), 2500);
}

void tst_RemoteSource::reportsTheRemoteGoingAwayAndRecovers_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::addColumn<QString>("reason");
    // Killed: the connection drops without a word; stopped: it says 1001.
    QTest::addRow("killed") << int(SIGKILL) << QStringLiteral("(broke off|nothing accepts connections)");
    QTest::addRow("shut down") << int(SIGTERM) << QStringLiteral("is shutting down");
}

void tst_RemoteSource::reportsTheRemoteGoingAwayAndRecovers()
{
    QFETCH(int, signalNumber);
    QFETCH(QString, reason);
    RemoteProcess remote;
    QVERIFY2(remote.start(), qPrintable(remote.log()));
    const quint16 port = remote.port();
    RemoteSource source(remote.url());
    // Polls far apart, so that the shutdown's 1001 comes before a poll
    // finds the port closed.
    RemoteSource::Timing timing = fastTiming();
    timing.pollMs = 2000;
    source.setTiming(timing);
    ClientTableModel clients(&source);
    FeedModel feeds(&source);
    ServerOverview overview(&source);
    QAbstractItemModelTester clientsTester(&clients, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester feedsTester(&feeds, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy states(&source, &DashboardSource::stateChanged);
    QSignalSpy streams(&source, &DashboardSource::streamsChanged);
    QSignalSpy ticks(&source, &DashboardSource::ticked);
    source.setClientsWanted(true);
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Live, Patience);
    QTRY_COMPARE_WITH_TIMEOUT(clients.rowCount(), 1, Patience); // its own WebSocket
    QTRY_VERIFY_WITH_TIMEOUT(!ticks.isEmpty(), Patience);
    QCOMPARE(streams.count(), 1);

    remote.signal(signalNumber);
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Failed, Patience);
    QVERIFY2(source.errorString().contains(QRegularExpression(reason)), qPrintable(source.errorString()));
    QVERIFY(source.errorString().contains(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    // What it knew stays; what it cannot know any more goes.
    QCOMPARE(feeds.rowCount(), 2);
    QCOMPARE(clients.rowCount(), 0);
    QCOMPARE(overview.clients(), quint64(0));
    QVERIFY(source.jsonUrl().isEmpty());
    QVERIFY(overview.statusText().startsWith(QStringLiteral("Not connected to http://127.0.0.1:%1").arg(port)));
    QVERIFY(overview.problemTitle().contains(QStringLiteral("No connection")));
    // It keeps trying, each time after a wait no longer than the cap.
    QTRY_VERIFY_WITH_TIMEOUT(source.retryInMs() >= 0, Patience);
    QVERIFY(source.retryInMs() <= fastTiming().backoffCapMs);
    QTest::qWait(1000);
    QCOMPARE(source.state(), DashboardSource::State::Failed);
    QVERIFY2(source.errorString().contains(QStringLiteral("nothing accepts connections")), qPrintable(source.errorString()));

    // Another datagate on the same port: the window fills again.
    RemoteProcess second;
    QVERIFY2(second.start(port), qPrintable(second.log()));
    ticks.clear();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Live, Patience);
    QVERIFY(source.errorString().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!ticksOf(ticks, Price).isEmpty() && !ticksOf(ticks, Random).isEmpty(), Patience);
    QTRY_COMPARE_WITH_TIMEOUT(clients.rowCount(), 1, Patience);
    QTRY_COMPARE_WITH_TIMEOUT(overview.clients(), quint64(1), Patience);
    // The same streams: the feeds (and the charts' history) were not reset.
    QCOMPARE(streams.count(), 1);
    QCOMPARE(states.last().at(0).value<DashboardSource::State>(), DashboardSource::State::Live);
}

void tst_RemoteSource::askForTheToken_data()
{
    QTest::addColumn<QByteArray>("token"); // empty: no --monitor-token-file
    QTest::addColumn<QString>("problem"); // empty: it gets in
    QTest::addRow("none") << QByteArray() << QStringLiteral("asks for a token (HTTP 401). Start the dashboard with --monitor-token-file");
    QTest::addRow("wrong") << QByteArray("guess\n") << QStringLiteral("did not accept the token in");
    QTest::addRow("right") << QByteArray("# the operators' token\n\n  s3cr3t-t0ken  \n") << QString();
}

void tst_RemoteSource::askForTheToken()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, problem);
    QTemporaryDir dir;
    RemoteProcess remote;
    QVERIFY2(remote.start(0, {QStringLiteral("--admin-token-file"), writeFile(dir, QStringLiteral("admin"), "s3cr3t-t0ken\nother\n")}),
        qPrintable(remote.log()));
    RemoteSource source(remote.url(), token.isEmpty() ? QString() : writeFile(dir, QStringLiteral("mine"), token));
    source.setTiming(fastTiming());
    QSignalSpy clients(&source, &DashboardSource::clientsSampled);
    source.setClientsWanted(true);
    source.start();
    if (problem.isEmpty()) {
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Live, Patience);
        QTRY_VERIFY_WITH_TIMEOUT(!clients.isEmpty(), Patience);
        QCOMPARE(clients.last().at(0).value<QList<ClientInfo>>().size(), 1);
        return;
    }
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Failed, Patience);
    QVERIFY2(source.errorString().contains(problem), qPrintable(source.errorString()));
    QTest::qWait(600);
    QCOMPARE(source.state(), DashboardSource::State::Failed);
    QVERIFY(clients.isEmpty());
}

void tst_RemoteSource::trustsTheCaOfMonitorCa_data()
{
    // The CA file given with --monitor-ca (none: the system's CAs only), and
    // where given, what the failure says.
    QTest::addColumn<QString>("caFile");
    QTest::addColumn<QString>("problem");
    // The test identity is signed by a private CA the system does not know.
    QTest::addRow("system CAs only") << QString()
                                     << QStringLiteral("If its certificate comes from a private CA or is self-signed, start the dashboard "
                                                       "with --monitor-ca FILE");
    QTest::addRow("the private CA") << QStringLiteral(DATAGATE_TLS_DIR "/ca.pem") << QString();
}

void tst_RemoteSource::trustsTheCaOfMonitorCa()
{
    QFETCH(QString, caFile);
    QFETCH(QString, problem);
    RemoteProcess remote;
    QVERIFY2(remote.start(0,
                 {QStringLiteral("--tls-cert"), QStringLiteral(DATAGATE_TLS_DIR "/a.pem"), QStringLiteral("--tls-key"),
                     QStringLiteral(DATAGATE_TLS_DIR "/a.key")}),
        qPrintable(remote.log()));
    QUrl url = remote.url();
    url.setScheme(QStringLiteral("https"));
    RemoteSource source(url);
    if (!caFile.isEmpty()) {
        const QList<QSslCertificate> certificates = QSslCertificate::fromPath(caFile);
        QCOMPARE(certificates.size(), 1);
        source.trustCaCertificates(certificates, caFile);
    }
    source.setTiming(fastTiming());
    QSignalSpy ticks(&source, &DashboardSource::ticked);
    source.start();
    if (problem.isEmpty()) {
        // Live once the welcome came over wss://, after the status over https://.
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Live, Patience);
        QTRY_VERIFY_WITH_TIMEOUT(!ticks.isEmpty(), Patience);
        return;
    }
    // Refused with a sentence that says what to do, and tried again: no hang.
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Failed, Patience);
    QVERIFY2(source.errorString().contains(problem), qPrintable(source.errorString()));
    QVERIFY2(source.errorString().contains(QStringLiteral("over TLS")), qPrintable(source.errorString()));
    QVERIFY(source.retryInMs() >= 0);
    QVERIFY(ticks.isEmpty());
}

void tst_RemoteSource::saysWhatIsWrong_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<FakeDatagate::Answer>("answer");
    QTest::addColumn<QString>("problem");
    using Answer = FakeDatagate::Answer;
    const QString status = QStringLiteral("/api/status");
    QTest::addRow("status 404") << status << Answer::Status404
                                << QStringLiteral("answered HTTP 404 for /api/status: it is not a datagate, or one without the status API");
    QTest::addRow("status 500") << status << Answer::Status500 << QStringLiteral("answered HTTP 500 for /api/status.");
    QTest::addRow("status 401") << status << Answer::Status401 << QStringLiteral("asks for a token (HTTP 401)");
    QTest::addRow("not JSON") << status << Answer::NotJson << QStringLiteral("did not answer like a datagate for /api/status (not JSON");
    QTest::addRow("too large") << status << Answer::Huge << QStringLiteral("sent an answer larger than 8 MiB for /api/status.");
    QTest::addRow("silence") << status << Answer::Nothing << QStringLiteral("did not answer within 1 second.");
    QTest::addRow("no WebSocket") << QStringLiteral("/ws") << Answer::Status404 << QStringLiteral("The WebSocket to http://127.0.0.1:");
    QTest::addRow("no welcome") << QStringLiteral("welcome") << Answer::Nothing
                                << QStringLiteral("did not greet on its WebSocket within 1 second.");
    QTest::addRow("clients 500") << QStringLiteral("/api/clients") << Answer::Status500
                                 << QStringLiteral("answered HTTP 500 for /api/clients.");
    QTest::addRow("nothing there") << QString() << Answer::Normal << QStringLiteral("nothing accepts connections on that port.");
}

void tst_RemoteSource::saysWhatIsWrong()
{
    QFETCH(QString, path);
    QFETCH(FakeDatagate::Answer, answer);
    QFETCH(QString, problem);
    FakeDatagate fake;
    QVERIFY(fake.listen());
    const quint16 port = fake.port();
    const QUrl url = fake.url();
    if (path.isEmpty())
        fake.close();
    else if (path == QLatin1String("welcome"))
        fake.setGreets(false);
    else
        fake.setAnswer(path, answer);
    RemoteSource source(url);
    RemoteSource::Timing timing = fastTiming();
    // Nine MiB take a debug build on a busy machine longer than the
    // second the others get, and it is the size that must stop it.
    if (answer == FakeDatagate::Answer::Huge)
        timing.requestTimeoutMs = 10000;
    source.setTiming(timing);
    source.setClientsWanted(true);
    QSignalSpy states(&source, &DashboardSource::stateChanged);
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Failed, Patience);
    QVERIFY2(source.errorString().contains(problem), qPrintable(source.errorString()));
    QVERIFY(source.errorString().contains(QStringLiteral("http://127.0.0.1:%1").arg(port)));

    // Put right, it comes back by itself.
    if (path.isEmpty())
        QVERIFY(fake.listen(port));
    fake.setGreets(true);
    fake.setAnswer(path, FakeDatagate::Answer::Normal);
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Live, Patience);
    QVERIFY(source.errorString().isEmpty());
}

void tst_RemoteSource::pagesThroughEveryClient()
{
    FakeDatagate fake;
    QVERIFY(fake.listen());
    fake.setClients(FakeDatagate::makeClients(2345, 7));
    RemoteSource source(fake.url());
    source.setTiming(fastTiming());
    ClientTableModel model(&source);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy snapshots(&source, &DashboardSource::clientsSampled);
    source.setClientsWanted(true);
    source.start();
    QTRY_VERIFY_WITH_TIMEOUT(!snapshots.isEmpty(), Patience);
    const QList<ClientInfo> clients = snapshots.first().at(0).value<QList<ClientInfo>>();
    QCOMPARE(clients.size(), 2345);
    QCOMPARE(clients.first().id, 7u);
    QCOMPARE(clients.last().id, 7u + 2344u);
    QVERIFY(std::is_sorted(clients.cbegin(), clients.cend(), [](const ClientInfo &a, const ClientInfo &b) { return a.id < b.id; }));
    QCOMPARE(model.rowCount(), 2345);
    QStringList pages;
    for (const QString &request : fake.requests()) {
        if (request.startsWith(QLatin1String("GET /api/clients")))
            pages.append(request);
    }
    QCOMPARE(pages.mid(0, 3),
        (QStringList {QStringLiteral("GET /api/clients?offset=0&limit=1000"), QStringLiteral("GET /api/clients?offset=1000&limit=1000"),
            QStringLiteral("GET /api/clients?offset=2000&limit=1000")}));

    // Clients come and go there; the next snapshot says so.
    QList<ClientInfo> fewer = FakeDatagate::makeClients(2345, 7).mid(100);
    fake.setClients(fewer);
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 2245, Patience);
    QCOMPARE(model.idAt(0), 107u);
}

void tst_RemoteSource::asksForClientsOnlyWhileWanted()
{
    FakeDatagate fake;
    QVERIFY(fake.listen());
    fake.setClients(FakeDatagate::makeClients(3));
    RemoteSource source(fake.url());
    source.setTiming(fastTiming());
    QSignalSpy snapshots(&source, &DashboardSource::clientsSampled);
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Live, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(fake.requestCount(QStringLiteral("/api/status")) >= 4, Patience);
    QCOMPARE(fake.requestCount(QStringLiteral("/api/clients")), 0);
    QVERIFY(snapshots.isEmpty());

    source.setClientsWanted(true);
    QTRY_VERIFY_WITH_TIMEOUT(snapshots.count() >= 3, Patience);
    source.setClientsWanted(false);
    QTest::qWait(100); // a page that was under way
    fake.clearRequests();
    const int before = int(snapshots.count());
    QTRY_VERIFY_WITH_TIMEOUT(fake.requestCount(QStringLiteral("/api/status")) >= 4, Patience);
    QCOMPARE(fake.requestCount(QStringLiteral("/api/clients")), 0);
    QCOMPARE(int(snapshots.count()), before);
}

void tst_RemoteSource::rereadsTheTokenFile()
{
    QTemporaryDir dir;
    FakeDatagate fake;
    fake.setToken("right");
    QVERIFY(fake.listen());
    const QString file = writeFile(dir, QStringLiteral("token"), "wrong\n");
    RemoteSource source(fake.url(), file);
    source.setTiming(fastTiming());
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Failed, Patience);
    QVERIFY2(source.errorString().contains(QStringLiteral("did not accept the token in %1").arg(file)), qPrintable(source.errorString()));
    // Put right while it runs: the next attempt takes it.
    writeFile(dir, QStringLiteral("token"), "right\n");
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Live, Patience);
    // The attempt that got in: the status with the new token, then the
    // WebSocket (which needs none and gets none).
    const QStringList requests = fake.requests();
    const QList<QByteArray> authorizations = fake.authorizations();
    const qsizetype socket = requests.lastIndexOf(QStringLiteral("GET /ws"));
    QVERIFY(socket > 0);
    QCOMPARE(requests.at(socket - 1), QStringLiteral("GET /api/status"));
    QCOMPARE(authorizations.at(socket - 1), QByteArray("Bearer right"));
    QCOMPARE(authorizations.at(socket), QByteArray());
    QCOMPARE(authorizations.first(), QByteArray("Bearer wrong"));
    // Gone: said, not crashed.
    QFile::remove(file);
    fake.closeSockets(QWebSocketProtocol::CloseCodeGoingAway);
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Failed, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(source.errorString().startsWith(QStringLiteral("Cannot read a token from %1").arg(file)), Patience);
}

void tst_RemoteSource::retryNowDoesNotWait()
{
    FakeDatagate fake;
    QVERIFY(fake.listen());
    fake.setAnswer(QStringLiteral("/api/status"), FakeDatagate::Answer::Status500);
    RemoteSource source(fake.url());
    RemoteSource::Timing timing = fastTiming();
    timing.backoffBaseMs = timing.backoffCapMs = 60000;
    source.setTiming(timing);
    source.setBackoffRandom([] { return 1.0; });
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Failed, Patience);
    QVERIFY(source.retryInMs() > 50000);
    fake.setAnswer(QStringLiteral("/api/status"), FakeDatagate::Answer::Normal);
    source.retry(0);
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Live, 3000);
}

void tst_RemoteSource::followsRemoteHealthAndLogsIt()
{
    LogSink logSink;
    FakeDatagate fake;
    QVERIFY(fake.listen());
    RemoteSource source(fake.url(), QString(), &logSink);
    source.setTiming(fastTiming());
    FeedModel feeds(&source);
    QSignalSpy health(&source, &DashboardSource::feedHealthChanged);
    QSignalSpy log(&source, &DashboardSource::logEntriesAdded);
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Live, Patience);
    QCOMPARE(source.health(Price).state, FeedHealth::State::Healthy);

    FeedHealth down;
    down.state = FeedHealth::State::Down;
    down.lastError = QStringLiteral("coinbase: HTTP 503");
    down.consecutiveFailures = 9;
    fake.setPriceHealth(down);
    QTRY_COMPARE_WITH_TIMEOUT(feeds.health(feeds.rowOf(Price)).state, FeedHealth::State::Down, Patience);
    QCOMPARE(health.last().at(0).toString(), Price);
    QCOMPARE(source.health(Price).lastError, down.lastError);
    // In this process's log, which is the window's.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const LogEntry &entry : source.logBacklog()) {
                if (entry.category == QLatin1String("datagate.monitor")
                    && entry.message == QLatin1String("remote feed bitcoinPrice: healthy -> down (last error: coinbase: HTTP 503)"))
                    return true;
            }
            return false;
        }(),
        Patience);
    QVERIFY(!log.isEmpty());
}

void tst_RemoteSource::movesRemoteTimesOntoOurClock()
{
    // A remote whose clock is an hour ahead of ours.
    constexpr qint64 Ahead = 3600 * 1000;
    FakeDatagate fake;
    QVERIFY(fake.listen());
    QJsonObject status = fake.status();
    status.insert(QStringLiteral("startedAt"), QDateTime::currentDateTimeUtc().addMSecs(Ahead - 90000).toString(Qt::ISODateWithMs));
    fake.setStatus(status);
    FeedHealth price;
    price.state = FeedHealth::State::Healthy;
    price.lastSuccessAt = QDateTime::currentDateTimeUtc().addMSecs(Ahead - 5000);
    price.nextAttemptAt = QDateTime::currentDateTimeUtc().addMSecs(Ahead + 15000);
    fake.setPriceHealth(price);
    QList<ClientInfo> clients = FakeDatagate::makeClients(1);
    clients[0].connectedAt = QDateTime::currentDateTimeUtc().addMSecs(Ahead - 60000);
    fake.setClients(clients);

    RemoteSource source(fake.url());
    source.setTiming(fastTiming());
    QSignalSpy ticks(&source, &DashboardSource::ticked);
    QSignalSpy snapshots(&source, &DashboardSource::clientsSampled);
    source.setClientsWanted(true);
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Live, Patience);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(qAbs(source.startedAt().msecsTo(now) - 90000) < 2000);
    QVERIFY(qAbs(source.health(Price).lastSuccessAt.msecsTo(now) - 5000) < 2000);
    QVERIFY(qAbs(now.msecsTo(source.health(Price).nextAttemptAt) - 15000) < 2000);
    QTRY_VERIFY_WITH_TIMEOUT(!snapshots.isEmpty(), Patience);
    const ClientInfo client = snapshots.first().at(0).value<QList<ClientInfo>>().value(0);
    QVERIFY(qAbs(client.connectedAt.msecsTo(now) - 60000) < 2000);

    fake.tick(Price,
        {{QStringLiteral("price"), 97000.5}, {QStringLiteral("currency"), QStringLiteral("USD")},
            {QStringLiteral("source"), QStringLiteral("coinbase")}});
    QTRY_COMPARE_WITH_TIMEOUT(ticks.count(), 1, Patience);
    // The fake stamps with our clock; a remote an hour ahead would not.
    const Tick tick = ticks.first().at(0).value<Tick>();
    QVERIFY(qAbs(tick.ts + Ahead - QDateTime::currentMSecsSinceEpoch()) < 2000);
    QCOMPARE(tick.value.toDouble(), 97000.5);
    QCOMPARE(tick.details.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));
}

void tst_RemoteSource::stops()
{
    FakeDatagate fake;
    QVERIFY(fake.listen());
    RemoteSource source(fake.url());
    source.setTiming(fastTiming());
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Live, Patience);
    QTRY_COMPARE_WITH_TIMEOUT(fake.socketCount(), 1, Patience);
    // It subscribed to every stream of the welcome.
    QTRY_VERIFY_WITH_TIMEOUT(!fake.received().isEmpty(), Patience);
    QCOMPARE(fake.received().first().value(QStringLiteral("event")).toString(), QStringLiteral("subscribe"));
    QCOMPARE(fake.received().first().value(QStringLiteral("data")).toObject().value(QStringLiteral("streams")).toArray().size(), 2);

    source.stop();
    QCOMPARE(source.state(), DashboardSource::State::Stopped);
    QTRY_COMPARE_WITH_TIMEOUT(fake.socketCount(), 0, Patience);
    fake.clearRequests();
    QTest::qWait(600);
    QVERIFY2(fake.requests().isEmpty(), qPrintable(fake.requests().join(QLatin1Char('\n'))));
    // Not connected: nothing is asked of it.
    source.disconnectClient(1);
    QTest::qWait(100);
    QVERIFY2(fake.requests().isEmpty(), qPrintable(fake.requests().join(QLatin1Char('\n'))));
}

void tst_RemoteSource::disconnectsAClient()
{
    // The real Server behind a token: the client is closed as the
    // in-process Disconnect closes it, and leaves the table.
    LogSink logSink;
    QTemporaryDir dir;
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("admin-token-file"), writeFile(dir, QStringLiteral("admin"), "in-process-token\n"));
    TestServer server(config);
    QVERIFY(server.start());
    JsonTestClient stays;
    QVERIFY(stays.connectTo(server.jsonUrl()));
    JsonTestClient leaves;
    QVERIFY(leaves.connectTo(server.jsonUrl()));

    RemoteSource source(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port())),
        writeFile(dir, QStringLiteral("mine"), "in-process-token\n"), &logSink);
    source.setTiming(fastTiming());
    ClientTableModel clients(&source);
    QAbstractItemModelTester tester(&clients, QAbstractItemModelTester::FailureReportingMode::QtTest);
    source.setClientsWanted(true);
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Live, Patience);
    QVERIFY(source.canDisconnectClients());
    QTRY_VERIFY_WITH_TIMEOUT(rowOfPeer(clients, localPeer(leaves)) >= 0 && rowOfPeer(clients, localPeer(stays)) >= 0, Patience);
    const quint64 id = clients.idAt(rowOfPeer(clients, localPeer(leaves)));

    source.disconnectClient(id);
    QVERIFY(leaves.waitForDisconnect(Patience));
    QCOMPARE(leaves.closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QCOMPARE(leaves.closeReason(), QStringLiteral("disconnected by the operator"));
    QTRY_COMPARE_WITH_TIMEOUT(rowOfPeer(clients, localPeer(leaves)), -1, Patience);
    QVERIFY(rowOfPeer(clients, localPeer(stays)) >= 0);
    QVERIFY(stays.isConnected());
    QTRY_VERIFY_WITH_TIMEOUT(!monitorLogLine(source, QStringLiteral("disconnected client %1 ").arg(id), QtInfoMsg).isEmpty(), Patience);

    // Again: it has gone, and the log says so.
    source.disconnectClient(id);
    QTRY_VERIFY_WITH_TIMEOUT(!monitorLogLine(source, QStringLiteral("HTTP 404"), QtWarningMsg).isEmpty(), Patience);
    QVERIFY(monitorLogLine(source, QStringLiteral("HTTP 404"), QtWarningMsg)
                .startsWith(QStringLiteral("cannot disconnect client %1 of http://127.0.0.1:%2").arg(id).arg(server.port())));
    QCOMPARE(source.state(), DashboardSource::State::Live); // not a reason to reconnect
    QVERIFY(stays.isConnected());
}

void tst_RemoteSource::saysWhyItCannotDisconnect_data()
{
    QTest::addColumn<FakeDatagate::Answer>("answer");
    QTest::addColumn<QString>("says");
    QTest::addRow("token refused") << FakeDatagate::Answer::Status401 << QStringLiteral("(HTTP 401)");
    QTest::addRow("no such client") << FakeDatagate::Answer::Status404 << QStringLiteral("no such client is connected there (HTTP 404)");
    QTest::addRow("server error") << FakeDatagate::Answer::Status500 << QStringLiteral("it answered HTTP 500");
    QTest::addRow("no answer") << FakeDatagate::Answer::Nothing << QStringLiteral("no answer within 1000 ms");
}

void tst_RemoteSource::saysWhyItCannotDisconnect()
{
    QFETCH(FakeDatagate::Answer, answer);
    QFETCH(QString, says);
    LogSink logSink;
    FakeDatagate fake;
    QVERIFY(fake.listen());
    fake.setAnswer(QStringLiteral("/api/clients/7"), answer);
    RemoteSource source(fake.url(), QString(), &logSink);
    source.setTiming(fastTiming());
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Live, Patience);
    source.disconnectClient(7);
    QTRY_VERIFY_WITH_TIMEOUT(!monitorLogLine(source, says, QtWarningMsg).isEmpty(), Patience);
    QVERIFY(monitorLogLine(source, says, QtWarningMsg)
                .startsWith(QStringLiteral("cannot disconnect client 7 of %1: ").arg(fake.url().toDisplayString())));
    QVERIFY(fake.requests().contains(QStringLiteral("DELETE /api/clients/7")));
}

void tst_RemoteSource::fillsTheChartsOnEveryConnection()
{
    // A server whose ticks the test publishes, so that every seq is known.
    TestServer server(PublishedTicks::quietConfig());
    QVERIFY(PublishedTicks::startQuiet(server));
    Hub &hub = *server.server().hub();
    const quint64 before = hub.lastSeq(Random);
    const quint64 held = PublishedTicks::publish(hub, Random, 20);

    RemoteSource source(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port())));
    source.setTiming(fastTiming());
    ChartModel charts(&source);
    FeedModel feeds(&source);
    QAbstractItemModelTester feedsTester(&feeds, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy recalled(&source, &DashboardSource::historyRecalled);
    QSignalSpy ticks(&source, &DashboardSource::ticked);
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(recalled.size(), 1, Patience);

    // What the server held, in order, on the chart before any live tick.
    QList<quint64> expected;
    for (quint64 seq = before + 1; seq <= held; ++seq)
        expected.append(seq);
    QCOMPARE(seqsOf(recalledOf(recalled), Random).mid(seqsOf(recalledOf(recalled), Random).size() - expected.size()), expected);
    QVERIFY(seqsOf(recalledOf(recalled), Random).size() <= expected.size() + qsizetype(before));
    QVERIFY(ticksOf(ticks, Random).isEmpty());
    QVERIFY(!charts.frame(Random, 100).empty);
    QCOMPARE(charts.history(Random)->last().value, double(held % 100));

    // Live ticks follow, without the held ones again.
    const quint64 live = PublishedTicks::publish(hub, Random, 5);
    QTRY_COMPARE_WITH_TIMEOUT(seqsOf(ticksOf(ticks, Random), Random).size(), 5, Patience);
    QCOMPARE(seqsOf(ticksOf(ticks, Random), Random), QList<quint64>({held + 1, held + 2, held + 3, held + 4, live}));

    // Gone a while, and back: what it missed meanwhile, once, and nothing
    // the charts have already.
    source.stop();
    const quint64 missed = PublishedTicks::publish(hub, Random, 7);
    recalled.clear();
    ticks.clear();
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Live, Patience);
    QTRY_COMPARE_WITH_TIMEOUT(recalled.size(), 1, Patience);
    QCOMPARE(seqsOf(recalledOf(recalled), Random), QList<quint64>({live + 1, live + 2, live + 3, live + 4, live + 5, live + 6, missed}));
    const quint64 next = PublishedTicks::publish(hub, Random, 1);
    QTRY_COMPARE_WITH_TIMEOUT(seqsOf(ticksOf(ticks, Random), Random), QList<quint64>({next}), Patience);
    QCOMPARE(charts.history(Random)->last().value, double(next % 100));
}

void tst_RemoteSource::startsEmptyWithoutHistory()
{
    // --history-size 0: nothing to recall; the charts fill as ticks come.
    Config config = PublishedTicks::quietConfig();
    config.set(QStringLiteral("history-size"), 0);
    TestServer server(config);
    QVERIFY(PublishedTicks::startQuiet(server));
    Hub &hub = *server.server().hub();
    PublishedTicks::publish(hub, Random, 10);

    RemoteSource source(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port())));
    source.setTiming(fastTiming());
    ChartModel charts(&source);
    QSignalSpy recalled(&source, &DashboardSource::historyRecalled);
    QSignalSpy ticks(&source, &DashboardSource::ticked);
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), DashboardSource::State::Live, Patience);
    // Subscribed once the history answered: a tick now reaches us.
    QTRY_VERIFY_WITH_TIMEOUT(TestServer::trafficStats(server.server()).streams.value(Random).subscribers == 1, Patience);
    QVERIFY(charts.frame(Random, 100).empty);
    const quint64 live = PublishedTicks::publish(hub, Random, 1);
    QTRY_COMPARE_WITH_TIMEOUT(seqsOf(ticksOf(ticks, Random), Random), QList<quint64>({live}), Patience);
    QVERIFY(recalled.isEmpty());
    QVERIFY(!charts.frame(Random, 100).empty);
}

QTEST_MAIN(tst_RemoteSource)
#include "tst_remotesource.moc"
