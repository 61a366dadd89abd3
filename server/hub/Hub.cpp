#include "hub/Hub.h"

#include "Logging.h"
#include "feeds/Feed.h"

#include <QDateTime>

Hub::Hub(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<EncodedTick>();
    qRegisterMetaType<Tick>();
    qRegisterMetaType<FeedHealth>();
}

Hub::~Hub() = default;

void Hub::addFeed(Feed *feed)
{
    const StreamInfo info = feed->info();
    Q_ASSERT_X(!m_lastSeq.contains(info.name), "Hub::addFeed", "duplicate stream name");
    feed->setParent(this);
    m_feeds.append(feed);
    m_lastSeq.insert(info.name, 0);

    connect(feed, &Feed::produced, this,
        [this, feed](const QJsonValue &legacyValue, const QJsonObject &fields) { publish(feed, legacyValue, fields); });
    connect(
        feed, &Feed::healthChanged, this, [this, name = info.name](const FeedHealth &health) { Q_EMIT feedHealthChanged(name, health); });
}

QList<StreamInfo> Hub::streams() const
{
    QList<StreamInfo> result;
    for (const Feed *feed : m_feeds)
        result.append(feed->info());
    return result;
}

FeedHealth Hub::health(const QString &stream) const
{
    for (const Feed *feed : m_feeds) {
        if (feed->info().name == stream)
            return feed->health();
    }
    return {};
}

void Hub::start()
{
    for (Feed *feed : std::as_const(m_feeds))
        feed->start();
}

void Hub::stop()
{
    for (Feed *feed : std::as_const(m_feeds))
        feed->stop();
}

void Hub::publish(Feed *feed, const QJsonValue &legacyValue, const QJsonObject &fields)
{
    Tick tick;
    tick.stream = feed->info().name;
    tick.seq = ++m_lastSeq[tick.stream];
    tick.ts = QDateTime::currentMSecsSinceEpoch();
    tick.legacyValue = legacyValue;
    tick.fields = fields;

    qCDebug(lcHub) << "tick" << tick.stream << tick.seq;
    Q_EMIT published(EncodedTick::encode(tick));
    Q_EMIT ticked(tick);
}
