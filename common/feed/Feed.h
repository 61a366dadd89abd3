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
// To add a feed: subclass this in its own folder under server/feeds/, give
// it a FeedFactory, and add that factory to the one list in
// server/feeds/FeedRegistry.cpp (docs/architecture.md, "Adding a feed").
class Feed : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Feed)

public:
    explicit Feed(QObject *parent = nullptr);
    ~Feed() override;

    virtual StreamInfo info() const = 0;
    // Starting a running feed or stopping a stopped one does nothing.
    virtual void start() = 0;
    virtual void stop() = 0;

    FeedHealth health() const { return m_health; }

Q_SIGNALS:
    // value: the stream's value itself (a number, a price); details: what
    // else a client may want to know about it (its source, its age, …).
    // StreamInfo::valueKey names the value among the details for clients
    // that receive both. How each protocol shows them is the encoder's call.
    void produced(const QJsonValue &value, const QJsonObject &details);
    void healthChanged(const FeedHealth &health);

protected:
    // Emits healthChanged when anything changed.
    void setHealth(const FeedHealth &health);

private:
    FeedHealth m_health;
};
