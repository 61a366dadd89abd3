#pragma once

#include "config/Config.h"
#include "config/OptionSpec.h"

#include <QCoreApplication>
#include <QList>

class QSslCertificate;

// The options of the process itself (the dashboard or not, logging), next
// to the server's own (Server::options()).
struct AppOptions {
    Q_DECLARE_TR_FUNCTIONS(AppOptions)

public:
    static const QString NoGui;
    static const QString LogLevel;
    static const QString Lang;
    static const QString Screenshot;
    static const QString ScreenshotDelay;
    static const QString Monitor;
    static const QString MonitorTokenFile;
    static const QString MonitorCa;

    static QList<OptionSpec> options();
    // The server's and the process's, in the order --help lists them.
    static QList<OptionSpec> all();
    static QString description();

    // The certificates of a --monitor-ca file, at least one; empty, with
    // *error saying why, when it cannot be read or holds none.
    static QList<QSslCertificate> readCaFile(const QString &path, QString *error);
};
