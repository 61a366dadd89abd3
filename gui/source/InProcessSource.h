#pragma once

#include "config/Config.h"
#include "gui/source/DashboardSource.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>

#include <memory>

class LogSink;
class Server;

// The dashboard's source when the server runs in this process: it owns the
// Server (so that it can start it again on another port after a failed
// start), relays the hub's ticks and health, polls the I/O threads for
// traffic (1 Hz) and clients (1 Hz while wanted, and soon after a connect or
// disconnect), and forwards the process's LogSink.
//
// All of it runs in the GUI thread next to the hub, so it only relays:
// a snapshot is asked for when the previous one has arrived, never queued up.
class InProcessSource final : public DashboardSource {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InProcessSource)

public:
    // logSink may be null: the dashboard then shows no log.
    explicit InProcessSource(const Config &config, LogSink *logSink = nullptr, QObject *parent = nullptr);
    ~InProcessSource() override;

    // How often traffic and client snapshots are taken; tests make it short.
    void setPollInterval(int ms);

    State state() const override { return m_state; }
    QString errorString() const override { return m_errorString; }
    QString listenAddress() const override;
    quint16 port() const override;
    QUrl socketIoUrl() const override;
    QUrl jsonUrl() const override;
    QDateTime startedAt() const override { return m_startedAt; }
    qint64 sendBufferLimit() const override;
    QList<StreamInfo> streams() const override;
    FeedHealth health(const QString &stream) const override;
    QList<LogEntry> logBacklog() const override;

    void start() override;
    bool canChangePort() const override { return true; }
    void retry(quint16 port) override;
    quint16 suggestedPort() const override;
    void stop() override;
    void disconnectClient(quint64 id) override;

protected:
    void clientsWantedChanged(bool wanted) override;

private:
    void setState(State state);
    void pollTraffic();
    void pollClients();
    void onClientsChanged();
    QString urlHost() const;

    Config m_config;
    QPointer<LogSink> m_logSink;
    std::unique_ptr<Server> m_server;
    State m_state = State::Starting;
    QString m_errorString;
    QDateTime m_startedAt;

    QTimer m_trafficTimer;
    QTimer m_clientsTimer;
    QTimer m_clientsSoon; // single shot: a client came or went
    QElapsedTimer m_sinceClientsPoll;
    bool m_trafficPending = false;
    bool m_clientsPending = false;
    // Incremented with every new Server, so that an answer for the one
    // before (after a retry) is not taken for the current one.
    quint64 m_generation = 0;
};
