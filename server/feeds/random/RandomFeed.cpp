#include "feeds/random/RandomFeed.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QRandomGenerator>

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

RandomFeed::RandomFeed(int intervalMs, QObject *parent)
    : Feed(parent)
{
    m_timer.setInterval(intervalMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RandomFeed::produce);
}

StreamInfo RandomFeed::info() const
{
    StreamInfo info;
    info.name = StreamName;
    info.description = QStringLiteral("Random integer from 0 to 99");
    return info;
}

void RandomFeed::start()
{
    if (m_timer.isActive())
        return;
    qCInfo(lcFeedRandom) << "random feed every" << m_timer.interval() << "ms";
    m_timer.start();
}

void RandomFeed::stop()
{
    m_timer.stop();
}

void RandomFeed::produce()
{
    const int value = static_cast<int>(QRandomGenerator::global()->bounded(100));
    Q_EMIT produced(value, QJsonObject());

    FeedHealth health = this->health();
    health.state = FeedHealth::State::Healthy;
    health.lastSuccessAt = QDateTime::currentDateTimeUtc();
    setHealth(health);
}
