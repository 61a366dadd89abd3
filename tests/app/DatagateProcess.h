#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

// The real datagate binary (DATAGATE_BINARY) run as an operator runs it, for
// the tests of what only a process shows: the config file and its reload,
// signals, systemd notifications, a shutdown under load. It keeps the log
// (stderr) in a file, so that a test busy with its own sockets never
// blocks the process on a full pipe, and says where the server listens.
class DatagateProcess final {
public:
    struct HttpAnswer {
        int status = 0; // 0: no answer
        QByteArray head;
        QByteArray body;
    };

    DatagateProcess();
    ~DatagateProcess(); // kills the process if it still runs
    Q_DISABLE_COPY_MOVE(DatagateProcess)

    // Offline and on loopback: --no-gui --host 127.0.0.1 --port 0
    // --btc-providers simulated, unless arguments say otherwise.
    static QStringList offlineArguments();

    void setEnvironment(const QProcessEnvironment &environment) { m_process.setProcessEnvironment(environment); }
    // Starts the binary and waits until it says it is ready; false (with its
    // log in a warning) when it does not within timeoutMs.
    bool start(const QStringList &arguments, int timeoutMs = 10000);
    QProcess &process() { return m_process; }
    qint64 pid() const { return m_process.processId(); }
    quint16 port() const { return m_port; }

    // Everything it has logged so far.
    QString log();
    // Waits until the log holds text (after what it held at mark, if given);
    // false on timeout.
    bool waitForLog(const QString &text, int timeoutMs = 5000, qsizetype mark = 0);
    qsizetype logSize() { return log().size(); }

    bool signal(int signalNumber);
    // Waits for the process to end; its exit code, or -1 if it did not end
    // or crashed.
    int waitForExit(int timeoutMs = 10000);

    // One HTTP/1.1 request on the server's port; reads until it closes.
    HttpAnswer get(const QByteArray &target, const QByteArray &extraHeaders = {}, int timeoutMs = 5000) const;
    static HttpAnswer get(quint16 port, const QByteArray &target, const QByteArray &extraHeaders = {}, int timeoutMs = 5000);

private:
    QTemporaryDir m_dir;
    QString m_logPath;
    QProcess m_process;
    quint16 m_port = 0;
};
