#pragma once

#include "feed/Feed.h"
#include "feed/FeedFactory.h"

#include <QTimer>

// An example feed, the smallest complete one: the server's clock as a
// stream named "clock", once per --clock-interval. Copy this folder to
// server/feeds/clock/ and add `FEED(clockFeedFactory)` to
// server/feeds/FeedRegistry.cpp, and datagate serves it on both protocols
// (subscribeClock), lists it in --help, the environment and the config file,
// and shows it on the dashboard. Nothing else needs an edit.
class ClockFeed final : public Feed {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClockFeed)

public:
    explicit ClockFeed(int intervalMs, QObject *parent = nullptr);

    StreamInfo info() const override;
    void start() override;
    void stop() override;

private:
    void tick();

    QTimer m_timer;
};

// The feed's entry in FeedRegistry: its option and how to make it.
FeedFactory clockFeedFactory();
