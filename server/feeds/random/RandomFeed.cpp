#include "feeds/random/RandomFeed.h"

#include "time/ClockTimer.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QRandomGenerator>

#include <algorithm>

namespace {

Q_LOGGING_CATEGORY(lcFeedRandom, "datagate.feed.random")

constexpr qint64 OneDayMs = 24LL * 3600 * 1000;
const QString IntervalOption = QStringLiteral("random-interval");

} // namespace

const QString RandomFeed::StreamName = QStringLiteral("randomNumber");

FeedFactory randomFeedFactory()
{
    return {RandomFeed::StreamName,
        [] {
            OptionSpec interval = OptionSpec::integer(IntervalOption, QCoreApplication::translate("RandomFeed", "ms"),
                QCoreApplication::translate("RandomFeed", "Interval of the random-number feed in ms."), 1000, 1, OneDayMs);
            return QList<OptionSpec> {interval.reloadable()};
        },
        [](const Config &config) -> std::unique_ptr<Feed> {
            return std::make_unique<RandomFeed>(static_cast<int>(config.integer(IntervalOption)));
        }};
}

RandomFeed::RandomFeed(int intervalMs, Clock &clock, QObject *parent)
    : Feed(parent)
    , m_intervalMs(intervalMs)
    , m_clock(clock)
    , m_timer(clock.createTimer())
{
    connect(m_timer.get(), &ClockTimer::timeout, this, &RandomFeed::produce);
}

RandomFeed::~RandomFeed() = default;

StreamInfo RandomFeed::info() const
{
    StreamInfo info;
    info.name = StreamName;
    info.description = QStringLiteral("Random integer from 0 to 99");
    return info;
}

void RandomFeed::start()
{
    if (m_timer->isActive())
        return;
    qCInfo(lcFeedRandom) << "random feed every" << m_intervalMs << "ms";
    m_dueMs = m_clock.elapsedMs() + m_intervalMs;
    m_timer->start(m_intervalMs);
}

void RandomFeed::stop()
{
    m_timer->stop();
}

QStringList RandomFeed::reconfigure(const Config &config)
{
    const int intervalMs = static_cast<int>(config.integer(IntervalOption));
    if (intervalMs == m_intervalMs)
        return {};
    const QString change = QStringLiteral("%1: %2 ms -> %3 ms").arg(IntervalOption).arg(m_intervalMs).arg(intervalMs);
    if (m_timer->isActive()) {
        // m_dueMs - m_intervalMs is when the last value was due.
        const qint64 now = m_clock.elapsedMs();
        m_dueMs = std::max(now, m_dueMs - m_intervalMs + intervalMs);
        m_timer->start(m_dueMs - now);
    }
    m_intervalMs = intervalMs;
    return {change};
}

void RandomFeed::produce()
{
    // The next value is due one interval after this one was, not after this
    // slot ran, so that the rate does not drift with the event loop's
    // latency; after a stall the values resume at the interval rather than
    // catching up in a burst.
    const qint64 now = m_clock.elapsedMs();
    m_dueMs += m_intervalMs;
    if (m_dueMs <= now)
        m_dueMs = now + m_intervalMs;
    m_timer->start(m_dueMs - now);

    const int value = static_cast<int>(QRandomGenerator::global()->bounded(100));
    Q_EMIT produced(value, QJsonObject());

    FeedHealth health = this->health();
    health.state = FeedHealth::State::Healthy;
    health.lastSuccessAt = m_clock.now();
    setHealth(health);
}
