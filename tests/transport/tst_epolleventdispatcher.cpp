// EpollEventDispatcher under Qt's own machinery: this test's main thread runs
// on it (installed before QCoreApplication exists), so every QTRY, signal spy
// and nested loop below is driven by it, with real loopback sockets. And the
// server's I/O threads run on it, or on Qt's own, as --io-dispatcher says.
#include "transport/EpollEventDispatcher.h"

#include "TestClients.h"
#include "TestServer.h"

#include <QAbstractEventDispatcher>
#include <QBasicTimer>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <memory>
#include <thread>

using namespace std::chrono_literals;

class tst_EpollEventDispatcher : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void serverIoThreadsRunOnTheChosenDispatcher_data();
    void serverIoThreadsRunOnTheChosenDispatcher();
    void singleShotTimersFireInDeadlineOrder();
    void repeatingTimerKeepsItsIntervalAndStops();
    void zeroTimerDoesNotStarveOtherWork();
    void timerStoppedByAnotherNeverFires();
    void timerMayDeleteItsOwner();
    void reportsRemainingTimeAndRegisteredTimers();
    void socketNotifiersCarryManyConnections();
    void writeNotifierDrainsALargeWrite();
    void postedEventFromAnotherThreadWakesIt();
    void nestedLoopQuits();
    void workerThreadRunsAndQuits();
};

void tst_EpollEventDispatcher::initTestCase()
{
    // What main() installed, or the tests below would exercise Qt's dispatcher.
    QVERIFY(qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance()));
}

void tst_EpollEventDispatcher::serverIoThreadsRunOnTheChosenDispatcher_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<bool>("epoll");
    QTest::addRow("epoll") << QStringLiteral("epoll") << true;
    QTest::addRow("qt") << QStringLiteral("qt") << false;
}

void tst_EpollEventDispatcher::serverIoThreadsRunOnTheChosenDispatcher()
{
    QFETCH(QString, option);
    QFETCH(bool, epoll);
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("io-dispatcher"), option);
    config.set(QStringLiteral("io-threads"), 2);
    TestServer server(config);
    QVERIFY(server.start());

    // The I/O threads serve clients, one each (the listener deals them out in
    // turn): a subscription and ticks. So both run, and have made their
    // dispatcher if it was left to Qt.
    JsonTestClient clients[2];
    for (JsonTestClient &client : clients) {
        QVERIFY(client.connectTo(server.jsonUrl()));
        client.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}});
    }
    for (JsonTestClient &client : clients) {
        QVERIFY(!client.nextEvent(QStringLiteral("randomNumber")).isEmpty());
        QVERIFY(!client.nextEvent(QStringLiteral("randomNumber")).isEmpty());
    }

    // The server's threads, seen through the QObject tree: each of its I/O
    // threads runs on the dispatcher the option chose.
    QList<QThread *> ioThreads;
    for (QThread *thread : server.server().findChildren<QThread *>()) {
        if (thread->isRunning())
            ioThreads.append(thread);
    }
    QCOMPARE(ioThreads.size(), 2);
    for (QThread *thread : std::as_const(ioThreads)) {
        QAbstractEventDispatcher *dispatcher = thread->eventDispatcher();
        QVERIFY(dispatcher);
        QVERIFY2(bool(qobject_cast<EpollEventDispatcher *>(dispatcher)) == epoll,
            qPrintable(thread->objectName() + QStringLiteral(": ") + QString::fromLatin1(dispatcher->metaObject()->className())));
    }
}

void tst_EpollEventDispatcher::singleShotTimersFireInDeadlineOrder()
{
    QStringList order;
    QTimer::singleShot(60, this, [&] { order << QStringLiteral("c"); });
    QTimer::singleShot(20, this, [&] { order << QStringLiteral("a"); });
    QTimer::singleShot(40, this, [&] { order << QStringLiteral("b"); });
    QTRY_COMPARE(order.size(), 3);
    QCOMPARE(order, (QStringList {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
}

void tst_EpollEventDispatcher::repeatingTimerKeepsItsIntervalAndStops()
{
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(20);
    int fired = 0;
    connect(&timer, &QTimer::timeout, this, [&] { ++fired; });
    QElapsedTimer clock;
    clock.start();
    timer.start();
    QTRY_VERIFY(fired >= 5);
    // Never early: five intervals of 20 ms take at least 100 ms.
    QVERIFY2(clock.elapsed() >= 100, qPrintable(QString::number(clock.elapsed())));
    timer.stop();
    const int atStop = fired;
    QTest::qWait(100);
    QCOMPARE(fired, atStop);
}

void tst_EpollEventDispatcher::zeroTimerDoesNotStarveOtherWork()
{
    QTimer busy;
    busy.setInterval(0);
    int spins = 0;
    connect(&busy, &QTimer::timeout, this, [&] { ++spins; });
    busy.start();
    bool timerFired = false;
    bool queuedRan = false;
    QTimer::singleShot(30, this, [&] { timerFired = true; });
    QMetaObject::invokeMethod(
        this, [&] { queuedRan = true; }, Qt::QueuedConnection);
    QTRY_VERIFY(timerFired && queuedRan);
    QVERIFY(spins > 1);
}

void tst_EpollEventDispatcher::timerStoppedByAnotherNeverFires()
{
    // Two timers due at (almost) the same time: whichever fires first stops
    // the other, which must then not fire, in the same pass or any later one.
    QTimer first;
    QTimer second;
    int fired = 0;
    for (QTimer *timer : {&first, &second}) {
        timer->setSingleShot(true);
        timer->setInterval(10);
        connect(timer, &QTimer::timeout, this, [&, timer] {
            ++fired;
            (timer == &first ? second : first).stop();
        });
    }
    first.start();
    second.start();
    QTRY_COMPARE(fired, 1);
    QTest::qWait(50);
    QCOMPARE(fired, 1);
}

void tst_EpollEventDispatcher::timerMayDeleteItsOwner()
{
    auto *owner = new QObject;
    QPointer<QObject> guard(owner);
    auto *timer = new QTimer(owner);
    timer->setInterval(5);
    int fired = 0;
    connect(timer, &QTimer::timeout, this, [&] {
        ++fired;
        delete owner; // the timer goes with it, inside its own event
    });
    timer->start();
    QTRY_VERIFY(guard.isNull());
    QTest::qWait(30);
    QCOMPARE(fired, 1);
}

void tst_EpollEventDispatcher::reportsRemainingTimeAndRegisteredTimers()
{
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.start(1000);
    const int left = timer.remainingTime();
    QVERIFY2(left > 0 && left <= 1000, qPrintable(QString::number(left)));
    const auto timers = QAbstractEventDispatcher::instance()->registeredTimers(&timer);
    QCOMPARE(timers.size(), 1);
    QCOMPARE(timers.first().timerId, timer.timerId());
    QCOMPARE(timers.first().interval, 1000);
    QCOMPARE(timers.first().timerType, Qt::PreciseTimer);
    timer.stop();
    QVERIFY(QAbstractEventDispatcher::instance()->registeredTimers(&timer).isEmpty());
    QCOMPARE(QAbstractEventDispatcher::instance()->remainingTime(12345678), -1);
}

void tst_EpollEventDispatcher::socketNotifiersCarryManyConnections()
{
    // An echo server and 200 clients, every one a read notifier (and, while
    // Qt has output queued, a write notifier) in the same epoll set.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    connect(&server, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *peer = server.nextPendingConnection()) {
            connect(peer, &QTcpSocket::readyRead, peer, [peer] { peer->write(peer->readAll()); });
            connect(peer, &QTcpSocket::disconnected, peer, &QObject::deleteLater);
        }
    });
    constexpr int Clients = 200;
    std::vector<std::unique_ptr<QTcpSocket>> clients;
    int echoed = 0;
    for (int i = 0; i < Clients; ++i) {
        auto client = std::make_unique<QTcpSocket>();
        QTcpSocket *raw = client.get();
        const QByteArray message = "hello " + QByteArray::number(i) + '\n';
        connect(raw, &QTcpSocket::connected, raw, [raw, message] { raw->write(message); });
        connect(raw, &QTcpSocket::readyRead, raw, [raw, message, &echoed] {
            if (raw->bytesAvailable() >= message.size() && raw->readAll() == message)
                ++echoed;
        });
        raw->connectToHost(QHostAddress::LocalHost, server.serverPort());
        clients.push_back(std::move(client));
    }
    QTRY_COMPARE_WITH_TIMEOUT(echoed, Clients, 10000);

    // The server's side notices each client going away (read notifier, EOF)
    // and deletes its socket.
    QCOMPARE(server.findChildren<QTcpSocket *>().size(), Clients);
    for (auto &client : clients)
        client->disconnectFromHost();
    QTRY_VERIFY(server.findChildren<QTcpSocket *>().isEmpty());
}

void tst_EpollEventDispatcher::writeNotifierDrainsALargeWrite()
{
    // More than the kernel's buffers hold: Qt queues the rest and writes it
    // as the write notifier fires.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QTcpSocket sender;
    sender.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QTRY_VERIFY(server.hasPendingConnections());
    QTcpSocket *receiver = server.nextPendingConnection();
    QTRY_COMPARE(sender.state(), QAbstractSocket::ConnectedState);

    const QByteArray payload(16 * 1024 * 1024, 'x');
    sender.write(payload);
    QVERIFY(sender.bytesToWrite() > 0);
    qint64 received = 0;
    connect(receiver, &QTcpSocket::readyRead, this, [&] { received += receiver->readAll().size(); });
    QTRY_COMPARE_WITH_TIMEOUT(received, payload.size(), 20000);
    QCOMPARE(sender.bytesToWrite(), 0);
}

void tst_EpollEventDispatcher::postedEventFromAnotherThreadWakesIt()
{
    // The loop waits on a 10 s timer; only the wake-up of the event posted
    // from the other thread ends the wait early, and quit() from inside that
    // event must not wait again (interrupt()).
    QEventLoop loop;
    bool ran = false;
    std::thread poster([this, &loop, &ran] {
        std::this_thread::sleep_for(50ms);
        QMetaObject::invokeMethod(
            this,
            [&loop, &ran] {
                ran = true;
                loop.quit();
            },
            Qt::QueuedConnection);
    });
    QTimer safety;
    safety.setSingleShot(true);
    connect(&safety, &QTimer::timeout, &loop, [&loop] { loop.exit(1); });
    safety.start(10000);
    const int result = loop.exec();
    poster.join();
    QVERIFY(ran);
    QCOMPARE(result, 0);
}

void tst_EpollEventDispatcher::nestedLoopQuits()
{
    // A loop run inside a timer's event: the outer timer must not fire again
    // into itself, and both loops end.
    QEventLoop outer;
    int outerFired = 0;
    bool innerDone = false;
    QTimer timer;
    timer.setInterval(5);
    connect(&timer, &QTimer::timeout, this, [&] {
        if (++outerFired > 1)
            return;
        QEventLoop inner;
        QTimer::singleShot(50, &inner, &QEventLoop::quit);
        inner.exec();
        innerDone = true;
        timer.stop();
        outer.quit();
    });
    timer.start();
    QTimer safety;
    safety.setSingleShot(true);
    connect(&safety, &QTimer::timeout, &outer, [&outer] { outer.exit(1); });
    safety.start(10000);
    QCOMPARE(outer.exec(), 0);
    QVERIFY(innerDone);
    QCOMPARE(outerFired, 1);
}

void tst_EpollEventDispatcher::workerThreadRunsAndQuits()
{
    QThread thread;
    auto *dispatcher = new EpollEventDispatcher;
    QVERIFY(dispatcher->isValid());
    thread.setEventDispatcher(dispatcher);
    thread.start();

    std::atomic<int> ticks = 0;
    auto *timer = new QTimer;
    timer->setInterval(5);
    timer->moveToThread(&thread);
    connect(timer, &QTimer::timeout, timer, [&ticks] { ++ticks; });
    connect(&thread, &QThread::finished, timer, &QObject::deleteLater);
    QMetaObject::invokeMethod(timer, qOverload<>(&QTimer::start), Qt::QueuedConnection);
    // The thread has no other dispatcher: its timer runs on this one.
    QTRY_VERIFY(ticks >= 3);
    QCOMPARE(QAbstractEventDispatcher::instance(&thread), dispatcher);
    thread.quit();
    QVERIFY(thread.wait(10000));
}

int main(int argc, char **argv)
{
    // Must precede QCoreApplication: the main thread's dispatcher is created with it.
    auto *dispatcher = new EpollEventDispatcher;
    if (!dispatcher->isValid())
        qFatal("epoll is unavailable");
    QCoreApplication::setEventDispatcher(dispatcher);
    QCoreApplication app(argc, argv);
    tst_EpollEventDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolleventdispatcher.moc"
