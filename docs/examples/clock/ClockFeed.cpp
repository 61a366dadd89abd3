#include "feeds/clock/ClockFeed.h"

#include <QCoreApplication>
#include <QDateTime>

FeedFactory clockFeedFactory()
{
    static const QString interval = QStringLiteral("clock-interval");
    return {QStringLiteral("clock"),
        [] {
            return QList<OptionSpec> {OptionSpec::integer(interval, QCoreApplication::translate("ClockFeed", "ms"),
                QCoreApplication::translate("ClockFeed", "Interval of the clock feed in ms."), 1000, 10, 3600 * 1000)};
        },
        [](const Config &config) -> std::unique_ptr<Feed> { return std::make_unique<ClockFeed>(int(config.integer(interval))); }};
}

ClockFeed::ClockFeed(int intervalMs, QObject *parent)
    : Feed(parent)
{
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ClockFeed::tick);
}

StreamInfo ClockFeed::info() const
{
    StreamInfo info;
    info.name = QStringLiteral("clock");
    info.description = QStringLiteral("The server's clock, ms since the epoch");
    info.valueKey = QStringLiteral("now");
    return info;
}

void ClockFeed::start()
{
    m_timer.start();
}

void ClockFeed::stop()
{
    m_timer.stop();
}

void ClockFeed::tick()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // The value, and a detail for clients that show it to people.
    Q_EMIT produced(now.toMSecsSinceEpoch(), {{QStringLiteral("iso"), now.toString(Qt::ISODateWithMs)}});
    FeedHealth health = this->health();
    health.state = FeedHealth::State::Healthy;
    health.lastSuccessAt = now;
    setHealth(health);
}
