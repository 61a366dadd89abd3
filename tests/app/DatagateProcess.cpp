#include "DatagateProcess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>

#include <csignal>

DatagateProcess::DatagateProcess()
    : m_logPath(m_dir.filePath(QStringLiteral("datagate.log")))
{
    m_process.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
    m_process.setStandardErrorFile(m_logPath);
}

DatagateProcess::~DatagateProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QStringList DatagateProcess::offlineArguments()
{
    return {QStringLiteral("--no-gui"), QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
        QStringLiteral("0"), QStringLiteral("--btc-providers"), QStringLiteral("simulated")};
}

bool DatagateProcess::start(const QStringList &arguments, int timeoutMs)
{
    m_process.start(QStringLiteral(DATAGATE_BINARY), arguments);
    const bool ready = QTest::qWaitFor(
        [this] { return log().contains(QLatin1String(" ready: ")) || m_process.state() == QProcess::NotRunning; }, timeoutMs);
    const QRegularExpressionMatch match = QRegularExpression(QStringLiteral("listening on \\S+ port (\\d+)")).match(log());
    if (!ready || !log().contains(QLatin1String(" ready: ")) || !match.hasMatch()) {
        qWarning("datagate did not say it was ready and where; its log:\n%s", qPrintable(log()));
        return false;
    }
    m_port = quint16(match.captured(1).toUInt());
    return true;
}

QString DatagateProcess::log()
{
    QFile file(m_logPath);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

bool DatagateProcess::waitForLog(const QString &text, int timeoutMs, qsizetype mark)
{
    return QTest::qWaitFor([&] { return log().indexOf(text, mark) >= 0; }, timeoutMs);
}

bool DatagateProcess::signal(int signalNumber)
{
    return m_process.processId() > 0 && ::kill(pid_t(m_process.processId()), signalNumber) == 0;
}

int DatagateProcess::waitForExit(int timeoutMs)
{
    if (!QTest::qWaitFor([this] { return m_process.state() == QProcess::NotRunning; }, timeoutMs))
        return -1;
    log();
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

DatagateProcess::HttpAnswer DatagateProcess::get(const QByteArray &target, const QByteArray &extraHeaders, int timeoutMs) const
{
    return get(m_port, target, extraHeaders, timeoutMs);
}

DatagateProcess::HttpAnswer DatagateProcess::get(quint16 port, const QByteArray &target, const QByteArray &extraHeaders, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n");
    QByteArray received;
    const QDeadlineTimer deadline(timeoutMs);
    // Answers end with Connection: close.
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
        received += socket.readAll();
    }
    received += socket.readAll();
    HttpAnswer answer;
    const qsizetype end = received.indexOf("\r\n\r\n");
    if (end < 0)
        return answer;
    answer.head = received.first(end);
    answer.body = received.sliced(end + 4);
    const QList<QByteArray> statusLine = answer.head.split('\n').constFirst().split(' ');
    answer.status = statusLine.size() > 1 ? statusLine.at(1).toInt() : 0;
    return answer;
}
