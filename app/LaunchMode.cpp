#include "app/LaunchMode.h"

#include "config/OptionSpec.h"

#include <QDir>
#include <QFileInfo>
#include <QLibrary>
#include <QLibraryInfo>
#include <QSettings>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace LaunchMode {

Kind choose(const QStringList &arguments, const QProcessEnvironment &environment)
{
    // The same layers as Config::parse(), lowest first: file, environment, command line.
    QString file = environment.value(QStringLiteral("DATAGATE_CONFIG"));
    for (qsizetype i = 1; i + 1 < arguments.size(); ++i) {
        if (arguments.at(i) == QLatin1String("--config"))
            file = arguments.at(i + 1);
    }
    for (const QString &argument : arguments) {
        if (argument.startsWith(QLatin1String("--config=")))
            file = argument.sliced(9);
    }
    bool noGui = false;
    if (!file.isEmpty()) {
        const QSettings settings(file, QSettings::IniFormat);
        noGui = OptionSpec::parseBool(settings.value(QStringLiteral("no-gui")).toString()).value_or(false);
    }
    if (environment.contains(QStringLiteral("DATAGATE_NO_GUI"))) {
        const QString text = environment.value(QStringLiteral("DATAGATE_NO_GUI"));
        noGui = text.trimmed().isEmpty() || OptionSpec::parseBool(text).value_or(false);
    }
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--"))
            break;
        if (argument == QLatin1String("--no-gui"))
            noGui = true;
        // Printing something and exiting needs no window.
        else if (argument == QLatin1String("--help") || argument == QLatin1String("-h") || argument == QLatin1String("--help-all")
            || argument == QLatin1String("--version") || argument == QLatin1String("-v") || argument == QLatin1String("--print-config"))
            return Kind::Headless;
    }
    return noGui ? Kind::Headless : Kind::Desktop;
}

namespace {

// Platforms that draw without a display server (the brief list Qt ships).
bool needsNoDisplay(const QString &platform)
{
    static const QStringList names {QStringLiteral("offscreen"), QStringLiteral("minimal"), QStringLiteral("minimalegl"),
        QStringLiteral("vnc"), QStringLiteral("eglfs"), QStringLiteral("linuxfb"), QStringLiteral("vkkhrdisplay")};
    return names.contains(platform);
}

// The platforms Qt will try, in order, as it chooses them itself.
QStringList candidates(const QProcessEnvironment &environment)
{
    const QString chosen = environment.value(QStringLiteral("QT_QPA_PLATFORM")).trimmed();
    if (!chosen.isEmpty()) {
        QStringList names;
        for (const QString &entry : chosen.split(QLatin1Char(';'), Qt::SkipEmptyParts))
            names.append(entry.section(QLatin1Char(':'), 0, 0).trimmed()); // "vnc:size=800x600"
        return names;
    }
    // Qt's own default, with its exception for Wayland sessions outside GNOME.
    if (environment.value(QStringLiteral("XDG_SESSION_TYPE")) == QLatin1String("wayland")) {
        const QString desktops = environment.value(QStringLiteral("XDG_CURRENT_DESKTOP")).toLower()
            + environment.value(QStringLiteral("XDG_SESSION_DESKTOP")).toLower();
        if (!desktops.contains(QLatin1String("gnome")))
            return {QStringLiteral("wayland")};
    }
    return {QStringLiteral("xcb")};
}

// Empty when an X server answers at DISPLAY, else why not.
QString x11Problem(const QProcessEnvironment &environment, const DisplayProbe &probe)
{
    const QString display = environment.value(QStringLiteral("DISPLAY")).trimmed();
    if (display.isEmpty())
        return QStringLiteral("DISPLAY is not set");
    // [host]:display[.screen]
    const qsizetype colon = display.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const int number = colon >= 0 ? display.sliced(colon + 1).section(QLatin1Char('.'), 0, 0).toInt(&ok) : -1;
    if (!ok || number < 0)
        return QStringLiteral("DISPLAY=%1 is not a display name").arg(display);
    const QString host = display.left(colon);
    if (host.isEmpty() || host == QLatin1String("unix") || host.startsWith(QLatin1Char('/'))) {
        const QString path = host.startsWith(QLatin1Char('/')) ? display.left(colon) : QStringLiteral("/tmp/.X11-unix/X%1").arg(number);
        if (probe.unixSocketConnects(QLatin1Char('@') + path) || probe.unixSocketConnects(path))
            return {};
        return QStringLiteral("no X server answers at DISPLAY=%1").arg(display);
    }
    if (probe.tcpConnects(host, quint16(6000 + number)))
        return {};
    return QStringLiteral("no X server answers at DISPLAY=%1").arg(display);
}

QString waylandProblem(const QProcessEnvironment &environment, const DisplayProbe &probe)
{
    const QString name = environment.value(QStringLiteral("WAYLAND_DISPLAY"), QStringLiteral("wayland-0"));
    QString path = name;
    if (!QFileInfo(name).isAbsolute()) {
        const QString runtime = environment.value(QStringLiteral("XDG_RUNTIME_DIR"));
        if (runtime.isEmpty())
            return QStringLiteral("XDG_RUNTIME_DIR is not set, so there is no Wayland display");
        path = QDir(runtime).filePath(name);
    }
    if (probe.unixSocketConnects(path))
        return {};
    return environment.contains(QStringLiteral("WAYLAND_DISPLAY")) ? QStringLiteral("no Wayland compositor answers at %1").arg(path)
                                                                   : QStringLiteral("WAYLAND_DISPLAY is not set");
}

QString pluginFile(const QString &platform)
{
    if (platform == QLatin1String("wayland"))
        return QStringLiteral("libqwayland-generic.so");
    if (platform.startsWith(QLatin1String("wayland-")))
        return QStringLiteral("libq") + platform + QStringLiteral(".so"); // wayland-egl
    return QStringLiteral("libq") + platform + QStringLiteral(".so");
}

bool connectWithin(int fd, const sockaddr *address, socklen_t length, int timeoutMs)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    if (::connect(fd, address, length) == 0)
        return true;
    if (errno != EINPROGRESS)
        return false;
    pollfd waiting {fd, POLLOUT, 0};
    if (::poll(&waiting, 1, timeoutMs) != 1)
        return false;
    int error = 0;
    socklen_t size = sizeof(error);
    return ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 && error == 0;
}

} // namespace

DisplayProbe DisplayProbe::system()
{
    DisplayProbe probe;
    probe.pluginLoads = [](const QString &platform) {
        QStringList directories;
        for (const QString &entry : qEnvironmentVariable("QT_PLUGIN_PATH").split(QLatin1Char(':'), Qt::SkipEmptyParts))
            directories.append(entry);
        directories.append(QLibraryInfo::path(QLibraryInfo::PluginsPath));
        for (const QString &directory : std::as_const(directories)) {
            const QString path = QDir(directory).filePath(QStringLiteral("platforms/") + pluginFile(platform));
            if (!QFileInfo::exists(path))
                continue;
            // Loading it proves that the libraries it needs are there too.
            // It stays loaded (Qt loads it again in a moment anyway):
            // unloading a Qt plugin is not worth its risks.
            QLibrary library(path);
            return library.load();
        }
        return false;
    };
    probe.unixSocketConnects = [](const QString &path) {
        sockaddr_un address {};
        address.sun_family = AF_UNIX;
        const QByteArray name = QFile::encodeName(path);
        if (name.isEmpty() || size_t(name.size()) >= sizeof(address.sun_path))
            return false;
        std::memcpy(address.sun_path, name.constData(), size_t(name.size()));
        socklen_t length = socklen_t(offsetof(sockaddr_un, sun_path) + size_t(name.size()) + 1);
        if (name.startsWith('@')) {
            address.sun_path[0] = '\0'; // abstract: no terminating zero counts
            length = socklen_t(offsetof(sockaddr_un, sun_path) + size_t(name.size()));
        }
        const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            return false;
        const bool connected = connectWithin(fd, reinterpret_cast<const sockaddr *>(&address), length, 1000);
        ::close(fd);
        return connected;
    };
    probe.tcpConnects = [](const QString &host, quint16 port) {
        addrinfo hints {};
        hints.ai_socktype = SOCK_STREAM;
        addrinfo *found = nullptr;
        if (::getaddrinfo(host.toLocal8Bit().constData(), QByteArray::number(port).constData(), &hints, &found) != 0)
            return false;
        bool connected = false;
        for (addrinfo *entry = found; entry && !connected; entry = entry->ai_next) {
            const int fd = ::socket(entry->ai_family, entry->ai_socktype | SOCK_CLOEXEC, entry->ai_protocol);
            if (fd < 0)
                continue;
            connected = connectWithin(fd, entry->ai_addr, entry->ai_addrlen, 1000);
            ::close(fd);
        }
        ::freeaddrinfo(found);
        return connected;
    };
    return probe;
}

QString displayProblem(const QProcessEnvironment &environment, const DisplayProbe &probe)
{
    QStringList reasons;
    for (const QString &platform : candidates(environment)) {
        QString problem;
        if (platform == QLatin1String("xcb"))
            problem = x11Problem(environment, probe);
        else if (platform.startsWith(QLatin1String("wayland")))
            problem = waylandProblem(environment, probe);
        else if (!needsNoDisplay(platform))
            problem = QString(); // unknown to us: let Qt judge
        if (problem.isEmpty() && !probe.pluginLoads(platform))
            problem = QStringLiteral("Qt's \"%1\" platform plugin is not installed or does not load").arg(platform);
        if (problem.isEmpty())
            return {};
        reasons.append(problem);
    }
    return reasons.join(QStringLiteral("; "));
}

} // namespace LaunchMode
