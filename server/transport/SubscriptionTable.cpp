#include "transport/SubscriptionTable.h"

SubscriptionTable::SubscriptionTable(const QList<StreamInfo> &streams, qsizetype historySize, qint64 historyTtlMs)
    : m_streams(streams)
{
    for (const StreamInfo &info : streams) {
        m_subscribers.insert(info.name, {});
        m_histories.insert(info.name, StreamHistory {QString(), TickHistory(historySize, historyTtlMs)});
    }
}

const StreamInfo *SubscriptionTable::find(const QString &stream) const
{
    for (const StreamInfo &info : m_streams) {
        if (info.name == stream)
            return &info;
    }
    return nullptr;
}

QStringList SubscriptionTable::streamNames() const
{
    QStringList names;
    for (const StreamInfo &info : m_streams)
        names.append(info.name);
    return names;
}

SubscriptionTable::SubscribeResult SubscriptionTable::subscribe(ClientSession *session, const QString &stream)
{
    const auto it = m_subscribers.find(stream);
    if (it == m_subscribers.end())
        return SubscribeResult::UnknownStream;
    if (it->contains(session))
        return SubscribeResult::AlreadySubscribed;
    it->insert(session);
    m_streamsOf[session].append(stream);
    return SubscribeResult::Subscribed;
}

SubscriptionTable::UnsubscribeResult SubscriptionTable::unsubscribe(ClientSession *session, const QString &stream)
{
    const auto it = m_subscribers.find(stream);
    if (it == m_subscribers.end())
        return UnsubscribeResult::UnknownStream;
    if (!it->remove(session))
        return UnsubscribeResult::NotSubscribed;
    const auto streams = m_streamsOf.find(session);
    streams->removeOne(stream);
    if (streams->isEmpty())
        m_streamsOf.erase(streams);
    return UnsubscribeResult::Unsubscribed;
}

void SubscriptionTable::removeAll(ClientSession *session)
{
    const QStringList streams = m_streamsOf.take(session);
    for (const QString &stream : streams)
        m_subscribers[stream].remove(session);
}

QStringList SubscriptionTable::streamsOf(ClientSession *session) const
{
    return m_streamsOf.value(session);
}

const EncodedTick *SubscriptionTable::latest(const QString &stream) const
{
    const auto it = m_latest.constFind(stream);
    return it == m_latest.constEnd() ? nullptr : &it.value();
}

void SubscriptionTable::record(const EncodedTick &tick)
{
    setLatest(tick);
    const auto it = m_histories.find(tick.stream);
    if (it == m_histories.end())
        return;
    if (it->epoch != tick.epoch) {
        it->ticks.clear();
        it->epoch = tick.epoch;
    }
    it->ticks.append(tick);
}

const SubscriptionTable::StreamHistory *SubscriptionTable::history(const QString &stream) const
{
    const auto it = m_histories.constFind(stream);
    return it == m_histories.constEnd() ? nullptr : &it.value();
}

QList<quint64> SubscriptionTable::positions() const
{
    QList<quint64> positions;
    positions.reserve(m_streams.size());
    for (const StreamInfo &info : m_streams) {
        const StreamHistory *stream = history(info.name);
        positions.append(stream ? stream->ticks.latestSeq() : 0);
    }
    return positions;
}
