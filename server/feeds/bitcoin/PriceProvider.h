#pragma once

#include "feeds/bitcoin/PriceParsers.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

// A public Bitcoin price API that needs no key: where to ask and how to read
// the answer. The feed tries the configured providers in order.
struct PriceProvider {
    QString name; // as written in --btc-providers and --btc-url
    QUrl defaultUrl; // replaced as a whole by --btc-url NAME=URL
    QString currency; // what the price is quoted in
    PriceParsers::Result (*parse)(const QByteArray &body) = nullptr;

    // Every provider datagate knows, in the default failover order.
    static const QList<PriceProvider> &all();
    static const PriceProvider *find(const QString &name);
    static QStringList names();
};
