#pragma once

#include "config/Config.h"
#include "model/ClientInfo.h"

#include <QList>
#include <QObject>
#include <QTimer>

class Hub;
class IoWorker;
class Listener;
class QThread;

// datagate's server as one object: the hub with its feeds, the listener on
// the shared port and the I/O worker threads. The dashboard, the status
// endpoint and the tests see the server only through this class and the hub.
class Server final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Server)

public:
    enum class StartError { None, InvalidConfig, Listen };

    explicit Server(const Config &config, QObject *parent = nullptr);
    ~Server() override;

    // Creates the feeds, starts the worker threads and listens. On failure,
    // startError() and errorString() say why and nothing keeps running.
    bool start();
    StartError startError() const { return m_startError; }
    QString errorString() const { return m_errorString; }

    quint16 port() const;
    Hub *hub() const { return m_hub; }
    const Config &config() const { return m_config; }

    // Stops accepting, closes every client with 1001 (going away) and emits
    // stopped() when all are gone, within two seconds.
    void stop();

Q_SIGNALS:
    void clientConnected(const ClientInfo &info);
    void clientSubscriptionsChanged(quint64 id, const QStringList &streams);
    void clientDisconnected(quint64 id);
    void stopped();

private:
    void finishStop();
    void stopThreads();

    const Config m_config;
    Hub *m_hub; // child
    Listener *m_listener = nullptr; // child
    QList<QThread *> m_threads; // children
    QList<IoWorker *> m_workers; // owned; each lives in its thread and is deleted there
    QTimer m_stopDeadline;
    int m_drainedWorkers = 0;
    bool m_stopping = false;
    bool m_stopped = false;
    StartError m_startError = StartError::None;
    QString m_errorString;
};
