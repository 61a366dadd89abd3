#pragma once

#include "feed/Feed.h"
#include "feed/FeedFactory.h"

#include <QCoreApplication>
#include <QTimer>

// The random-number stream of the replaced gateway: one integer from 0 to 99
// per interval, from one shared timer whatever the number of subscribers.
class RandomFeed final : public Feed {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RandomFeed)

public:
    static const QString StreamName;

    explicit RandomFeed(int intervalMs, QObject *parent = nullptr);

    StreamInfo info() const override;
    void start() override;
    void stop() override;

private:
    void produce();

    QTimer m_timer;
};

// The feed's entry in FeedRegistry, with its option --random-interval.
FeedFactory randomFeedFactory();
