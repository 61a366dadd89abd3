// Whether the dashboard can open a window here, decided before Qt would
// abort for the lack of one: the display variables, the display answering,
// the platform plugin loading. The machine is faked.
#include "app/LaunchMode.h"

#include <QSet>
#include <QTest>

namespace {

struct Machine {
    QSet<QString> plugins {QStringLiteral("xcb"), QStringLiteral("offscreen"), QStringLiteral("minimal"), QStringLiteral("wayland")};
    QSet<QString> sockets; // Unix socket paths that answer
    QSet<QString> tcp; // "host:port" that answer

    LaunchMode::DisplayProbe probe() const
    {
        LaunchMode::DisplayProbe probe;
        probe.pluginLoads = [this](const QString &platform) { return plugins.contains(platform); };
        probe.unixSocketConnects = [this](const QString &path) { return sockets.contains(path); };
        probe.tcpConnects = [this](const QString &host, quint16 port) {
            return tcp.contains(host + QLatin1Char(':') + QString::number(port));
        };
        return probe;
    }
};

QProcessEnvironment environment(const QStringList &assignments)
{
    QProcessEnvironment env;
    for (const QString &assignment : assignments)
        env.insert(assignment.section(QLatin1Char('='), 0, 0), assignment.section(QLatin1Char('='), 1));
    return env;
}

} // namespace

class tst_LaunchMode final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void displayProblem_data();
    void displayProblem();
    void realMachineOffscreen();
};

void tst_LaunchMode::displayProblem_data()
{
    QTest::addColumn<QStringList>("env");
    QTest::addColumn<QStringList>("answering"); // sockets ("/…", "@/…") and "host:port"
    QTest::addColumn<QStringList>("missingPlugins");
    QTest::addColumn<QString>("problem"); // a part of it; empty: none

    const QString x0 = QStringLiteral("@/tmp/.X11-unix/X0");
    QTest::addRow("nothing set") << QStringList() << QStringList() << QStringList() << QStringLiteral("DISPLAY is not set");
    QTest::addRow("X server answers") << QStringList {QStringLiteral("DISPLAY=:0")} << QStringList {x0} << QStringList() << QString();
    QTest::addRow("X socket file only") << QStringList {QStringLiteral("DISPLAY=:0.0")} << QStringList {QStringLiteral("/tmp/.X11-unix/X0")}
                                        << QStringList() << QString();
    QTest::addRow("X server gone") << QStringList {QStringLiteral("DISPLAY=:0")} << QStringList() << QStringList()
                                   << QStringLiteral("no X server answers at DISPLAY=:0");
    QTest::addRow("X over TCP") << QStringList {QStringLiteral("DISPLAY=localhost:10.0")} << QStringList {QStringLiteral("localhost:6010")}
                                << QStringList() << QString();
    QTest::addRow("X over TCP, gone") << QStringList {QStringLiteral("DISPLAY=localhost:10.0")} << QStringList() << QStringList()
                                      << QStringLiteral("no X server answers");
    QTest::addRow("bad DISPLAY") << QStringList {QStringLiteral("DISPLAY=nonsense")} << QStringList() << QStringList()
                                 << QStringLiteral("not a display name");
    QTest::addRow("xcb plugin missing") << QStringList {QStringLiteral("DISPLAY=:0")} << QStringList {x0}
                                        << QStringList {QStringLiteral("xcb")} << QStringLiteral("\"xcb\" platform plugin");
    QTest::addRow("offscreen needs no display")
        << QStringList {QStringLiteral("QT_QPA_PLATFORM=offscreen")} << QStringList() << QStringList() << QString();
    QTest::addRow("offscreen with options") << QStringList {QStringLiteral("QT_QPA_PLATFORM=offscreen:size=800x600")} << QStringList()
                                            << QStringList() << QString();
    QTest::addRow("offscreen plugin missing") << QStringList {QStringLiteral("QT_QPA_PLATFORM=offscreen")} << QStringList()
                                              << QStringList {QStringLiteral("offscreen")} << QStringLiteral("\"offscreen\"");
    QTest::addRow("unknown platform") << QStringList {QStringLiteral("QT_QPA_PLATFORM=nosuch")} << QStringList() << QStringList()
                                      << QStringLiteral("\"nosuch\" platform plugin");
    QTest::addRow("xcb forced, no DISPLAY") << QStringList {QStringLiteral("QT_QPA_PLATFORM=xcb"),
        QStringLiteral("WAYLAND_DISPLAY=wayland-0")}
                                            << QStringList() << QStringList() << QStringLiteral("DISPLAY is not set");
    QTest::addRow("fallback list") << QStringList {QStringLiteral("QT_QPA_PLATFORM=xcb;offscreen")} << QStringList() << QStringList()
                                   << QString();
    QTest::addRow("wayland session") << QStringList {QStringLiteral("XDG_SESSION_TYPE=wayland"), QStringLiteral("XDG_CURRENT_DESKTOP=KDE"),
        QStringLiteral("WAYLAND_DISPLAY=wayland-0"), QStringLiteral("XDG_RUNTIME_DIR=/run/user/1000")}
                                     << QStringList {QStringLiteral("/run/user/1000/wayland-0")} << QStringList() << QString();
    QTest::addRow("wayland compositor gone") << QStringList {QStringLiteral("XDG_SESSION_TYPE=wayland"),
        QStringLiteral("WAYLAND_DISPLAY=wayland-0"), QStringLiteral("XDG_RUNTIME_DIR=/run/user/1000")}
                                             << QStringList() << QStringList() << QStringLiteral("no Wayland compositor answers");
    QTest::addRow("GNOME on wayland uses X") << QStringList {QStringLiteral("XDG_SESSION_TYPE=wayland"),
        QStringLiteral("XDG_CURRENT_DESKTOP=GNOME"), QStringLiteral("DISPLAY=:0")}
                                             << QStringList {x0} << QStringList {QStringLiteral("wayland")} << QString();
}

void tst_LaunchMode::displayProblem()
{
    QFETCH(QStringList, env);
    QFETCH(QStringList, answering);
    QFETCH(QStringList, missingPlugins);
    QFETCH(QString, problem);
    Machine machine;
    for (const QString &entry : answering) {
        if (entry.startsWith(QLatin1Char('/')) || entry.startsWith(QLatin1Char('@')))
            machine.sockets.insert(entry);
        else
            machine.tcp.insert(entry);
    }
    for (const QString &plugin : missingPlugins)
        machine.plugins.remove(plugin);
    const QString result = LaunchMode::displayProblem(environment(env), machine.probe());
    if (problem.isEmpty())
        QVERIFY2(result.isEmpty(), qPrintable(result));
    else
        QVERIFY2(result.contains(problem), qPrintable(result));
}

void tst_LaunchMode::realMachineOffscreen()
{
    // This machine's own plugins: the offscreen one is there (the tests run
    // on it), a made-up one is not.
    QVERIFY(LaunchMode::displayProblem(environment({QStringLiteral("QT_QPA_PLATFORM=offscreen")})).isEmpty());
    QVERIFY(!LaunchMode::displayProblem(environment({QStringLiteral("QT_QPA_PLATFORM=nosuchplatform")})).isEmpty());
    QVERIFY(!LaunchMode::displayProblem(environment({QStringLiteral("QT_QPA_PLATFORM=xcb"), QStringLiteral("DISPLAY=:97")})).isEmpty());
}

QTEST_GUILESS_MAIN(tst_LaunchMode)
#include "tst_launchmode.moc"
