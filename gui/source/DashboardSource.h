#pragma once

#include "logging/LogEntry.h"
#include "model/ClientInfo.h"
#include "model/ClusterStatus.h"
#include "model/FeedHealth.h"
#include "model/StreamInfo.h"
#include "model/Tick.h"
#include "model/TrafficStats.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

// Where the dashboard's models get their data: the one seam between the
// window and the server it shows. The in-process implementation
// (InProcessSource) runs a Server in this process; the remote one
// (RemoteSource, --monitor) reads another datagate over its JSON WebSocket
// protocol and status API. Models and widgets see only this class; what
// they must say differently about a server elsewhere (where it is, that it
// is reconnecting, what it cannot do) they learn from monitoredUrl(),
// retryInMs() and canDisconnectClients(), never from the class.
//
// Everything arrives already batched: ticks one by one (a few per second per
// stream), traffic and client snapshots about once a second, log entries in
// batches. Nothing is emitted per client.
class DashboardSource : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardSource)

public:
    enum class State {
        Starting, // not serving yet (in-process) or connecting (remote)
        Live, // serving, or connected to the remote end
        Failed, // could not start, or lost the remote end; errorString() says why
        Stopping,
        Stopped,
    };
    Q_ENUM(State)

    explicit DashboardSource(QObject *parent = nullptr);
    ~DashboardSource() override;

    virtual State state() const = 0;
    virtual QString errorString() const = 0;
    // The datagate watched when it runs elsewhere (--monitor), as given;
    // empty for the server in this process.
    virtual QUrl monitoredUrl() const { return {}; }
    // In Failed, how long until the source tries again by itself, in ms;
    // -1 when it does not, or while it is trying.
    virtual qint64 retryInMs() const { return -1; }
    // Whether disconnectClient() can do anything. Both sources can (the
    // remote one through DELETE /api/clients/{id}); the window still asks,
    // so that a source that cannot says why instead of offering it.
    virtual bool canDisconnectClients() const { return true; }

    // What the header shows and the copy-URL actions copy.
    virtual QString listenAddress() const = 0; // as configured: "any", "127.0.0.1", "::1", …
    virtual quint16 port() const = 0; // 0 while not serving
    virtual QUrl socketIoUrl() const = 0; // what a socket.io-client passes to io()
    virtual QUrl jsonUrl() const = 0; // ws://…/ws
    virtual QDateTime startedAt() const = 0; // invalid while not serving
    // Unsent bytes after which the server closes a slow client; 0 if unknown.
    virtual qint64 sendBufferLimit() const = 0;

    virtual QList<StreamInfo> streams() const = 0;
    virtual FeedHealth health(const QString &stream) const = 0;
    // The log kept before the dashboard started watching, oldest first.
    virtual QList<LogEntry> logBacklog() const = 0;

    // In-process: start the server. Remote: connect.
    virtual void start() = 0;
    // After a failure. In-process, on another port when canChangePort();
    // remote, reconnect now (port ignored).
    virtual bool canChangePort() const = 0;
    virtual void retry(quint16 port) = 0;
    // A port worth offering for a retry, or 0.
    virtual quint16 suggestedPort() const = 0;
    // Stop serving (in-process) or disconnect (remote); state() becomes
    // Stopped, at once or after the clients are closed.
    virtual void stop() = 0;
    virtual void disconnectClient(quint64 id) = 0;

    // Client snapshots cost the server a walk over every client; they are
    // taken only while someone looks at them (the clients table is shown).
    void setClientsWanted(bool wanted);
    bool clientsWanted() const { return m_clientsWanted; }

Q_SIGNALS:
    // Also emitted again in Failed when errorString() changes.
    void stateChanged(DashboardSource::State state);
    // The streams (and with them every feed's health) are to be read again.
    void streamsChanged();
    void ticked(const Tick &tick);
    // Ticks from before the source started watching (the remote's history,
    // on every connection), oldest first within each stream, before the
    // ticked() that follow them; none of them sent by ticked() already.
    // For the charts, which would otherwise start empty.
    void historyRecalled(const QList<Tick> &ticks);
    void feedHealthChanged(const QString &stream, const FeedHealth &health);
    // Counters summed over the server, about once a second.
    void trafficSampled(const TrafficStats &stats);
    // The cluster it belongs to (--redis), with the traffic; mode Off alone.
    void clusterSampled(const ClusterStatus &status);
    // Every connected client, about once a second while clientsWanted().
    void clientsSampled(const QList<ClientInfo> &clients);
    void logEntriesAdded(const QList<LogEntry> &entries);

protected:
    virtual void clientsWantedChanged(bool wanted) = 0;

private:
    bool m_clientsWanted = false;
};
