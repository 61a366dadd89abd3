#pragma once

#include "model/FeedHealth.h"
#include "model/StreamInfo.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QObject>

// A source of values for one stream. A feed produces values and reports its
// health; it knows nothing of clients, protocols, sequence numbers or
// serialization, which belong to the hub and the transports.
//
// To add a feed: subclass this in its own folder under server/feeds/ (with a
// CMakeLists.txt adding its sources) and add one line to FeedRegistry.cpp.
class Feed : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Feed)

public:
    explicit Feed(QObject *parent = nullptr);
    ~Feed() override;

    virtual StreamInfo info() const = 0;
    // Why the configuration cannot work for this feed, ready to show a user;
    // empty when it can. Checked before the feed is started.
    virtual QString configurationError() const { return {}; }
    virtual void start() = 0;
    virtual void stop() = 0;

    FeedHealth health() const { return m_health; }

Q_SIGNALS:
    // legacyValue: what Socket.IO clients receive (a bare number);
    // fields: the JSON protocol's data object, without seq and ts.
    void produced(const QJsonValue &legacyValue, const QJsonObject &fields);
    void healthChanged(const FeedHealth &health);

protected:
    // Emits healthChanged when anything changed.
    void setHealth(const FeedHealth &health);

private:
    FeedHealth m_health;
};
