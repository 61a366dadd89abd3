#pragma once

#include "config/Config.h"
#include "config/OptionSpec.h"

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QStringList>
#include <QUrl>

// The Bitcoin price feed's options (--btc-*), declared and validated here.
struct BitcoinSettings {
    Q_DECLARE_TR_FUNCTIONS(BitcoinSettings)

public:
    static const QString SimulatedProvider; // "simulated": a labelled random walk for offline demos

    QStringList providers; // in failover order; either real providers or SimulatedProvider alone
    int intervalMs = 0;
    int timeoutMs = 0;
    QMap<QString, QUrl> urls; // provider -> whole request URL, replacing its default

    bool isSimulated() const { return providers == QStringList {SimulatedProvider}; }

    static QList<OptionSpec> options();
    static BitcoinSettings from(const Config &config);
};
