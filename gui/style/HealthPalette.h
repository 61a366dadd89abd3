#pragma once

#include "model/FeedHealth.h"

#include <QColor>
#include <QCoreApplication>
#include <QList>
#include <QString>

// The one health palette of the dashboard: the header lights, the feed
// cards, the provider and log tables, the charts and the tray icon all take
// their colours and words from here. Green healthy, amber degraded or stale,
// red down, grey starting; a colour is never shown without its word.
struct HealthPalette {
    Q_DECLARE_TR_FUNCTIONS(HealthPalette)

public:
    static QColor color(FeedHealth::State state);
    // A lighter tint of color(), for backgrounds (a banner, a stale stretch).
    static QColor tint(FeedHealth::State state);
    static QString word(FeedHealth::State state);
    // The state shown for several feeds together: the worst of them.
    // Down > Degraded > Starting > Healthy; Starting for none at all.
    static FeedHealth::State worst(const QList<FeedHealth::State> &states);
    static int severity(FeedHealth::State state);
    // The name of the state's bundled icon, e.g. "datagate-down".
    static QString iconName(FeedHealth::State state);
};
