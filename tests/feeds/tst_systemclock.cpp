// SystemClock, the real time behind every component that a test does not
// give a ManualClock: its timers wait at least as long as asked, on the
// event loop of their thread.

#include "time/ClockTimer.h"
#include "time/SystemClock.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

class tst_SystemClock final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void oneClockForTheProcess();
    void readsTheRealTime();
    void timerWaitsAtLeastItsDelay_data();
    void timerWaitsAtLeastItsDelay();
    void zeroDelayFiresOnTheNextTurnOfTheLoop();
    void stopAndRestart();
};

void tst_SystemClock::oneClockForTheProcess()
{
    QCOMPARE(&SystemClock::instance(), &SystemClock::instance());
}

void tst_SystemClock::readsTheRealTime()
{
    SystemClock &clock = SystemClock::instance();
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const QDateTime now = clock.now();
    const QDateTime after = QDateTime::currentDateTimeUtc();
    QCOMPARE(now.timeSpec(), Qt::UTC);
    QVERIFY(before <= now && now <= after);

    QElapsedTimer reference;
    reference.start();
    const qint64 first = clock.elapsedMs();
    QTest::qWait(30);
    const qint64 passed = clock.elapsedMs() - first;
    QVERIFY2(passed >= 30 && passed <= reference.elapsed() + 1, qPrintable(QString::number(passed)));
}

void tst_SystemClock::timerWaitsAtLeastItsDelay_data()
{
    QTest::addColumn<qint64>("delayMs");
    QTest::addRow("1 ms") << qint64(1);
    QTest::addRow("40 ms") << qint64(40);
    QTest::addRow("120 ms") << qint64(120);
}

void tst_SystemClock::timerWaitsAtLeastItsDelay()
{
    QFETCH(qint64, delayMs);
    SystemClock &clock = SystemClock::instance();
    std::unique_ptr<ClockTimer> timer = clock.createTimer();
    qint64 firedAtMs = -1;
    int fired = 0;
    connect(timer.get(), &ClockTimer::timeout, timer.get(), [&] {
        firedAtMs = clock.elapsedMs();
        ++fired;
    });
    const qint64 startedMs = clock.elapsedMs();
    timer->start(delayMs);
    QVERIFY(timer->isActive());
    QTRY_VERIFY_WITH_TIMEOUT(firedAtMs >= 0, 10000);
    QVERIFY2(firedAtMs - startedMs >= delayMs, qPrintable(QStringLiteral("fired after %1 ms").arg(firedAtMs - startedMs)));
    QVERIFY(!timer->isActive());
    // Single-shot.
    QTest::qWait(static_cast<int>(delayMs) + 20);
    QCOMPARE(fired, 1);
}

void tst_SystemClock::zeroDelayFiresOnTheNextTurnOfTheLoop()
{
    std::unique_ptr<ClockTimer> timer = SystemClock::instance().createTimer();
    QSignalSpy spy(timer.get(), &ClockTimer::timeout);
    timer->start(0);
    QCOMPARE(spy.size(), 0); // never from inside start()
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 10000);
    QTest::qWait(20);
    QCOMPARE(spy.size(), 1);
}

void tst_SystemClock::stopAndRestart()
{
    SystemClock &clock = SystemClock::instance();
    std::unique_ptr<ClockTimer> timer = clock.createTimer();
    QSignalSpy spy(timer.get(), &ClockTimer::timeout);
    timer->start(20);
    timer->stop();
    QVERIFY(!timer->isActive());
    QTest::qWait(60);
    QCOMPARE(spy.size(), 0);

    // A restart replaces the pending due time.
    timer->start(60000);
    const qint64 restartedMs = clock.elapsedMs();
    timer->start(10);
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 10000);
    QVERIFY(clock.elapsedMs() - restartedMs < 60000);
}

QTEST_GUILESS_MAIN(tst_SystemClock)
#include "tst_systemclock.moc"
