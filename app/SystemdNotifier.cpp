#include "app/SystemdNotifier.h"

#include "Server.h"
#include "hub/Hub.h"
#include "model/TrafficStats.h"

#include <QLoggingCategory>

#include <algorithm>
#include <ctime>

#if DATAGATE_WITH_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

namespace {

Q_LOGGING_CATEGORY(lcSystemd, "datagate.systemd")

QByteArray statusLine(const QString &text)
{
    // One line: systemd shows the rest of a datagram as further assignments.
    QString line = text;
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return "STATUS=" + line.toUtf8();
}

} // namespace

SystemdNotifier::SystemdNotifier(QObject *parent)
    : QObject(parent)
{
#if DATAGATE_WITH_SYSTEMD
    m_active = !qEnvironmentVariableIsEmpty("NOTIFY_SOCKET");
    uint64_t usec = 0;
    // Not unset: the variables stay for a child that might want them, and
    // sd_watchdog_enabled() checks WATCHDOG_PID against this process.
    if (m_active && sd_watchdog_enabled(0, &usec) > 0)
        m_watchdogUsec = usec;
#endif
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &SystemdNotifier::probe);
    if (m_active)
        qCDebug(lcSystemd) << "notifying systemd; watchdog" << (m_watchdogUsec ? m_watchdogUsec / 1000 : 0) << "ms";
}

SystemdNotifier::~SystemdNotifier() = default;

bool SystemdNotifier::isSupported()
{
    return DATAGATE_WITH_SYSTEMD != 0;
}

void SystemdNotifier::ready(const QString &status)
{
    m_lastStatus = status;
    notify("READY=1\n" + statusLine(status));
}

void SystemdNotifier::reloading()
{
    // MONOTONIC_USEC tells systemd which reload this is; systemd 253's
    // Type=notify-reload requires it, older ones ignore it.
    timespec now = {};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    const quint64 usec = quint64(now.tv_sec) * 1000000 + quint64(now.tv_nsec) / 1000;
    notify("RELOADING=1\nMONOTONIC_USEC=" + QByteArray::number(usec) + '\n' + statusLine(QStringLiteral("Reloading the configuration")));
}

void SystemdNotifier::stopping(const QString &status)
{
    m_timer.stop();
    m_server = nullptr;
    m_lastStatus = status;
    notify("STOPPING=1\n" + statusLine(status));
}

void SystemdNotifier::status(const QString &status)
{
    m_lastStatus = status;
    notify(statusLine(status));
}

void SystemdNotifier::watch(const Server &server)
{
    if (!m_active)
        return;
    m_server = &server;
    // Half the watchdog interval, as sd_watchdog_enabled(3) advises, so that
    // one late ping is not yet a restart.
    qint64 intervalMs = StatusIntervalMs;
    if (m_watchdogUsec > 0)
        intervalMs = std::clamp<qint64>(qint64(m_watchdogUsec / 2000), 1, StatusIntervalMs);
    m_timer.start(int(intervalMs));
    probe();
}

void SystemdNotifier::probe()
{
    if (!m_server)
        return;
    m_server->requestTrafficStats(this, [this](const TrafficStats &traffic) {
        if (!m_server)
            return; // stopping meanwhile
        QStringList feeds;
        const Hub &hub = *m_server->hub();
        for (const StreamInfo &stream : hub.streams())
            feeds.append(stream.name + QLatin1Char(' ') + FeedHealth::stateName(hub.health(stream.name).state));
        const quint64 socketIo = traffic.protocols.value(TrafficStats::SocketIo).connectionsOpen;
        const quint64 json = traffic.protocols.value(TrafficStats::Json).connectionsOpen;
        const QString text = QStringLiteral("%1 clients (%2 Socket.IO, %3 JSON) on port %4; feeds: %5")
                                 .arg(socketIo + json)
                                 .arg(socketIo)
                                 .arg(json)
                                 .arg(m_server->port())
                                 .arg(feeds.join(QStringLiteral(", ")));
        QByteArray state;
        if (m_watchdogUsec > 0)
            state = "WATCHDOG=1";
        if (text != m_lastStatus) {
            m_lastStatus = text;
            state += (state.isEmpty() ? "" : "\n") + statusLine(text);
        }
        if (!state.isEmpty())
            notify(state);
    });
}

void SystemdNotifier::notify(const QByteArray &state)
{
#if DATAGATE_WITH_SYSTEMD
    if (!m_active)
        return;
    if (const int result = sd_notify(0, state.constData()); result < 0)
        qCWarning(lcSystemd) << "cannot notify systemd:" << qt_error_string(-result);
#else
    Q_UNUSED(state);
#endif
}
