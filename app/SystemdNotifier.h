#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTimer>

class Server;

// Tells systemd how the service is doing, for a unit of Type=notify
// (resources/datagate.service), through sd_notify(3): READY=1 once the
// server listens, RELOADING=1 while SIGHUP is handled, STOPPING=1 when
// shutdown begins, a STATUS= line that `systemctl status` shows, and
// WATCHDOG=1 at half the unit's WatchdogSec.
//
// A watchdog ping goes out only after every I/O thread has answered, as
// for /healthz, so that systemd restarts a process whose I/O thread hangs
// even though its main thread still runs.
//
// Without NOTIFY_SOCKET (not started by systemd), or in a build without
// libsystemd, every call does nothing.
class SystemdNotifier final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SystemdNotifier)

public:
    // How often STATUS= is brought up to date when no watchdog asks for more.
    static constexpr int StatusIntervalMs = 5000;

    explicit SystemdNotifier(QObject *parent = nullptr);
    ~SystemdNotifier() override;

    // Whether this build can talk to systemd at all (libsystemd was found).
    static bool isSupported();
    // Whether it does: supported, and started with a NOTIFY_SOCKET.
    bool isActive() const { return m_active; }
    // The unit's watchdog interval in µs (WATCHDOG_USEC for this process); 0 without one.
    quint64 watchdogUsec() const { return m_watchdogUsec; }

    void ready(const QString &status);
    void reloading();
    void stopping(const QString &status);
    void status(const QString &status);
    // From now on keeps STATUS= up to date with the server's clients and
    // feeds, and pings the watchdog if the unit has one, for as long as
    // server's I/O threads answer.
    void watch(const Server &server);

private:
    void notify(const QByteArray &state);
    void probe();

    bool m_active = false;
    quint64 m_watchdogUsec = 0;
    const Server *m_server = nullptr;
    QTimer m_timer;
    QString m_lastStatus;
};
