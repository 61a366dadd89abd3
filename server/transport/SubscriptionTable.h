#pragma once

#include "model/StreamInfo.h"
#include "protocol/EncodedTick.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QStringList>

class ClientSession;

// The subscriptions of the clients of one I/O thread, and the latest tick of
// every stream (for the streams that send it on subscribe). Each client owns
// its own subscriptions: one client's unsubscribe never touches another's.
class SubscriptionTable final {
public:
    enum class SubscribeResult { Subscribed, AlreadySubscribed, UnknownStream };
    enum class UnsubscribeResult { Unsubscribed, NotSubscribed, UnknownStream };

    explicit SubscriptionTable(const QList<StreamInfo> &streams);

    const StreamInfo *find(const QString &stream) const;
    QStringList streamNames() const;

    SubscribeResult subscribe(ClientSession *session, const QString &stream);
    UnsubscribeResult unsubscribe(ClientSession *session, const QString &stream);
    void removeAll(ClientSession *session);
    QStringList streamsOf(ClientSession *session) const;
    // A copy: sessions may unsubscribe or close while it is walked.
    QSet<ClientSession *> subscribers(const QString &stream) const { return m_subscribers.value(stream); }
    int subscriberCount(const QString &stream) const { return m_subscribers.value(stream).size(); }

    void setLatest(const EncodedTick &tick) { m_latest.insert(tick.stream, tick); }
    const EncodedTick *latest(const QString &stream) const;

private:
    QList<StreamInfo> m_streams;
    QHash<QString, QSet<ClientSession *>> m_subscribers;
    QHash<ClientSession *, QStringList> m_streamsOf;
    QHash<QString, EncodedTick> m_latest;
};
