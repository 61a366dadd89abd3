#pragma once

#include "feed/Feed.h"
#include "feed/FeedFactory.h"
#include "time/SystemClock.h"

#include <memory>

class ClockTimer;

// The random-number stream of the replaced gateway: one integer from 0 to 99
// per interval, from one shared timer whatever the number of subscribers.
class RandomFeed final : public Feed {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RandomFeed)

public:
    static const QString StreamName;

    explicit RandomFeed(int intervalMs, Clock &clock = SystemClock::instance(), QObject *parent = nullptr);
    ~RandomFeed() override;

    int intervalMs() const { return m_intervalMs; }

    StreamInfo info() const override;
    void start() override;
    void stop() override;
    // --random-interval. A running feed's next value comes one new interval
    // after its last one (at once when that is already past), so a change
    // neither skips nor doubles a value.
    QStringList reconfigure(const Config &config) override;

private:
    void produce();

    int m_intervalMs;
    Clock &m_clock;
    std::unique_ptr<ClockTimer> m_timer;
    qint64 m_dueMs = 0; // on m_clock: when the value being waited for is due
};

// The feed's entry in FeedRegistry, with its option --random-interval.
FeedFactory randomFeedFactory();
