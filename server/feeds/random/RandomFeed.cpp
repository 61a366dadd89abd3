#include "feeds/random/RandomFeed.h"

#include "Logging.h"

#include <QDateTime>
#include <QRandomGenerator>

RandomFeed::RandomFeed(int intervalMs, QObject *parent)
    : Feed(parent)
{
    m_timer.setInterval(intervalMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RandomFeed::produce);
}

StreamInfo RandomFeed::info() const
{
    return {QStringLiteral("randomNumber"), QStringLiteral("Random integer from 0 to 99"), false};
}

void RandomFeed::start()
{
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
    Q_EMIT produced(value, QJsonObject {{QStringLiteral("value"), value}});

    FeedHealth health = this->health();
    health.state = FeedHealth::State::Healthy;
    health.lastSuccessAt = QDateTime::currentDateTimeUtc();
    setHealth(health);
}
