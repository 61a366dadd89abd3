// The config file as an operator uses it, with the real binary: the four
// layers and their order (command line, environment, file, defaults), a bad
// file stopping the start with exit code 2 and the file and key named, and
// SIGHUP: what it applies while clients stay connected, what it logs as
// needing a restart, and a file that no longer parses changing nothing.
#include "DatagateProcess.h"
#include "TestClients.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

bool writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) == text.size();
}

struct Outcome {
    int exitCode = -1;
    QString out;
    QString err;
};

Outcome runToEnd(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(DATAGATE_BINARY), arguments);
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, QString::fromUtf8(process.readAllStandardOutput()),
        QString::fromUtf8(process.readAllStandardError())};
}

// An environment without the DATAGATE_* of whoever runs the tests.
QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : environment.keys()) {
        if (name.startsWith(QLatin1String("DATAGATE_")))
            environment.remove(name);
    }
    return environment;
}

// "key=value   ; source" lines of --print-config.
QString printedLine(const QString &printed, const QString &key)
{
    const QRegularExpressionMatch match =
        QRegularExpression(QStringLiteral("^%1=.*$").arg(QRegularExpression::escape(key)), QRegularExpression::MultilineOption)
            .match(printed);
    return match.hasMatch() ? match.captured(0).simplified() : QString();
}

QJsonObject statusOf(const DatagateProcess &datagate)
{
    const DatagateProcess::HttpAnswer answer = datagate.get("/api/status");
    return answer.status == 200 ? QJsonDocument::fromJson(answer.body).object() : QJsonObject();
}

QString streamDescription(const QJsonObject &status, const QString &stream)
{
    for (const QJsonValue &value : status.value(QStringLiteral("streams")).toArray()) {
        if (value[QStringLiteral("name")].toString() == stream)
            return value[QStringLiteral("description")].toString();
    }
    return {};
}

} // namespace

class tst_ConfigFile final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void precedence_data();
    void precedence();
    void precedenceInTheRunningServer();
    void badFileExits2_data();
    void badFileExits2();
    void reloadChangesTheRandomIntervalWithoutDroppingClients();
    void reloadLogsWhatNeedsARestart();
    void reloadOfABadFileKeepsTheRunningConfiguration();
    void reloadRotatesTokens();
};

void tst_ConfigFile::precedence_data()
{
    // random-interval set in none, some or all of the layers.
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("environment");
    QTest::addColumn<QString>("commandLine");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("source");
    QTest::addRow("default") << QString() << QString() << QString() << QStringLiteral("1000") << QStringLiteral("default");
    QTest::addRow("file") << QStringLiteral("111") << QString() << QString() << QStringLiteral("111") << QStringLiteral("config file");
    QTest::addRow("environment over file") << QStringLiteral("111") << QStringLiteral("222") << QString() << QStringLiteral("222")
                                           << QStringLiteral("environment (DATAGATE_RANDOM_INTERVAL)");
    QTest::addRow("command line over both") << QStringLiteral("111") << QStringLiteral("222") << QStringLiteral("333")
                                            << QStringLiteral("333") << QStringLiteral("command line");
    QTest::addRow("command line over file") << QStringLiteral("111") << QString() << QStringLiteral("333") << QStringLiteral("333")
                                            << QStringLiteral("command line");
    // The layer that wins is the only one read: a bad value below it is not an error.
    QTest::addRow("bad file value under the environment")
        << QStringLiteral("abc") << QStringLiteral("222") << QString() << QStringLiteral("222") << QStringLiteral("environment");
}

void tst_ConfigFile::precedence()
{
    QFETCH(QString, file);
    QFETCH(QString, environment);
    QFETCH(QString, commandLine);
    QFETCH(QString, value);
    QFETCH(QString, source);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("datagate.conf"));
    QVERIFY(writeFile(path, file.isEmpty() ? QByteArray("; nothing\n") : "random-interval=" + file.toUtf8() + "\n"));
    QProcessEnvironment env = cleanEnvironment();
    if (!environment.isEmpty())
        env.insert(QStringLiteral("DATAGATE_RANDOM_INTERVAL"), environment);
    QStringList arguments {QStringLiteral("--config"), path, QStringLiteral("--print-config")};
    if (!commandLine.isEmpty())
        arguments += {QStringLiteral("--random-interval"), commandLine};

    const Outcome outcome = runToEnd(arguments, env);
    QCOMPARE(outcome.exitCode, 0);
    const QString line = printedLine(outcome.out, QStringLiteral("random-interval"));
    QVERIFY2(line.startsWith(QStringLiteral("random-interval=") + value + QStringLiteral(" ; ") + source), qPrintable(line));
}

void tst_ConfigFile::precedenceInTheRunningServer()
{
    // The same order, seen in what the server does: the Bitcoin feed
    // describes its interval in /api/status, the log names the address.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("datagate.conf"));
    QVERIFY(writeFile(path,
        "host=127.0.0.1\n"
        "port=0\n"
        "no-gui=true\n"
        "btc-providers=simulated\n"
        "btc-interval=1000\n"
        "btc-timeout=1000\n"
        "random-interval=100\n"));
    struct Case {
        QString environment; // DATAGATE_BTC_INTERVAL
        QString commandLine; // --btc-interval
        QString described;
    };
    for (const Case &layer :
        {Case {QString(), QString(), QStringLiteral("every 1 s")}, Case {QStringLiteral("2000"), QString(), QStringLiteral("every 2 s")},
            Case {QStringLiteral("2000"), QStringLiteral("3000"), QStringLiteral("every 3 s")}}) {
        QProcessEnvironment env = cleanEnvironment();
        if (!layer.environment.isEmpty())
            env.insert(QStringLiteral("DATAGATE_BTC_INTERVAL"), layer.environment);
        QStringList arguments {QStringLiteral("--config"), path};
        if (!layer.commandLine.isEmpty())
            arguments += {QStringLiteral("--btc-interval"), layer.commandLine};
        DatagateProcess datagate;
        datagate.setEnvironment(env);
        QVERIFY(datagate.start(arguments));
        QVERIFY(datagate.log().contains(QLatin1String("listening on 127.0.0.1 port")));
        const QString described = streamDescription(statusOf(datagate), QStringLiteral("bitcoinPrice"));
        QVERIFY2(described.endsWith(layer.described), qPrintable(described));
        QVERIFY(datagate.signal(SIGTERM));
        QCOMPARE(datagate.waitForExit(), 0);
    }
}

void tst_ConfigFile::badFileExits2_data()
{
    QTest::addColumn<QByteArray>("content"); // empty: no file at all
    QTest::addColumn<QStringList>("mentions"); // besides the file's path
    QTest::addRow("unknown key") << QByteArray("port=3000\nprot=3001\n") << QStringList {QStringLiteral("unknown key \"prot\"")};
    QTest::addRow("bad value") << QByteArray("random-interval=fast\n")
                               << QStringList {
                                      QStringLiteral("\"fast\""), QStringLiteral("random-interval"), QStringLiteral("expected an integer")};
    QTest::addRow("out of range") << QByteArray("port=70000\n") << QStringList {QStringLiteral("port"), QStringLiteral("65535")};
    QTest::addRow("bad choice") << QByteArray("log-level=loud\n") << QStringList {QStringLiteral("log-level"), QStringLiteral("debug")};
    QTest::addRow("key in a section") << QByteArray("[server]\nport=3000\n") << QStringList {QStringLiteral("server/port")};
    QTest::addRow("unknown provider") << QByteArray("btc-providers=coingecko,mtgox\n")
                                      << QStringList {QStringLiteral("btc-providers"), QStringLiteral("mtgox")};
    QTest::addRow("unreadable token file") << QByteArray("admin-token-file=/nonexistent/tokens\n")
                                           << QStringList {QStringLiteral("admin-token-file"), QStringLiteral("/nonexistent/tokens")};
    QTest::addRow("missing file") << QByteArray() << QStringList {QStringLiteral("cannot read the config file")};
}

void tst_ConfigFile::badFileExits2()
{
    QFETCH(QByteArray, content);
    QFETCH(QStringList, mentions);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("datagate.conf"));
    if (!content.isEmpty())
        QVERIFY(writeFile(path, content));
    const Outcome outcome = runToEnd({QStringLiteral("--no-gui"), QStringLiteral("--config"), path}, cleanEnvironment());
    QCOMPARE(outcome.exitCode, 2);
    QVERIFY2(outcome.err.contains(path), qPrintable(outcome.err));
    for (const QString &mention : mentions)
        QVERIFY2(outcome.err.contains(mention), qPrintable(QStringLiteral("no \"%1\" in: %2").arg(mention, outcome.err)));
}

void tst_ConfigFile::reloadChangesTheRandomIntervalWithoutDroppingClients()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("datagate.conf"));
    QVERIFY(writeFile(path, "random-interval=3000\n"));
    DatagateProcess datagate;
    datagate.setEnvironment(cleanEnvironment());
    QVERIFY(datagate.start(DatagateProcess::offlineArguments() + QStringList {QStringLiteral("--config"), path}));

    JsonTestClient json;
    SocketIoTestClient sio;
    QVERIFY(json.connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(datagate.port()))));
    QVERIFY(sio.connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket").arg(datagate.port()))));
    json.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}, {QStringLiteral("id"), 1}});
    QCOMPARE(json.nextEvent(QStringLiteral("subscribed"))[QStringLiteral("id")].toInt(), 1);
    sio.emitEvent(QStringLiteral("subscribeRandomNumber"), 1);
    QVERIFY(!sio.waitForAck(1).isEmpty());
    // Every 3 s: at most one value in 1.5 s.
    QVERIFY(json.countEvents(QStringLiteral("randomNumber"), 1500) <= 1);

    QVERIFY(writeFile(path, "random-interval=50\n"));
    const qsizetype mark = datagate.logSize();
    QVERIFY(datagate.signal(SIGHUP));
    QVERIFY2(datagate.waitForLog(QStringLiteral("applied random-interval: 3000 ms -> 50 ms"), 5000, mark), qPrintable(datagate.log()));

    // Every 50 ms now, to the same connections: the seq goes on without a gap.
    QList<qint64> seqs;
    QElapsedTimer window;
    window.start();
    while (window.elapsed() < 1500) {
        const QJsonObject tick = json.nextEvent(QStringLiteral("randomNumber"), 1000);
        if (tick.isEmpty())
            break;
        seqs.append(tick[QStringLiteral("data")][QStringLiteral("seq")].toInteger());
    }
    QVERIFY2(seqs.size() >= 10, qPrintable(QString::number(seqs.size())));
    for (qsizetype i = 1; i < seqs.size(); ++i)
        QCOMPARE(seqs.at(i), seqs.at(i - 1) + 1);
    QVERIFY(sio.countEvents(QStringLiteral("randomNumber"), 500) >= 3);
    QVERIFY(json.isConnected());
    QVERIFY(sio.isConnected());
    QVERIFY(!datagate.log().contains(QLatin1String("needs a restart")));

    QVERIFY(datagate.signal(SIGTERM));
    QVERIFY(json.waitForDisconnect(5000));
    QCOMPARE(datagate.waitForExit(), 0);
}

void tst_ConfigFile::reloadLogsWhatNeedsARestart()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("datagate.conf"));
    QVERIFY(writeFile(path, "random-interval=1000\nbtc-interval=60000\n"));
    DatagateProcess datagate;
    datagate.setEnvironment(cleanEnvironment());
    QVERIFY(datagate.start(DatagateProcess::offlineArguments() + QStringList {QStringLiteral("--config"), path}));

    // Two that wait for a restart, one applied, one that the command line
    // overrides (so nothing changes for it), and the log level.
    QVERIFY(writeFile(path,
        "random-interval=1000\n"
        "btc-interval=5000\n"
        "ping-interval=25000\n"
        "max-message-size=1024\n"
        "port=3999\n"
        "log-level=debug\n"));
    qsizetype mark = datagate.logSize();
    QVERIFY(datagate.signal(SIGHUP));
    QVERIFY2(datagate.waitForLog(QStringLiteral("max-message-size"), 5000, mark), qPrintable(datagate.log()));
    QVERIFY(datagate.waitForLog(QStringLiteral("applied log-level: info -> debug"), 5000, mark));
    QString log = datagate.log().mid(mark);
    QVERIFY2(log.contains(QLatin1String("applied btc-interval: 60000 ms -> 5000 ms")), qPrintable(log));
    QVERIFY2(log.contains(QLatin1String("needs a restart to take effect: ping-interval: 20000 -> 25000")), qPrintable(log));
    QVERIFY2(log.contains(QLatin1String("needs a restart to take effect: max-message-size: 65536 -> 1024")), qPrintable(log));
    QVERIFY2(!log.contains(QLatin1String("port:")), qPrintable(log)); // --port 0 on the command line wins
    QVERIFY2(!log.contains(QLatin1String("random-interval")), qPrintable(log)); // unchanged
    // Applied: the feed says so in /api/status.
    QVERIFY(streamDescription(statusOf(datagate), QStringLiteral("bitcoinPrice")).endsWith(QLatin1String("every 5 s")));
    // Not applied: the limit in force is still the old one.
    QCOMPARE(statusOf(datagate)[QStringLiteral("limits")][QStringLiteral("maxMessageBytes")].toInteger(), 65536);

    // A second reload names what still waits for a restart, and nothing as applied.
    mark = datagate.logSize();
    QVERIFY(datagate.signal(SIGHUP));
    QVERIFY(datagate.waitForLog(QStringLiteral("max-message-size"), 5000, mark));
    log = datagate.log().mid(mark);
    QVERIFY2(log.contains(QLatin1String("needs a restart to take effect: ping-interval")), qPrintable(log));
    QVERIFY2(!log.contains(QLatin1String("applied")), qPrintable(log));

    QVERIFY(datagate.signal(SIGTERM));
    QCOMPARE(datagate.waitForExit(), 0);
}

void tst_ConfigFile::reloadOfABadFileKeepsTheRunningConfiguration()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("datagate.conf"));
    QVERIFY(writeFile(path, "random-interval=50\n"));
    DatagateProcess datagate;
    datagate.setEnvironment(cleanEnvironment());
    QVERIFY(datagate.start(DatagateProcess::offlineArguments() + QStringList {QStringLiteral("--config"), path}));
    JsonTestClient json;
    QVERIFY(json.connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(datagate.port()))));
    json.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}});

    // A bad value next to a good one: neither is applied.
    QVERIFY(writeFile(path, "random-interval=5000\nbtc-interval=soon\n"));
    const qsizetype mark = datagate.logSize();
    QVERIFY(datagate.signal(SIGHUP));
    QVERIFY2(datagate.waitForLog(QStringLiteral("configuration not reloaded"), 5000, mark), qPrintable(datagate.log()));
    const QString log = datagate.log().mid(mark);
    QVERIFY2(log.contains(path) && log.contains(QLatin1String("btc-interval")) && log.contains(QLatin1String("\"soon\"")), qPrintable(log));
    QVERIFY2(log.contains(QLatin1String("the running configuration stays")), qPrintable(log));
    QVERIFY2(!log.contains(QLatin1String("applied")), qPrintable(log));

    // Still every 50 ms, still connected, still running.
    json.drain(0);
    QVERIFY(json.countEvents(QStringLiteral("randomNumber"), 1000) >= 8);
    QVERIFY(json.isConnected());
    QCOMPARE(datagate.process().state(), QProcess::Running);

    QVERIFY(datagate.signal(SIGTERM));
    QCOMPARE(datagate.waitForExit(), 0);
}

void tst_ConfigFile::reloadRotatesTokens()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("datagate.conf"));
    const QString tokens = dir.filePath(QStringLiteral("admin.tokens"));
    QVERIFY(writeFile(tokens, "old-token\n"));
    QVERIFY(writeFile(path, "admin-token-file=" + tokens.toUtf8() + "\n"));
    DatagateProcess datagate;
    datagate.setEnvironment(cleanEnvironment());
    QVERIFY(datagate.start(DatagateProcess::offlineArguments() + QStringList {QStringLiteral("--config"), path}));
    QCOMPARE(datagate.get("/api/status", "Authorization: Bearer old-token\r\n").status, 200);
    QCOMPARE(datagate.get("/api/status", "Authorization: Bearer new-token\r\n").status, 401);

    // The same file name with new content: read again on SIGHUP.
    QVERIFY(writeFile(tokens, "# rotated\nnew-token\n"));
    const qsizetype mark = datagate.logSize();
    QVERIFY(datagate.signal(SIGHUP));
    QVERIFY2(datagate.waitForLog(QStringLiteral("applied admin-token-file: tokens read from"), 5000, mark), qPrintable(datagate.log()));
    QCOMPARE(datagate.get("/api/status", "Authorization: Bearer new-token\r\n").status, 200);
    QCOMPARE(datagate.get("/api/status", "Authorization: Bearer old-token\r\n").status, 401);
    QVERIFY(!datagate.log().contains(QLatin1String("new-token")));

    QVERIFY(datagate.signal(SIGTERM));
    QCOMPARE(datagate.waitForExit(), 0);
}

QTEST_GUILESS_MAIN(tst_ConfigFile)
#include "tst_configfile.moc"
