#pragma once

#include "hub/EncodedTick.h"
#include "model/FeedHealth.h"
#include "model/StreamInfo.h"
#include "model/Tick.h"

#include <QHash>
#include <QList>
#include <QObject>

class Feed;

// The hub owns the feeds. It stamps each value with its stream's next seq and
// the server time, serializes it once per protocol, and publishes it to the
// transports (which own the subscriptions of their clients) and to anyone
// watching, such as the dashboard.
class Hub final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Hub)

public:
    explicit Hub(QObject *parent = nullptr);
    ~Hub() override;

    // Takes ownership. Stream names must be unique.
    void addFeed(Feed *feed);
    QList<StreamInfo> streams() const;
    FeedHealth health(const QString &stream) const;

    void start();
    void stop();

Q_SIGNALS:
    void published(const EncodedTick &tick);
    void ticked(const Tick &tick);
    void feedHealthChanged(const QString &stream, const FeedHealth &health);

private:
    void publish(Feed *feed, const QJsonValue &legacyValue, const QJsonObject &fields);

    QList<Feed *> m_feeds;
    QHash<QString, quint64> m_lastSeq;
};
