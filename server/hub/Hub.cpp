#include "hub/Hub.h"

#include "feed/Feed.h"
#include "hub/HubLogging.h"

#include <QDateTime>
#include <QRandomGenerator>

namespace {

// 64 random bits: two processes never pick the same epoch.
QString randomEpoch()
{
    return QString::number(QRandomGenerator::system()->generate64(), 16).rightJustified(16, QLatin1Char('0'));
}

} // namespace

Hub::Hub(QObject *parent)
    : QObject(parent)
    , m_epoch(randomEpoch())
{
    qRegisterMetaType<EncodedTick>();
    qRegisterMetaType<Tick>();
    qRegisterMetaType<FeedHealth>();
}

Hub::~Hub() = default;

void Hub::addFeed(std::unique_ptr<Feed> owned)
{
    Feed *feed = owned.release();
    feed->setParent(this);
    const StreamInfo info = feed->info();
    Q_ASSERT_X(!find(info.name), "Hub::addFeed", "duplicate stream name");
    const qsizetype index = m_streams.size();
    m_streams.append(Stream {feed, info, 0, false, Routing::Local, std::nullopt});

    connect(feed, &Feed::produced, this,
        [this, index](const QJsonValue &value, const QJsonObject &details) { onProduced(index, value, details); });
    connect(feed, &Feed::healthChanged, this, [this, name = info.name](const FeedHealth &health) {
        if (!find(name)->producerHealth)
            Q_EMIT feedHealthChanged(name, withDegradedReason(health));
    });
}

QList<StreamInfo> Hub::streams() const
{
    QList<StreamInfo> result;
    result.reserve(m_streams.size());
    for (const Stream &stream : m_streams)
        result.append(stream.feed->info());
    return result;
}

std::optional<StreamInfo> Hub::stream(const QString &name) const
{
    if (const Stream *stream = find(name))
        return stream->feed->info();
    return std::nullopt;
}

FeedHealth Hub::health(const QString &stream) const
{
    const Stream *found = find(stream);
    if (!found)
        return FeedHealth();
    return withDegradedReason(found->producerHealth ? *found->producerHealth : found->feed->health());
}

FeedHealth Hub::localHealth(const QString &stream) const
{
    const Stream *found = find(stream);
    return found ? found->feed->health() : FeedHealth();
}

void Hub::setProducerHealth(const QString &name, const std::optional<FeedHealth> &producerHealth)
{
    Stream *stream = find(name);
    if (!stream || stream->producerHealth == producerHealth)
        return;
    const FeedHealth before = health(name);
    stream->producerHealth = producerHealth;
    const FeedHealth after = health(name);
    if (after != before)
        Q_EMIT feedHealthChanged(name, after);
}

void Hub::setDegradedReason(const QString &reason)
{
    if (reason == m_degradedReason)
        return;
    m_degradedReason = reason;
    for (const Stream &stream : std::as_const(m_streams))
        Q_EMIT feedHealthChanged(stream.info.name, health(stream.info.name));
}

FeedHealth Hub::withDegradedReason(FeedHealth health) const
{
    if (m_degradedReason.isEmpty())
        return health;
    health.degradedReason = m_degradedReason;
    // Worse states stay: they say more. Starting stays too: nothing has
    // been produced yet, which is what /readyz waits for.
    if (health.state == FeedHealth::State::Healthy)
        health.state = FeedHealth::State::Degraded;
    return health;
}

void Hub::start()
{
    for (const Stream &stream : std::as_const(m_streams))
        startFeed(stream.info.name);
}

void Hub::stop()
{
    for (const Stream &stream : std::as_const(m_streams))
        stopFeed(stream.info.name);
}

bool Hub::startFeed(const QString &name)
{
    Stream *stream = find(name);
    if (!stream)
        return false;
    if (!stream->running) {
        stream->running = true;
        stream->feed->start();
        Q_EMIT feedRunningChanged(name, true);
    }
    return true;
}

bool Hub::stopFeed(const QString &name)
{
    Stream *stream = find(name);
    if (!stream)
        return false;
    if (stream->running) {
        stream->running = false;
        stream->feed->stop();
        Q_EMIT feedRunningChanged(name, false);
    }
    return true;
}

bool Hub::isFeedRunning(const QString &name) const
{
    const Stream *stream = find(name);
    return stream && stream->running;
}

QStringList Hub::reconfigureFeeds(const Config &config)
{
    QStringList changes;
    for (Stream &stream : m_streams) {
        changes += stream.feed->reconfigure(config);
        // The description may name the interval or the providers.
        stream.info = stream.feed->info();
    }
    return changes;
}

void Hub::setRouting(const QString &name, Routing routing)
{
    if (Stream *stream = find(name))
        stream->routing = routing;
}

Hub::Routing Hub::routing(const QString &name) const
{
    const Stream *stream = find(name);
    return stream ? stream->routing : Routing::Local;
}

quint64 Hub::lastSeq(const QString &name) const
{
    const Stream *stream = find(name);
    return stream ? stream->lastSeq : 0;
}

void Hub::seedSeq(const QString &name, quint64 lastSeq)
{
    if (Stream *stream = find(name))
        stream->lastSeq = lastSeq;
}

void Hub::setEpoch(const QString &epoch)
{
    if (epoch == m_epoch)
        return;
    qCInfo(lcHub).noquote() << "epoch" << m_epoch << "->" << epoch;
    m_epoch = epoch;
    Q_EMIT epochChanged(epoch);
}

QList<quint64> Hub::positions() const
{
    QList<quint64> positions;
    positions.reserve(m_streams.size());
    for (const Stream &stream : m_streams)
        positions.append(stream.lastSeq);
    return positions;
}

bool Hub::publishStamped(const Tick &tick)
{
    return stamped(tick, true);
}

bool Hub::recordStamped(const Tick &tick)
{
    return stamped(tick, false);
}

bool Hub::stamped(const Tick &tick, bool live)
{
    Stream *stream = find(tick.stream);
    if (!stream) {
        qCWarning(lcHub) << "dropped a tick of unknown stream" << tick.stream;
        return false;
    }
    if (tick.seq <= stream->lastSeq) {
        qCDebug(lcHub) << "dropped tick" << tick.stream << tick.seq << "at or below the last one," << stream->lastSeq;
        return false;
    }
    stream->lastSeq = tick.seq;
    publish(*stream, tick, live);
    return true;
}

Hub::Stream *Hub::find(const QString &name)
{
    for (Stream &stream : m_streams) {
        if (stream.info.name == name)
            return &stream;
    }
    return nullptr;
}

const Hub::Stream *Hub::find(const QString &name) const
{
    return const_cast<Hub *>(this)->find(name);
}

void Hub::onProduced(qsizetype index, const QJsonValue &value, const QJsonObject &details)
{
    Stream &stream = m_streams[index];
    // A feed that is not running has no say (a value may still be under way
    // from before it was stopped).
    if (!stream.running)
        return;
    if (stream.routing == Routing::Forward) {
        Q_EMIT valueProduced(stream.info.name, value, details);
        return;
    }
    Tick tick;
    tick.stream = stream.info.name;
    tick.seq = ++stream.lastSeq;
    tick.ts = QDateTime::currentMSecsSinceEpoch();
    tick.value = value;
    tick.details = details;
    publish(stream, tick);
}

void Hub::publish(const Stream &stream, const Tick &tick, bool live)
{
    qCDebug(lcHub) << "tick" << tick.stream << tick.seq;
    // The stream's lastSeq is this tick's already, so the offset says "every
    // stream up to here, this tick included".
    EncodedTick encoded =
        EncodedTick::encode(tick, stream.info.valueKey, m_socketIoOffsets ? EncodedTick::recoveryOffset(positions()) : QString());
    encoded.epoch = m_epoch;
    encoded.order = ++m_publishOrder;
    encoded.live = live;
    Q_EMIT published(encoded);
    if (live)
        Q_EMIT ticked(tick);
}
