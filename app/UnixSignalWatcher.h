#pragma once

#include <QList>
#include <QObject>
#include <QSocketNotifier>

#include <memory>

// Turns Unix signals (SIGINT and SIGTERM to stop, SIGHUP to reload) into a
// Qt signal in the main thread, through the self-pipe pattern: the
// async-signal handler only writes a byte.
class UnixSignalWatcher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UnixSignalWatcher)

public:
    explicit UnixSignalWatcher(const QList<int> &signalNumbers, QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void signalReceived(int signalNumber);

private:
    static void handle(int signalNumber);
    void onReadable();

    std::unique_ptr<QSocketNotifier> m_notifier;
    QList<int> m_signals;
};
