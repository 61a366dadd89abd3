#pragma once

#include "model/FeedHealth.h"
#include "model/StreamInfo.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QStringList>

class Config;

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
    // Takes the new values of the feed's options that can change while it
    // runs (those its factory declares reloadable(), e.g. on SIGHUP) and
    // says what it changed, one line per option for the log, such as
    // "random-interval: 1000 ms -> 250 ms"; nothing when nothing changed.
    // The options' parsers have validated config, so this cannot fail. A
    // running feed keeps running and a stopped one stays stopped. The
    // default takes nothing, for feeds without such options.
    virtual QStringList reconfigure(const Config &config);

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
