#pragma once

#include "cluster/RedisReply.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <map>
#include <memory>

class RedisClient;

// A real redis-server (Debian's) for one test: loopback, a free port, no
// persistence, its files in a temporary directory, killed at the end. It
// can be killed and started again on the same port, or paused and resumed,
// as an outage.
class RedisServer final {
public:
    RedisServer();
    ~RedisServer();
    Q_DISABLE_COPY_MOVE(RedisServer)

    // Starts it and waits until it accepts connections; false (and a
    // warning) if it does not within 5 s. A restart keeps the port.
    bool start();
    // SIGKILL: no goodbye to its clients, all keys gone.
    void kill();
    // SIGSTOP and SIGCONT: a Redis that stops answering and comes back with
    // its keys, as across a network partition. False if it does not run.
    bool pause();
    bool resume();
    bool isRunning() const;
    quint16 port() const { return m_port; }
    QString url() const;

    // Sends a command through client and waits up to 3 s for its reply.
    static RedisReply run(RedisClient &client, const QList<QByteArray> &args);
    // The ticks of a stream's history in Redis (datagate:stream:<stream>)
    // that belong to epoch: seq -> value.
    static std::map<quint64, QJsonValue> history(RedisClient &client, const QString &stream, const QString &epoch);

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
};
