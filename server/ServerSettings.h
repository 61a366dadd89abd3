#pragma once

#include "config/Config.h"
#include "config/OptionSpec.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

// The server's own options, beyond the transport's and the feeds': who may
// read the operator endpoints.
struct ServerSettings {
    Q_DECLARE_TR_FUNCTIONS(ServerSettings)

public:
    QString adminTokenFile; // bearer tokens for /api/*; empty: open
    QString metricsTokenFile; // bearer tokens for /metrics and the probes; empty: open
    int shutdownTimeoutMs = 0; // how long clients have to take their backlog and close on shutdown

    static QList<OptionSpec> options();
    static ServerSettings from(const Config &config);
};
