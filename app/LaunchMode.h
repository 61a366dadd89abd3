#pragma once

#include <QProcessEnvironment>
#include <QStringList>

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

} // namespace LaunchMode
