#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

// What the About dialog says about this build: the version, the Qt it was
// built with and runs on, and the build's options.
struct BuildInfo {
    Q_DECLARE_TR_FUNCTIONS(BuildInfo)

public:
    static QString version();
    static QString qtVersions();
    // One line per option, e.g. "Build type: Release".
    static QStringList options();
};
