#include "gui/style/HealthPalette.h"

QColor HealthPalette::color(FeedHealth::State state)
{
    // Chosen to stay apart for the common colour-vision deficiencies (red
    // and green differ in lightness too) and to read on light and dark
    // backgrounds; the word beside them carries the meaning anyway.
    switch (state) {
    case FeedHealth::State::Healthy: return QColor(0x1a, 0x7f, 0x37);
    case FeedHealth::State::Degraded: return QColor(0xd0, 0x8c, 0x00);
    case FeedHealth::State::Down: return QColor(0xcf, 0x22, 0x2e);
    case FeedHealth::State::Starting: return QColor(0x8c, 0x95, 0x9f);
    }
    return QColor(0x8c, 0x95, 0x9f);
}

QColor HealthPalette::tint(FeedHealth::State state)
{
    QColor tinted = color(state);
    tinted.setAlpha(48);
    return tinted;
}

QString HealthPalette::word(FeedHealth::State state)
{
    switch (state) {
    case FeedHealth::State::Healthy: return tr("Healthy", "feed health");
    case FeedHealth::State::Degraded: return tr("Degraded", "feed health: serving stale data or failing over");
    case FeedHealth::State::Down: return tr("Down", "feed health");
    case FeedHealth::State::Starting: return tr("Starting", "feed health: no value yet");
    }
    return {};
}

int HealthPalette::severity(FeedHealth::State state)
{
    switch (state) {
    case FeedHealth::State::Healthy: return 0;
    case FeedHealth::State::Starting: return 1;
    case FeedHealth::State::Degraded: return 2;
    case FeedHealth::State::Down: return 3;
    }
    return 1;
}

FeedHealth::State HealthPalette::worst(const QList<FeedHealth::State> &states)
{
    if (states.isEmpty())
        return FeedHealth::State::Starting;
    FeedHealth::State result = FeedHealth::State::Healthy;
    for (FeedHealth::State state : states) {
        if (severity(state) > severity(result))
            result = state;
    }
    return result;
}

QString HealthPalette::iconName(FeedHealth::State state)
{
    return QStringLiteral("datagate-") + FeedHealth::stateName(state);
}
