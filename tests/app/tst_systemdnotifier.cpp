// What datagate tells systemd (sd_notify), read from a fake NOTIFY_SOCKET:
// a Unix datagram socket that the test binds, as systemd does. First the
// SystemdNotifier on its own with an in-process server, then the real
// binary through start, reload, watchdog and stop.
#include "DatagateProcess.h"
#include "TestServer.h"
#include "app/SystemdNotifier.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

// The systemd side of sd_notify: a datagram socket bound to a path.
class FakeNotifySocket final {
public:
    FakeNotifySocket()
    {
        m_path = m_dir.filePath(QStringLiteral("notify"));
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        sockaddr_un address = {};
        address.sun_family = AF_UNIX;
        const QByteArray path = QFile::encodeName(m_path);
        if (m_fd < 0 || size_t(path.size()) >= sizeof(address.sun_path))
            return;
        memcpy(address.sun_path, path.constData(), size_t(path.size()));
        if (::bind(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof(address)) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~FakeNotifySocket()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Q_DISABLE_COPY_MOVE(FakeNotifySocket)

    bool isValid() const { return m_fd >= 0; }
    QString path() const { return m_path; }

    // Every datagram so far, each one message.
    QList<QByteArray> messages()
    {
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buffer, sizeof(buffer), 0);
            if (n < 0)
                break;
            m_messages.append(QByteArray(buffer, n));
        }
        return m_messages;
    }
    // Messages that hold this assignment line.
    int count(const QByteArray &line)
    {
        int n = 0;
        for (const QByteArray &message : messages())
            n += message.split('\n').contains(line) ? 1 : 0;
        return n;
    }
    bool waitFor(const QByteArray &line, int times = 1, int timeoutMs = 5000)
    {
        return QTest::qWaitFor([&] { return count(line) >= times; }, timeoutMs);
    }
    // The index of the first message holding line, -1 if none.
    qsizetype indexOf(const QByteArray &line, qsizetype from = 0)
    {
        const QList<QByteArray> all = messages();
        for (qsizetype i = from; i < all.size(); ++i) {
            if (all.at(i).split('\n').contains(line))
                return i;
        }
        return -1;
    }
    QByteArray lastStatus()
    {
        QByteArray status;
        for (const QByteArray &message : messages()) {
            for (const QByteArray &line : message.split('\n')) {
                if (line.startsWith("STATUS="))
                    status = line.mid(7);
            }
        }
        return status;
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_fd = -1;
    QList<QByteArray> m_messages;
};

// Sets the variables systemd sets for the service, and removes them after.
class ServiceEnvironment final {
public:
    ServiceEnvironment(const QString &notifySocket, const QByteArray &watchdogUsec)
    {
        qputenv("NOTIFY_SOCKET", QFile::encodeName(notifySocket));
        if (!watchdogUsec.isEmpty()) {
            qputenv("WATCHDOG_USEC", watchdogUsec);
            qputenv("WATCHDOG_PID", QByteArray::number(::getpid()));
        }
    }
    ~ServiceEnvironment()
    {
        qunsetenv("NOTIFY_SOCKET");
        qunsetenv("WATCHDOG_USEC");
        qunsetenv("WATCHDOG_PID");
    }
    Q_DISABLE_COPY_MOVE(ServiceEnvironment)
};

} // namespace

class tst_SystemdNotifier final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void silentWithoutNotifySocket();
    void readyStatusAndStopping();
    void watchdogAtHalfTheInterval();
    void noWatchdogWithoutWatchdogSec();
    void watchdogForAnotherProcessIsIgnored();
    void binaryTellsSystemdEachStep();
};

void tst_SystemdNotifier::init()
{
    if (!SystemdNotifier::isSupported())
        QSKIP("built without libsystemd (DATAGATE_WITH_SYSTEMD=OFF or no libsystemd-dev): the notifier does nothing");
}

void tst_SystemdNotifier::silentWithoutNotifySocket()
{
    qunsetenv("NOTIFY_SOCKET");
    SystemdNotifier notifier;
    QVERIFY(!notifier.isActive());
    QCOMPARE(notifier.watchdogUsec(), quint64(0));
    notifier.ready(QStringLiteral("x")); // nowhere to go, and no harm
}

void tst_SystemdNotifier::readyStatusAndStopping()
{
    FakeNotifySocket systemd;
    QVERIFY(systemd.isValid());
    ServiceEnvironment environment(systemd.path(), {});
    SystemdNotifier notifier;
    QVERIFY(notifier.isActive());

    notifier.ready(QStringLiteral("Listening on port 3000"));
    QVERIFY(systemd.waitFor("READY=1"));
    QCOMPARE(systemd.messages().constFirst(), QByteArray("READY=1\nSTATUS=Listening on port 3000"));
    notifier.reloading();
    QVERIFY(systemd.waitFor("RELOADING=1"));
    // With the monotonic time of the reload, as systemd's notify-reload wants.
    const QList<QByteArray> reload = systemd.messages().at(systemd.indexOf("RELOADING=1")).split('\n');
    QVERIFY2(reload.size() == 3 && reload.at(1).startsWith("MONOTONIC_USEC=") && reload.at(1).mid(15).toULongLong() > 0,
        reload.join(" | ").constData());
    notifier.status(QStringLiteral("two\nlines"));
    QVERIFY(systemd.waitFor("STATUS=two lines")); // one line: the rest would read as assignments
    notifier.stopping(QStringLiteral("Shutting down"));
    QVERIFY(systemd.waitFor("STOPPING=1"));
    QCOMPARE(systemd.lastStatus(), QByteArray("Shutting down"));
}

void tst_SystemdNotifier::watchdogAtHalfTheInterval()
{
    TestServer server;
    QVERIFY(server.start());
    FakeNotifySocket systemd;
    QVERIFY(systemd.isValid());
    ServiceEnvironment environment(systemd.path(), "400000"); // WatchdogSec=400ms
    SystemdNotifier notifier;
    QCOMPARE(notifier.watchdogUsec(), quint64(400000));

    notifier.ready(QStringLiteral("Listening"));
    notifier.watch(server.server());
    // Every 200 ms: about 10 in 2 s, and never 400 ms without one.
    QElapsedTimer elapsed;
    elapsed.start();
    QList<qint64> pingsAtMs;
    int seen = 0;
    while (elapsed.elapsed() < 2000) {
        QTest::qWait(20);
        const int now = systemd.count("WATCHDOG=1");
        for (; seen < now; ++seen)
            pingsAtMs.append(elapsed.elapsed());
    }
    QVERIFY2(pingsAtMs.size() >= 7 && pingsAtMs.size() <= 13, qPrintable(QString::number(pingsAtMs.size())));
    for (qsizetype i = 1; i < pingsAtMs.size(); ++i)
        QVERIFY2(pingsAtMs.at(i) - pingsAtMs.at(i - 1) < 400, qPrintable(QString::number(pingsAtMs.at(i) - pingsAtMs.at(i - 1))));
    // STATUS= says what the server does.
    const QByteArray status = systemd.lastStatus();
    QVERIFY2(
        status.contains("0 clients") && status.contains("randomNumber healthy") && status.contains("bitcoinPrice"), status.constData());

    // Once stopping, no more pings: systemd's stop timeout is in charge.
    notifier.stopping(QStringLiteral("Shutting down"));
    const int atStop = systemd.count("WATCHDOG=1");
    QTest::qWait(600);
    QCOMPARE(systemd.count("WATCHDOG=1"), atStop);
}

void tst_SystemdNotifier::noWatchdogWithoutWatchdogSec()
{
    TestServer server;
    QVERIFY(server.start());
    FakeNotifySocket systemd;
    ServiceEnvironment environment(systemd.path(), {});
    SystemdNotifier notifier;
    QCOMPARE(notifier.watchdogUsec(), quint64(0));
    notifier.watch(server.server());
    // The first status comes at once; no ping ever.
    QVERIFY(QTest::qWaitFor([&] { return systemd.lastStatus().contains("clients"); }, 5000));
    QTest::qWait(300);
    QCOMPARE(systemd.count("WATCHDOG=1"), 0);
}

void tst_SystemdNotifier::watchdogForAnotherProcessIsIgnored()
{
    // WATCHDOG_PID names the process the watchdog is for: not this one.
    FakeNotifySocket systemd;
    ServiceEnvironment environment(systemd.path(), "400000");
    qputenv("WATCHDOG_PID", QByteArray::number(::getpid() + 1));
    SystemdNotifier notifier;
    QCOMPARE(notifier.watchdogUsec(), quint64(0));
}

void tst_SystemdNotifier::binaryTellsSystemdEachStep()
{
    FakeNotifySocket systemd;
    QVERIFY(systemd.isValid());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NOTIFY_SOCKET"), systemd.path());
    env.insert(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("300000"));
    DatagateProcess datagate;
    datagate.setEnvironment(env);
    QVERIFY(datagate.start(DatagateProcess::offlineArguments()));

    // READY=1 once it listens: the port it names answers.
    QVERIFY(systemd.waitFor("READY=1"));
    QCOMPARE(systemd.count("READY=1"), 1);
    QVERIFY(systemd.lastStatus().contains(QByteArray::number(datagate.port())));
    QCOMPARE(datagate.get("/healthz").status, 200);
    QVERIFY(systemd.waitFor("WATCHDOG=1", 3));

    // A reload: RELOADING=1, then READY=1 again.
    QVERIFY(datagate.signal(SIGHUP));
    QVERIFY(systemd.waitFor("READY=1", 2));
    const qsizetype reloading = systemd.indexOf("RELOADING=1");
    QVERIFY(reloading >= 0);
    QVERIFY(systemd.indexOf("READY=1", reloading) > reloading);

    // SIGTERM: STOPPING=1 and exit 0.
    QVERIFY(datagate.signal(SIGTERM));
    QVERIFY(systemd.waitFor("STOPPING=1"));
    QCOMPARE(datagate.waitForExit(), 0);
    const qsizetype stopping = systemd.indexOf("STOPPING=1");
    QVERIFY(systemd.indexOf("WATCHDOG=1", stopping + 1) < 0);
}

QTEST_GUILESS_MAIN(tst_SystemdNotifier)
#include "tst_systemdnotifier.moc"
