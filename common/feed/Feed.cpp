#include "feed/Feed.h"

Feed::Feed(QObject *parent)
    : QObject(parent)
{
}

Feed::~Feed() = default;

QStringList Feed::reconfigure(const Config &config)
{
    Q_UNUSED(config);
    return {};
}

void Feed::setHealth(const FeedHealth &health)
{
    if (health == m_health)
        return;
    m_health = health;
    Q_EMIT healthChanged(m_health);
}
