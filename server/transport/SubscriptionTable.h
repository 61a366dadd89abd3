#pragma once

#include "model/StreamInfo.h"
#include "protocol/EncodedTick.h"
#include "protocol/TickHistory.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QStringList>

class ClientSession;

// The subscriptions of the clients of one I/O thread, the latest tick of
// every stream (for the streams that send it on subscribe) and the recent
// ticks of every stream (for clients that reconnect and ask for what they
// missed). Each client owns its own subscriptions: one client's unsubscribe
// never touches another's.
//
// Every I/O thread keeps its own history of the ticks it delivered, so that
// a replay reads it without a lock or another thread; the frames in it are
// the hub's, shared by every thread, so a thread's history costs the small
// EncodedTick records only.
class SubscriptionTable final {
public:
    enum class SubscribeResult { Subscribed, AlreadySubscribed, UnknownStream };
    enum class UnsubscribeResult { Unsubscribed, NotSubscribed, UnknownStream };

    struct StreamHistory {
        QString epoch; // of the ticks held; empty before the first
        TickHistory ticks;
    };

    // historySize and historyTtlMs bound each stream's history (TickHistory).
    explicit SubscriptionTable(const QList<StreamInfo> &streams, qsizetype historySize = 0, qint64 historyTtlMs = 1);

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

    // A tick this thread delivers: the latest of its stream, and the newest
    // of its history. A tick of another epoch than the history's starts it
    // over: the seqs of two epochs mean different ticks.
    void record(const EncodedTick &tick);
    // nullptr for an unknown stream.
    const StreamHistory *history(const QString &stream) const;
    // The latest seq of every stream this thread delivered, in the order of
    // the streams; 0 for one with none.
    QList<quint64> positions() const;

private:
    QList<StreamInfo> m_streams;
    QHash<QString, QSet<ClientSession *>> m_subscribers;
    QHash<ClientSession *, QStringList> m_streamsOf;
    QHash<QString, EncodedTick> m_latest;
    QHash<QString, StreamHistory> m_histories;
};
