#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>

// What kind of application object the process needs, decided from the raw
// command line and environment before any exists: Qt fixes the kind when
// the object is made (QCoreApplication or QApplication), and the options are
// parsed properly only after that. A wrong guess costs nothing worse than a
// headless run: the full parse later refuses invalid options either way.
namespace LaunchMode {

enum class Kind {
    Headless, // QCoreApplication: --no-gui, or only printing (--help, --version, --print-config)
    Desktop, // QApplication: the dashboard
};

// arguments includes the program name.
Kind choose(const QStringList &arguments, const QProcessEnvironment &environment);

// What displayProblem() asks of the machine; tests replace it.
struct DisplayProbe {
    // Whether Qt's platform plugin of this name (e.g. "xcb") is installed
    // and its library loads.
    std::function<bool(const QString &platform)> pluginLoads;
    // Whether a Unix socket at this path (a leading '@': in the abstract
    // namespace) accepts a connection.
    std::function<bool(const QString &path)> unixSocketConnects;
    // Whether a TCP port accepts a connection within a second.
    std::function<bool(const QString &host, quint16 port)> tcpConnects;

    static DisplayProbe system();
};

// Why the dashboard cannot open a window here, as one line for the log; an
// empty string when it can. Qt aborts the process when its platform plugin
// cannot start, so this is asked before the QApplication exists: a platform
// that needs a display (xcb, wayland) needs its display to be set and to
// answer, and the plugin must load. Platforms that need none (offscreen,
// minimal, vnc, eglfs, linuxfb) only need their plugin.
QString displayProblem(const QProcessEnvironment &environment, const DisplayProbe &probe = DisplayProbe::system());

} // namespace LaunchMode
