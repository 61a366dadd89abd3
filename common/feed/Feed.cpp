#include "feed/Feed.h"

Feed::Feed(QObject *parent)
    : QObject(parent)
{
}

Feed::~Feed() = default;

void Feed::setHealth(const FeedHealth &health)
{
    if (health == m_health)
        return;
    m_health = health;
    Q_EMIT healthChanged(m_health);
}
