// The datagate executable as a user runs it: options, exit codes, a busy
// port, and a clean shutdown on SIGINT/SIGTERM.
#include "Server.h"
#include "TestClients.h"
#include "config/Config.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>

#include <csignal>

namespace {

struct Outcome {
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::CrashExit;
    QString out;
    QString err;
};

Outcome runToEnd(const QStringList &arguments, const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(DATAGATE_BINARY), arguments);
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitCode(), process.exitStatus(), QString::fromUtf8(process.readAllStandardOutput()),
        QString::fromUtf8(process.readAllStandardError())};
}

// Offline: the Bitcoin feed runs on its simulated provider. Port 0: the
// process takes a free port itself (see waitForListening()), so that no other test
// can take it between a choice made here and the process's start.
QStringList serverArguments(quint16 port = 0)
{
    return {QStringLiteral("--no-gui"), QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
        QString::number(port), QStringLiteral("--btc-providers"), QStringLiteral("simulated"), QStringLiteral("--random-interval"),
        QStringLiteral("50")};
}

struct Listening {
    QString host;
    quint16 port = 0; // 0: the process did not say
};

// Waits until the process says it is ready and returns where it said it
// listens ("listening on <host> port <N> …").
Listening waitForListening(QProcess &process)
{
    QByteArray err;
    const bool ready = QTest::qWaitFor(
        [&] {
            err += process.readAllStandardError();
            return err.contains("ready") || process.state() == QProcess::NotRunning;
        },
        10000);
    const QRegularExpressionMatch match =
        QRegularExpression(QStringLiteral("listening on (\\S+) port (\\d+)")).match(QString::fromUtf8(err));
    if (!ready || !err.contains("ready") || !match.hasMatch()) {
        qWarning("the server did not say it was ready and on which port; its log:\n%s", err.constData());
        return {};
    }
    return {match.captured(1), quint16(match.captured(2).toUInt())};
}

} // namespace

class tst_Application final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void help();
    void version();
    void invalidOptions_data();
    void invalidOptions();
    void portInUse();
    void optionsFromEnvironment();
    void shutdownOnSignal_data();
    void shutdownOnSignal();
};

void tst_Application::help()
{
    const Outcome outcome = runToEnd({QStringLiteral("--help")});
    QCOMPARE(outcome.exitCode, 0);
    for (const char *option : {"--host", "--port", "--random-interval", "--no-gui", "--log-level", "--version", "DATAGATE_"})
        QVERIFY2(outcome.out.contains(QLatin1String(option)), option);
}

void tst_Application::version()
{
    const Outcome outcome = runToEnd({QStringLiteral("--version")});
    QCOMPARE(outcome.exitCode, 0);
    QCOMPARE(outcome.out.trimmed(), QStringLiteral("datagate " DATAGATE_VERSION));
}

void tst_Application::invalidOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("environment");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("port too big") << QStringList {QStringLiteral("--port"), QStringLiteral("70000")} << QString()
                                  << QStringLiteral("--port");
    QTest::addRow("port not a number") << QStringList {QStringLiteral("--port"), QStringLiteral("abc")} << QString()
                                       << QStringLiteral("--port");
    QTest::addRow("zero interval") << QStringList {QStringLiteral("--random-interval"), QStringLiteral("0")} << QString()
                                   << QStringLiteral("--random-interval");
    QTest::addRow("log level") << QStringList {QStringLiteral("--log-level"), QStringLiteral("loud")} << QString()
                               << QStringLiteral("--log-level");
    QTest::addRow("host") << QStringList {QStringLiteral("--host"), QStringLiteral("not-an-address")} << QString()
                          << QStringLiteral("--host");
    QTest::addRow("unknown option") << QStringList {QStringLiteral("--frobnicate")} << QString() << QStringLiteral("frobnicate");
    QTest::addRow("missing value") << QStringList {QStringLiteral("--port")} << QString() << QStringLiteral("port");
    QTest::addRow("environment") << QStringList() << QStringLiteral("DATAGATE_PORT=abc") << QStringLiteral("DATAGATE_PORT");
}

void tst_Application::invalidOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, environment);
    QFETCH(QString, mentions);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!environment.isEmpty())
        env.insert(environment.section(QLatin1Char('='), 0, 0), environment.section(QLatin1Char('='), 1));
    const Outcome outcome = runToEnd(arguments, env);
    QCOMPARE(outcome.status, QProcess::NormalExit);
    QCOMPARE(outcome.exitCode, 2);
    QVERIFY2(outcome.err.contains(mentions), qPrintable(outcome.err));
}

void tst_Application::portInUse()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    const Outcome outcome = runToEnd(serverArguments(squatter.serverPort()));
    QCOMPARE(outcome.status, QProcess::NormalExit);
    QCOMPARE(outcome.exitCode, 1);
    QVERIFY2(outcome.err.contains(QStringLiteral("cannot listen")), qPrintable(outcome.err));
    QVERIFY2(outcome.err.contains(QString::number(squatter.serverPort())), qPrintable(outcome.err));
}

void tst_Application::optionsFromEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DATAGATE_PORT"), QStringLiteral("0"));
    env.insert(QStringLiteral("DATAGATE_HOST"), QStringLiteral("127.0.0.1"));
    env.insert(QStringLiteral("DATAGATE_BTC_PROVIDERS"), QStringLiteral("simulated"));
    env.insert(QStringLiteral("DATAGATE_NO_GUI"), QStringLiteral("1"));
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(DATAGATE_BINARY), QStringList());
    const Listening listening = waitForListening(process);
    QVERIFY(listening.port != 0);
    // Not the defaults: the environment chose the address and a free port.
    QCOMPARE(listening.host, QStringLiteral("127.0.0.1"));
    QVERIFY(listening.port != Config(Server::options()).integer(QStringLiteral("port")));
    const quint16 port = listening.port;
    JsonTestClient client;
    QVERIFY(client.connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port))));
    process.terminate();
    // With the event loop running, so that the client answers the close.
    QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 5000);
    QCOMPARE(process.exitCode(), 0);
}

void tst_Application::shutdownOnSignal_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::addRow("SIGTERM") << SIGTERM;
    QTest::addRow("SIGINT") << SIGINT;
}

void tst_Application::shutdownOnSignal()
{
    QFETCH(int, signalNumber);
    QProcess process;
    process.start(QStringLiteral(DATAGATE_BINARY), serverArguments());
    const quint16 port = waitForListening(process).port;
    QVERIFY(port != 0);

    JsonTestClient json;
    SocketIoTestClient sio;
    QVERIFY(json.connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port))));
    QVERIFY(sio.connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket").arg(port))));
    json.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}});
    QVERIFY(!json.nextEvent(QStringLiteral("randomNumber")).isEmpty());

    QElapsedTimer elapsed;
    elapsed.start();
    ::kill(pid_t(process.processId()), signalNumber);
    QVERIFY(json.waitForDisconnect(3000));
    QVERIFY(sio.waitForDisconnect(3000));
    QCOMPARE(json.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(sio.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QVERIFY(QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 3000));
    QVERIFY2(elapsed.elapsed() < 2000, qPrintable(QString::number(elapsed.elapsed())));
    const QByteArray log = process.readAllStandardError();
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
        qPrintable(QStringLiteral("exit code %1; log:\n").arg(process.exitCode()) + QString::fromUtf8(log.right(4000))));

    // The port is free again at once.
    QTcpServer again;
    QVERIFY(again.listen(QHostAddress::LocalHost, port));
}

QTEST_GUILESS_MAIN(tst_Application)
#include "tst_application.moc"
