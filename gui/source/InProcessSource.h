#pragma once

#include "config/Config.h"
#include "gui/source/DashboardSource.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

class LogSink;
class QThread;
class Server;

// The dashboard's source when the server runs in this process: it owns the
// Server (so that it can start it again on another port after a failed
// start), relays the hub's ticks and health, polls the I/O threads for
// traffic (1 Hz) and clients (1 Hz while wanted, and soon after a connect or
// disconnect), and forwards the process's LogSink.
//
// The Server (hub, feeds, listener, operator endpoints) lives in a thread
// of its own, "datagate-server", not in the GUI thread: a window that
// repaints, a model that sorts 20,000 rows or a modal dialog must never
// delay a tick (issue 11; docs/benchmarks.md measured the window at about
// 24 ms of GUI-thread time a second at 10,000 clients). This object stays
// in the GUI thread and talks to the Server only through queued calls and
// queued signals; what the window asks synchronously (port, streams,
// health) it answers from copies kept here. Only start() and the Server's
// destruction wait for the server thread, as a start always did.
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
    // Runs work in the server thread and waits for it.
    void runInServerThread(const std::function<void()> &work);
    void destroyServer();
    void setState(State state);
    void pollTraffic();
    void pollClients();
    void onClientsChanged();
    QString urlHost() const;

    Config m_config;
    QPointer<LogSink> m_logSink;
    std::unique_ptr<QThread> m_thread; // "datagate-server", started with the first start()
    std::unique_ptr<QObject> m_inThread; // lives in m_thread: the context of calls into it
    Server *m_server = nullptr; // made, used and deleted in m_thread only
    // Copies, for the GUI thread, of what the server thread owns.
    quint16 m_port = 0;
    QList<StreamInfo> m_streams;
    QHash<QString, FeedHealth> m_health;
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
