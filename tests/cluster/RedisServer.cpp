#include "RedisServer.h"

#include "cluster/RedisClient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>

#include <csignal>
#include <optional>

RedisServer::RedisServer() = default;

RedisServer::~RedisServer()
{
    kill();
}

bool RedisServer::start()
{
    if (m_port == 0) {
        // A port nobody listens on now; redis-server binds it a moment later.
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return false;
        m_port = probe.serverPort();
    }
    const QString program = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    if (program.isEmpty()) {
        qWarning("redis-server is not installed (tools/install-deps.sh --tests)");
        return false;
    }
    m_process = std::make_unique<QProcess>();
    m_process->setWorkingDirectory(m_dir.path());
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(program,
        {QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--save"),
            QString(), QStringLiteral("--appendonly"), QStringLiteral("no"), QStringLiteral("--dir"), m_dir.path(),
            QStringLiteral("--daemonize"), QStringLiteral("no"), QStringLiteral("--logfile"), QString(),
            // DEBUG SLEEP: a Redis that does not answer in time.
            QStringLiteral("--enable-debug-command"), QStringLiteral("local")});
    QByteArray output;
    const bool ready = QTest::qWaitFor(
        [&] {
            output += m_process->readAll();
            return output.contains("Ready to accept connections") || m_process->state() == QProcess::NotRunning;
        },
        5000);
    if (!ready || !output.contains("Ready to accept connections")) {
        qWarning("redis-server did not start: %s", output.constData());
        return false;
    }
    return true;
}

void RedisServer::kill()
{
    if (!m_process)
        return;
    m_process->kill();
    m_process->waitForFinished(5000);
    m_process.reset();
}

bool RedisServer::pause()
{
    return isRunning() && ::kill(pid_t(m_process->processId()), SIGSTOP) == 0;
}

bool RedisServer::resume()
{
    return isRunning() && ::kill(pid_t(m_process->processId()), SIGCONT) == 0;
}

bool RedisServer::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QString RedisServer::url() const
{
    return QStringLiteral("redis://127.0.0.1:%1/0").arg(m_port);
}

std::map<quint64, QJsonValue> RedisServer::history(RedisClient &client, const QString &stream, const QString &epoch)
{
    std::map<quint64, QJsonValue> ticks;
    // [[id, [field, value, …]], …]
    for (const RedisReply &entry : run(client, {"XRANGE", "datagate:stream:" + stream.toUtf8(), "-", "+"}).elements) {
        const QList<RedisReply> &fields = entry.elements.value(1).elements;
        for (qsizetype i = 0; i + 1 < fields.size(); i += 2) {
            const QJsonObject tick = QJsonDocument::fromJson(fields.at(i + 1).text).object();
            if (fields.at(i).text == "tick" && tick.value(QStringLiteral("epoch")).toString() == epoch)
                ticks[quint64(tick.value(QStringLiteral("seq")).toInteger())] = tick.value(QStringLiteral("value"));
        }
    }
    return ticks;
}

RedisReply RedisServer::run(RedisClient &client, const QList<QByteArray> &args)
{
    QObject context;
    std::optional<RedisReply> result;
    client.command(args, &context, [&](const RedisReply &reply) { result = reply; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 3000))
        return RedisReply::error("test: no reply in 3 s");
    return *result;
}
