// The datagate executable as a desktop starts it: with a display (here the
// offscreen platform) it opens the dashboard and serves; without one it
// says so in one line and serves headless instead of aborting; it takes a
// screenshot and exits; a busy port is shown, not a silent exit; --help
// speaks the language asked for. With --monitor it opens the dashboard of
// another datagate process and listens on no port of its own, and without
// a display it refuses with exit code 2.
#include "TestClients.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

namespace {

constexpr int Patience = 15000;

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

QStringList serverArguments(quint16 port)
{
    return {QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QString::number(port),
        QStringLiteral("--btc-providers"), QStringLiteral("simulated"), QStringLiteral("--random-interval"), QStringLiteral("50")};
}

// The environment of a machine without any display, in a test mode for settings.
QProcessEnvironment noDisplay(const QTemporaryDir &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE", "DATAGATE_NO_GUI", "DATAGATE_LANG"})
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
    env.insert(QStringLiteral("HOME"), home.path());
    return env;
}

QProcessEnvironment offscreen(const QTemporaryDir &home)
{
    QProcessEnvironment env = noDisplay(home);
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    return env;
}

struct Run {
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    QByteArray err;

    bool waitFor(const QByteArray &text, int timeoutMs = Patience)
    {
        return QTest::qWaitFor(
                   [&] {
                       err += process->readAllStandardError();
                       return err.contains(text) || process->state() == QProcess::NotRunning;
                   },
                   timeoutMs)
            && err.contains(text);
    }
    bool finish(int timeoutMs = Patience)
    {
        const bool done = process->waitForFinished(timeoutMs);
        err += process->readAllStandardError();
        return done;
    }
    QString log() const { return QString::fromUtf8(err.right(3000)); }
};

std::unique_ptr<Run> start(const QStringList &arguments, const QProcessEnvironment &environment)
{
    auto run = std::make_unique<Run>();
    run->process->setProcessEnvironment(environment);
    run->process->start(QStringLiteral(DATAGATE_BINARY), arguments);
    return run;
}

// The TCP ports a process listens on, from /proc: its sockets' inodes
// among the listening sockets of /proc/net/tcp and tcp6.
QList<quint16> listeningPorts(qint64 pid)
{
    QSet<QByteArray> inodes;
    const QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
    // Their links read "socket:[<inode>]", which is not a path: read them raw.
    for (const QString &fd : fds.entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System)) {
        char target[256] = {};
        const QByteArray path = QFile::encodeName(fds.filePath(fd));
        const ssize_t length = ::readlink(path.constData(), target, sizeof(target) - 1);
        const QByteArray link(target, length > 0 ? length : 0);
        if (link.startsWith("socket:["))
            inodes.insert(link.mid(8, link.size() - 9));
    }
    QList<quint16> ports;
    for (const char *table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        QFile file(QString::fromLatin1(table));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> lines = file.readAll().split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QList<QByteArray> fields = lines.at(i).simplified().split(' ');
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
            if (fields.size() < 10 || fields.at(3) != "0A" || !inodes.contains(fields.at(9)))
                continue;
            const QByteArray &local = fields.at(1);
            ports.append(quint16(local.mid(local.lastIndexOf(':') + 1).toUInt(nullptr, 16)));
        }
    }
    return ports;
}

// A JSON client gets random numbers from the process on this port.
bool serves(quint16 port)
{
    JsonTestClient client;
    if (!client.connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port))))
        return false;
    client.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}});
    return !client.nextEvent(QStringLiteral("randomNumber")).isEmpty();
}

} // namespace

class tst_GuiProcess final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void headlessWithoutADisplay_data();
    void headlessWithoutADisplay();
    void dashboardOnOffscreen();
    void screenshot();
    void screenshotOfABusyPort();
    void screenshotNeedsADisplay();
    void helpInTheLanguageAskedFor_data();
    void helpInTheLanguageAskedFor();
    void logsStayEnglish();
    void monitorShowsAnotherProcess();
    void monitorRefusesToRunHeadless_data();
    void monitorRefusesToRunHeadless();
};

void tst_GuiProcess::headlessWithoutADisplay_data()
{
    QTest::addColumn<QStringList>("env");
    QTest::addColumn<QString>("reason");
    QTest::addRow("no display variables") << QStringList() << QStringLiteral("DISPLAY is not set");
    QTest::addRow("X server not there") << QStringList {QStringLiteral("DISPLAY=:97"), QStringLiteral("QT_QPA_PLATFORM=xcb")}
                                        << QStringLiteral("no X server answers at DISPLAY=:97");
    QTest::addRow("platform plugin missing") << QStringList {QStringLiteral("QT_QPA_PLATFORM=nosuchplatform")}
                                             << QStringLiteral("\"nosuchplatform\" platform plugin");
}

void tst_GuiProcess::headlessWithoutADisplay()
{
    QFETCH(QStringList, env);
    QFETCH(QString, reason);
    QTemporaryDir home;
    QProcessEnvironment environment = noDisplay(home);
    for (const QString &assignment : env)
        environment.insert(assignment.section(QLatin1Char('='), 0, 0), assignment.section(QLatin1Char('='), 1));
    const quint16 port = freePort();
    const auto run = start(serverArguments(port), environment);
    QVERIFY2(run->waitFor("ready:"), qPrintable(run->log()));
    QVERIFY2(run->err.count("no usable display") == 1, qPrintable(run->log()));
    QVERIFY2(run->log().contains(reason), qPrintable(run->log()));
    QVERIFY2(!run->err.contains("dashboard open"), qPrintable(run->log()));
    QVERIFY(serves(port));
    ::kill(pid_t(run->process->processId()), SIGTERM);
    QVERIFY(run->finish());
    QCOMPARE(run->process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(run->process->exitCode(), 0);
}

void tst_GuiProcess::dashboardOnOffscreen()
{
    QTemporaryDir home;
    const quint16 port = freePort();
    const auto run = start(serverArguments(port), offscreen(home));
    QVERIFY2(run->waitFor("dashboard open"), qPrintable(run->log()));
    QVERIFY2(!run->err.contains("no usable display"), qPrintable(run->log()));
    QVERIFY(serves(port));
    JsonTestClient client;
    QVERIFY(client.connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port))));
    QElapsedTimer elapsed;
    elapsed.start();
    ::kill(pid_t(run->process->processId()), SIGTERM);
    QVERIFY(client.waitForDisconnect(3000));
    QCOMPARE(client.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QVERIFY(run->finish());
    QVERIFY2(elapsed.elapsed() < 3000, qPrintable(QString::number(elapsed.elapsed())));
    QCOMPARE(run->process->exitCode(), 0);
    // Its settings went where XDG_CONFIG_HOME says, not into the real home.
    QVERIFY(QFile::exists(home.filePath(QStringLiteral("datagate/datagate.conf"))));
}

void tst_GuiProcess::screenshot()
{
    QTemporaryDir home;
    const QString file = home.filePath(QStringLiteral("shot.png"));
    const auto run = start(serverArguments(0)
            + QStringList {QStringLiteral("--screenshot"), file, QStringLiteral("--screenshot-delay"), QStringLiteral("1500")},
        offscreen(home));
    QVERIFY2(run->finish(), qPrintable(run->log()));
    QCOMPARE(run->process->exitStatus(), QProcess::NormalExit);
    QVERIFY2(run->process->exitCode() == 0, qPrintable(run->log()));
    const QImage image(file);
    QVERIFY2(!image.isNull(), qPrintable(run->log()));
    QVERIFY(image.width() >= 800 && image.height() >= 600);
    // Not a blank canvas: the window has drawn its parts.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    }
    QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
}

void tst_GuiProcess::screenshotOfABusyPort()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    QTemporaryDir home;
    const QString file = home.filePath(QStringLiteral("busy.png"));
    const auto run = start(serverArguments(squatter.serverPort())
            + QStringList {QStringLiteral("--screenshot"), file, QStringLiteral("--screenshot-delay"), QStringLiteral("500")},
        offscreen(home));
    QVERIFY2(run->finish(), qPrintable(run->log()));
    // The window showed the problem rather than the process exiting with it.
    QVERIFY2(run->process->exitCode() == 0, qPrintable(run->log()));
    QVERIFY2(run->log().contains(QStringLiteral("did not start")), qPrintable(run->log()));
    QVERIFY(QFile::exists(file));
}

void tst_GuiProcess::screenshotNeedsADisplay()
{
    QTemporaryDir home;
    const auto run =
        start(serverArguments(0) + QStringList {QStringLiteral("--screenshot"), home.filePath(QStringLiteral("x.png"))}, noDisplay(home));
    QVERIFY(run->finish());
    QCOMPARE(run->process->exitCode(), 1);
    QVERIFY2(run->log().contains(QStringLiteral("--screenshot needs the dashboard")), qPrintable(run->log()));
}

void tst_GuiProcess::helpInTheLanguageAskedFor_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("env");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("english");
    const QString englishNoGui = QStringLiteral("Run headless, without the dashboard.");
    QTest::addRow("--lang de") << QStringList {QStringLiteral("--lang"), QStringLiteral("de"), QStringLiteral("--help")} << QStringList()
                               << QStringList {QStringLiteral("Ohne Dashboard"), QStringLiteral("Optionen:")} << englishNoGui;
    QTest::addRow("--lang=es") << QStringList {QStringLiteral("--help"), QStringLiteral("--lang=es")} << QStringList()
                               << QStringList {QStringLiteral("sin el panel"), QStringLiteral("Opciones:")} << englishNoGui;
    QTest::addRow("DATAGATE_LANG") << QStringList {QStringLiteral("--help")} << QStringList {QStringLiteral("DATAGATE_LANG=de")}
                                   << QStringList {QStringLiteral("Ohne Dashboard")} << englishNoGui;
    QTest::addRow("system locale") << QStringList {QStringLiteral("--help")}
                                   << QStringList {QStringLiteral("LANG=es_ES.UTF-8"), QStringLiteral("LC_ALL=es_ES.UTF-8")}
                                   << QStringList {QStringLiteral("sin el panel")} << englishNoGui;
    QTest::addRow("English") << QStringList {QStringLiteral("--help")} << QStringList() << QStringList {englishNoGui} << QString();
    // Without a translation, all of it in English, Qt's words too.
    QTest::addRow("untranslated language") << QStringList {QStringLiteral("--lang"), QStringLiteral("fr"), QStringLiteral("--help")}
                                           << QStringList() << QStringList {englishNoGui, QStringLiteral("Options:")} << QString();
}

void tst_GuiProcess::helpInTheLanguageAskedFor()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, env);
    QFETCH(QStringList, expected);
    QFETCH(QString, english);
    QTemporaryDir home;
    QProcessEnvironment environment = noDisplay(home);
    environment.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    for (const QString &assignment : env)
        environment.insert(assignment.section(QLatin1Char('='), 0, 0), assignment.section(QLatin1Char('='), 1));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(DATAGATE_BINARY), arguments);
    QVERIFY(process.waitForFinished(Patience));
    QCOMPARE(process.exitCode(), 0);
    // QCommandLineParser wraps the help to the width of the longest option,
    // so a phrase may be split over two lines: compared with single spaces.
    const QString help = QString::fromUtf8(process.readAllStandardOutput()).simplified();
    for (const QString &text : expected)
        QVERIFY2(help.contains(text), qPrintable(text + QStringLiteral(" not in:\n") + help));
    if (!english.isEmpty())
        QVERIFY2(!help.contains(english), qPrintable(help));
}

void tst_GuiProcess::logsStayEnglish()
{
    // A provider that refuses connections: Qt's own error text goes into a
    // log line, which stays English in a German process.
    quint16 closed = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        closed = probe.serverPort();
    }
    QTemporaryDir home;
    const auto run =
        start({QStringLiteral("--no-gui"), QStringLiteral("--lang"), QStringLiteral("de"), QStringLiteral("--host"),
                  QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--btc-providers"),
                  QStringLiteral("coinbase"), QStringLiteral("--btc-url"), QStringLiteral("coinbase=http://127.0.0.1:%1/price").arg(closed),
                  QStringLiteral("--btc-interval"), QStringLiteral("200")},
            noDisplay(home));
    QVERIFY2(run->waitFor("coinbase failed"), qPrintable(run->log()));
    QVERIFY(run->waitFor("\n", 2000) || true);
    run->process->terminate();
    QVERIFY(run->finish());
    const QString line = run->log().section(QStringLiteral("coinbase failed"), 1).section(QLatin1Char('\n'), 0, 0);
    QVERIFY2(line.contains(QStringLiteral("Connection refused")), qPrintable(line));
}

void tst_GuiProcess::monitorShowsAnotherProcess()
{
    QTemporaryDir home;
    // The datagate to watch: headless, on a port of its own choosing.
    const auto remote = start(QStringList {QStringLiteral("--no-gui")} + serverArguments(0), noDisplay(home));
    QVERIFY2(remote->waitFor("ready:"), qPrintable(remote->log()));
    const QRegularExpressionMatch listening = QRegularExpression(QStringLiteral(R"(listening on \S+ port (\d+))")).match(remote->log());
    QVERIFY2(listening.hasMatch(), qPrintable(remote->log()));
    const quint16 port = quint16(listening.captured(1).toUInt());
    // The check below sees a listening port where there is one.
    QVERIFY2(listeningPorts(remote->process->processId()).contains(port), qPrintable(remote->log()));
    JsonTestClient client;
    QVERIFY(client.connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port))));

    const QString file = home.filePath(QStringLiteral("monitor.png"));
    const auto run = start({QStringLiteral("--monitor"), QStringLiteral("http://127.0.0.1:%1").arg(port), QStringLiteral("--screenshot"),
                               file, QStringLiteral("--screenshot-delay"), QStringLiteral("3000")},
        offscreen(home));
    QVERIFY2(run->waitFor("connected to datagate"), qPrintable(run->log()));
    // Connected, and listening on nothing.
    QVERIFY(run->process->state() == QProcess::Running);
    const QList<quint16> ports = listeningPorts(run->process->processId());
    QVERIFY2(ports.isEmpty(), qPrintable(QStringLiteral("listens on %1").arg(ports.value(0))));
    QVERIFY2(run->finish(), qPrintable(run->log()));
    QCOMPARE(run->process->exitStatus(), QProcess::NormalExit);
    QVERIFY2(run->process->exitCode() == 0, qPrintable(run->log()));
    QVERIFY2(!run->log().contains(QStringLiteral("listening on")), qPrintable(run->log()));
    QVERIFY2(run->log().contains(QStringLiteral("no server in this process")), qPrintable(run->log()));
    const QImage image(file);
    QVERIFY2(!image.isNull(), qPrintable(run->log()));
    QVERIFY(image.width() >= 800 && image.height() >= 600);
    // The remote saw it as one of its clients, and it left cleanly.
    QVERIFY(remote->process->state() == QProcess::Running);
    QVERIFY(serves(port));
    ::kill(pid_t(remote->process->processId()), SIGTERM);
    QVERIFY(remote->finish());
}

void tst_GuiProcess::monitorRefusesToRunHeadless_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("display");
    QTest::addColumn<QString>("message");
    const QStringList monitor {QStringLiteral("--monitor"), QStringLiteral("http://127.0.0.1:1")};
    QTest::addRow("no display") << monitor << false
                                << QStringLiteral("--monitor opens the dashboard, which needs a display (DISPLAY is not set)");
    QTest::addRow("--no-gui") << monitor + QStringList {QStringLiteral("--no-gui")} << true
                              << QStringLiteral("--monitor opens the dashboard; it cannot run with --no-gui");
    QTest::addRow("not a URL") << QStringList {QStringLiteral("--monitor"), QStringLiteral("gateway:3000")} << true
                               << QStringLiteral("expected the URL of a datagate, such as http://host:3000");
    QTest::addRow("missing token file") << monitor
            + QStringList {QStringLiteral("--monitor-token-file"), QStringLiteral("/nonexistent/token")}
                                        << true << QStringLiteral("cannot read /nonexistent/token");
}

void tst_GuiProcess::monitorRefusesToRunHeadless()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, display);
    QFETCH(QString, message);
    QTemporaryDir home;
    const auto run = start(arguments, display ? offscreen(home) : noDisplay(home));
    QVERIFY(run->finish());
    QCOMPARE(run->process->exitCode(), 2);
    QVERIFY2(run->log().contains(message), qPrintable(run->log()));
    QVERIFY2(!run->log().contains(QStringLiteral("listening on")), qPrintable(run->log()));
}

QTEST_GUILESS_MAIN(tst_GuiProcess)
#include "tst_guiprocess.moc"
