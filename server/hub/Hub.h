#pragma once

#include "model/FeedHealth.h"
#include "model/StreamInfo.h"
#include "model/Tick.h"
#include "protocol/EncodedTick.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

class Config;
class Feed;

// The hub owns the feeds. Each value a feed produces is stamped with its
// stream's next seq and the server time, serialized once per protocol and
// published to the transports (which own the subscriptions of their
// clients) and to anyone watching, such as the dashboard.
//
// Stamping and publishing are separate steps, so that a tick stamped
// elsewhere (by the instance that produces a stream for a cluster) is
// published exactly like a local one (publishStamped()), and a stream's
// values can be forwarded unstamped to whoever stamps them (Routing::Forward).
// Each feed can be started and stopped on its own, and a stream's seq can be
// continued from elsewhere (seedSeq()).
//
// Every tick belongs to an epoch: a run within which each stream's seq only
// grows, so that a client that says "I have seq N" is understood. The hub
// starts a random one; whoever makes the seqs continue across processes (a
// cluster sharing them) sets its own (setEpoch()). With Socket.IO offsets on,
// each tick's Socket.IO frame also carries every stream's last seq at the
// moment it was published (EncodedTick::recoveryOffset()), encoded here once
// for all clients.
class Hub final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Hub)

public:
    enum class Routing {
        Local, // stamp here and publish
        Forward, // emit valueProduced() and publish nothing; ticks come back through publishStamped()
    };

    explicit Hub(QObject *parent = nullptr);
    ~Hub() override;

    // Takes ownership. Stream names must be unique.
    void addFeed(std::unique_ptr<Feed> feed);
    QList<StreamInfo> streams() const;
    std::optional<StreamInfo> stream(const QString &name) const;
    // The stream's health, with the hub's degradedReason() applied: its
    // producer's when set (setProducerHealth()), else the local feed's.
    FeedHealth health(const QString &stream) const;
    // The local feed's own health, whoever produces the stream: what this
    // process asked of the upstreams (the metrics count its own requests).
    FeedHealth localHealth(const QString &stream) const;
    // The health of a stream produced elsewhere (a cluster's producer, read
    // from Redis), for what this instance shows and answers: its clients get
    // that instance's values, so the local feed's stopped health says nothing
    // about them. While set, health() is this and changes of the local feed
    // are not announced; std::nullopt goes back to the local feed. Each change
    // of health() is announced with feedHealthChanged().
    void setProducerHealth(const QString &stream, const std::optional<FeedHealth> &health);
    // Why every feed is worse off than its own health says (a cluster member
    // that lost Redis); empty: nothing. While set, a healthy feed reads
    // Degraded and every feed's health carries the reason; each change is
    // announced with feedHealthChanged() for every stream.
    void setDegradedReason(const QString &reason);
    QString degradedReason() const { return m_degradedReason; }

    // Every feed.
    void start();
    void stop();
    // One feed; false for an unknown stream.
    bool startFeed(const QString &stream);
    bool stopFeed(const QString &stream);
    bool isFeedRunning(const QString &stream) const;
    // Hands the options that can change at run time to every feed
    // (Feed::reconfigure) and returns what they changed, one line each.
    QStringList reconfigureFeeds(const Config &config);

    void setRouting(const QString &stream, Routing routing);
    Routing routing(const QString &stream) const;

    // The seq of the stream's last published tick; 0 before the first.
    quint64 lastSeq(const QString &stream) const;
    // The stream continues after lastSeq: its next local tick is lastSeq + 1.
    void seedSeq(const QString &stream, quint64 lastSeq);

    // The epoch of the ticks published from now on: random per hub until set.
    // Setting another one does not touch the seqs; whoever sets it seeds them.
    QString epoch() const { return m_epoch; }
    void setEpoch(const QString &epoch);
    // Every stream's lastSeq(), in the order of streams().
    QList<quint64> positions() const;
    // Whether Socket.IO frames end with the recovery offset (connection state
    // recovery); off, they are exactly what the replaced gateway sent.
    void setSocketIoOffsets(bool enabled) { m_socketIoOffsets = enabled; }
    bool socketIoOffsets() const { return m_socketIoOffsets; }

    // Encodes a tick stamped elsewhere and publishes it. A tick of an unknown
    // stream, or one whose seq is not above the stream's last, is dropped
    // (false): no client ever gets a seq twice or out of order.
    bool publishStamped(const Tick &tick);
    // The same for a tick from before this hub took part in its stream (a
    // cluster's history): it goes into the transports' histories, so that
    // clients that reconnect with `since` get it and a late subscriber gets
    // the latest, but to no live subscriber (they would get old values in a
    // burst) and not to ticked().
    bool recordStamped(const Tick &tick);

Q_SIGNALS:
    void published(const EncodedTick &tick);
    void ticked(const Tick &tick);
    // A value of a stream routed Forward, not stamped.
    void valueProduced(const QString &stream, const QJsonValue &value, const QJsonObject &details);
    void feedHealthChanged(const QString &stream, const FeedHealth &health);
    void feedRunningChanged(const QString &stream, bool running);
    void epochChanged(const QString &epoch);

private:
    struct Stream {
        Feed *feed; // child
        StreamInfo info;
        quint64 lastSeq = 0;
        bool running = false;
        Routing routing = Routing::Local;
        std::optional<FeedHealth> producerHealth; // set while produced elsewhere
    };

    Stream *find(const QString &name);
    const Stream *find(const QString &name) const;
    void onProduced(qsizetype index, const QJsonValue &value, const QJsonObject &details);
    void publish(const Stream &stream, const Tick &tick, bool live = true);
    bool stamped(const Tick &tick, bool live);
    FeedHealth withDegradedReason(FeedHealth health) const;

    QList<Stream> m_streams;
    QString m_epoch;
    quint64 m_publishOrder = 0; // EncodedTick::order of the last tick published
    bool m_socketIoOffsets = false;
    QString m_degradedReason;
};
