#include "transport/SubscriptionTable.h"

SubscriptionTable::SubscriptionTable(const QList<StreamInfo> &streams)
    : m_streams(streams)
{
    for (const StreamInfo &info : streams)
        m_subscribers.insert(info.name, {});
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
